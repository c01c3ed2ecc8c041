// Append semantics: sequencing, idempotency, every rejection (each writes
// nothing), durability across reopen, concurrency.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ledger/json.h"
#include "ledger/merkle.h"
#include "ledger/checkpoint.h"
#include "ledger/checkpoint_store.h"
#include "ledger/verifier.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

class LedgerTest : public LedgerFixture {
 protected:
  // Asserts `action` is refused with `code` and that nothing was written.
  void ExpectRefused(const SignedAction& action, ErrorCode code, std::string_view message_part) {
    Head before = ledger_->head();
    auto receipt = ledger_->Append(action);
    ASSERT_FALSE(receipt.has_value()) << "accepted as seq " << receipt->seq;
    EXPECT_EQ(receipt.error().code, code) << receipt.error().ToString();
    EXPECT_NE(receipt.error().message.find(message_part), std::string::npos) << receipt.error().message;
    Head after = ledger_->head();
    EXPECT_EQ(after.size, before.size);
    EXPECT_EQ(after.last_hash, before.last_hash);
    EXPECT_FALSE(ledger_->ReadStored(before.size).has_value());
  }

  // Reopens the ledger with `threads` verifier threads, more than the cores
  // the tests may have, so that verification finishes out of submission
  // order.
  void ReopenWithVerifiers(unsigned threads) {
    ledger_.reset();
    auto opened = Ledger::Open(dir_.Sub("ledger"), LedgerOptions{.clock = &clock_, .verify_threads = threads});
    ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
    ledger_ = std::move(*opened);
  }
};

// The tests of keys and signatures at append, over every flavour (Ed25519
// and SM2 signers, SHA-256 and SM3 ledgers).
class LedgerKeyTest : public LedgerTest, public ::testing::WithParamInterface<LedgerFlavour> {
 protected:
  void SetUp() override {
    flavour_ = GetParam();
    LedgerTest::SetUp();
  }
  PrivateKey Key(uint8_t n) const { return TestKey(flavour_.people, n); }
};
INSTANTIATE_TEST_SUITE_P(Flavours, LedgerKeyTest, AllFlavours(), FlavourName);

