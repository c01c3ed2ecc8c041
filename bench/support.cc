#include "bench/support.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <capnp/message.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "ledger/admin_actions.h"
#include "ledger/entry.h"
#include "ledger/key_registry.h"
#include "ledger/signed_action.h"
#include "tools/simulator/simulator.h"

namespace gongkai::bench {


unsigned Cores() { return std::max(1u, std::thread::hardware_concurrency()); }

uint64_t EnvUint(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value ? std::stoull(value) : fallback;
}

std::string BenchDir() {
  const char* dir = std::getenv("GONGKAI_BENCH_DIR");
  return dir ? dir : "bench-data";
}

// Figures collected for the summary table.

std::map<std::string, double>& Limits() {
  static std::map<std::string, double> limits;
  return limits;
}

PrivateKey Key(uint8_t n) {
  std::array<uint8_t, 32> seed;
  seed.fill(n);
  return *PrivateKey::FromSeed(seed);
}

PrivateKey PersonKey(const BenchFlavour& flavour, uint8_t n) {
  if (flavour.people == SignatureAlgorithm::kEd25519) return Key(n);
  static std::mutex mutex;
  static std::map<uint8_t, std::string> made;  // n -> the key's PKCS#8 PEM
  std::lock_guard lock(mutex);
  auto it = made.find(n);
  const std::string path = fmt::format("{}/sm2-key-{}-{}.pem", BenchDir(), ::getpid(), n);
  if (it == made.end()) {
    auto key = PrivateKey::Generate(SignatureAlgorithm::kSm2);
    if (!key || !key->SavePem(path)) throw std::runtime_error("cannot make an SM2 key");
    std::ifstream file(path);
    it = made.emplace(n, std::string(std::istreambuf_iterator<char>(file), {})).first;
  } else {
    std::ofstream(path) << it->second;
  }
  auto key = PrivateKey::FromPemFile(path);
  std::filesystem::remove(path);
  if (!key) throw std::runtime_error(key.error().ToString());
  return std::move(*key);
}

SignedAction MakeGenesis(const PrivateKey& admin, const std::string& origin, HashAlgorithm hash) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(origin);
  action.setEventId("genesis");
  action.setStream("ledger");
  action.initBusinessTime().setUnixMicros(kValidFrom);
  action.setActorKeyId(admin.public_key().id());
  auto g = action.initPayload().initGenesis();
  g.setOrigin(origin);
  g.setHashAlgorithm(static_cast<schema::HashAlgorithm>(hash));
  g.setSignatureAlgorithm(schema::SignatureAlgorithm::ED25519);
  auto a = g.initAdministrator();
  a.setPersonId("admin");
  a.setName("管理员");
  a.setAgency("天宁区政府办");
  auto r = a.initRoles(1)[0];
  r.setRole(schema::Role::ADMINISTRATOR);
  r.setAgency("天宁区政府办");
  KeyToSchema(admin.public_key(), a.initPublicKey());
  a.initValidFrom().setUnixMicros(kValidFrom);
  KeyToSchema(Key(2).public_key(), g.initLogKey());
  return *SignAction(admin, Canonicalize(action.asReader()));
}

SignedAction MakeAgencyRegistration(const PrivateKey& admin, const std::string& origin) {
  auto action = SignDraft(AgencyRegisteredDraft(AgencySpec{"天宁区政府办", "常州市天宁区人民政府办公室",
                                                           schema::AgencyKind::GOVERNMENT, "cn-js-changzhou-tianning"}),
                          origin, kValidFrom, admin);
  if (!action) throw std::runtime_error(action.error().ToString());
  return std::move(*action);
}

