// Benchmarks of `gongkai serve` over loopback, each beside its limit
// measured in the same run:
//
//   remote durable append, 128 clients on keep-alive connections, beside
//     the in-process durable append rate (Ledger::Submit, 128 in flight)
//     measured just before and just after it;
//   query latency on the 1,000,000-event simulated county while signed
//     appends arrive at 1,000/s: who-approved, case, findings of one agency,
//     each a signed request recorded in the access log;
//   full hash tiles and entry bundles served per second, beside nginx
//     (Debian's nginx-light) serving the same bytes from files, both driven
//     by wrk with the same script.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <capnp/message.h>
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "bench/support.h"
#include "ledger/action.h"
#include "ledger/base/file.h"
#include "ledger/base/time.h"
#include "ledger/data_dir.h"
#include "ledger/json.h"
#include "ledger/head.h"
#include "ledger/signed_action.h"
#include "ledger/store.h"
#include "ledger/tiles.h"
#include "tools/server/request_signature.h"
#include "tools/simulator/county.h"

namespace gongkai::bench {
namespace {

// A child process started with its standard output on a pipe; stopped with
// SIGTERM when it goes out of scope.
class Child {
 public:
  Child(const std::string& program, std::vector<std::string> args) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      args.insert(args.begin(), program);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(program.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = ::fdopen(out[0], "r");
  }
  ~Child() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    if (out_) std::fclose(out_);
  }
  // The next line it prints ("" at its end).
  std::string Line() {
    char line[1024] = {};
    return std::fgets(line, sizeof line, out_) ? line : "";
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
};

// `gongkai serve` on a free loopback port, unlimited per-client rate (the
// benchmark's clients all come from 127.0.0.1).
class Served {
 public:
  explicit Served(const std::string& data)
      : child_(GONGKAI_BINARY, {"--data", data, "serve", "--listen", "127.0.0.1:0", "--client-rate", "0",
                                "--max-connections", "4096", "--checkpoint-seconds", "1"}) {
    std::string banner = child_.Line();
    auto at = banner.find("127.0.0.1:");
    if (at == std::string::npos) throw std::runtime_error("gongkai serve did not start: " + banner);
    port_ = std::stoi(banner.substr(at + 10));
    prefix_ = banner.substr(banner.find('/', at), banner.find(' ', at) - banner.find('/', at));
    while (prefix_.ends_with('/')) prefix_.pop_back();
  }
  int port() const { return port_; }
  const std::string& prefix() const { return prefix_; }

 private:
  Child child_;
  int port_ = 0;
  std::string prefix_;
};

// One keep-alive HTTP/1.1 connection to 127.0.0.1.
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect to the server");
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;

  // The status of the answer (its body in `body`); 0 when the connection broke.
  int Request(const std::string& method, const std::string& target, const std::string& headers,
              const std::string& body, std::string* answer = nullptr) {
    std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n{}Content-Length: {}\r\n\r\n{}", method,
                                      target, headers, body.size(), body);
    for (size_t sent = 0; sent < request.size();) {
      ssize_t n = ::write(fd_, request.data() + sent, request.size() - sent);
      if (n <= 0) return 0;
      sent += static_cast<size_t>(n);
    }
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return 0;
    }
    auto at = buffer_.find("Content-Length: ");
    size_t length = at < end ? std::stoul(buffer_.substr(at + 16)) : 0;
    while (buffer_.size() < end + 4 + length) {
      if (!Fill()) return 0;
    }
    int status = std::stoi(buffer_.substr(9, 3));
    if (answer) *answer = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    return status;
  }

 private:
  bool Fill() {
    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
  std::string buffer_;
};

// A data directory `gongkai serve` can own: the fresh ledger (kPeople
// handlers) and the log key.
void FreshDataDir(const std::string& dir, const std::string& origin) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FreshLedger(DataDir(dir).ledger(), origin);
  if (!LogKey().SavePem(DataDir(dir).log_key())) throw std::runtime_error("cannot write the log key");
}