// A ledger of people with Ed25519 and SM2 keys side by side: each entry's
// byte 5 names its signer's algorithm, and the whole verifies.
TEST_P(LedgerKeyTest, PeopleWithEitherAlgorithmSignInOneLedger) {
  // With checkpoints every 2 entries, signed over the ledger's own tree.
  ledger_.reset();
  auto opened = Ledger::Open(dir_.Sub("ledger"), LedgerOptions{.clock = &clock_,
                                                               .log_key = &log_key_,
                                                               .sm2_log_key = sm2_log_key_ ? &*sm2_log_key_ : nullptr,
                                                               .checkpoint_interval = 2});
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  ledger_ = std::move(*opened);
  PrivateKey ed = AddPersonWithKey("ed", SeededKey(10));
  PrivateKey sm = AddPersonWithKey("sm", TestKey(SignatureAlgorithm::kSm2, 11));
  auto by_ed = MustAppend(Note(ed, {"by-ed"}));
  auto by_sm = MustAppend(Note(sm, {"by-sm"}));
  auto algorithm_of = [&](uint64_t seq) {
    return DecodeEntry(SplitStoredEntry(*ledger_->ReadStored(seq))->record)->signature_algorithm;
  };
  EXPECT_EQ(algorithm_of(by_ed.seq), SignatureAlgorithm::kEd25519);
  EXPECT_EQ(algorithm_of(by_sm.seq), SignatureAlgorithm::kSm2);
  EXPECT_EQ(DecodeEntry(SplitStoredEntry(*ledger_->ReadStored(0))->record)->hash_algorithm, flavour_.hash);
  auto checkpoint = ledger_->MakeCheckpoint();
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(ParseCheckpointBody(checkpoint->body)->hash, flavour_.hash);
  Reopen();
  auto report = VerifyLedger(ledger_->store(), {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(*CheckpointSizes(ledger_->store()), (std::vector<uint64_t>{4, 6}));  // each checked by the verify above
}

// A ledger whose genesis names an SM2 log key signs each checkpoint with it
// too, and will not run without it: a checkpoint lacking its line fails
// verification at the entry it covers.
class Sm2LogKeyTest : public LedgerKeyTest {};
INSTANTIATE_TEST_SUITE_P(Guomi, Sm2LogKeyTest, ::testing::Values(kGuomiFlavour), FlavourName);

TEST_P(Sm2LogKeyTest, AnSm2LogKeySignsEveryCheckpointAndIsRequired) {
  ledger_.reset();
  auto without = Ledger::Open(dir_.Sub("ledger"), LedgerOptions{.log_key = &log_key_});
  ASSERT_FALSE(without.has_value());
  EXPECT_EQ(without.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(without.error().message.find("no SM2 log key was given"), std::string::npos) << without.error().message;
  PrivateKey stranger = TestKey(SignatureAlgorithm::kSm2, 43);
  auto wrong = Ledger::Open(dir_.Sub("ledger"), LedgerOptions{.log_key = &log_key_, .sm2_log_key = &stranger});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_NE(wrong.error().message.find("the SM2 log key given is not one the genesis names"), std::string::npos);

  auto opened = Ledger::Open(dir_.Sub("ledger"), LedgerOptions{.clock = &clock_,
                                                               .log_key = &log_key_,
                                                               .sm2_log_key = &*sm2_log_key_,
                                                               .checkpoint_interval = 2});
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  ledger_ = std::move(*opened);
  PrivateKey alice = AddPerson("alice", 10);
  MustAppend(Note(alice, {"n1"}));
  MustAppend(Note(alice, {"n2"}));
  auto stored = LoadCheckpoint(ledger_->store(), 4);
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  ASSERT_EQ((*stored)->signatures.size(), 2u);
  EXPECT_TRUE(OpenCheckpoint(**stored, kOrigin, LogKeys{log_key_.public_key(), sm2_log_key_->public_key()}));
  ASSERT_TRUE(VerifyLedger(ledger_->store(), {}).has_value());

  SignedNote stripped = **stored;
  stripped.signatures.pop_back();
  rocksdb::WriteBatch batch;
  PutCheckpoint(ledger_->store(), batch, 4, stripped);
  ASSERT_TRUE(const_cast<Store&>(ledger_->store()).Write(batch, true).has_value());
  auto verified = VerifyLedger(ledger_->store(), {});
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().seq, 3u);
  EXPECT_EQ(verified.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(verified.error().message.find("the note has no sm2 signature by"), std::string::npos)
      << verified.error().message;
}

TEST(GenesisTest, AnSm2LogKeyMustBeAnSm2Key) {
  TempDir dir;
  PrivateKey admin = SeededKey(1), log = SeededKey(2), ed25519 = SeededKey(5);
  auto created = Ledger::Create(dir.Sub("ledger"), Genesis(admin, log, kOrigin, HashAlgorithm::kSha256, &ed25519), {});
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kMalformed);
  EXPECT_NE(created.error().message.find("genesis.sm2LogKey must be an sm2 key without a certificate"), std::string::npos)
      << created.error().message;
}

TEST_F(LedgerTest, GenesisIsEntryZeroAndNamesTheOrigin) {
  EXPECT_EQ(ledger_->head().size, 2u);
  EXPECT_EQ(ledger_->origin(), kOrigin);
  auto registry = ledger_->registry();
  ASSERT_NE(registry.FindKey(admin_.public_key().id()), nullptr);
  ASSERT_TRUE(registry.log_keys().has_value());
  EXPECT_EQ(registry.log_keys()->ed25519.id(), log_key_.public_key().id());
}

TEST_F(LedgerTest, SequenceNumbersAreDenseAndChained) {
  PrivateKey alice = AddPerson("alice", 10);
  Digest prev = ledger_->head().last_hash;
  for (int i = 0; i < 20; ++i) {
    auto receipt = MustAppend(Note(alice, {fmt::format("n{}", i)}));
    EXPECT_EQ(receipt.seq, 3u + i);
    auto stored = ledger_->ReadStored(receipt.seq);
    ASSERT_TRUE(stored.has_value());
    auto entry = DecodeEntry(SplitStoredEntry(*stored)->record);
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->prev_hash, prev);
    EXPECT_EQ(entry->seq, receipt.seq);
    prev = receipt.entry_hash;
  }
  EXPECT_EQ(ledger_->head().size, 23u);
  EXPECT_EQ(ledger_->head().last_hash, prev);
}

TEST_F(LedgerTest, MerkleTreeCoversEveryEntryAndSurvivesReopen) {
  PrivateKey alice = AddPerson("alice", 10);
  for (int i = 0; i < 40; ++i) MustAppend(Note(alice, {fmt::format("m{}", i)}));
  // Recompute the root from the stored records, the slow way.
  std::vector<Digest> leaves;
  for (uint64_t seq = 0; seq < ledger_->head().size; ++seq) {
    leaves.push_back(MerkleLeafHash(HashAlgorithm::kSha256, SplitStoredEntry(*ledger_->ReadStored(seq))->record));
  }
  std::function<Digest(std::span<const Digest>)> root = [&](std::span<const Digest> l) -> Digest {
    if (l.size() == 1) return l[0];
    size_t k = MerkleSplit(l.size());
    return MerkleNodeHash(HashAlgorithm::kSha256, root(l.first(k)), root(l.subspan(k)));
  };
  EXPECT_EQ(*ledger_->MerkleRootAt(leaves.size()), root(leaves));
  EXPECT_EQ(*ledger_->MerkleRootAt(17), root(std::span<const Digest>(leaves).first(17)));
  Reopen();
  EXPECT_EQ(*ledger_->MerkleRootAt(leaves.size()), root(leaves));
  auto next = MustAppend(Note(alice, {"after-reopen"}));
  leaves.push_back(MerkleLeafHash(HashAlgorithm::kSha256, SplitStoredEntry(*ledger_->ReadStored(next.seq))->record));
  EXPECT_EQ(*ledger_->MerkleRootAt(leaves.size()), root(leaves));
  EXPECT_EQ(ledger_->MerkleRootAt(leaves.size() + 1).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(LedgerTest, DuplicateEventIdReturnsFirstSequenceNumberAndWritesNothing) {
  PrivateKey alice = AddPerson("alice", 10);
  auto action = Note(alice, {"dup"});
  auto first = MustAppend(action);
  MustAppend(Note(alice, {"other"}));
  Head before = ledger_->head();
  auto again = ledger_->Append(action);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->seq, first.seq);
  EXPECT_EQ(again->entry_hash, first.entry_hash);
  EXPECT_EQ(ledger_->head().size, before.size);
}

TEST_F(LedgerTest, EventIdReusedForDifferentContentsIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  auto first = MustAppend(Note(alice, {"same-id"}, "first"));
  auto receipt = ledger_->Append(Note(alice, {"same-id"}, "second"));
  ASSERT_FALSE(receipt.has_value());
  EXPECT_EQ(receipt.error().code, ErrorCode::kEventIdConflict);
  EXPECT_EQ(receipt.error().seq, first.seq);
}

TEST_F(LedgerTest, ExpectedVersionIsEnforced) {
  PrivateKey alice = AddPerson("alice", 10);
  MustAppend(Note(alice, {"v0", "case/1", 0}));
  MustAppend(Note(alice, {"v1", "case/1", 1}));
  ExpectRefused(Note(alice, {"v1-again", "case/1", 1}), ErrorCode::kWrongExpectedVersion,
                "stream 'case/1' is at version 2, the action expects 1");
  ExpectRefused(Note(alice, {"new-stream", "case/2", 3}), ErrorCode::kWrongExpectedVersion,
                "is at version 0");
  MustAppend(Note(alice, {"v2", "case/1", 2}));
}

TEST_P(LedgerKeyTest, BadSignatureIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  auto action = Note(alice, {"n1"});
  action.signature[5] ^= 1;
  ExpectRefused(action, ErrorCode::kBadSignature, "signature does not verify");
}

TEST_P(LedgerKeyTest, SignatureByAnotherKeyThanNamedIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  PrivateKey bob = AddPerson("bob", 11);
  Bytes bytes = BuildAction(alice, {"n1"}, [](auto p) { p.initNote().setSubject("x"); });
  ExpectRefused(Signed(bob, bytes), ErrorCode::kBadSignature, "signature does not verify");
}

TEST_P(LedgerKeyTest, SignatureOfWrongLengthIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  auto action = Note(alice, {"n1"});
  action.signature.pop_back();
  ExpectRefused(action, ErrorCode::kBadSignature,
                flavour_.people == SignatureAlgorithm::kSm2 ? "an SM2 signature is DER" : "64 bytes");
}

TEST_P(LedgerKeyTest, UnknownKeyIsRefused) {
  PrivateKey stranger = Key(99);
  ExpectRefused(Note(stranger, {"n1"}), ErrorCode::kUnknownKey, "is not registered");
}

TEST_P(LedgerKeyTest, RevokedKeyIsRefusedFromItsEffectiveTime) {
  PrivateKey alice = AddPerson("alice", 10);
  MustAppend(RevokeKey(admin_, alice.public_key().id(), kStart + 100 * kSecond));
  clock_.Set(kStart + 99 * kSecond);
  MustAppend(Note(alice, {"before-effective"}));
  clock_.Set(kStart + 100 * kSecond);
  ExpectRefused(Note(alice, {"after-effective"}), ErrorCode::kKeyRevoked, "was revoked from");
}

TEST_P(LedgerKeyTest, KeyIsRefusedBeforeItsValidFrom) {
  PrivateKey later = Key(12);
  MustAppend(RegisterPerson(admin_, later, "later", {schema::Role::HANDLER}, kStart + 3600 * kSecond));
  ExpectRefused(Note(later, {"too-early"}), ErrorCode::kKeyNotYetValid, "is valid from");
  clock_.Set(kStart + 3600 * kSecond);
  MustAppend(Note(later, {"in-time"}));
}

TEST_P(LedgerKeyTest, RegistryEventsNeedAnAdministrator) {
  PrivateKey alice = AddPerson("alice", 10);
  ExpectRefused(RegisterPerson(alice, Key(13), "mallory", {schema::Role::ADMINISTRATOR}),
                ErrorCode::kUnauthorized, "must be signed by an administrator");
}

TEST_P(LedgerKeyTest, InconsistentRegistryEventsAreRefused) {
  AddPerson("alice", 10);
  ExpectRefused(RegisterPerson(admin_, Key(14), "alice", {}, kStart, "register/alice-again"),
                ErrorCode::kRegistryConflict, "person alice is already registered");
  ExpectRefused(RegisterPerson(admin_, Key(10), "alice2", {}), ErrorCode::kRegistryConflict,
                "is already registered");
  ExpectRefused(RevokeKey(admin_, std::string(32, 'a'), kStart), ErrorCode::kRegistryConflict,
                "is not registered");
}

TEST_F(LedgerTest, SecondGenesisIsRefused) {
  auto same = ledger_->Append(Genesis(admin_, log_key_));  // a retry of the very same action
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(same->duplicate);
  EXPECT_EQ(same->seq, 0u);
  auto other = Signed(admin_, BuildAction(admin_, {"genesis-2", "ledger"}, [&](auto p) {
    auto g = p.initGenesis();
    g.setOrigin(std::string(kOrigin));
    g.setHashAlgorithm(schema::HashAlgorithm::SHA256);
    g.setSignatureAlgorithm(schema::SignatureAlgorithm::ED25519);
    auto a = g.initAdministrator();
    a.setPersonId("admin2");
    a.setName("x");
    a.setAgency("y");
    auto r = a.initRoles(1)[0];
    r.setRole(schema::Role::ADMINISTRATOR);
    r.setAgency("y");
    a.initPublicKey().setAlgorithm(schema::SignatureAlgorithm::ED25519);
    a.getPublicKey().setKey(capnp::Data::Reader(admin_.public_key().raw().data(), 32));
    a.initValidFrom().setUnixMicros(kStart);
    g.initLogKey().setAlgorithm(schema::SignatureAlgorithm::ED25519);
    g.getLogKey().setKey(capnp::Data::Reader(log_key_.public_key().raw().data(), 32));
  }));
  ExpectRefused(other, ErrorCode::kRegistryConflict, "genesis is allowed only as entry 0");
}

TEST_F(LedgerTest, ActionForAnotherLedgerIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  ActionSpec spec{"n1"};
  spec.ledger = "other.ledger";
  ExpectRefused(Note(alice, spec), ErrorCode::kWrongLedger, "this ledger is 'test.gongkai/1'");
}

TEST_F(LedgerTest, MalformedActionsAreRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  ExpectRefused(Signed(alice, Bytes{1, 2, 3}), ErrorCode::kMalformed, "multiple of 8");
  ExpectRefused(Signed(alice, Bytes(16, 0xff)), ErrorCode::kNotCanonical, "canonical");
  ExpectRefused(Note(alice, {""}), ErrorCode::kMalformed, "eventId is missing");
  ExpectRefused(Note(alice, {"n", ""}), ErrorCode::kMalformed, "stream is missing");
  ExpectRefused(Note(alice, {std::string(129, 'x')}), ErrorCode::kTooLarge, "eventId is 129 bytes; the limit is 128");
  ExpectRefused(Note(alice, {"n", "s", -2}), ErrorCode::kMalformed, "expectedVersion must be");
  ExpectRefused(Note(alice, {"bad\x01id"}), ErrorCode::kMalformed, "control character");
  ExpectRefused(Note(alice, {"bad\xff"}), ErrorCode::kMalformed, "not valid UTF-8");
}

TEST_F(LedgerTest, OversizedActionIsRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  Bytes bytes = BuildAction(alice, {"big"}, [](auto p) {
    auto note = p.initNote();
    note.setSubject("big");
    note.setBody(std::string(kMaxActionBytes, 'x'));
  });
  ExpectRefused(Signed(alice, bytes), ErrorCode::kTooLarge, "the limit is 65345");
}

TEST_F(LedgerTest, ActionsUpToTheSizeLimitAreAcceptedAndReadable) {
  PrivateKey alice = AddPerson("alice", 10);
  Bytes bytes = BuildAction(alice, {"big"}, [](auto p) {
    auto note = p.initNote();
    note.setSubject("big");
    note.setBody(std::string(kMaxActionBytes - 400, 'x'));
  });
  ASSERT_LE(bytes.size(), kMaxActionBytes);
  auto receipt = MustAppend(Signed(alice, bytes));
  auto stored = ledger_->ReadStored(receipt.seq);
  ASSERT_TRUE(stored.has_value());
  auto action = Action::Parse(DecodeEntry(SplitStoredEntry(*stored)->record)->action);
  ASSERT_TRUE(action.has_value()) << action.error().message;
  // Reading every field, more than once, stays within the reader's limits.
  for (int i = 0; i < 3; ++i) EXPECT_GT(ActionToJson(action->reader()).size(), kMaxActionBytes - 400);
}

TEST_F(LedgerTest, EventIdConflictIsOnlyToldToAnAuthorisedSigner) {
  PrivateKey alice = AddPerson("alice", 10);
  MustAppend(Note(alice, {"taken"}));
  // A stranger learns nothing about which event ids exist.
  ExpectRefused(Note(SeededKey(99), {"taken"}), ErrorCode::kUnknownKey, "is not registered");
  auto forged = Note(alice, {"taken"}, "other subject");
  forged.signature[0] ^= 1;
  ExpectRefused(forged, ErrorCode::kBadSignature, "signature does not verify");
  ExpectRefused(Note(alice, {"taken"}, "other subject"), ErrorCode::kEventIdConflict, "already recorded");
}

TEST(LedgerCreateTest, GenesisBeforeTheAdministratorKeyIsValidIsRefused) {
  TempDir dir;
  ManualClock clock(kStart - kSecond);
  LedgerOptions options;
  options.clock = &clock;
  auto created = Ledger::Create(dir.Sub("ledger"), Genesis(SeededKey(1), SeededKey(2)), options);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kKeyNotYetValid);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("ledger")));
}

