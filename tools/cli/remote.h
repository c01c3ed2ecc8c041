// The command line's side of `gongkai serve` (docs/SERVER.md): one HTTP
// client on a KJ event loop of its own, for `gongkai --server URL COMMAND`.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/compat/tls.h>

#include <memory>
#include <string>

#include "ledger/base/error.h"
#include "ledger/ledger.h"
#include "ledger/signed_action.h"
#include "ledger/signing.h"
#include "tools/server/http.h"
#include "tools/server/request_signature.h"

namespace gongkai::cli {

class RemoteLedger {
 public:
  // `url` is the server's base, "http[s]://HOST:PORT/PREFIX" as `gongkai
  // serve` prints it (a trailing slash is fine). Errors: kInvalidArgument
  // for anything but an http or https URL.
  static Result<std::unique_ptr<RemoteLedger>> Connect(const std::string& url);

  // GET PREFIX/path: the body of a 200 answer; any other status is the
  // server's error (its code and message), kIo when it cannot be reached.
  Result<std::string> Get(const std::string& path);
  // GET PREFIX/path?query signed with `reader` (RFC 9421,
  // tools/server/request_signature.h); `query` already percent-encoded.
  Result<std::string> SignedGet(const std::string& path, const std::string& query, const PrivateKey& reader);
  // POST PREFIX/add: the receipt once the entry is durable, or the refusal.
  Result<AppendReceipt> Append(const SignedAction& signed_action);

  const std::string& base() const { return base_; }

 private:
  explicit RemoteLedger(std::string base);
  Result<std::string> Request(kj::HttpMethod method, const std::string& path, const std::string& body,
                              const server::RequestSignature* signature = nullptr);

  std::string base_;  // "http://HOST:PORT/PREFIX", no trailing slash
  std::string prefix_;  // "/PREFIX" of base_, "" for none
  kj::AsyncIoContext io_;
  server::HeaderTable headers_;
  kj::Own<kj::TlsContext> tls_;       // for https:// only
  kj::Own<kj::Network> tls_network_;
  kj::Own<kj::HttpClient> client_;
};

}  // namespace gongkai::cli
