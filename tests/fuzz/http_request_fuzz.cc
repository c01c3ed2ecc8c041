// The server's HTTP request handling, end to end in memory: each input is
// what a client sends on one connection (one request or several, possibly
// cut off), read by KJ's HTTP server into the same LedgerServer `gongkai
// serve` runs, over a real ledger: tiles, checkpoints, appends, signed
// queries, health and metrics. The server must answer or close, never
// crash or hang; an answer is an HTTP/1.1 status line, never a 500.
#include <unistd.h>

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <filesystem>

#include "ledger/data_dir.h"
#include "tests/fuzz/fixed_keys.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/served_ledger.h"
#include "tools/cli/serve.h"

using namespace gongkai;

namespace {

// Members are destroyed in reverse: the append loop, the HTTP server, the
// ledger server, the event loop, and last the data directory.
struct Served {
  struct RemovedAtExit {
    std::string path;
    ~RemovedAtExit() { std::filesystem::remove_all(path); }
  } data{fuzz::MakeServedLedger("http")};
  const std::string& dir = data.path;
  kj::AsyncIoContext io = kj::setupAsyncIo();
  std::unique_ptr<cli::LedgerServer> server = [this] {
    auto opened = cli::LedgerServer::Open(cli::Context{.data_dir = dir}, std::nullopt, {}, nullptr);
    if (!opened) {
      std::fprintf(stderr, "cannot serve the fuzz ledger: %s\n", opened.error().ToString().c_str());
      std::abort();
    }
    return std::move(*opened);
  }();
  server::RequestErrorHandler errors{server->headers()};
  kj::HttpServer http{io.provider->getTimer(), *server->headers().table, server->http(),
                      server::ServerSettings(errors)};
  // Appends are sequenced by this loop, as in `gongkai serve`.
  kj::Promise<void> appends = server->appends().Run().eagerlyEvaluate([](kj::Exception&& e) {
    std::fprintf(stderr, "the append desk stopped: %s\n", e.getDescription().cStr());
    std::abort();
  });
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Served served;
  auto pipe = kj::newTwoWayPipe();
  kj::Promise<void> connection = served.http.listenHttp(kj::mv(pipe.ends[0]));
  kj::Own<kj::AsyncIoStream> client = kj::mv(pipe.ends[1]);
  // The client reads while it writes: a server may answer (413, 400) and
  // close before it has read everything.
  auto reading = client->readAllText().catch_([](kj::Exception&&) { return kj::str(); }).eagerlyEvaluate(nullptr);
  auto writing = client->write(data, size)
                     .then([&client] { client->shutdownWrite(); }, [](kj::Exception&&) {})
                     .eagerlyEvaluate(nullptr);
  connection.catch_([](kj::Exception&&) {}).wait(served.io.waitScope);
  writing.wait(served.io.waitScope);
  kj::String text = reading.wait(served.io.waitScope);
  std::string_view response(text.cStr(), text.size());
  if (!response.empty()) {
    FUZZ_REQUIRE(response.starts_with("HTTP/1.1 "));
    FUZZ_REQUIRE(!response.starts_with("HTTP/1.1 500"));
  }
  return 0;
}