TEST_F(LedgerTest, NonCanonicalBytesAreRefused) {
  PrivateKey alice = AddPerson("alice", 10);
  // A valid message with an abandoned field value left in it (a gap) is
  // not in canonical form.
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(std::string(kOrigin));
  action.setEventId("an event id that is replaced below");
  action.setEventId("nc");
  action.setStream("s");
  action.initBusinessTime().setUnixMicros(kStart);
  action.setActorKeyId(alice.public_key().id());
  action.initPayload().initNote().setSubject("x");
  auto bytes = message.getSegmentsForOutput()[0].asBytes();
  ExpectRefused(Signed(alice, Bytes(bytes.begin(), bytes.end())), ErrorCode::kNotCanonical, "canonical");
}

TEST_F(LedgerTest, FutureBusinessTimeIsRefusedButPastIsAccepted) {
  PrivateKey alice = AddPerson("alice", 10);
  ExpectRefused(Note(alice, {"future", "s", -1, kStart + 3600 * kSecond}), ErrorCode::kFutureBusinessTime,
                "is after the recorded time");
  MustAppend(Note(alice, {"paper-record", "s", -1, kStart - 30LL * 86400 * kSecond}));
}

TEST_F(LedgerTest, ProcedureIsNotJudged) {
  // A handler signing something only a leader should is still recorded: the
  // ledger records, projections judge.
  PrivateKey alice = AddPerson("alice", 10, {schema::Role::HANDLER});
  MustAppend(Note(alice, {"approve-as-handler"}, "approval by someone without the role"));
}

