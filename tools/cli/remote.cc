#include "tools/cli/remote.h"

#include <fmt/core.h>

#include <capnp/message.h>

#include "ledger/json.h"
#include "ledger/json_codec.h"
#include "tools/query/results.capnp.h"

namespace gongkai::cli {
namespace {

// The server answers a refusal as "CODE: message" (docs/SERVER.md).
Error ServerError(unsigned status, std::string_view body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  if (auto colon = body.find(": "); colon != std::string_view::npos) {
    for (int code = 0; code <= static_cast<int>(ErrorCode::kInternal); ++code) {
      if (ErrorCodeName(static_cast<ErrorCode>(code)) == body.substr(0, colon)) {
        return Error{static_cast<ErrorCode>(code), fmt::format("server: {}", body.substr(colon + 2)), {}};
      }
    }
  }
  return Error{status == 404 ? ErrorCode::kNotFound : ErrorCode::kIo,
               fmt::format("server answered {}: {}", status, body), {}};
}

}  // namespace

RemoteLedger::RemoteLedger(std::string base) : base_(std::move(base)), io_(kj::setupAsyncIo()) {
  kj::Network* tls_network = nullptr;
  if (base_.starts_with("https://")) {
    // The system's trust store (OpenSSL's: SSL_CERT_FILE or SSL_CERT_DIR
    // name others), and the certificate checked against the URL's host.
    tls_ = kj::heap<kj::TlsContext>();
    tls_network_ = tls_->wrapNetwork(io_.provider->getNetwork());
    tls_network = tls_network_.get();
  }
  client_ = kj::newHttpClient(io_.provider->getTimer(), *headers_.table, io_.provider->getNetwork(), tls_network);
  auto path = base_.find('/', base_.find("://") + 3);
  prefix_ = path == std::string::npos ? "" : base_.substr(path);
}

Result<std::unique_ptr<RemoteLedger>> RemoteLedger::Connect(const std::string& url) {
  bool http = url.starts_with("http://") && url.size() > 7, https = url.starts_with("https://") && url.size() > 8;
  if (!http && !https) {
    return Fail(ErrorCode::kInvalidArgument,
                "--server must be an http:// or https:// URL as 'gongkai serve' prints it, got '{}'", url);
  }
  std::string base = url;
  while (base.ends_with('/')) base.pop_back();
  return std::unique_ptr<RemoteLedger>(new RemoteLedger(std::move(base)));
}

Result<std::string> RemoteLedger::Request(kj::HttpMethod method, const std::string& path, const std::string& body,
                                          const server::RequestSignature* signature) {
  std::string url = base_ + path;
  Result<std::string> result = Fail(ErrorCode::kInternal, "unset");
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&] {
    kj::HttpHeaders headers(*headers_.table);
    if (signature) {
      headers.set(headers_.signature_input, kj::StringPtr(signature->signature_input.c_str()));
      headers.set(headers_.signature, kj::StringPtr(signature->signature.c_str()));
    }
    auto request = client_->request(method, kj::StringPtr(url.c_str()), headers, uint64_t{body.size()});
    auto write = body.empty() ? kj::Promise<void>(kj::READY_NOW) : request.body->write(body.data(), body.size());
    write.wait(io_.waitScope);
    request.body = nullptr;
    auto response = request.response.wait(io_.waitScope);
    auto bytes = response.body->readAllBytes().wait(io_.waitScope);  // tiles are binary
    std::string text(bytes.begin(), bytes.end());
    if (response.statusCode == 200) {
      result = std::move(text);
    } else {
      result = std::unexpected(ServerError(response.statusCode, text));
    }
  });
  KJ_IF_MAYBE(e, failure) {
    return Fail(ErrorCode::kIo, "cannot reach {}: {}", base_, e->getDescription().cStr());
  }
  return result;
}

Result<std::string> RemoteLedger::Get(const std::string& path) { return Request(kj::HttpMethod::GET, path, ""); }

Result<std::string> RemoteLedger::SignedGet(const std::string& path, const std::string& query,
                                            const PrivateKey& reader) {
  auto signature = server::SignRequest(reader, "GET", prefix_ + path, query, SystemClock().Now());
  GK_RETURN_IF_ERROR(signature);
  return Request(kj::HttpMethod::GET, query.empty() ? path : path + "?" + query, "", &*signature);
}

Result<AppendReceipt> RemoteLedger::Append(const SignedAction& signed_action) {
  auto text = Request(kj::HttpMethod::POST, "/add", SignedActionToJson(signed_action));
  GK_RETURN_IF_ERROR(text);
  capnp::MallocMessageBuilder message;
  auto receipt = message.initRoot<schema::Receipt>();
  if (auto decoded = DecodeJson(*text, receipt); !decoded) {
    return Fail(ErrorCode::kIo, "the server's receipt is not one: {}", decoded.error().message);
  }
  auto hash = receipt.getHash();
  if (hash.size() != 32) return Fail(ErrorCode::kIo, "the server's receipt has a hash of {} bytes", hash.size());
  auto recorded = ParseTime(receipt.getRecorded().cStr());
  GK_RETURN_IF_ERROR(recorded);
  AppendReceipt out{receipt.getSeq(), {}, *recorded, receipt.getDuplicate()};
  std::copy(hash.begin(), hash.end(), out.entry_hash.begin());
  return out;
}

}  // namespace gongkai::cli
