#include <gtest/gtest.h>

#include "ledger/entry.h"

namespace gongkai {
namespace {

constexpr EntryAlgorithms kClassic{HashAlgorithm::kSha256, SignatureAlgorithm::kEd25519};

TEST(EntryTest, EncodeDecodeRoundTrip) {
  Digest prev;
  prev.fill(0xab);
  Bytes action(24, 0x11), signature(64, 0x22);
  Bytes record = EncodeEntry(kClassic, 7, -5, prev, action, signature);
  ASSERT_EQ(record.size(), kEntryHeaderSize + 24 + 2 + 64);
  EXPECT_EQ(std::string(record.begin(), record.begin() + 4), "GKE1");
  EXPECT_EQ(record[4], 1);
  EXPECT_EQ(record[5], 1);
  auto view = DecodeEntry(record);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->hash_algorithm, HashAlgorithm::kSha256);
  EXPECT_EQ(view->signature_algorithm, SignatureAlgorithm::kEd25519);
  EXPECT_EQ(view->seq, 7u);
  EXPECT_EQ(view->recorded_time, -5);
  EXPECT_EQ(view->prev_hash, prev);
  EXPECT_TRUE(std::equal(view->action.begin(), view->action.end(), action.begin(), action.end()));
  EXPECT_TRUE(std::equal(view->signature.begin(), view->signature.end(), signature.begin(), signature.end()));
}

TEST(EntryTest, FramingErrorsAreCorruption) {
  Digest prev{};
  Bytes record = EncodeEntry(kClassic, 1, 0, prev, Bytes(8, 1), Bytes(64, 2));
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
  bad[5] = 3;
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

// Bytes 4 and 5 name the ledger's hash and the signer's key algorithm; the
// entry hash follows byte 4.
TEST(EntryTest, AlgorithmBytesNameSm3AndSm2) {
  Bytes record = EncodeEntry({HashAlgorithm::kSm3, SignatureAlgorithm::kSm2}, 1, 0, Digest{}, Bytes(8, 1),
                             Bytes(70, 2));
  EXPECT_EQ(record[4], 2);
  EXPECT_EQ(record[5], 2);
  auto view = DecodeEntry(record);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->hash_algorithm, HashAlgorithm::kSm3);
  EXPECT_EQ(view->signature_algorithm, SignatureAlgorithm::kSm2);
  EXPECT_EQ(EntryHash(record), Hash(HashAlgorithm::kSm3, record));
  EXPECT_NE(EntryHash(record), Sha256(record));
}

TEST(EntryTest, StoredEntryCarriesTheHash) {
  Bytes record = EncodeEntry(kClassic, 1, 0, Digest{}, Bytes(8, 1), Bytes(64, 2));
  Digest hash = EntryHash(record);
  Bytes stored = MakeStoredEntry(record, hash);
  auto split = SplitStoredEntry(stored);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->record.size(), record.size());
  EXPECT_TRUE(std::equal(split->stored_hash.begin(), split->stored_hash.end(), hash.begin()));
}

}  // namespace
}  // namespace gongkai
