// Rewriting history with every hash recomputed and every entry re-signed by
// the operator (who holds the log key too) is caught by an earlier signed
// checkpoint and by a witness.
#include <gtest/gtest.h>

#include <deque>

#include "ledger/checkpoint_store.h"
#include "ledger/merkle_store.h"
#include "ledger/verifier.h"
#include "ledger/witness.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// Over every flavour: SHA-256 and SM3 ledgers, Ed25519 and SM2 signers, and
// checkpoints with an SM2 log line.
class RewrittenHistory : public ::testing::TestWithParam<LedgerFlavour> {
 protected:
  // A ledger with the fixture's keys: admin seed 1, log key seed 2, alice
  // seed 10 (entry 2, after her agency); entry 3 carries `subject_of_3`.
  std::unique_ptr<Ledger> Build(const std::string& name, const std::string& subject_of_3, int entries) {
    ManualClock& clock = clocks_.emplace_back(kStart);  // outlives the ledger
    LedgerOptions options;
    options.clock = &clock;
    options.log_key = &log_key_;
    options.sm2_log_key = Sm2LogKey();
    auto ledger = Ledger::Create(dir_.Sub(name), FlavourGenesis(), options);
    EXPECT_TRUE(ledger.has_value());
    EXPECT_TRUE((*ledger)->Append(RegisterAgency(admin_)).has_value());
    EXPECT_TRUE((*ledger)->Append(RegisterPerson(admin_, alice_, "alice", {schema::Role::HANDLER})).has_value());
    for (int i = 3; i < entries; ++i) {
      clock.Advance(kSecond);
      auto note = Note(alice_, {fmt::format("n{}", i)}, i == 3 ? subject_of_3 : "routine");
      EXPECT_TRUE((*ledger)->Append(note).has_value());
    }
    return std::move(*ledger);
  }

  Checkpoint Open(const SignedNote& note) { return *OpenCheckpoint(note, kOrigin, PublicLogKeys()); }
  const PrivateKey* Sm2LogKey() const { return sm2_log_key_ ? &*sm2_log_key_ : nullptr; }
  LogKeys PublicLogKeys() const {
    return LogKeys{log_key_.public_key(), sm2_log_key_ ? std::optional(sm2_log_key_->public_key()) : std::nullopt};
  }
  SignedAction FlavourGenesis() const { return Genesis(admin_, log_key_, kOrigin, hash(), Sm2LogKey()); }
  HashAlgorithm hash() const { return GetParam().hash; }

  TempDir dir_;
  std::deque<ManualClock> clocks_;
  PrivateKey admin_ = TestKey(GetParam().people, 1), log_key_ = SeededKey(2), alice_ = TestKey(GetParam().people, 10);
  std::optional<PrivateKey> sm2_log_key_ = FlavourSm2LogKey(GetParam());
};

