// Serving over HTTP from the command line: `gongkai serve` and
// `gongkai witness serve` (docs/SERVER.md).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/data_dir.h"
#include "ledger/ledger.h"
#include "ledger/witness_policy.h"
#include "projections/runner.h"
#include "tools/cli/args.h"
#include "tools/cli/command.h"
#include "tools/cli/query_commands.h"
#include "tools/server/access_log.h"
#include "tools/server/append_desk.h"
#include "tools/server/checkpoint_publisher.h"
#include "tools/server/connection_gate.h"
#include "tools/server/http.h"
#include "tools/server/http_server.h"
#include "tools/server/ledger_service.h"
#include "tools/server/read_desk.h"
#include "tools/server/rpc_service.h"

namespace gongkai::cli {

inline constexpr std::string_view kWitnessListen = "127.0.0.1:8481";

// `options` and those every serving command takes: --listen, --tls-cert,
// --tls-key, --max-connections, --client-rate (docs/SERVER.md, "Limits").
std::vector<OptionSpec> WithServingOptions(std::string_view default_listen, std::vector<OptionSpec> options);

struct Serving {
  server::Listening listening;
  server::ConnectionLimits limits;
  // "http" or "https", for the banner.
  std::string_view scheme() const { return listening.tls ? "https" : "http"; }
  // The host part of the address listened on.
  std::string host() const { return listening.address.substr(0, listening.address.rfind(':')); }
};
// kInvalidArgument for a value out of range, or only one of the TLS files.
Result<Serving> ServingOf(const Args& args, std::string_view default_listen);

// What `gongkai serve` serves from one data directory, each part over the
// ones before it: the ledger open for appending (its log keys, its CA
// roots), the checkpoint publisher under the witness policy, a query
// session with the projections caught up, the access log, and the HTTP and
// RPC services. `gongkai serve` listens with it; tests/fuzz feeds its HTTP
// service requests in memory.
class LedgerServer {
 public:
  // `catch_up` receives the projections' catch-up progress (on a large
  // ledger projected long ago, the long part of starting).
  static Result<std::unique_ptr<LedgerServer>> Open(const Context& context, std::optional<WitnessPolicy> policy,
                                                    const server::ConnectionLimits& limits,
                                                    std::function<void(uint64_t, uint64_t)> catch_up);
  ~LedgerServer();

  Ledger& ledger() { return *ledger_; }
  server::CheckpointPublisher& checkpoints() { return *checkpoints_; }
  server::AppendDesk& appends() { return *appends_; }
  server::ConnectionGate& gate() { return *gate_; }
  const server::HeaderTable& headers() const { return headers_; }
  server::LedgerService& http() { return *http_; }
  server::RpcService& rpc() { return *rpc_; }

 private:
  LedgerServer() = default;
  // Declared in the order they are built; destroyed in reverse, the
  // session before the store it reads, the ledger before the keys it
  // signs with.
  server::HeaderTable headers_;
  std::optional<LogSigningKeys> log_keys_;  // the ledger signs checkpoints with them
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<server::CheckpointPublisher> checkpoints_;
  std::unique_ptr<query::QuerySession> session_;
  std::unique_ptr<server::AccessLog> access_log_;
  std::unique_ptr<CommandQueries> queries_;
  SystemClock clock_;
  std::unique_ptr<server::ConnectionGate> gate_;
  std::unique_ptr<server::AppendDesk> appends_;
  std::unique_ptr<server::ReadDesk> reads_;
  std::unique_ptr<server::LedgerService> http_;
  std::unique_ptr<server::RpcService> rpc_;
};

// gongkai witness serve --state DIR --key K --name N --origin O --log-key FILE.pub [--listen HOST:PORT]
Status RunWitnessServe(const Args& args, const Context& context);

}  // namespace gongkai::cli
