// What gongkai's HTTP servers and clients share: the header table, the
// statuses they answer with and how an error maps to one.
#pragma once

#include <kj/compat/http.h>

#include <string>
#include <string_view>

#include "ledger/base/error.h"

namespace gongkai::server {

// The header table the server parses and answers with.
struct HeaderTable {
  HeaderTable();
  kj::HttpHeaderTable::Builder builder;
  kj::HttpHeaderId cache_control, retry_after, signature_input, signature;
  kj::Own<kj::HttpHeaderTable> table;
};

// The reason phrase of the statuses gongkai's servers answer with.
kj::StringPtr HttpStatusText(unsigned status);

// Sends `body` with `status`, its content type and Cache-Control.
kj::Promise<void> SendBody(kj::HttpService::Response& response, const HeaderTable& headers, unsigned status,
                           std::string_view content_type, std::string body, std::string_view cache_control);

// What KJ's HTTP server does with a request it fails on before or outside
// the service: a request it cannot parse gets KJ's own 4xx; a body whose
// framing it refuses (Cap'n Proto 0.9 throws for a Content-Length that is
// not a number, where later versions answer 400) is 400 too; an exception
// out of a service, which gongkai's services never throw by design, is
// logged and answered 500 with one line, never KJ's text; a client that
// went away gets no answer. Found by tests/fuzz's http_request target.
class RequestErrorHandler final : public kj::HttpServerErrorHandler {
 public:
  explicit RequestErrorHandler(const HeaderTable& headers) : headers_(headers) {}
  kj::Promise<void> handleApplicationError(kj::Exception exception,
                                           kj::Maybe<kj::HttpService::Response&> response) override;

 private:
  const HeaderTable& headers_;
};

// KJ's server settings with `handler`.
kj::HttpServerSettings ServerSettings(RequestErrorHandler& handler);

// The HTTP status for an error code: 400 for bad input, 403 for a signer
// without the right, 404 for something absent, 409 for a conflict with the
// ledger's state, 413 for too large, 503 when the ledger cannot write now.
unsigned HttpStatusOf(ErrorCode code);

}  // namespace gongkai::server
