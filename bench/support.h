// What the benchmarks share: the machine limits measured beside each
// figure, presigned actions, fresh and large ledgers, child processes timed
// with their peak memory, the simulated county ledger.
#pragma once

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/schema/registry.capnp.h"
#include "ledger/signing.h"

namespace gongkai::bench {

using Clock = std::chrono::steady_clock;
// The valid-from time of every benchmark key.
constexpr UnixMicros kValidFrom = 1'700'000'000'000'000LL;
// People registered in every fresh ledger (keys Key(10) .. Key(10 + kPeople - 1)).
constexpr int kPeople = 32;

unsigned Cores();
uint64_t EnvUint(const char* name, uint64_t fallback);
// $GONGKAI_BENCH_DIR, default ./bench-data.
std::string BenchDir();
// Limits measured in this run, by name ("verify", "append", "scan", ...).
std::map<std::string, double>& Limits();

// The key with the seed n, n, n, ...
PrivateKey Key(uint8_t n);

// The algorithms of a benchmark ledger: SHA-256 with Ed25519 people, or the
// 国密 ledger, SM3 with SM2 people (its log key stays Ed25519).
struct BenchFlavour {
  HashAlgorithm hash = HashAlgorithm::kSha256;
  SignatureAlgorithm people = SignatureAlgorithm::kEd25519;
};
inline constexpr BenchFlavour kGuomi{HashAlgorithm::kSm3, SignatureAlgorithm::kSm2};
// Person key n of the flavour: Key(n) for Ed25519; an SM2 key made once per
// process for each n (SM2 keys are not derived from seeds).
PrivateKey PersonKey(const BenchFlavour& flavour, uint8_t n);

SignedAction MakeGenesis(const PrivateKey& admin, const std::string& origin,
                         HashAlgorithm hash = HashAlgorithm::kSha256);
// Registers the agency 天宁区政府办, which every bench person belongs to.
SignedAction MakeAgencyRegistration(const PrivateKey& admin, const std::string& origin);
// Registers `person_id` in 天宁区政府办 with `key` and one `role`.
SignedAction MakePersonRegistration(const PrivateKey& admin, const std::string& origin, const std::string& person_id,
                                    const std::string& name, const PrivateKey& key, schema::Role role);
// Person p<person>, a handler, with PersonKey(flavour, 10 + person).
SignedAction MakeRegistration(const PrivateKey& admin, const std::string& origin, int person,
                              const BenchFlavour& flavour = {});
// A note of realistic size (~250 bytes canonical): an item step with a digest.
SignedAction MakeNote(const PrivateKey& key, const std::string& origin, uint64_t n);
// Signs `count` notes on all cores, people taking turns.
std::vector<SignedAction> PresignNotes(const std::string& origin, uint64_t first, uint64_t count,
                                       const BenchFlavour& flavour = {});
// A new ledger in `dir`: genesis by PersonKey(flavour, 1) (log key Key(2))
// and kPeople people.
std::unique_ptr<Ledger> FreshLedger(const std::string& dir, const std::string& origin,
                                    const LedgerOptions& options = {}, const BenchFlavour& flavour = {});
// Appends `actions` with `clients` requests in flight at any time (each
// client submits its next action when its last one is acknowledged);
// returns the seconds taken.
double AppendAll(Ledger& ledger, const std::vector<SignedAction>& actions, int clients);

double ProcessCpuSeconds();
// Runs `work` on `threads` threads for `seconds`; each returns how many
// operations it did before `stop` was set. Returns operations per second.
double MeasureRate(double seconds, unsigned threads, const std::function<uint64_t(const std::atomic<bool>&)>& work);
// OpenSSL's Ed25519 verify rate on `threads` threads, as `openssl speed
// -multi` measures it.
double MeasureVerifyRate(double seconds, unsigned threads = Cores());
// OpenSSL's Ed25519 signing rate over `threads` threads.
double MeasureSignRate(double seconds, unsigned threads = Cores());
// OpenSSL's SM2 (SM3, ID 1234567812345678) verify rate on `threads`
// threads, the same way: one initialised context per thread, copied per
// verification, a message the size of a typical action.
double MeasureSm2VerifyRate(double seconds, unsigned threads = Cores());
// OpenSSL's SM3 rate over records the size of a typical entry (records/s).
double MeasureSm3Rate(double seconds, unsigned threads = Cores());

// The limit around a measurement: the mean of `rate` (e.g. MeasureVerifyRate)
// just before and just after it, kept in the counter verify_limit_per_s.
template <typename Rate, typename Fn>
double WithLimit(benchmark::State& state, Rate&& rate, Fn&& measure) {
  double before = rate(1.0, Cores());
  measure();
  double after = rate(1.0, Cores());
  double limit = (before + after) / 2;
  state.counters["verify_limit_per_s"] = limit;
  return limit;
}
template <typename Fn>
double WithVerifyLimit(benchmark::State& state, Fn&& measure) {
  return WithLimit(state, MeasureVerifyRate, std::forward<Fn>(measure));
}

struct ProcessRun {
  double seconds;
  double peak_rss_mb;
  int exit_code;
};
// Runs PROGRAM ARGS as a child process, timing it and taking its peak RSS;
// its standard output goes to /dev/null when `discard_output`.
ProcessRun RunProgram(const char* program, std::vector<std::string> args, bool discard_output = false);
ProcessRun RunGongkai(std::vector<std::string> args, bool discard_output = false);

// The log key of every benchmark ledger (its genesis names Key(2)).
const PrivateKey& LogKey();
// The large ledger for the verify benchmarks, built once into BenchDir().
std::string LargeLedger(uint64_t entries, const BenchFlavour& flavour = {});
// The simulated county-year (1,000,000 events unless
// GONGKAI_BENCH_SIM_EVENTS says otherwise), built once; its data directory.
std::string SimulatedLedger();
// The entries of the ledger in `data` (0 when it is missing).
uint64_t EntriesOf(const std::string& data);

}  // namespace gongkai::bench