// Posts every action to `add` from `clients` threads, each on its own
// keep-alive connection; the seconds taken.
double RemoteAppendAll(int port, const std::string& prefix, const std::vector<std::string>& bodies, int clients) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  const std::string target = prefix + "/add";
  auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      Connection connection(port);
      for (size_t i; (i = next++) < bodies.size();) {
        if (connection.Request("POST", target, "", bodies[i]) != 200) failed = true;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failed) throw std::runtime_error("a remote append was refused");
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void BM_RemoteDurableAppend(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  const uint64_t count = EnvUint("GONGKAI_BENCH_REMOTE_APPENDS", 40'000);
  const std::string origin = "bench.remote";
  auto actions = PresignNotes(origin, 0, count);
  std::vector<std::string> bodies;
  for (const SignedAction& action : actions) bodies.push_back(SignedActionToJson(action));
  auto in_process = [&] {
    auto ledger = FreshLedger(BenchDir() + "/append-in-process", origin);
    return count / AppendAll(*ledger, actions, clients);
  };
  for (auto _ : state) {
    double before = in_process();
    const std::string data = BenchDir() + "/remote-append";
    FreshDataDir(data, origin);
    double seconds = 0;
    {
      Served server(data);
      seconds = RemoteAppendAll(server.port(), server.prefix(), bodies, clients);
    }
    double after = in_process();
    state.SetIterationTime(seconds);
    state.counters["appends_per_s"] = count / seconds;
    state.counters["in_process_per_s"] = (before + after) / 2;
  }
}
BENCHMARK(BM_RemoteDurableAppend)->Arg(128)->ArgName("clients")->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);

// The signed GET of `target` ("/prefix/query/NAME?QUERY") as headers.
std::string SignedHeaders(const PrivateKey& key, const std::string& target) {
  auto question = target.find('?');
  std::string path = target.substr(0, question);
  std::string query = question == std::string::npos ? "" : target.substr(question + 1);
  auto signature = server::SignRequest(key, "GET", path, query, SystemClock().Now());
  if (!signature) throw std::runtime_error(signature.error().ToString());
  return fmt::format("Signature-Input: {}\r\nSignature: {}\r\n", signature->signature_input, signature->signature);
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[std::min(values.size() - 1, static_cast<size_t>(values.size() * p))];
}

// The three queries of the target on the simulated county (a copy: the
// appends change it), while one client appends a signed note every
// millisecond. Each query is signed by the county's inspector and recorded
// in the access log (synced) before it is answered.
void BM_RemoteQueryUnderAppends(benchmark::State& state) {
  const std::string simulated = SimulatedLedger();
  if (simulated.empty()) {
    state.SkipWithError("no simulated ledger");
    return;
  }
  const std::string data = BenchDir() + "/served-county";
  std::filesystem::remove_all(data);
  std::filesystem::copy(simulated, data, std::filesystem::copy_options::recursive);
  std::filesystem::remove(DataDir(data).access_log());
  auto store = Store::Open(DataDir(data).ledger(), Store::Mode::kReadOnly);
  if (!store) {
    state.SkipWithError("no ledger");
    return;
  }
  state.counters["entries"] = static_cast<double>(ReadHead(**store)->size);
  store->reset();
  // The simulator's keys (tools/simulator/county.h), seed 1.
  PrivateKey inspector = *sim::DerivedKey(1, "supervision-inspector");
  PrivateKey clerk = *sim::DerivedKey(1, "a07-clerk");
  std::mt19937_64 random(11);
  std::vector<std::pair<int, std::string>> questions;  // kind, query string
  for (int i = 0; i < 200; ++i) {
    int agency = 1 + static_cast<int>(random() % 30);
    questions.push_back({0, fmt::format("who-approved?arg=a{:02}-2025-i{:05}", agency, 1 + random() % 1000)});
    questions.push_back({1, fmt::format("case?arg=a{:02}-2025-c{:04}", agency, 1 + random() % 100)});
    if (i < 40) questions.push_back({2, fmt::format("findings?agency=a{:02}&year=2025&as-of=2025-12-31", agency)});
  }
  std::shuffle(questions.begin(), questions.end(), random);
  for (auto _ : state) {
    Served server(data);
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> appended{0};
    std::string origin;
    {
      Connection probe(server.port());
      std::string checkpoint;
      probe.Request("GET", server.prefix() + "/checkpoint", "", "", &checkpoint);
      origin = checkpoint.substr(0, checkpoint.find('\n'));
    }
    // Appends at 1,000/s, paced from the start (open loop).
    std::thread appender([&] {
      Connection connection(server.port());
      auto start = Clock::now();
      for (uint64_t n = 0; !stop; ++n) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(1000 * n));
        auto body = SignedActionToJson(MakeNote(clerk, origin, 1'000'000'000 + n));
        if (connection.Request("POST", server.prefix() + "/add", "", body) == 200) ++appended;
      }
    });
    auto appending_since = Clock::now();
    std::vector<double> latency_ms[3];
    Connection reader(server.port());
    for (size_t i = 0; i < questions.size(); ++i) {
      const auto& [kind, query] = questions[i];
      std::string target = server.prefix() + "/query/" + query;
      std::string headers = SignedHeaders(inspector, target);
      auto t0 = Clock::now();
      std::string answer;
      int status = reader.Request("GET", target, headers, "", &answer);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (status != 200) {
        state.SkipWithError(fmt::format("{} answered {}: {}", target, status, answer).c_str());
        break;
      }
      if (i >= 20) latency_ms[kind].push_back(ms);  // the first 20 warm the server
    }
    stop = true;
    appender.join();
    double seconds = std::chrono::duration<double>(Clock::now() - appending_since).count();
    state.counters["append_rate_per_s"] = appended / seconds;
    const char* names[] = {"who_approved", "case", "findings"};
    for (int kind = 0; kind < 3; ++kind) {
      state.counters[fmt::format("{}_p50_ms", names[kind])] = Percentile(latency_ms[kind], 0.5);
      state.counters[fmt::format("{}_p99_ms", names[kind])] = Percentile(latency_ms[kind], 0.99);
    }
  }
}
BENCHMARK(BM_RemoteQueryUnderAppends)->Iterations(1)->Unit(benchmark::kSecond);

