// Durability under SIGKILL: an appending process is killed at random moments,
// 100 times in CI (GONGKAI_CRASH_CYCLES sets it: tools/crash-campaign runs
// 1,000); after each kill the ledger must open and verify, and every append
// that was acknowledged must be there with the same hash.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <sstream>

#include "ledger/verifier.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

constexpr int kThreads = 4;

struct Acked {
  uint64_t seq;
  std::string hash;
};

// Starts the appender and kills it `delay_ms` after it started or, with
// `after_ready`, after it reported the ledger open; returns what it
// acknowledged.
std::vector<Acked> RunAndKill(const std::string& dir, int run, int delay_ms, bool after_ready) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], 1);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    std::string run_id = fmt::format("run{}", run), threads = std::to_string(kThreads);
    ::execl(CRASH_APPENDER, CRASH_APPENDER, dir.c_str(), run_id.c_str(), threads.c_str(), nullptr);
    std::_Exit(127);
  }
  ::close(pipe_fds[1]);
  std::string output;
  if (after_ready) {
    char c;
    while (!output.ends_with("ready\n") && ::read(pipe_fds[0], &c, 1) == 1) output += c;
  }
  ::usleep(delay_ms * 1000);
  ::kill(pid, SIGKILL);
  char buffer[65536];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the appender ended by itself (status " << status << ")";
  std::vector<Acked> acked;
  if (auto ready = output.find("ready\n"); ready != std::string::npos) output.erase(0, ready + 6);
  std::istringstream lines(output);
  for (Acked a; lines >> a.seq >> a.hash;) acked.push_back(a);
  return acked;
}

TEST(CrashTest, KilledAppenderLosesNoAcknowledgedEntry) {
  TempDir dir;
  std::string ledger_dir = dir.Sub("ledger");
  {
    PrivateKey admin = SeededKey(1);
    auto ledger = Ledger::Create(ledger_dir, Genesis(admin, SeededKey(2)));
    ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
    ASSERT_TRUE((*ledger)->Append(RegisterAgency(admin)).has_value());
    for (int t = 0; t < kThreads; ++t) {
      ASSERT_TRUE((*ledger)->Append(RegisterPerson(admin, SeededKey(10 + t), fmt::format("writer{}", t),
                                                   {schema::Role::HANDLER}, 0))
                      .has_value());
    }
  }
  const int runs = CountFromEnvironment("GONGKAI_CRASH_CYCLES", 100);
  std::mt19937 random(20261122);  // fixed: a failure can be replayed
  std::uniform_int_distribution<int> delay(0, 100);
  uint64_t verified_up_to = 0, total_acked = 0;
  for (int run = 0; run < runs; ++run) {
    // Half the kills count from the start (they may land while the ledger
    // opens and recovers), half from the moment it is open.
    auto acked = RunAndKill(ledger_dir, run, delay(random), run % 2 == 1);
    total_acked += acked.size();

    auto opened = Ledger::Open(ledger_dir);  // it opens, and recovers its head
    ASSERT_TRUE(opened.has_value()) << "run " << run << ": " << opened.error().ToString();
    uint64_t size = (*opened)->head().size;
    for (const Acked& a : acked) {
      ASSERT_LT(a.seq, size) << "run " << run << ": acknowledged entry " << a.seq << " is gone";
      auto stored = (*opened)->ReadStored(a.seq);
      ASSERT_TRUE(stored.has_value());
      EXPECT_EQ(ToHex(SplitStoredEntry(*stored)->stored_hash), a.hash) << "run " << run << " entry " << a.seq;
    }
    // Chain over everything, signatures and keys over what this run added.
    auto chain = VerifyLedger((*opened)->store(), {.chain_only = true});
    ASSERT_TRUE(chain.has_value()) << "run " << run << ": " << chain.error().ToString();
    if (verified_up_to < size) {
      auto full = VerifyLedger((*opened)->store(), {.from = verified_up_to});
      ASSERT_TRUE(full.has_value()) << "run " << run << ": " << full.error().ToString();
      verified_up_to = size;
    }
  }
  EXPECT_GT(total_acked, 100u) << "the appender hardly ran; the test proved little";
  auto store = Store::Open(ledger_dir, Store::Mode::kReadOnly);
  auto full = VerifyLedger(**store, {});
  ASSERT_TRUE(full.has_value()) << full.error().ToString();
  // Any loss or verify failure has failed the test above, at its cycle.
  std::printf("crash campaign: %d kill -9 cycles, %lu acknowledged appends, 0 lost, 0 verify failures, %lu entries "
              "verified\n",
              runs,
              static_cast<unsigned long>(total_acked), static_cast<unsigned long>(full->checked));
}

}  // namespace
}  // namespace gongkai::testing