TEST_F(LedgerTest, RecordedTimeNeverGoesBackwards) {
  PrivateKey alice = AddPerson("alice", 10);
  clock_.Set(kStart + 1000 * kSecond);
  auto later = MustAppend(Note(alice, {"a"}));
  clock_.Set(kStart + 10 * kSecond);  // the system clock stepped back
  auto next = MustAppend(Note(alice, {"b"}));
  EXPECT_EQ(next.recorded_time, later.recorded_time);
}

TEST_F(LedgerTest, EverythingSurvivesReopen) {
  PrivateKey alice = AddPerson("alice", 10);
  MustAppend(RevokeKey(admin_, alice.public_key().id(), kStart));
  Head before = ledger_->head();
  Reopen();
  EXPECT_EQ(ledger_->head().size, before.size);
  EXPECT_EQ(ledger_->head().last_hash, before.last_hash);
  EXPECT_EQ(ledger_->origin(), kOrigin);
  auto receipt = ledger_->Append(Note(alice, {"after-reopen"}));
  ASSERT_FALSE(receipt.has_value());
  EXPECT_EQ(receipt.error().code, ErrorCode::kKeyRevoked);
  // Idempotency survives reopen too.
  auto again = ledger_->Append(RegisterPerson(admin_, alice, "alice", {schema::Role::HANDLER}));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->seq, 2u);
}

