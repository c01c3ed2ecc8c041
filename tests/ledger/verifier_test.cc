// Tamper tests: every alteration of the stored ledger makes verification
// fail at the right entry with the right reason.
#include <gtest/gtest.h>

#include "ledger/head.h"
#include "ledger/merkle_store.h"
#include "ledger/verifier.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// The tamper matrix, over every flavour (Ed25519 and SM2 signers, SHA-256
// and SM3 ledgers).
class VerifierTest : public LedgerFixture, public ::testing::WithParamInterface<LedgerFlavour> {
 protected:
  void SetUp() override {
    flavour_ = GetParam();
    LedgerFixture::SetUp();
    // Entry 1 registers the agency (the fixture).
    alice_ = std::make_unique<PrivateKey>(AddPerson("alice", 10));   // entry 2
    bob_ = std::make_unique<PrivateKey>(AddPerson("bob", 11));       // entry 3
    for (int i = 0; i < 36; ++i) {                                    // entries 4..39
      clock_.Advance(kSecond);
      MustAppend(Note(i % 2 ? *alice_ : *bob_, {fmt::format("n{}", i)}));
    }
    ledger_.reset();  // tampering happens with the ledger closed
  }

  std::unique_ptr<Store> OpenStore() {
    auto store = Store::Open(dir_.Sub("ledger"), Store::Mode::kOpen);
    EXPECT_TRUE(store.has_value());
    return std::move(*store);
  }

  Result<VerifyReport> Verify(VerifyOptions options = {}) {
    auto store = Store::Open(dir_.Sub("ledger"), Store::Mode::kReadOnly);
    EXPECT_TRUE(store.has_value());
    options.jobs = 2;
    return VerifyLedger(**store, options);
  }

  void ExpectFailure(uint64_t seq, ErrorCode code, std::string_view message_part,
                     VerifyOptions options = {}) {
    auto report = Verify(options);
    ASSERT_FALSE(report.has_value()) << "verification passed";
    EXPECT_EQ(report.error().seq, seq) << report.error().ToString();
    EXPECT_EQ(report.error().code, code) << report.error().ToString();
    EXPECT_NE(report.error().message.find(message_part), std::string::npos) << report.error().message;
  }

  std::string Stored(Store& store, uint64_t seq) { return **store.Get(Family::kEntries, SeqKey(seq)); }
  void Put(Store& store, uint64_t seq, const std::string& value) {
    rocksdb::WriteBatch batch;
    batch.Put(store.family(Family::kEntries), ToSlice(SeqKey(seq)), value);
    ASSERT_TRUE(store.Write(batch, true).has_value());
  }
  // Rewrites entry `seq` from its parts, with a correct stored hash.
  void Rewrite(Store& store, uint64_t seq, ByteView action, ByteView signature) {
    auto old = Stored(store, seq);
    auto entry = *DecodeEntry(SplitStoredEntry(AsBytes(old))->record);
    Bytes record = EncodeEntry({entry.hash_algorithm, entry.signature_algorithm}, seq, entry.recorded_time,
                               entry.prev_hash, action, signature);
    Bytes value = MakeStoredEntry(record, EntryHash(record));
    Put(store, seq, std::string(value.begin(), value.end()));
  }

  std::unique_ptr<PrivateKey> alice_, bob_;
};

TEST_P(VerifierTest, IntactLedgerVerifies) {
  auto report = Verify();
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->checked, 40u);
  auto chain = Verify({.chain_only = true});
  ASSERT_TRUE(chain.has_value());
  auto partial = Verify({.from = 25});
  ASSERT_TRUE(partial.has_value());
  EXPECT_EQ(partial->checked, 15u);
}

TEST_P(VerifierTest, FlippedByteInActionIsAnAlteredEntry) {
  auto store = OpenStore();
  std::string value = Stored(*store, 17);
  value[kEntryHeaderSize + 20] ^= 0x01;
  Put(*store, 17, value);
  store.reset();
  ExpectFailure(17, ErrorCode::kCorruption, "entry hash does not match its contents");
  ExpectFailure(17, ErrorCode::kCorruption, "entry hash does not match its contents", {.chain_only = true});
}

TEST_P(VerifierTest, FlippedByteInRecordedTimeIsAnAlteredEntry) {
  auto store = OpenStore();
  std::string value = Stored(*store, 9);
  value[16 + 3] ^= 0x40;  // moves the recorded time far back
  Put(*store, 9, value);
  store.reset();
  ExpectFailure(9, ErrorCode::kCorruption, "entry hash does not match its contents");
}

TEST_P(VerifierTest, AlteredEntryWithRecomputedHashBreaksTheChainAtTheNextEntry) {
  auto store = OpenStore();
  std::string value = Stored(*store, 12);
  auto split = *SplitStoredEntry(AsBytes(value));
  Bytes record(split.record.begin(), split.record.end());
  record[16 + 7] ^= 0x01;  // recorded time + 1 µs
  Bytes rewritten = MakeStoredEntry(record, EntryHash(record));
  Put(*store, 12, std::string(rewritten.begin(), rewritten.end()));
  store.reset();
  // The Merkle tree pins the entry itself; the chain alone shows the break
  // at the next entry.
  ExpectFailure(12, ErrorCode::kCorruption, "the entry does not match its Merkle leaf");
  ExpectFailure(13, ErrorCode::kCorruption, "previous-hash field does not match entry 12's hash",
                {.chain_only = true});
}

