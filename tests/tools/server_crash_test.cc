// gongkai serve killed with SIGKILL while clients stream signed appends:
// each client retries every action it has no answer for, with the same
// signed bytes (the same event id), against the restarted server. After
// several kills (10 in CI; GONGKAI_SERVER_KILLS sets it: tools/crash-campaign
// runs more), every acknowledged entry is in the ledger once, at the
// seq and with the hash its receipt named, nothing is there twice, and
// the ledger verifies.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "ledger/data_dir.h"
#include "ledger/json.h"
#include "ledger/ledger.h"
#include "ledger/verifier.h"
#include "tests/support/server_process.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

TEST(ServerCrashTest, AcknowledgedAppendsSurviveKillsAndRetriesNeverDuplicate) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  PrivateKey alice = SeededKey(10);
  InitServedDataDir(data, {{"alice", alice, schema::Role::HANDLER}});
  const int kKills = CountFromEnvironment("GONGKAI_SERVER_KILLS", 10);
  const int kClients = 6, kEach = std::max(100, 10 * kKills);
  auto server = std::make_unique<Server>(data);
  const int port = server->port();
  ASSERT_GT(port, 0);
  std::atomic<int> acknowledged{0}, unanswered{0}, found_on_retry{0};
  std::mutex receipts_mutex;
  std::map<std::string, std::string> receipts;  // event id -> the receipt's "seq" and "hash" part
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        const std::string event_id = fmt::format("crash/{}/{}", c, i);
        const std::string body = SignedActionToJson(Note(alice, {event_id, fmt::format("notes/{}", c)}));
        // Retry the same signed action until it is answered: the server
        // may be dead, restarting, or cut the connection mid-answer.
        for (int attempt = 0; attempt < 600; ++attempt) {
          HttpAnswer answer = Http(port, "POST", "/1/add", body);
          if (answer.status == 200) {
            std::lock_guard lock(receipts_mutex);
            auto end = answer.body.find(",\"recorded\"");
            const std::string place = answer.body.substr(0, end);
            auto [it, added] = receipts.emplace(event_id, place);
            EXPECT_EQ(it->second, place) << event_id;  // a retry answers the first entry
            ++acknowledged;
            // Made durable before the kill, its answer lost: the retry finds it.
            if (attempt > 0 && answer.body.find("\"duplicate\":true") != std::string::npos) ++found_on_retry;
            break;
          }
          EXPECT_TRUE(answer.status == 0 || answer.status == 503) << answer.status << " " << answer.body;
          ++unanswered;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    });
  }
  for (int kill = 1; kill <= kKills; ++kill) {
    // Kill once the clients are well into this round's appends.
    while (acknowledged.load() < kill * kClients * kEach / (kKills + 1)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    server->Kill();
    server = std::make_unique<Server>(std::vector<std::string>{
        "--data", data, "serve", "--listen", fmt::format("127.0.0.1:{}", port), "--checkpoint-seconds", "1"});
    ASSERT_EQ(server->port(), port) << "kill " << kill;
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(server->Stop(), 0);
  // The kills did cut the clients off (and some answers were lost after
  // the entry was durable: found again by the retry, not appended twice).
  EXPECT_GT(unanswered.load(), 0);
  std::printf("server crash campaign: %d kill -9 cycles, %d acknowledged appends; %d requests unanswered and "
              "retried, %d entries found again on retry\n",
              kKills, acknowledged.load(), unanswered.load(), found_on_retry.load());
  ASSERT_EQ(receipts.size(), static_cast<size_t>(kClients * kEach));

  // Every receipt names its entry: that seq holds that hash.
  LedgerOptions options;
  auto ledger = Ledger::Open(DataDir(data).ledger(), options);
  ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
  for (const auto& [event_id, place] : receipts) {
    // place: {"seq":"N","hash":"HEX"
    const std::string seq = place.substr(8, place.find('"', 8) - 8);
    const std::string hash = place.substr(place.find("\"hash\":\"") + 8, 64);
    auto stored = (*ledger)->ReadStored(std::stoull(seq));
    ASSERT_TRUE(stored.has_value()) << event_id;
    EXPECT_EQ(ToHex(ByteView(*stored).subspan(stored->size() - 32)), hash) << event_id;
  }
  // Nothing twice: exactly one entry per action after the registry's two.
  EXPECT_EQ((*ledger)->head().size, 3u + kClients * kEach);
  ledger->reset();
  auto store = Store::Open(DataDir(data).ledger(), Store::Mode::kReadOnly);
  ASSERT_TRUE(store.has_value());
  auto verified = VerifyLedger(**store, {});
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_EQ(verified->checked, 3u + kClients * kEach);
}

}  // namespace
}  // namespace gongkai::testing
