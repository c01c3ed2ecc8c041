// gongkai serve: one process owns the ledger and answers over HTTP
// (tools/server/ledger_service.h, docs/SERVER.md).
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <kj/async-io.h>
#include <kj/async-unix.h>
#include <kj/compat/http.h>

#include <csignal>
#include <cstdio>

#include "ledger/checkpoint_store.h"
#include "ledger/ledger.h"
#include "ledger/witness.h"
#include "ledger/witness_policy.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/progress.h"
#include "tools/cli/query_commands.h"
#include "tools/server/access_log.h"
#include "ledger/json_codec.h"
#include "tools/cli/serve.h"
#include "tools/server/checkpoint_publisher.h"
#include "tools/server/ledger_service.h"
#include "tools/server/rpc_service.h"
#include "tools/server/witness_service.h"

namespace gongkai::cli {
std::vector<OptionSpec> WithServingOptions(std::string_view default_listen, std::vector<OptionSpec> options) {
  std::vector<OptionSpec> serving{
      {"listen", true, fmt::format("HOST:PORT where to listen (default {}; port 0: a free one)", default_listen)},
      {"tls-cert", true, "FILE serve HTTPS with this PEM certificate chain (leaf first); needs --tls-key"},
      {"tls-key", true, "FILE the PEM private key of --tls-cert"},
      {"max-connections", true, "N connections served at once; more are answered 503 busy (default 1024)"},
      {"client-rate", true, "N requests a second from one address; more are answered 429 (default 5000; 0: no limit)"},
  };
  options.insert(options.end(), serving.begin(), serving.end());
  return options;
}

Result<Serving> ServingOf(const Args& args, std::string_view default_listen) {
  Serving serving;
  serving.listening.address = args.Get("listen").value_or(std::string(default_listen));
  auto cert = args.Get("tls-cert");
  auto key = args.Get("tls-key");
  if (cert.has_value() != key.has_value()) {
    return Fail(ErrorCode::kInvalidArgument, "--tls-cert and --tls-key go together");
  }
  if (cert) serving.listening.tls = server::TlsFiles{*cert, *key};
  auto connections = args.GetUint("max-connections", serving.limits.max_connections);
  GK_RETURN_IF_ERROR(connections);
  if (*connections == 0 || *connections > 65'536) {
    return Fail(ErrorCode::kInvalidArgument, "--max-connections must be 1..65536, got {}", *connections);
  }
  auto rate = args.GetUint("client-rate", serving.limits.requests_per_second);
  GK_RETURN_IF_ERROR(rate);
  if (*rate > 1'000'000) return Fail(ErrorCode::kInvalidArgument, "--client-rate must be 0..1000000, got {}", *rate);
  serving.limits = {static_cast<uint32_t>(*connections), static_cast<uint32_t>(*rate)};
  return serving;
}

Result<std::unique_ptr<LedgerServer>> LedgerServer::Open(const Context& context, std::optional<WitnessPolicy> policy,
                                                        const server::ConnectionLimits& limits,
                                                        std::function<void(uint64_t, uint64_t)> catch_up) {
  std::unique_ptr<LedgerServer> server(new LedgerServer());
  auto log_keys = ReadLogSigningKeys(context.dir());
  GK_RETURN_IF_ERROR(log_keys);
  server->log_keys_ = std::move(*log_keys);
  LedgerOptions options;
  server->log_keys_->ApplyTo(options);  // the ledger keeps pointers to the server's keys
  auto roots = LoadCertificateRoots(context.dir());
  GK_RETURN_IF_ERROR(roots);
  options.certificate_roots = std::move(*roots);
  auto ledger = Ledger::Open(context.store_dir(), options);
  GK_RETURN_IF_ERROR(ledger);
  server->ledger_ = std::move(*ledger);
  auto checkpoints = server::CheckpointPublisher::Create(*server->ledger_, std::move(policy), server->headers_);
  GK_RETURN_IF_ERROR(checkpoints);
  server->checkpoints_ = std::move(*checkpoints);
  GK_RETURN_IF_ERROR(server->checkpoints_->CheckpointHead());
  auto session = query::QuerySession::Attach(context.dir(), server->ledger_->store());
  GK_RETURN_IF_ERROR(session);
  server->session_ = std::move(*session);
  projections::RunOptions run;
  run.progress = std::move(catch_up);
  GK_RETURN_IF_ERROR(server->session_->Projections(run));
  auto access_log = server::AccessLog::Open(context.dir().access_log());
  GK_RETURN_IF_ERROR(access_log);
  server->access_log_ = std::move(*access_log);
  server->queries_ = std::make_unique<CommandQueries>(AllCommands());
  server->gate_ = std::make_unique<server::ConnectionGate>(limits, server->headers_);
  server->appends_ = std::make_unique<server::AppendDesk>(*server->ledger_);
  server->reads_ = std::make_unique<server::ReadDesk>(
      server::ReadServing{*server->session_, *server->access_log_, *server->queries_, server->clock_});
  server->http_ = std::make_unique<server::LedgerService>(*server->ledger_, server->headers_, *server->checkpoints_,
                                                          *server->gate_, *server->appends_, *server->reads_);
  server->rpc_ = std::make_unique<server::RpcService>(*server->ledger_, *server->checkpoints_, *server->appends_,
                                                      *server->reads_);
  return server;
}

LedgerServer::~LedgerServer() = default;

namespace {

// How long a witness has to answer a pushed checkpoint.
constexpr kj::Duration kWitnessTimeout = 10 * kj::SECONDS;

constexpr std::string_view kServeListen = "127.0.0.1:8480";

Status RunServe(const Args& args, const Context& context) {
  auto serving = ServingOf(args, kServeListen);
  GK_RETURN_IF_ERROR(serving);
  auto every = args.GetUint("checkpoint-seconds", 5);
  GK_RETURN_IF_ERROR(every);
  if (*every == 0 || *every > 86'400) {
    return Fail(ErrorCode::kInvalidArgument, "--checkpoint-seconds must be 1..86400, got {}", *every);
  }
  GK_RETURN_IF_ERROR(Store::RequireExisting(context.store_dir()));
  std::optional<WitnessPolicy> policy;
  if (auto file = args.Get("witness-policy")) {
    auto read = WitnessPolicy::FromFile(*file);
    GK_RETURN_IF_ERROR(read);
    policy = std::move(*read);
  }
  server::CaptureStopSignals();
  // The projections catch up before the first request, with a progress line.
  Progress progress("catch-up", false);
  auto served = LedgerServer::Open(context, std::move(policy), serving->limits, progress.Callback());
  progress.Finish();
  GK_RETURN_IF_ERROR(served);
  LedgerServer& server = **served;
  if (auto rpc_listen = args.Get("rpc-listen")) {
    serving->listening.others.push_back({*rpc_listen, [&server](kj::Own<kj::AsyncIoStream> connection) {
                                           return server.rpc().Serve(kj::mv(connection));
                                         }});
  }
  Status status = server::ServeHttp(
      server.http(), server.headers(), server.gate(), serving->listening,
      [&](const std::vector<unsigned>& ports) {
        std::string line =
            fmt::format("serving '{}' at {}://{}:{}{}/ (checkpoint, tile/..., add, query/...; /healthz, /metrics)",
                        server.ledger().origin(), serving->scheme(), serving->host(), ports[0], server.http().prefix());
        if (ports.size() > 1) {
          const std::string& rpc_listen = serving->listening.others[0].address;
          line += fmt::format("; Cap'n Proto RPC{} at {}:{}", serving->listening.tls ? " over TLS" : "",
                              rpc_listen.substr(0, rpc_listen.rfind(':')), ports[1]);
        }
        return line;
      },
      [&](kj::AsyncIoProvider& io) {
        return server.appends().Run().exclusiveJoin(
            server.checkpoints().Run(io.getTimer(), io.getNetwork(), *every * kj::SECONDS, kWitnessTimeout));
      });
  if (Status last = server.checkpoints().CheckpointHead(); !last) spdlog::error("{}", last.error().ToString());
  served->reset();  // every acknowledged append is durable; the pipeline closes
  if (status) fmt::print("stopped\n");
  return status;
}

Status RunAccessLog(const Args& args, const Context& context) {
  auto about = args.Get("about");
  auto person = args.Get("person");
  bool json = args.Has("json");
  std::string listing;
  size_t shown = 0;
  auto read = server::ReadAccessLog(context.dir().access_log(), [&](schema::AccessRecord::Reader record) {
    if (about && record.getAbout() != *about) return;
    if (person && record.getPerson() != *person) return;
    ++shown;
    if (json) {
      listing += EncodeJson(record) + "\n";
      return;
    }
    listing += fmt::format("{:>6}  {}  {:<24} {}  {:<24} {}\n", record.getN(),
                           std::string_view(record.getTime().cStr()).substr(0, 19), record.getPerson().cStr(),
                           record.getStatus(), record.getAbout().cStr(), record.getRequest().cStr());
  });
  GK_RETURN_IF_ERROR(read);
  if (!json) fmt::print("{} of {} reads (chain intact)\n", shown, read->records);
  fmt::print("{}", listing);
  return {};
}

}  // namespace

Status RunWitnessServe(const Args& args, const Context&) {
  GK_RETURN_IF_ERROR(args.RequireAll({"state", "key", "name", "origin", "log-key"}));
  auto serving = ServingOf(args, kWitnessListen);
  GK_RETURN_IF_ERROR(serving);
  auto key = PrivateKey::FromPemFile(*args.Get("key"), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(key);
  auto log_key = PublicKey::FromPemFile(*args.Get("log-key"), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(log_key);
  server::CaptureStopSignals();
  auto state = WitnessState::Open(*args.Get("state"));
  GK_RETURN_IF_ERROR(state);
  server::HeaderTable headers;
  server::WitnessService service(*state, {*args.Get("name"), &*key, *args.Get("origin"), *log_key}, headers,
                                 [] { return static_cast<uint64_t>(SystemClock().Now() / 1'000'000); });
  server::ConnectionGate gate(serving->limits, headers);
  Status status = server::ServeHttp(
      service, headers, gate, serving->listening,
      [&](const std::vector<unsigned>& ports) {
        return fmt::format("witness '{}' of '{}' at {}://{}:{}/add-checkpoint", *args.Get("name"),
                           *args.Get("origin"), serving->scheme(), serving->host(), ports[0]);
      },
      [](kj::AsyncIoProvider&) { return kj::Promise<void>(kj::NEVER_DONE); });
  if (status) fmt::print("stopped\n");
  return status;
}

std::vector<Command> ServeCommands() {
  return {
      Command{"serve", "[--listen HOST:PORT] [--rpc-listen HOST:PORT] [--checkpoint-seconds N] [--witness-policy FILE]",
              "own the ledger and serve it over HTTP: checkpoints, tiles and signed appends",
              "Opens the ledger (no other process may append meanwhile) and answers on\n"
              "--listen (default 127.0.0.1:8480; port 0 picks a free one, printed on the first\n"
              "line). Under the origin's path: GET checkpoint, GET tile/<L>/<N>[.p/<W>] (C2SP\n"
              "tlog-tiles), POST add (one signed action as 'gongkai sign' writes it; the receipt\n"
              "once durable); GET query/COMMAND?... (every query command, to requests signed\n"
              "with a registered key whose roles allow the read; 'gongkai --server URL\n"
              "--identity KEY COMMAND'), GET tile/entries/... (to readers of everything);\n"
              "GET /healthz, /metrics. With --rpc-listen, the same over Cap'n Proto RPC\n"
              "(tools/server/rpc.capnp). Every signed read is first recorded in\n"
              "DATA/access-log.jsonl ('gongkai access-log'). A checkpoint of the head is signed\n"
              "every N seconds when the ledger grew. With --witness-policy, each new checkpoint\n"
              "is pushed to the policy's witnesses (tlog-witness) and GET checkpoint serves the\n"
              "newest one whose cosignatures meet the policy's quorum. SIGTERM or SIGINT: stop\n"
              "taking requests, finish those in flight, sign a last checkpoint, close. See\n"
              "docs/SERVER.md.",
              WithServingOptions(kServeListen, {{"checkpoint-seconds", true, "N sign a checkpoint of the head every N seconds (default 5)"},
               {"rpc-listen", true, "HOST:PORT also serve Cap'n Proto RPC here (tools/server/rpc.capnp)"},
               {"witness-policy", true,
                "FILE a C2SP tlog-policy: push each checkpoint to its witnesses, publish one once the quorum "
                "cosigned"}}),
              RunServe},
      Command{"access-log", "[--about WHAT] [--person P] [--json]",
              "who read what through the server, from its hash-chained access log",
              "Lists the reads recorded in DATA/access-log.jsonl after checking its chain\n"
              "(docs/SERVER.md, \"The access log\"): when, who, the status answered, what it\n"
              "read and the request. --about item/X (or case/X, agency G, person P, all) keeps\n"
              "the reads of exactly that: a subject is also read through its agency and\n"
              "through 'all', which --about lists separately.",
              {{"about", true, "WHAT only reads about this"},
               {"person", true, "P only this reader's"},
               {"json", false, "one JSON object per read"}},
              RunAccessLog},
  };
}

}  // namespace gongkai::cli