SignedAction MakePersonRegistration(const PrivateKey& admin, const std::string& origin, const std::string& person_id,
                                    const std::string& name, const PrivateKey& key, schema::Role role) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(origin);
  action.setEventId(fmt::format("register/{}", person_id));
  action.setStream(fmt::format("person/{}", person_id));
  action.initBusinessTime().setUnixMicros(kValidFrom);
  action.setActorKeyId(admin.public_key().id());
  auto p = action.initPayload().initRegisterPerson();
  p.setPersonId(person_id);
  p.setName(name);
  p.setAgency("天宁区政府办");
  p.setSection("信息公开科");
  auto r = p.initRoles(1)[0];
  r.setRole(role);
  r.setAgency("天宁区政府办");
  KeyToSchema(key.public_key(), p.initPublicKey());
  p.initValidFrom().setUnixMicros(kValidFrom);
  return *SignAction(admin, Canonicalize(action.asReader()));
}

SignedAction MakeRegistration(const PrivateKey& admin, const std::string& origin, int person,
                              const BenchFlavour& flavour) {
  return MakePersonRegistration(admin, origin, fmt::format("p{}", person), fmt::format("办事员{}", person),
                                PersonKey(flavour, static_cast<uint8_t>(10 + person)), schema::Role::HANDLER);
}

// A note of realistic size (~250 bytes canonical): an item step with a digest.
SignedAction MakeNote(const PrivateKey& key, const std::string& origin, uint64_t n) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(origin);
  action.setEventId(fmt::format("item-{:08}/step", n));
  action.setStream(fmt::format("item/2026-{:06}", n / 8));
  action.initBusinessTime().setUnixMicros(kValidFrom + static_cast<int64_t>(n));
  action.setActorKeyId(key.public_key().id());
  auto note = action.initPayload().initNote();
  note.setSubject("保密审查意见：同意公开");
  std::array<uint8_t, 32> digest{};
  std::memcpy(digest.data(), &n, sizeof n);
  note.setDigest(capnp::Data::Reader(digest.data(), digest.size()));
  return *SignAction(key, Canonicalize(action.asReader()));
}


// Signs `count` notes on all cores, people taking turns.
std::vector<SignedAction> PresignNotes(const std::string& origin, uint64_t first, uint64_t count,
                                       const BenchFlavour& flavour) {
  std::vector<PrivateKey> keys;
  for (int p = 0; p < kPeople; ++p) keys.push_back(PersonKey(flavour, static_cast<uint8_t>(10 + p)));
  std::vector<SignedAction> actions(count);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < Cores(); ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t i = t; i < count; i += Cores()) actions[i] = MakeNote(keys[(first + i) % kPeople], origin, first + i);
    });
  }
  for (auto& thread : threads) thread.join();
  return actions;
}

std::unique_ptr<Ledger> FreshLedger(const std::string& dir, const std::string& origin,
                                    const LedgerOptions& options, const BenchFlavour& flavour) {
  std::filesystem::remove_all(dir);
  PrivateKey admin = PersonKey(flavour, 1);
  auto ledger = Ledger::Create(dir, MakeGenesis(admin, origin, flavour.hash), options);
  if (!ledger) throw std::runtime_error(ledger.error().ToString());
  std::vector<SignedAction> setup{MakeAgencyRegistration(admin, origin)};
  for (int p = 0; p < kPeople; ++p) setup.push_back(MakeRegistration(admin, origin, p, flavour));
  for (const SignedAction& action : setup) {
    auto appended = (*ledger)->Append(action);
    if (!appended) throw std::runtime_error(appended.error().ToString());
  }
  return std::move(*ledger);
}