TEST_P(VerifierTest, DeletedEntryIsMissing) {
  auto store = OpenStore();
  rocksdb::WriteBatch batch;
  batch.Delete(store->family(Family::kEntries), ToSlice(SeqKey(21)));
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  ExpectFailure(21, ErrorCode::kCorruption, "entry missing (the next stored entry is 22)");
}

TEST_P(VerifierTest, SwappedEntriesAreReordered) {
  auto store = OpenStore();
  std::string a = Stored(*store, 14), b = Stored(*store, 30);
  Put(*store, 14, b);
  Put(*store, 30, a);
  store.reset();
  ExpectFailure(14, ErrorCode::kCorruption, "stored at position 14 but records sequence number 30");
}

TEST_P(VerifierTest, TruncatedTailIsMissing) {
  auto store = OpenStore();
  rocksdb::WriteBatch batch;
  for (uint64_t seq = 35; seq < 40; ++seq) batch.Delete(store->family(Family::kEntries), ToSlice(SeqKey(seq)));
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  ExpectFailure(35, ErrorCode::kCorruption, "the head records 40 entries but they end here");
  ExpectFailure(35, ErrorCode::kCorruption, "tail truncated", {.chain_only = true});
}

// An operator deletes entries 35..39 and rewinds the head to 35 entries,
// consistent with entry 34: whatever the store keeps of the removed
// entries names the removal, first the Merkle tree, then the event ids.
TEST_P(VerifierTest, RemovedEntriesBehindARewoundHeadAreNamed) {
  auto store = OpenStore();
  ASSERT_EQ(ReadHead(*store)->size, 40u);
  RewindHead(*store, 35);  // no registry event after entry 3: the registry digest stays as it is
  store.reset();
  ExpectFailure(35, ErrorCode::kCorruption, "Merkle node 0/35 is stored, but the head records 35 entries: entries 35..35 were removed");

  store = OpenStore();
  rocksdb::WriteBatch nodes;
  for (int level = 0; level < 6; ++level) {
    for (uint64_t index = 35 >> level; index <= (uint64_t{40} >> level); ++index) {
      nodes.Delete(store->family(Family::kMerkle), ToSlice(MerkleNodeKey(level, index)));
    }
  }
  ASSERT_TRUE(store->Write(nodes, true).has_value());
  store.reset();
  ExpectFailure(35, ErrorCode::kCorruption, "event id 'n31' indexed to entry 35 is stored");
  // Without the full pass from entry 0, the tree alone is looked at.
  EXPECT_TRUE(Verify({.chain_only = true}).has_value());
}

TEST_P(VerifierTest, ReplacedSignatureFailsAtThatEntry) {
  auto store = OpenStore();
  auto old = Stored(*store, 20);
  auto entry = *DecodeEntry(SplitStoredEntry(AsBytes(old))->record);
  Bytes forged(entry.signature.begin(), entry.signature.end());
  forged[10] ^= 0x80;
  Bytes action(entry.action.begin(), entry.action.end());
  Rewrite(*store, 20, action, forged);
  store.reset();
  // The hash was recomputed, so the chain breaks at 21 too; 20 is reported.
  ExpectFailure(20, ErrorCode::kBadSignature, "signature does not verify");
  // A chain-only check cannot see it at 20, only the broken link after it.
  ExpectFailure(21, ErrorCode::kCorruption, "chain broken", {.chain_only = true});
}

TEST_P(VerifierTest, ReSignedWithRevokedKeyFailsAtThatEntry) {
  // Alice's key is revoked at entry 40; an operator later replaces entry 42
  // by an action she signs with the revoked key.
  LedgerFixture::Reopen();
  MustAppend(RevokeKey(admin_, alice_->public_key().id(), clock_.Now()));  // 40
  clock_.Advance(kSecond);
  MustAppend(Note(*bob_, {"n-40"}));  // 41
  MustAppend(Note(*bob_, {"n-41"}));  // 42
  MustAppend(Note(*bob_, {"n-42"}));  // 43
  ledger_.reset();
  auto store = OpenStore();
  auto forged = Note(*alice_, {"forged", "test/stream", -1, clock_.Now()});
  Rewrite(*store, 42, forged.action, forged.signature);
  store.reset();
  ExpectFailure(42, ErrorCode::kKeyRevoked, "was revoked from");
}

TEST_P(VerifierTest, ReplayedActionInARewrittenChainIsFound) {
  // The operator copies entry 10's signed action over entry 20 and
  // recomputes entry 20's hash: the signature is genuine, the event id is not
  // unique.
  auto store = OpenStore();
  std::string stored10 = Stored(*store, 10);
  auto entry10 = *DecodeEntry(SplitStoredEntry(AsBytes(stored10))->record);
  Bytes action(entry10.action.begin(), entry10.action.end());
  Bytes signature(entry10.signature.begin(), entry10.signature.end());
  Rewrite(*store, 20, action, signature);
  store.reset();
  ExpectFailure(20, ErrorCode::kCorruption, "is indexed to entry 10 (event ids must be unique)");
}