TEST_P(RewrittenHistory, IsCaughtByAnEarlierCheckpointAndByAWitness) {
  auto real = Build("real", "公开", 8);
  Checkpoint accepted = Open(*real->MakeCheckpoint());  // the witness cosigned this one
  ASSERT_TRUE(CheckWitnessable(std::nullopt, accepted, std::nullopt).has_value());

  // The operator rebuilds the ledger with entry 3 changed and more entries,
  // everything re-signed, and signs a checkpoint with the real log key.
  auto forged = Build("forged", "不予公开", 12);
  Checkpoint forged_head = Open(*forged->MakeCheckpoint());
  NodeSource forged_nodes = StoredMerkleNodes(forged->store(), hash());

  // The forged ledger is internally perfect...
  ASSERT_TRUE(VerifyLedger(forged->store(), {}).has_value());
  auto forged_proof = MerkleConsistencyProof(forged_nodes, accepted.size, forged_head.size);
  ASSERT_TRUE(forged_proof.has_value());
  // ...but it does not extend the checkpoint the witness accepted.
  auto witness = CheckWitnessable(accepted, forged_head,
                                  ConsistencyProof{std::string(kOrigin), accepted.size, forged_head.size, *forged_proof});
  ASSERT_FALSE(witness.has_value());
  EXPECT_EQ(witness.error().code, ErrorCode::kCorruption);
  EXPECT_NE(witness.error().message.find("does not extend the accepted one (a fork)"), std::string::npos);

  // A forged checkpoint of the very same size is a fork outright.
  Checkpoint forged_same_size{std::string(kOrigin), accepted.size, *MerkleRoot(forged_nodes, accepted.size), {}, hash()};
  auto fork = CheckWitnessable(accepted, forged_same_size, std::nullopt);
  ASSERT_FALSE(fork.has_value());
  EXPECT_NE(fork.error().message.find("a different root hash for size 8 (a fork of history)"), std::string::npos);

  // An auditor holding the earlier checkpoint rejects the forged entry 3.
  auto forged_leaf = forged_nodes(0, 3);
  auto forged_path = MerkleInclusionProof(forged_nodes, 3, accepted.size);
  ASSERT_TRUE(forged_path.has_value());
  auto included = VerifyMerkleInclusion(hash(), *forged_leaf, 3, accepted.size, *forged_path, accepted.root);
  ASSERT_FALSE(included.has_value());
  EXPECT_NE(included.error().message.find("it leads to another root hash"), std::string::npos);

  // The honest ledger's growth is accepted.
  auto more = Note(alice_, {"n8"});
  ASSERT_TRUE(real->Append(more).has_value());
  Checkpoint next = Open(*real->MakeCheckpoint());
  auto honest = MerkleConsistencyProof(StoredMerkleNodes(real->store(), hash()), accepted.size, next.size);
  EXPECT_TRUE(CheckWitnessable(accepted, next,
                               ConsistencyProof{std::string(kOrigin), accepted.size, next.size, *honest})
                  .has_value());
  auto rollback = CheckWitnessable(next, accepted, std::nullopt);
  ASSERT_FALSE(rollback.has_value());
  EXPECT_NE(rollback.error().message.find("history rolled back"), std::string::npos);
}

TEST_P(RewrittenHistory, CheckpointsAreMadeAtTheConfiguredInterval) {
  ManualClock clock(kStart);
  LedgerOptions options;
  options.clock = &clock;
  options.log_key = &log_key_;
  options.sm2_log_key = Sm2LogKey();
  options.checkpoint_interval = 5;
  auto ledger = *Ledger::Create(dir_.Sub("interval"), FlavourGenesis(), options);
  ASSERT_TRUE(ledger->Append(RegisterAgency(admin_)).has_value());
  ASSERT_TRUE(ledger->Append(RegisterPerson(admin_, alice_, "alice", {schema::Role::HANDLER})).has_value());
  for (int i = 0; i < 11; ++i) ASSERT_TRUE(ledger->Append(Note(alice_, {fmt::format("i{}", i)})).has_value());
  auto sizes = CheckpointSizes(ledger->store());
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(*sizes, (std::vector<uint64_t>{5, 10}));
  for (uint64_t size : *sizes) {
    Checkpoint checkpoint = Open(**LoadCheckpoint(ledger->store(), size));
    EXPECT_EQ(checkpoint.root, *ledger->MerkleRootAt(size));
  }
  // A stored checkpoint that signs another root is found by verify.
  {
    Checkpoint wrong{std::string(kOrigin), 10, Sha256(AsBytes("not the root")), {}, hash()};
    rocksdb::WriteBatch batch;
    PutCheckpoint(ledger->store(), batch, 10, SignCheckpoint(wrong, log_key_, Sm2LogKey()));
    ASSERT_TRUE(const_cast<Store&>(ledger->store()).Write(batch, true).has_value());
  }
  auto verified = VerifyLedger(ledger->store(), {});
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().seq, 9u);
  EXPECT_NE(verified.error().message.find("signs another root than the entries give"), std::string::npos);
  // The right root but a registry digest that leaves out a registry event.
  {
    Checkpoint partial{std::string(kOrigin), 10, *ledger->MerkleRootAt(10), Digest{}, hash()};
    rocksdb::WriteBatch batch;
    PutCheckpoint(ledger->store(), batch, 10, SignCheckpoint(partial, log_key_, Sm2LogKey()));
    ASSERT_TRUE(const_cast<Store&>(ledger->store()).Write(batch, true).has_value());
  }
  verified = VerifyLedger(ledger->store(), {});
  ASSERT_FALSE(verified.has_value());
  EXPECT_NE(verified.error().message.find("signs another registry digest"), std::string::npos);

  PrivateKey stranger = SeededKey(77);
  LedgerOptions wrong = options;
  wrong.log_key = &stranger;
  ledger.reset();
  auto reopened = Ledger::Open(dir_.Sub("interval"), wrong);
  ASSERT_FALSE(reopened.has_value());
  EXPECT_NE(reopened.error().message.find("not the one the genesis names"), std::string::npos);
}