// Appends `actions` with `clients` requests in flight at any time (each
// client submits its next action when its last one is acknowledged);
// returns the seconds taken.
double AppendAll(Ledger& ledger, const std::vector<SignedAction>& actions, int clients) {
  std::mutex mutex;
  std::condition_variable slot_free;
  size_t in_flight = 0, completed = 0;
  bool failed = false;
  // Refill in groups, so the submitting thread wakes once per group, not
  // once per acknowledgement.
  const size_t refill_below = std::max<size_t>(1, clients - clients / 4);
  auto start = Clock::now();
  for (size_t i = 0; i < actions.size(); ++i) {
    {
      std::unique_lock lock(mutex);
      if (in_flight >= static_cast<size_t>(clients)) {
        slot_free.wait(lock, [&] { return in_flight < refill_below; });
      }
      ++in_flight;
    }
    ledger.Submit(actions[i], [&](Result<AppendReceipt> receipt) {
      std::lock_guard lock(mutex);
      if (!receipt) failed = true;
      --in_flight;
      ++completed;
      if (in_flight + 1 == refill_below || completed == actions.size()) slot_free.notify_one();
    });
  }
  std::unique_lock lock(mutex);
  slot_free.wait(lock, [&] { return completed == actions.size(); });
  if (failed) throw std::runtime_error("an append failed during the benchmark");
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs `work` on `threads` threads for `seconds`; each returns how many
// operations it did before `stop` was set. Returns operations per second.
double MeasureRate(double seconds, unsigned threads, const std::function<uint64_t(const std::atomic<bool>&)>& work) {
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  auto start = Clock::now();
  for (unsigned t = 0; t < threads; ++t) workers.emplace_back([&] { done += work(stop); });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  return done / std::chrono::duration<double>(Clock::now() - start).count();
}

// OpenSSL's Ed25519 verify rate on all cores, as `openssl speed -multi`
// measures it: one context per thread, initialised once, a message the size
// of a typical action. Measured beside each figure, because on a shared
// machine the rate drifts from minute to minute.
double MeasureVerifyRate(double seconds, unsigned threads) {
  static const PrivateKey key = Key(3);
  static const SignedAction note = MakeNote(key, "bench", 1);
  return MeasureRate(seconds, threads, [](const std::atomic<bool>& stop) {
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.public_key().raw().data(), 32);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey);
    uint64_t n = 0;
    for (; !stop.load(std::memory_order_relaxed); ++n) {
      EVP_DigestVerify(ctx, note.signature.data(), 64, note.action.data(), note.action.size());
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return n;
  });
}

// OpenSSL's Ed25519 signing rate over `threads` threads (EVP through
// PrivateKey::Sign, one message).
double MeasureSignRate(double seconds, unsigned threads) {
  static const PrivateKey key = Key(3);
  static const SignedAction note = MakeNote(key, "bench", 1);
  return MeasureRate(seconds, threads, [](const std::atomic<bool>& stop) {
    uint64_t n = 0;
    for (; !stop.load(std::memory_order_relaxed); ++n) benchmark::DoNotOptimize(key.Sign("", note.action));
    return n;
  });
}



double MeasureSm2VerifyRate(double seconds, unsigned threads) {
  static const PrivateKey key = PersonKey(kGuomi, 3);
  static const SignedAction note = MakeNote(key, "bench", 1);
  return MeasureRate(seconds, threads, [](const std::atomic<bool>& stop) {
    EVP_MD_CTX* initialised = EVP_MD_CTX_new();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    std::string id(kSm2DistinguishingId);
    // The key as OpenSSL reads its PEM: the limit runs no gongkai code.
    const std::string pem = key.public_key().ToPem();
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_DigestVerifyInit_ex(initialised, &pctx, "SM3", nullptr, nullptr, pkey, nullptr);
    EVP_PKEY_CTX_set1_id(pctx, id.data(), id.size());
    Bytes message(kActionSignatureContext.begin(), kActionSignatureContext.end());
    message.insert(message.end(), note.action.begin(), note.action.end());
    uint64_t n = 0;
    for (; !stop.load(std::memory_order_relaxed); ++n) {
      EVP_MD_CTX_copy_ex(ctx, initialised);
      if (EVP_DigestVerify(ctx, note.signature.data(), note.signature.size(), message.data(), message.size()) != 1) {
        throw std::runtime_error("the SM2 limit's signature does not verify");
      }
    }
    EVP_MD_CTX_free(ctx);
    EVP_MD_CTX_free(initialised);
    EVP_PKEY_free(pkey);
    return n;
  });
}