TEST_F(LedgerTest, SecondProcessIsToldTheLedgerIsBusy) {
  auto second = Ledger::Open(dir_.Sub("ledger"));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kBusy);
}

TEST_F(LedgerTest, CreateRefusesAnExistingLedger) {
  auto again = Ledger::Create(dir_.Sub("ledger"), Genesis(admin_, log_key_));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST(LedgerCreateTest, BadGenesisWritesNothing) {
  TempDir dir;
  auto genesis = Genesis(SeededKey(1), SeededKey(2));
  genesis.signature[0] ^= 1;
  auto created = Ledger::Create(dir.Sub("ledger"), genesis);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kBadSignature);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("ledger")));
}

TEST(LedgerOpenTest, MissingLedgerIsNotFound) {
  TempDir dir;
  auto opened = Ledger::Open(dir.Sub("nothing"));
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
}

TEST_F(LedgerTest, ConcurrentAppendsAreAllSequencedOnceAndVerify) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<PrivateKey> keys;
  for (int t = 0; t < kThreads; ++t) keys.push_back(AddPerson(fmt::format("p{}", t), 20 + t));
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also races on one shared stream with expected versions
        // it does not control: exactly the winners are written.
        auto receipt = ledger_->Append(Note(keys[t], {fmt::format("t{}-{}", t, i), fmt::format("s{}", t)}));
        if (receipt) seqs[t].push_back(receipt->seq);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<uint64_t> all;
  for (const auto& s : seqs) {
    EXPECT_EQ(s.size(), static_cast<size_t>(kPerThread));
    all.insert(s.begin(), s.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.rbegin() + 1, ledger_->head().size);
  auto report = VerifyLedger(ledger_->store(), {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->checked, ledger_->head().size);
}

TEST_F(LedgerTest, SubmitAcknowledgesEveryActionOnceAndClosingDrainsThePipeline) {
  PrivateKey alice = AddPerson("alice", 10);
  constexpr int kActions = 300;
  std::mutex mutex;
  std::vector<uint64_t> seqs;
  int refused = 0;
  for (int i = 0; i < kActions; ++i) {
    // Every tenth action is refused (a broken signature), the rest land.
    auto action = Note(alice, {fmt::format("async-{}", i)});
    if (i % 10 == 0) action.signature[0] ^= 1;
    ledger_->Submit(std::move(action), [&](Result<AppendReceipt> receipt) {
      std::lock_guard lock(mutex);
      if (receipt) {
        seqs.push_back(receipt->seq);
      } else {
        ++refused;
        EXPECT_EQ(receipt.error().code, ErrorCode::kBadSignature);
      }
    });
  }
  Reopen();  // closing waits for every submitted action to be decided
  std::lock_guard lock(mutex);
  EXPECT_EQ(refused, kActions / 10);
  ASSERT_EQ(seqs.size(), static_cast<size_t>(kActions - kActions / 10));
  std::sort(seqs.begin(), seqs.end());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], 3 + i);
  EXPECT_EQ(ledger_->head().size, 3 + seqs.size());
}

