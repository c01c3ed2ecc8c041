#include "tools/server/http.h"

#include <spdlog/spdlog.h>

namespace gongkai::server {

HeaderTable::HeaderTable()
    : cache_control(builder.add("Cache-Control")), retry_after(builder.add("Retry-After")), signature_input(builder.add("Signature-Input")),
      signature(builder.add("Signature")), table(builder.build()) {}

unsigned HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kNotCanonical:
    case ErrorCode::kWrongLedger:
    case ErrorCode::kBadSignature:
    case ErrorCode::kFutureBusinessTime:
    case ErrorCode::kOutOfRange:
      return 400;
    case ErrorCode::kUnknownKey:
    case ErrorCode::kKeyRevoked:
    case ErrorCode::kKeyNotYetValid:
    case ErrorCode::kKeyExpired:
    case ErrorCode::kUnauthorized:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kRegistryConflict:
    case ErrorCode::kWrongExpectedVersion:
    case ErrorCode::kEventIdConflict:
    case ErrorCode::kInconsistent:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kProofRequired:
      return 422;
    case ErrorCode::kBusy:
    case ErrorCode::kNoSpace:
    case ErrorCode::kReadOnly:
    case ErrorCode::kIo:
      return 503;
    case ErrorCode::kCorruption:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

kj::StringPtr HttpStatusText(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

kj::Promise<void> SendBody(kj::HttpService::Response& response, const HeaderTable& headers, unsigned status,
                           std::string_view content_type, std::string body, std::string_view cache_control) {
  kj::HttpHeaders fields(*headers.table);
  fields.set(kj::HttpHeaderId::CONTENT_TYPE, kj::heapString(content_type.data(), content_type.size()));
  fields.set(headers.cache_control, kj::heapString(cache_control.data(), cache_control.size()));
  auto stream = response.send(status, HttpStatusText(status), fields, body.size());
  auto owned = kj::heap<std::string>(std::move(body));
  auto write = stream->write(owned->data(), owned->size());
  return write.attach(kj::mv(stream), kj::mv(owned));
}

kj::HttpServerSettings ServerSettings(RequestErrorHandler& handler) {
  kj::HttpServerSettings settings;
  settings.errorHandler = handler;
  return settings;
}

kj::Promise<void> RequestErrorHandler::handleApplicationError(kj::Exception exception,
                                                              kj::Maybe<kj::HttpService::Response&> response) {
  if (exception.getType() == kj::Exception::Type::DISCONNECTED) return kj::READY_NOW;
  KJ_IF_MAYBE(answer, response) {
    if (exception.getDescription().startsWith("invalid Content-Length header value")) {
      return SendBody(*answer, headers_, 400, "text/plain; charset=utf-8",
                      "bad request: the Content-Length is not a number\n", "no-store");
    }
    if (exception.getType() == kj::Exception::Type::OVERLOADED) {
      return SendBody(*answer, headers_, 503, "text/plain; charset=utf-8", "busy: try again later\n", "no-store");
    }
    spdlog::error("a request failed inside the server: {}", exception.getDescription().cStr());
    return SendBody(*answer, headers_, 500, "text/plain; charset=utf-8", "internal error\n", "no-store");
  }
  spdlog::error("a request failed inside the server after its answer began: {}", exception.getDescription().cStr());
  return kj::READY_NOW;
}

}  // namespace gongkai::server
