// One KJ event loop serving an HttpService: connections accepted under a
// ConnectionGate, optionally over TLS (kj-tls), stopped by SIGTERM or
// SIGINT (docs/SERVER.md).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "tools/server/connection_gate.h"
#include "tools/server/http.h"

namespace gongkai::server {

// PEM files of a TLS server: the certificate chain (leaf first) and its
// private key.
struct TlsFiles {
  std::string certificate_chain;
  std::string private_key;
};

// Another protocol served beside HTTP on a port of its own, under the same
// gate and TLS (Cap'n Proto RPC).
struct OtherListener {
  std::string address;  // HOST:PORT
  // Serves one admitted connection until it closes.
  std::function<kj::Promise<void>(kj::Own<kj::AsyncIoStream>)> serve;
};

// Where and how to listen.
struct Listening {
  std::string address;  // HOST:PORT; port 0 picks a free one
  std::optional<TlsFiles> tls;
  std::vector<OtherListener> others;
};

// Signals are captured before any thread starts, so that only the event
// loop's thread receives them. Call first thing in a command that serves.
void CaptureStopSignals();

// Serves `service` on `listening` with `background` running beside it,
// until SIGTERM or SIGINT; then stops taking connections and lets the
// requests in flight finish. Prints `banner(ports)` as the first line,
// flushed: the HTTP port, then each other listener's. Errors: kInvalidArgument for TLS files that do not load, kIo
// for an address that cannot be listened on.
Status ServeHttp(kj::HttpService& service, const HeaderTable& headers, ConnectionGate& gate,
                 const Listening& listening, const std::function<std::string(const std::vector<unsigned>& ports)>& banner,
                 const std::function<kj::Promise<void>(kj::AsyncIoProvider&)>& background);

}  // namespace gongkai::server