// The outcomes of actions submitted without waiting, by submission index.
// The callbacks share it, so a test that gives up waiting leaves them
// nothing dangling.
struct Outcomes {
  explicit Outcomes(size_t n) : results(n), calls(n, 0) {}
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Result<AppendReceipt>>> results;  // the first answer
  std::vector<int> calls;                                     // answers given
  size_t answered = 0;                                        // actions answered at least once
};

AppendCallback Record(const std::shared_ptr<Outcomes>& outcomes, size_t i) {
  return [outcomes, i](Result<AppendReceipt> result) {
    std::lock_guard lock(outcomes->mutex);
    if (outcomes->calls[i]++ == 0) {
      outcomes->results[i] = std::move(result);
      ++outcomes->answered;
    }
    outcomes->changed.notify_all();
  };
}

// Waits until every action is answered; false when `timeout` passes first
// (the pipeline stalled).
bool WaitForAll(Outcomes& outcomes, std::chrono::seconds timeout = std::chrono::seconds(60)) {
  std::unique_lock lock(outcomes.mutex);
  return outcomes.changed.wait_for(lock, timeout, [&] { return outcomes.answered == outcomes.results.size(); });
}

// How action i of an ordered run goes wrong, if it does.
enum class Fault { kNone, kBadSignature, kMalformed, kUnknownKey };