TEST_P(RewrittenHistory, AWitnessStateCosignsOnlyWhatExtendsItAndOneProcessAtATime) {
  auto ledger = Build("witnessed", "公开", 6);
  SignedNote first = *ledger->MakeCheckpoint();
  PrivateKey witness_key = SeededKey(30);
  const std::string state_dir = dir_.Sub("witness-state");
  {
    auto state = WitnessState::Open(state_dir);
    ASSERT_TRUE(state.has_value());
    auto busy = WitnessState::Open(state_dir);
    ASSERT_FALSE(busy.has_value());
    EXPECT_EQ(busy.error().code, ErrorCode::kBusy);
    auto cosigned = state->Cosign(first, log_key_.public_key(), std::nullopt, "w.example/1", witness_key, 1000);
    ASSERT_TRUE(cosigned.has_value());
    EXPECT_TRUE(VerifyCosignature(*cosigned, "w.example/1", witness_key.public_key()).has_value());
  }
  // The accepted checkpoint survives the process; growth needs its proof.
  auto state = WitnessState::Open(state_dir);
  ASSERT_TRUE(state.has_value());
  auto accepted = state->Accepted(kOrigin, log_key_.public_key());
  ASSERT_TRUE(accepted.has_value() && accepted->has_value());
  EXPECT_EQ((*accepted)->size, 6u);
  ASSERT_TRUE(ledger->Append(Note(alice_, {"n6"})).has_value());
  SignedNote second = *ledger->MakeCheckpoint();
  auto unproven = state->Cosign(second, log_key_.public_key(), std::nullopt, "w.example/1", witness_key, 1001);
  ASSERT_FALSE(unproven.has_value());
  EXPECT_EQ(unproven.error().code, ErrorCode::kProofRequired);
  auto proof = MerkleConsistencyProof(StoredMerkleNodes(ledger->store(), hash()), 6, 7);
  ASSERT_TRUE(proof.has_value());
  auto cosigned = state->Cosign(second, log_key_.public_key(), ConsistencyProof{std::string(kOrigin), 6, 7, *proof},
                                "w.example/1", witness_key, 1002);
  ASSERT_TRUE(cosigned.has_value());
  // Rolled back to the first checkpoint: refused.
  auto rollback = state->Cosign(first, log_key_.public_key(), std::nullopt, "w.example/1", witness_key, 1003);
  ASSERT_FALSE(rollback.has_value());
  EXPECT_EQ(rollback.error().code, ErrorCode::kCorruption);

  // The published checkpoint is the largest with a quorum of distinct keys.
  ASSERT_TRUE(MergeCosignatures(const_cast<Store&>(ledger->store()), *cosigned).has_value());
  std::vector<WitnessKey> witnesses{{"w.example/1", witness_key.public_key()},
                                    {"w.example/1-again", witness_key.public_key()}};
  auto published = LatestCheckpointWithQuorum(ledger->store(), witnesses, 1);
  ASSERT_TRUE(published.has_value() && published->has_value());
  EXPECT_EQ((*published)->body, second.body);
  EXPECT_EQ(CountCosignatures(**published, witnesses), 1u);
  auto none = LatestCheckpointWithQuorum(ledger->store(), witnesses, 2);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

// A witness knows the log's Ed25519 key only: it cosigns a checkpoint that
// also carries an SM2 log line, leaving that line as it is, and merging the
// cosignature back keeps both log lines verifiable.
TEST_P(RewrittenHistory, AWitnessCosignsACheckpointCarryingAnSm2LogLine) {
  PrivateKey sm2_log = TestKey(SignatureAlgorithm::kSm2, 44);
  ManualClock clock(kStart);
  LedgerOptions options{.clock = &clock, .log_key = &log_key_, .sm2_log_key = &sm2_log};
  auto ledger = *Ledger::Create(dir_.Sub("sm2-log"), Genesis(admin_, log_key_, kOrigin, hash(), &sm2_log),
                                options);
  ASSERT_TRUE(ledger->Append(RegisterAgency(admin_)).has_value());
  SignedNote checkpoint = *ledger->MakeCheckpoint();
  ASSERT_EQ(checkpoint.signatures.size(), 2u);
  PrivateKey witness_key = SeededKey(31);
  auto state = WitnessState::Open(dir_.Sub("sm2-witness"));
  ASSERT_TRUE(state.has_value());
  auto cosigned = state->Cosign(checkpoint, log_key_.public_key(), std::nullopt, "w.example/1", witness_key, 1000);
  ASSERT_TRUE(cosigned.has_value()) << cosigned.error().ToString();
  ASSERT_EQ(cosigned->signatures.size(), 3u);
  ASSERT_TRUE(MergeCosignatures(const_cast<Store&>(ledger->store()), *cosigned).has_value());
  auto stored = **LoadCheckpoint(ledger->store(), 2);
  LogKeys both{log_key_.public_key(), sm2_log.public_key()};
  EXPECT_TRUE(OpenCheckpoint(stored, kOrigin, both).has_value());
  EXPECT_TRUE(VerifyCosignature(stored, "w.example/1", witness_key.public_key()).has_value());
  EXPECT_TRUE(VerifyLedger(ledger->store(), {}).has_value());
}

// Entries removed behind a rewound head, every track covered but the signed
// and cosigned checkpoints: verify names the checkpoint, and the published
// checkpoint is refused rather than served larger than the ledger.
TEST_P(RewrittenHistory, ACheckpointBeyondARewoundHeadNamesTheRemoval) {
  ManualClock clock(kStart);
  LedgerOptions options{.clock = &clock, .log_key = &log_key_, .sm2_log_key = Sm2LogKey(), .checkpoint_interval = 5};
  auto ledger = *Ledger::Create(dir_.Sub("removed"), FlavourGenesis(), options);
  ASSERT_TRUE(ledger->Append(RegisterAgency(admin_)).has_value());
  ASSERT_TRUE(ledger->Append(RegisterPerson(admin_, alice_, "alice", {schema::Role::HANDLER})).has_value());
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(ledger->Append(Note(alice_, {fmt::format("i{}", i)})).has_value());
  PrivateKey witness_key = SeededKey(32);
  SignedNote at_10 = **LoadCheckpoint(ledger->store(), 10);
  at_10.signatures.push_back(CosignNote(at_10.body, "w.example/1", witness_key, 1000));
  ASSERT_TRUE(MergeCosignatures(const_cast<Store&>(ledger->store()), at_10).has_value());
  ledger.reset();
  {
    auto store = *Store::Open(dir_.Sub("removed"), Store::Mode::kOpen);
    RemoveTail(*store, 8);
  }
  auto store = *Store::Open(dir_.Sub("removed"), Store::Mode::kReadOnly);
  auto verified = VerifyLedger(*store, {});
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().seq, 8u);
  EXPECT_EQ(verified.error().code, ErrorCode::kCorruption);
  EXPECT_EQ(verified.error().message,
            "a signed checkpoint of size 10 is stored, but the head records 8 entries: entries 8..9 were removed");
  auto published = LatestCheckpointWithQuorum(*store, {{"w.example/1", witness_key.public_key()}}, 1);
  ASSERT_FALSE(published.has_value());
  EXPECT_EQ(published.error().code, ErrorCode::kCorruption);
  EXPECT_NE(published.error().message.find("of size 10, but the ledger holds 8 entries"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Flavours, RewrittenHistory, AllFlavours(), FlavourName);

}  // namespace
}  // namespace gongkai::testing