double MeasureSm3Rate(double seconds, unsigned threads) {
  static const SignedAction note = MakeNote(Key(3), "bench", 1);
  const size_t record_size = kEntryHeaderSize + note.action.size() + 2 + 70;  // an SM2-signed entry
  return MeasureRate(seconds, threads, [record_size](const std::atomic<bool>& stop) {
    Bytes record(record_size, 0x5a);
    uint64_t n = 0;
    for (; !stop.load(std::memory_order_relaxed); ++n) {
      record[8] = static_cast<uint8_t>(n);
      benchmark::DoNotOptimize(Hash(HashAlgorithm::kSm3, record));
    }
    return n;
  });
}

// Runs PROGRAM ARGS as a child process, timing it and taking its peak RSS;
// its standard output goes to /dev/null when `discard_output`.
ProcessRun RunProgram(const char* program, std::vector<std::string> args, bool discard_output) {
  args.insert(args.begin(), program);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (discard_output) {
      int null = open("/dev/null", O_WRONLY);
      if (null >= 0) dup2(null, STDOUT_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  return {std::chrono::duration<double>(Clock::now() - start).count(), usage.ru_maxrss / 1024.0,
          WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

ProcessRun RunGongkai(std::vector<std::string> args, bool discard_output) {
  return RunProgram(GONGKAI_BINARY, std::move(args), discard_output);
}

// The large ledger for the verify benchmarks: built once, then reused.
// The log key of every benchmark ledger (its genesis names Key(2)).
const PrivateKey& LogKey() {
  static const PrivateKey key = Key(2);
  return key;
}

std::string LargeLedger(uint64_t entries, const BenchFlavour& flavour) {
  const bool guomi = flavour.people == SignatureAlgorithm::kSm2;
  std::string data = BenchDir() + fmt::format("/ledger-{}{}", guomi ? "sm-" : "", entries);
  std::string dir = data + "/ledger";
  if (auto ledger = Ledger::Open(dir); ledger && (*ledger)->head().size >= entries) return data;
  std::string origin = "bench.large";
  LedgerOptions options;
  options.log_key = &LogKey();
  options.checkpoint_interval = 100'000;
  // An unfinished ledger is started afresh: SM2 keys live only as long as
  // the process that made them.
  auto ledger = FreshLedger(dir, origin, options, flavour);
  fmt::print(stderr, "building a {}-entry ledger in {} (once)...\n", entries, dir);
  const uint64_t chunk = 100'000;
  for (uint64_t first = ledger->head().size; first < entries; first += chunk) {
    uint64_t n = std::min(chunk, entries - first);
    AppendAll(*ledger, PresignNotes(origin, first, n, flavour), 32);
    fmt::print(stderr, "\r  {} / {}", first + n, entries);
  }
  fmt::print(stderr, "\n");
  if (!ledger->MakeCheckpoint()) throw std::runtime_error("cannot sign the final checkpoint");
  return data;
}


std::string SimulatedLedger() {
  const std::string dir = BenchDir() + "/simulated";
  if (!std::filesystem::exists(dir + "/ledger")) {
    sim::SimulationOptions options;
    options.seed = 1;
    options.agencies = 30;
    options.year = 2025;
    options.events = EnvUint("GONGKAI_BENCH_SIM_EVENTS", 1'000'000);
    options.data_dir = dir;
    if (!sim::Simulate(options, nullptr)) return {};
  }
  return dir;
}

// The entries of the simulated ledger in `data` (0 when it is missing).
uint64_t EntriesOf(const std::string& data) {
  auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  if (data.empty() || !ledger) return 0;
  auto head = ReadHead(**ledger);
  return head ? head->size : 0;
}

// One gongkai process on the simulated ledger, timed with its peak memory:
// range 0, `project --rebuild` (entries per second; signatures are not
// checked, they were at append); range 1, `replay` of the whole ledger into a

}  // namespace gongkai::bench
