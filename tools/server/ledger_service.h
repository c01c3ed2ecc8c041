// The HTTP face of a ledger that `gongkai serve` owns (docs/SERVER.md).
// Paths are under the checkpoint origin's path: a ledger whose origin is
// "gongkai.tianning.gov.cn/2026" serves "/2026/checkpoint", so that behind
// https://gongkai.tianning.gov.cn/ the origin is the schemeless URL prefix,
// as C2SP tlog-tiles asks.
//
//   GET  <prefix>/checkpoint              the latest signed checkpoint (tlog-checkpoint)
//                                         whose cosignatures meet the witness policy
//   GET  <prefix>/tile/<L>/<N>[.p/<W>]    hash tiles (tlog-tiles): full tiles of the
//                                         checkpointed tree, and the partial tiles of
//                                         every checkpointed size
//   GET  <prefix>/tile/entries/<N>...     entry bundles (tlog-tiles): they hold drafts
//                                         before their confidentiality review, so only
//                                         to signed requests of readers of everything
//   GET  <prefix>/query/<command>?...     every query of the command line (QueryBackend),
//                                         to signed requests (request_signature.h) of
//                                         readers the roles allow (query/access.h)
//   POST <prefix>/add                     one signed action (JSON, as `gongkai sign`
//                                         writes it); 200 with the receipt once durable
//   GET  /healthz                         200 "ok" and the head
//   GET  /metrics                         Prometheus text: head, checkpoints and
//                                         cosignatures, appends by outcome, in flight
//                                         and their latency, query latency, answers
//                                         by status, connections
//
// Every refusal is a status with a one-line text/plain reason; nothing is
// written to the ledger for a refused request. Every signed read, answered
// or refused, is first recorded in the access log (access_log.h).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/time.h"
#include "ledger/ledger.h"
#include "ledger/tiles.h"
#include "tools/server/append_desk.h"
#include "tools/server/checkpoint_publisher.h"
#include "tools/server/connection_gate.h"
#include "tools/server/http.h"
#include "tools/server/read_desk.h"
#include "tools/server/request_signature.h"
#include "tools/server/tile_cache.h"

namespace gongkai::server {

class LedgerService final : public kj::HttpService {
 public:
  // Everything given must outlive the service.
  LedgerService(Ledger& ledger, const HeaderTable& headers, const CheckpointPublisher& checkpoints,
                const ConnectionGate& gate, AppendDesk& appends, ReadDesk& reads);

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders& headers,
                            kj::AsyncInputStream& body, Response& response) override;

  // The path prefix, e.g. "/2026" ("" for an origin without a path).
  const std::string& prefix() const { return prefix_; }

  // Requests over this size are refused with 413.
  static constexpr size_t kMaxRequestBytes = 256 * 1024;

 private:
  kj::Promise<void> Get(std::string_view path, std::string_view target, const kj::HttpHeaders& headers,
                        Response& response);
  // GET <prefix>/query/<command>: `target` is the request's URL as sent.
  kj::Promise<void> Query(std::string_view command, std::string_view target, const kj::HttpHeaders& headers,
                          Response& response);
  // The request's signature headers (request_signature.h), "" when absent.
  RequestSignature SignatureOf(const kj::HttpHeaders& headers) const;
  // Answers a read the desk recorded (`body`); 503 when it could not be.
  kj::Promise<void> AnswerRead(Result<std::string> body, std::string_view content_type,
                               std::string_view cache_control, Response& response);
  // An entry bundle the checkpointed trees hold, for a reader of everything.
  kj::Promise<void> EntryBundle(const tiles::TilePath& tile, std::string_view target, const kj::HttpHeaders& headers,
                                Response& response);
  kj::Promise<void> Add(kj::AsyncInputStream& body, Response& response);
  // Appends the signed action in `text`; answers once it is durable.
  kj::Promise<void> Accept(const kj::String& text, Response& response);
  kj::Promise<void> Send(Response& response, unsigned status, std::string_view type, std::string body,
                         std::string_view cache_control = "no-store");
  kj::Promise<void> SendError(Response& response, const Error& error);

  std::string Metrics() const;

  Ledger& ledger_;
  const HeaderTable& headers_;
  const CheckpointPublisher& checkpoints_;
  const ConnectionGate& gate_;
  AppendDesk& appends_;
  ReadDesk& reads_;
  std::string prefix_;
  // 8 KiB a full tile: 8,192 tiles, 2 million entries' worth.
  TileCache full_tiles_{64 << 20};
  // Counted on the event loop's thread only.
  std::map<unsigned, uint64_t> answers_by_status_;
};

}  // namespace gongkai::server