// Every seventh action is bad: mostly a broken signature (refused by a
// verifier), once bytes that do not parse (refused by a verifier before any
// signature check) and once an unregistered key (refused by the sequencer).
Fault EverySeventh(int i) {
  if (i % 7 != 0) return Fault::kNone;
  if (i == 700) return Fault::kMalformed;
  if (i == 1400) return Fault::kUnknownKey;
  return Fault::kBadSignature;
}

ErrorCode CodeOf(Fault fault) {
  switch (fault) {
    case Fault::kBadSignature: return ErrorCode::kBadSignature;
    case Fault::kMalformed: return ErrorCode::kMalformed;
    case Fault::kUnknownKey: return ErrorCode::kUnknownKey;
    case Fault::kNone: break;
  }
  return ErrorCode::kInternal;
}

// Action i of an ordered run on stream "ordered": it expects the version
// the good actions before it leave, so an entry out of submission order is
// also refused. Every fifth carries a 32 KiB body, so verifiers take unequal
// times over consecutive actions.
SignedAction OrderedAction(const PrivateKey& key, int i, int64_t version, Fault fault = Fault::kNone) {
  if (fault == Fault::kMalformed) return Signed(key, Bytes{1, 2, 3});
  static const PrivateKey stranger = SeededKey(99);
  const PrivateKey& signer = fault == Fault::kUnknownKey ? stranger : key;
  ActionSpec spec{fmt::format("order-{}", i), "ordered", version};
  auto action = Signed(signer, BuildAction(signer, spec, [&](schema::Action::Payload::Builder p) {
                         auto note = p.initNote();
                         note.setSubject("ordered");
                         note.setBody(std::string(i % 5 == 0 ? 32 * 1024 : 16, 'x'));
                       }));
  if (fault == Fault::kBadSignature) action.signature[i % 64] ^= 1;
  return action;
}

// Submits `count` ordered actions from this thread without waiting, with
// the faults `fault_of` gives; returns the outcomes.
std::shared_ptr<Outcomes> SubmitOrdered(Ledger& ledger, const PrivateKey& key, int count,
                                        const std::function<Fault(int)>& fault_of) {
  auto outcomes = std::make_shared<Outcomes>(count);
  int64_t version = 0;
  for (int i = 0; i < count; ++i) {
    Fault fault = fault_of(i);
    ledger.Submit(OrderedAction(key, i, version, fault), Record(outcomes, i));
    if (fault == Fault::kNone) ++version;
  }
  return outcomes;
}

// Every action was answered exactly once; the bad ones with their error,
// the good ones with consecutive new entries from `first_seq` in submission
// order, each holding its own action.
void ExpectSubmissionOrder(Ledger& ledger, Outcomes& outcomes, const std::function<Fault(int)>& fault_of,
                           uint64_t first_seq) {
  std::lock_guard lock(outcomes.mutex);
  uint64_t next_seq = first_seq;
  for (size_t i = 0; i < outcomes.results.size(); ++i) {
    SCOPED_TRACE(fmt::format("action {}", i));
    EXPECT_EQ(outcomes.calls[i], 1);
    ASSERT_TRUE(outcomes.results[i].has_value());
    const Result<AppendReceipt>& result = *outcomes.results[i];
    Fault fault = fault_of(static_cast<int>(i));
    if (fault != Fault::kNone) {
      ASSERT_FALSE(result.has_value()) << "accepted as seq " << result->seq;
      EXPECT_EQ(result.error().code, CodeOf(fault)) << result.error().ToString();
      continue;
    }
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    EXPECT_FALSE(result->duplicate);
    ASSERT_EQ(result->seq, next_seq);
    auto stored = ledger.ReadStored(next_seq);
    ASSERT_TRUE(stored.has_value()) << stored.error().ToString();
    auto entry = DecodeEntry(SplitStoredEntry(*stored)->record);
    ASSERT_TRUE(entry.has_value());
    auto action = Action::Parse(entry->action);
    ASSERT_TRUE(action.has_value());
    EXPECT_EQ(action->event_id(), fmt::format("order-{}", i));
    ++next_seq;
  }
  EXPECT_EQ(ledger.head().size, next_seq);
}

Fault NoFault(int) { return Fault::kNone; }

