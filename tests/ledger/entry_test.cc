#include <gtest/gtest.h>

#include "ledger/entry.h"

namespace gongkai {
namespace {

TEST(EntryTest, EncodeDecodeRoundTrip) {
  Digest prev;
  prev.fill(0xab);
  Bytes action(24, 0x11), signature(64, 0x22);
  Bytes record = EncodeEntry(7, -5, prev, action, signature);
  ASSERT_EQ(record.size(), kEntryHeaderSize + 24 + 2 + 64);
  EXPECT_EQ(std::string(record.begin(), record.begin() + 4), "GKE1");
  auto view = DecodeEntry(record);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->seq, 7u);
  EXPECT_EQ(view->recorded_time, -5);
  EXPECT_EQ(view->prev_hash, prev);
  EXPECT_TRUE(std::equal(view->action.begin(), view->action.end(), action.begin(), action.end()));
  EXPECT_TRUE(std::equal(view->signature.begin(), view->signature.end(), signature.begin(), signature.end()));
}

TEST(EntryTest, FramingErrorsAreCorruption) {
  Digest prev{};
  Bytes record = EncodeEntry(1, 0, prev, Bytes(8, 1), Bytes(64, 2));
  auto expect = [](Bytes bytes, std::string_view part) {
    auto view = DecodeEntry(bytes);
    ASSERT_FALSE(view.has_value());
    EXPECT_EQ(view.error().code, ErrorCode::kCorruption);
    EXPECT_NE(view.error().message.find(part), std::string::npos) << view.error().message;
  };
  Bytes bad = record;
  bad[0] = 'X';
  expect(bad, "magic");
  bad = record;
  bad[4] = 9;
  expect(bad, "unknown algorithm");
  bad = record;
  bad[6] = 1;
  expect(bad, "reserved");
  bad = record;
  bad[59] = 200;
  expect(bad, "runs past");
  bad = record;
  bad.push_back(0);
  expect(bad, "does not end the record");
  expect(Bytes(10), "shorter than its header");
}

TEST(EntryTest, StoredEntryCarriesTheHash) {
  Bytes record = EncodeEntry(1, 0, Digest{}, Bytes(8, 1), Bytes(64, 2));
  Digest hash = EntryHash(record);
  Bytes stored = MakeStoredEntry(record, hash);
  auto split = SplitStoredEntry(stored);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->record.size(), record.size());
  EXPECT_TRUE(std::equal(split->stored_hash.begin(), split->stored_hash.end(), hash.begin()));
}

}  // namespace
}  // namespace gongkai
