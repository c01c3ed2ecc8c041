// The server's access log: a hash chain that shows any line changed,
// removed or inserted, survives a torn last line, and continues across
// restarts.
#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>
#include <thread>
#include <mutex>
#include <condition_variable>
#include <atomic>

#include "tests/support/test_ledger.h"
#include "tools/server/access_log.h"

namespace gongkai::testing {
namespace {

server::AccessEntry Read(const std::string& person, unsigned status) {
  return {kStart, person, "0123456789abcdef0123456789abcdef", "GET /2026/query/item?arg=x", "item/x", status};
}

void Rewrite(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST(AccessLogTest, RecordsChainAndContinueAfterARestart) {
  TempDir dir;
  const std::string path = dir.Sub("access-log.jsonl");
  {
    auto log = server::AccessLog::Open(path);
    ASSERT_TRUE(log.has_value()) << log.error().ToString();
    ASSERT_TRUE((*log)->Record(Read("zhang", 200)).has_value());
    ASSERT_TRUE((*log)->Record(Read("li", 403)).has_value());
  }
  auto log = server::AccessLog::Open(path);
  ASSERT_TRUE(log.has_value());
  EXPECT_EQ((*log)->summary().records, 2u);
  ASSERT_TRUE((*log)->Record(Read("wang", 200)).has_value());
  std::vector<std::string> people;
  auto read = server::ReadAccessLog(path, [&](schema::AccessRecord::Reader record) {
    people.emplace_back(record.getPerson().cStr());
  });
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->records, 3u);
  EXPECT_EQ(read->head, (*log)->summary().head);
  EXPECT_EQ(people, (std::vector<std::string>{"zhang", "li", "wang"}));
  std::string text = ReadFile(path);
  EXPECT_TRUE(text.starts_with("{\"n\":\"0\",\"time\":\"2026-01-05T09:00:00.000000+08:00\",\"person\":\"zhang\","))
      << text;
}

// Group commit: records are handed tickets in order as they are written,
// and each waiting read is released once a sync covers its record.
TEST(AccessLogTest, WrittenRecordsAreReleasedOnceASyncCoversThem) {
  TempDir dir;
  const std::string path = dir.Sub("access-log.jsonl");
  kj::EventLoop loop;
  kj::WaitScope wait(loop);
  auto log = server::AccessLog::Open(path);
  ASSERT_TRUE(log.has_value());
  EXPECT_TRUE((*log)->WhenSynced(0).wait(wait).has_value());  // nothing to wait for
  kj::Vector<kj::Promise<Status>> synced;
  for (uint64_t n = 1; n <= 50; ++n) {
    auto ticket = (*log)->Append(Read(fmt::format("p{}", n), 200));
    ASSERT_TRUE(ticket.has_value()) << ticket.error().ToString();
    EXPECT_EQ(*ticket, n);
    synced.add((*log)->WhenSynced(*ticket));
  }
  for (auto& promise : synced) EXPECT_TRUE(promise.wait(wait).has_value());
  EXPECT_TRUE((*log)->WhenSynced(50).wait(wait).has_value());  // already on disk: at once
  auto read = server::ReadAccessLog(path);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->records, 50u);
  EXPECT_EQ(read->head, (*log)->summary().head);
}

// A read waits for the sync that covers its record: while the syncer is
// held, the record is written but the read not released.
TEST(AccessLogTest, AReadIsReleasedOnlyOnceItsRecordIsSynced) {
  TempDir dir;
  kj::EventLoop loop;
  kj::WaitScope wait(loop);
  std::mutex mutex;
  std::condition_variable released;
  bool held = true;
  auto log = server::AccessLog::Open(dir.Sub("access-log.jsonl"), [&](int fd) {
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return !held; });
    return fdatasync(fd);
  });
  ASSERT_TRUE(log.has_value());
  auto ticket = (*log)->Append(Read("zhang", 200));
  ASSERT_TRUE(ticket.has_value());
  auto synced = (*log)->WhenSynced(*ticket);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(synced.poll(wait)) << "released before its record was synced";
  {
    std::lock_guard lock(mutex);
    held = false;
  }
  released.notify_all();
  EXPECT_TRUE(synced.wait(wait).has_value());
}

// A failed sync refuses the reads waiting on it and every later one; a read
// whose record reached the disk before stays answered.
TEST(AccessLogTest, AFailedSyncRefusesWaitingAndLaterReads) {
  TempDir dir;
  kj::EventLoop loop;
  kj::WaitScope wait(loop);
  std::atomic<bool> fail{false};
  auto log = server::AccessLog::Open(dir.Sub("access-log.jsonl"), [&](int fd) {
    if (!fail) return fdatasync(fd);
    errno = EIO;
    return -1;
  });
  ASSERT_TRUE(log.has_value());
  auto first = (*log)->Append(Read("zhang", 200));
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE((*log)->WhenSynced(*first).wait(wait).has_value());
  fail = true;
  auto second = (*log)->Append(Read("li", 200));
  ASSERT_TRUE(second.has_value());
  auto refused = (*log)->WhenSynced(*second).wait(wait);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kIo);
  EXPECT_NE(refused.error().message.find("Input/output error"), std::string::npos) << refused.error().message;
  auto later = (*log)->Append(Read("wang", 200));
  ASSERT_FALSE(later.has_value());
  EXPECT_EQ(later.error().code, ErrorCode::kIo);
  EXPECT_TRUE((*log)->WhenSynced(*first).wait(wait).has_value());  // on disk before the failure
}

TEST(AccessLogTest, AChangedOrRemovedLineBreaksTheChain) {
  TempDir dir;
  const std::string path = dir.Sub("access-log.jsonl");
  {
    auto log = server::AccessLog::Open(path);
    ASSERT_TRUE(log.has_value());
    for (const char* person : {"zhang", "li", "wang"}) ASSERT_TRUE((*log)->Record(Read(person, 200)).has_value());
  }
  const std::string text = ReadFile(path);
  std::string changed = text;
  changed.replace(changed.find("\"li\""), 4, "\"xu\"");
  Rewrite(path, changed);
  auto read = server::ReadAccessLog(path);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::kCorruption);
  EXPECT_NE(read.error().message.find("line 3: the chain is broken"), std::string::npos) << read.error().message;

  std::string removed = text;
  size_t second = removed.find('\n') + 1;
  removed.erase(second, removed.find('\n', second) + 1 - second);
  Rewrite(path, removed);
  read = server::ReadAccessLog(path);
  ASSERT_FALSE(read.has_value());
  EXPECT_NE(read.error().message.find("line 2: the chain is broken"), std::string::npos) << read.error().message;
  EXPECT_EQ(server::AccessLog::Open(path).error().code, ErrorCode::kCorruption);
}

TEST(AccessLogTest, ATornLastLineWasNeverAnsweredAndIsCutOff) {
  TempDir dir;
  const std::string path = dir.Sub("access-log.jsonl");
  {
    auto log = server::AccessLog::Open(path);
    ASSERT_TRUE(log.has_value());
    ASSERT_TRUE((*log)->Record(Read("zhang", 200)).has_value());
  }
  Rewrite(path, ReadFile(path) + "{\"n\":\"1\",\"time\":\"2026-01-0");
  auto read = server::ReadAccessLog(path);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->records, 1u);
  auto log = server::AccessLog::Open(path);
  ASSERT_TRUE(log.has_value());
  ASSERT_TRUE((*log)->Record(Read("li", 200)).has_value());
  read = server::ReadAccessLog(path);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->records, 2u);
}

}  // namespace
}  // namespace gongkai::testing