TEST_F(LedgerTest, OneThreadsSubmissionsAreAppendedInSubmissionOrder) {
  ASSERT_NO_FATAL_FAILURE(ReopenWithVerifiers(4));
  PrivateKey alice = AddPerson("alice", 10);
  auto outcomes = SubmitOrdered(*ledger_, alice, 2000, NoFault);
  ASSERT_TRUE(WaitForAll(*outcomes)) << "stalled: " << outcomes->answered << " of 2000 answered";
  ExpectSubmissionOrder(*ledger_, *outcomes, NoFault, 3);
  auto report = VerifyLedger(ledger_->store(), {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->checked, 2003u);
}

TEST_F(LedgerTest, RefusedSubmissionsReleaseTheirPlaceInSubmissionOrder) {
  ASSERT_NO_FATAL_FAILURE(ReopenWithVerifiers(4));
  PrivateKey alice = AddPerson("alice", 10);
  auto outcomes = SubmitOrdered(*ledger_, alice, 2000, EverySeventh);
  ASSERT_TRUE(WaitForAll(*outcomes)) << "stalled: " << outcomes->answered << " of 2000 answered";
  ExpectSubmissionOrder(*ledger_, *outcomes, EverySeventh, 3);
  EXPECT_EQ(ledger_->head().size, 3u + 2000 - 286);  // 286 multiples of 7 below 2000
  // A refusal at the very end leaves nothing waiting: the next append lands.
  auto last = ledger_->Append(OrderedAction(alice, 2000, 2000 - 286, Fault::kBadSignature));
  ASSERT_FALSE(last.has_value());
  auto next = ledger_->Append(OrderedAction(alice, 2001, 2000 - 286));
  ASSERT_TRUE(next.has_value()) << next.error().ToString();
  EXPECT_EQ(next->seq, 3u + 2000 - 286);
}

TEST_F(LedgerTest, ClosingWithSubmissionsInFlightAnswersEachOnceInSubmissionOrder) {
  ASSERT_NO_FATAL_FAILURE(ReopenWithVerifiers(4));
  PrivateKey alice = AddPerson("alice", 10);
  auto outcomes = SubmitOrdered(*ledger_, alice, 2000, EverySeventh);
  ledger_.reset();  // closes with most of them still queued
  {
    // Closing joined every ledger thread: all callbacks have returned.
    std::lock_guard lock(outcomes->mutex);
    EXPECT_EQ(outcomes->answered, 2000u);
  }
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ExpectSubmissionOrder(*ledger_, *outcomes, EverySeventh, 3);
}

TEST_F(LedgerTest, EachThreadsSubmissionsKeepTheirOrderAmongOtherThreads) {
  ASSERT_NO_FATAL_FAILURE(ReopenWithVerifiers(4));
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<PrivateKey> keys;
  for (int t = 0; t < kThreads; ++t) keys.push_back(AddPerson(fmt::format("p{}", t), 50 + t));
  std::vector<std::shared_ptr<Outcomes>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      outcomes[t] = std::make_shared<Outcomes>(kPerThread);
      for (int i = 0; i < kPerThread; ++i) {
        // Each thread's own stream, with versions only its order satisfies.
        ActionSpec spec{fmt::format("t{}-{}", t, i), fmt::format("thread/{}", t), i};
        ledger_->Submit(Note(keys[t], spec), Record(outcomes[t], i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<uint64_t> all;
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(fmt::format("thread {}", t));
    ASSERT_TRUE(WaitForAll(*outcomes[t])) << "stalled: " << outcomes[t]->answered << " answered";
    std::lock_guard lock(outcomes[t]->mutex);
    uint64_t previous = 0;
    for (int i = 0; i < kPerThread; ++i) {
      const auto& result = *outcomes[t]->results[i];
      ASSERT_TRUE(result.has_value()) << "action " << i << ": " << result.error().ToString();
      EXPECT_GT(result->seq, previous) << "action " << i;
      previous = result->seq;
      all.insert(result->seq);
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 3u + kThreads - 1);
  EXPECT_EQ(*all.rbegin() + 1, ledger_->head().size);
}

TEST_F(LedgerTest, ConcurrentExpectedVersionsAdmitExactlyOneWinnerPerVersion) {
  std::vector<PrivateKey> keys;
  for (int t = 0; t < 4; ++t) keys.push_back(AddPerson(fmt::format("p{}", t), 40 + t));
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int v = 0; v < 10; ++v) {
        auto r = ledger_->Append(Note(keys[t], {fmt::format("race-{}-{}", t, v), "contended", v}));
        if (r) ++accepted;
        else EXPECT_EQ(r.error().code, ErrorCode::kWrongExpectedVersion);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 10);
}

}  // namespace
}  // namespace gongkai::testing