// wrk's requests per second from its summary ("Requests/sec: N").
double WrkRate(const std::string& output) {
  std::smatch match;
  return std::regex_search(output, match, std::regex(R"(Requests/sec:\s+([0-9.]+))")) ? std::stod(match[1]) : 0;
}

// Runs wrk for `seconds` with `script` against port; its summary.
std::string RunWrk(int port, const std::string& script, int seconds) {
  std::string command = fmt::format("wrk -t2 -c32 -d{}s -s {} http://127.0.0.1:{}/ 2>&1", seconds, script, port);
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char chunk[4096];
    while (size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
    ::pclose(pipe);
  }
  return output;
}

// A wrk script cycling through `paths`, each with its headers.
void WriteWrkScript(const std::string& file, const std::vector<std::pair<std::string, std::string>>& requests) {
  std::string lua = "local requests = {\n";
  for (const auto& [path, headers] : requests) {
    lua += fmt::format("  wrk.format('GET', '{}', {{{}}}),\n", path, headers);
  }
  lua += "}\nlocal i = 0\nrequest = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n";
  if (!WriteFileDurably(file, lua)) throw std::runtime_error("cannot write the wrk script");
}

// Full hash tiles (range 0) or entry bundles (range 1) of the 1,000,000-
// entry ledger per second from gongkai serve, and from nginx serving the
// same bytes as files, each driven by wrk (2 threads, 32 connections).
void BM_TileServing(benchmark::State& state) {
  if (std::system("command -v wrk >/dev/null && command -v nginx >/dev/null") != 0) {
    state.SkipWithError("wrk or nginx is not installed (tools/install-deps.sh --bench)");
    return;
  }
  const bool bundles = state.range(0) == 1;
  const uint64_t entries = EnvUint("GONGKAI_BENCH_ENTRIES", 1'000'000);
  const std::string data = LargeLedger(entries);
  if (!std::filesystem::exists(DataDir(data).log_key())) (void)LogKey().SavePem(DataDir(data).log_key());
  // A supervision officer (a reader of everything) to sign the bundle
  // requests: added once to the large ledger, by its administrator.
  const PrivateKey auditor = Key(9);
  {
    auto ledger = Ledger::Open(DataDir(data).ledger());
    if (!ledger) {
      state.SkipWithError("cannot open the large ledger");
      return;
    }
    auto registry = (*ledger)->registry();
    if (!registry.FindKey(auditor.public_key().id())) {
      // A large ledger built before agencies had to be registered lacks its own.
      auto agency = (*ledger)->Append(MakeAgencyRegistration(Key(1), (*ledger)->origin()));
      if (!agency && agency.error().code != ErrorCode::kRegistryConflict) {
        state.SkipWithError(("cannot register the agency: " + agency.error().ToString()).c_str());
        return;
      }
      auto added = (*ledger)->Append(MakePersonRegistration(Key(1), (*ledger)->origin(), "bench-supervision",
                                                            "纪检监察员", auditor, schema::Role::SUPERVISION));
      if (!added) {
        state.SkipWithError(("cannot register the reader: " + added.error().ToString()).c_str());
        return;
      }
    }
  }
  Served server(data);
  // Every full tile of the level (bundles: of the entries) the checkpoint
  // holds, as the server names them.
  const uint64_t full_tiles = entries / 256;
  std::vector<std::pair<std::string, std::string>> requests;
  const std::string root = BenchDir() + "/nginx-root";
  std::filesystem::remove_all(root);
  {
    Connection fetch(server.port());
    for (uint64_t n = 0; n < full_tiles; ++n) {
      tiles::TilePath tile{.entries = bundles, .level = 0, .index = n, .width = 256};
      std::string path = server.prefix() + "/" + tiles::FormatTilePath(tile);
      std::string headers, lua_headers;
      if (bundles) {
        auto signature = server::SignRequest(auditor, "GET", path, "", SystemClock().Now());
        headers = fmt::format("Signature-Input: {}\r\nSignature: {}\r\n", signature->signature_input,
                              signature->signature);
        lua_headers = fmt::format("['Signature-Input'] = '{}', ['Signature'] = '{}'",
                                  std::regex_replace(signature->signature_input, std::regex("'"), "\\'"),
                                  signature->signature);
      }
      std::string body;
      if (fetch.Request("GET", path, headers, "", &body) != 200) {
        state.SkipWithError(fmt::format("{} was not served", path).c_str());
        return;
      }
      std::filesystem::create_directories(std::filesystem::path(root + path).parent_path());
      std::ofstream(root + path, std::ios::binary) << body;
      requests.emplace_back(path, lua_headers);
    }
  }
  const std::string script = BenchDir() + (bundles ? "/wrk-bundles.lua" : "/wrk-tiles.lua");
  WriteWrkScript(script, requests);
  const int seconds = static_cast<int>(EnvUint("GONGKAI_BENCH_WRK_SECONDS", 5));
  double served = WrkRate(RunWrk(server.port(), script, seconds));

  // nginx on the same files, on its own port, as Debian ships it (one
  // worker per core), without logging.
  const std::string conf = BenchDir() + "/nginx.conf";
  const int nginx_port = server.port() + 1;
  std::string config = fmt::format(
      "daemon off;\nworker_processes auto;\npid {0}/nginx.pid;\nerror_log {0}/nginx-error.log;\n"
      "events {{ worker_connections 1024; }}\n"
      "http {{ access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;\n"
      "  client_body_temp_path {0}/nginx-tmp; proxy_temp_path {0}/nginx-tmp; fastcgi_temp_path {0}/nginx-tmp;\n"
      "  uwsgi_temp_path {0}/nginx-tmp; scgi_temp_path {0}/nginx-tmp;\n"
      "  server {{ listen 127.0.0.1:{1}; root {2}; }} }}\n",
      BenchDir(), nginx_port, std::filesystem::absolute(root).string());
  (void)WriteFileDurably(conf, config);
  double nginx = 0;
  {
    Child nginx_process("/usr/sbin/nginx", {"-c", std::filesystem::absolute(conf).string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    nginx = WrkRate(RunWrk(nginx_port, script, seconds));
  }
  for (auto _ : state) {
    state.SetIterationTime(seconds);
    state.counters["served_per_s"] = served;
    state.counters["nginx_per_s"] = nginx;
  }
}
BENCHMARK(BM_TileServing)->Arg(0)->Arg(1)->ArgName("bundles")->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace gongkai::bench