TEST_P(VerifierTest, FutureDatedActionInARewrittenEntryIsFound) {
  auto store = OpenStore();
  auto forged = Note(*alice_, {"n20", "test/stream", -1, kStart + 3600 * kSecond});
  Rewrite(*store, 20, forged.action, forged.signature);
  store.reset();
  ExpectFailure(20, ErrorCode::kFutureBusinessTime, "is after the recorded time");
}

TEST_P(VerifierTest, HeadRecordedTimeMustMatchTheLastEntry) {
  auto store = OpenStore();
  auto head = **store->Get(Family::kMeta, AsBytes(kHeadKey));
  head[47] ^= 1;
  rocksdb::WriteBatch batch;
  batch.Put(store->family(Family::kMeta), kHeadKey, head);
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  ExpectFailure(39, ErrorCode::kCorruption, "recorded time does not match");
}

TEST_P(VerifierTest, TruncatedRecordIsReportedNotCrashedOn) {
  auto store = OpenStore();
  Put(*store, 15, Stored(*store, 15).substr(0, 50));
  store.reset();
  ExpectFailure(15, ErrorCode::kCorruption, "too short");
}

TEST_P(VerifierTest, AlteredMerkleNodeIsFound) {
  auto store = OpenStore();
  rocksdb::WriteBatch batch;
  Digest forged{};
  batch.Put(store->family(Family::kMerkle), ToSlice(MerkleNodeKey(3, 1)), ToSlice(forged));
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  // Node 3/1 covers entries 8..15; it is complete once entry 15 is there.
  ExpectFailure(15, ErrorCode::kCorruption, "stored Merkle node 3/1 is wrong");
}

TEST_P(VerifierTest, HeadRecordMustMatchTheLastEntry) {
  auto store = OpenStore();
  auto head = **store->Get(Family::kMeta, AsBytes(kHeadKey));
  head[20] ^= 1;
  rocksdb::WriteBatch batch;
  batch.Put(store->family(Family::kMeta), kHeadKey, head);
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  ExpectFailure(39, ErrorCode::kCorruption, "head record's hash does not match");
}

TEST_P(VerifierTest, RemovedRegistryIndexEntryIsFound) {
  auto store = OpenStore();
  rocksdb::WriteBatch batch;
  batch.Delete(store->family(Family::kRegistryIndex), ToSlice(SeqKey(2)));
  ASSERT_TRUE(store->Write(batch, true).has_value());
  store.reset();
  ExpectFailure(2, ErrorCode::kCorruption, "registry index");
}

TEST_P(VerifierTest, FromPastTheHeadIsAnArgumentError) {
  auto report = Verify({.from = 40});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(VerifierTest, ProgressIsReportedUpToTheTotal) {
  uint64_t last_done = 0, last_total = 0;
  auto report = Verify({.progress = [&](uint64_t done, uint64_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  }});
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(last_done, 40u);
  EXPECT_EQ(last_total, 40u);
}

// An entry whose algorithm bytes are changed and hash recomputed: the
// signature byte must name the signer's key's algorithm, the hash byte the
// ledger's.
TEST_P(VerifierTest, AlgorithmBytesMustMatchTheKeyAndTheLedger) {
  auto store = OpenStore();
  auto old = Stored(*store, 20);
  auto entry = *DecodeEntry(SplitStoredEntry(AsBytes(old))->record);
  auto other_signature = entry.signature_algorithm == SignatureAlgorithm::kSm2 ? SignatureAlgorithm::kEd25519
                                                                               : SignatureAlgorithm::kSm2;
  Bytes record = EncodeEntry({entry.hash_algorithm, other_signature}, 20, entry.recorded_time, entry.prev_hash,
                             entry.action, entry.signature);
  Bytes value = MakeStoredEntry(record, EntryHash(record));
  Put(*store, 20, std::string(value.begin(), value.end()));
  store.reset();
  ExpectFailure(20, ErrorCode::kBadSignature, "the entry names signature algorithm");

  store = OpenStore();
  auto other_hash = entry.hash_algorithm == HashAlgorithm::kSm3 ? HashAlgorithm::kSha256 : HashAlgorithm::kSm3;
  record = EncodeEntry({other_hash, entry.signature_algorithm}, 20, entry.recorded_time, entry.prev_hash, entry.action,
                       entry.signature);
  value = MakeStoredEntry(record, EntryHash(record));
  Put(*store, 20, std::string(value.begin(), value.end()));
  store.reset();
  ExpectFailure(20, ErrorCode::kCorruption, "the entry names hash algorithm");
}

INSTANTIATE_TEST_SUITE_P(Flavours, VerifierTest, AllFlavours(), FlavourName);

}  // namespace
}  // namespace gongkai::testing
