// The HTTP face of a ledger that `gongkai serve` owns (docs/SERVER.md).
// Paths are under the checkpoint origin's path: a ledger whose origin is
// "gongkai.tianning.gov.cn/2026" serves "/2026/checkpoint", so that behind
// https://gongkai.tianning.gov.cn/ the origin is the schemeless URL prefix,
// as C2SP tlog-tiles asks.
//
//   GET  <prefix>/checkpoint              the latest signed checkpoint (tlog-checkpoint)
//   GET  <prefix>/tile/<L>/<N>[.p/<W>]    hash tiles (tlog-tiles): full tiles of the
//                                         checkpointed tree, and the partial tiles of
//                                         every checkpointed size
//   GET  <prefix>/tile/entries/<N>...     entry bundles: 403 (they hold drafts before
//                                         their confidentiality review; served only to
//                                         authenticated readers, not built yet)
//   POST <prefix>/add                     one signed action (JSON, as `gongkai sign`
//                                         writes it); 200 with the receipt once durable
//   GET  /healthz                         200 "ok" and the head
//   GET  /metrics                         Prometheus text: head, last checkpoint,
//                                         appends acknowledged and refused, answers
//                                         by status
//
// Every refusal is a status with a one-line text/plain reason; nothing is
// written for a refused request.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <map>
#include <string>

#include "ledger/ledger.h"

namespace gongkai::server {

// The header table the server parses and answers with.
struct HeaderTable {
  HeaderTable();
  kj::HttpHeaderTable::Builder builder;
  kj::HttpHeaderId cache_control;
  kj::Own<kj::HttpHeaderTable> table;
};

// The reason phrase of the statuses gongkai's servers answer with.
kj::StringPtr HttpStatusText(unsigned status);

// Sends `body` with `status`, its content type and Cache-Control.
kj::Promise<void> SendBody(kj::HttpService::Response& response, const HeaderTable& headers, unsigned status,
                           std::string_view content_type, std::string body, std::string_view cache_control);

class LedgerService final : public kj::HttpService {
 public:
  // `ledger` and `headers` must outlive the service.
  LedgerService(Ledger& ledger, const HeaderTable& headers);

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders& headers,
                            kj::AsyncInputStream& body, Response& response) override;

  // The path prefix, e.g. "/2026" ("" for an origin without a path).
  const std::string& prefix() const { return prefix_; }

  // Requests over this size are refused with 413.
  static constexpr size_t kMaxRequestBytes = 256 * 1024;

 private:
  kj::Promise<void> Get(std::string_view path, Response& response);
  kj::Promise<void> Add(kj::AsyncInputStream& body, Response& response);
  // Appends the signed action in `text`; answers once it is durable.
  kj::Promise<void> Accept(const kj::String& text, Response& response);
  kj::Promise<void> Send(Response& response, unsigned status, std::string_view type, std::string body,
                         std::string_view cache_control = "no-store");
  kj::Promise<void> SendError(Response& response, const Error& error);

  std::string Metrics() const;

  Ledger& ledger_;
  const HeaderTable& headers_;
  std::string prefix_;
  // Counted on the event loop's thread only.
  uint64_t appends_acknowledged_ = 0, appends_refused_ = 0;
  std::map<unsigned, uint64_t> answers_by_status_;
};

// The HTTP status for an error code: 400 for bad input, 403 for a signer
// without the right, 404 for something absent, 409 for a conflict with the
// ledger's state, 413 for too large, 503 when the ledger cannot write now.
unsigned HttpStatusOf(ErrorCode code);

}  // namespace gongkai::server
