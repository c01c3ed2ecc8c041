// The offline verifier against a tampered export: modify, delete, insert,
// reorder, truncate, replace a key, back-date, rewrite history with every
// hash recomputed and re-signed, and a forked checkpoint. Each is found
// with the exact entry number and reason.
#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <sstream>

#include "ledger/checkpoint.h"
#include "ledger/entry.h"
#include "ledger/export_format.h"
#include "tests/support/test_ledger.h"
#include "tools/verify/export_verifier.h"

namespace gongkai::testing {
namespace {

// The export tamper matrix, over every flavour (Ed25519 and SM2 signers,
// SHA-256 and SM3 ledgers).
class ExportVerifyTest : public ::testing::TestWithParam<LedgerFlavour> {
 protected:
  PrivateKey Key(uint8_t n) const { return TestKey(GetParam().people, n); }
  // A ledger in DIR/NAME/ledger (the CLI's layout) with checkpoints every
  // 10 entries, exported to DIR/NAME-export by the gongkai command line.
  std::string BuildAndExport(const std::string& name, const std::string& subject_of_15, int entries = 40) {
    ManualClock& clock = clocks_.emplace_back(kStart);
    LedgerOptions options;
    options.clock = &clock;
    options.log_key = &log_key_;
    options.sm2_log_key = Sm2LogKey();
    options.checkpoint_interval = 10;
    {
      auto ledger = *Ledger::Create(dir_.Sub(name + "/ledger"), FlavourGenesis(), options);
      EXPECT_TRUE(ledger->Append(RegisterAgency(admin_)).has_value());
      EXPECT_TRUE(ledger->Append(RegisterPerson(admin_, alice_, "alice", {schema::Role::HANDLER})).has_value());
      for (int i = 3; i < entries; ++i) {
        clock.Advance(kSecond);
        EXPECT_TRUE(ledger->Append(Note(alice_, {fmt::format("n{}", i)}, i == 15 ? subject_of_15 : "routine"))
                        .has_value());
      }
    }
    std::string out = dir_.Sub(name + "-export");
    std::string command = fmt::format("'{}' --data '{}' export --out '{}' --quiet > /dev/null", GONGKAI_BINARY,
                                      dir_.Sub(name), out);
    EXPECT_EQ(std::system(command.c_str()), 0);
    return out;
  }

  std::vector<std::string> ReadFrames(const std::string& dir) {
    std::vector<std::string> frames;
    auto reader = *ExportEntryReader::Open(dir + "/entries.bin");
    while (auto value = *reader.Next()) frames.push_back(*value);
    return frames;
  }
  // Writes the stored values back, and the manifest's digest and `to` with
  // them, as an operator covering their tracks would.
  void WriteFrames(const std::string& dir, const std::vector<std::string>& values) {
    std::ofstream out(dir + "/entries.bin", std::ios::binary | std::ios::trunc);
    HashStream digest;
    for (const std::string& value : values) {
      auto bytes = AsBytes(value);
      std::string frame = ExportEntryFrame(bytes.first(bytes.size() - 32), bytes.subspan(bytes.size() - 32));
      out << frame;
      digest.Update(AsBytes(frame));
    }
    out.close();
    std::ifstream in(dir + "/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    auto manifest = *ExportManifestFromJson(text.str());
    manifest.entries_sha256 = ToHex(digest.Finish());
    manifest.to = values.size() - 1;
    std::ofstream(dir + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  }
  // Re-links entries from `first` on: sequence numbers, previous hashes and
  // entry hashes recomputed, as a forger with write access would.
  static void Relink(std::vector<std::string>& values, size_t first) {
    for (size_t i = first; i < values.size(); ++i) {
      std::string& v = values[i];
      std::string record = v.substr(0, v.size() - 32);
      PutBigEndian(reinterpret_cast<uint8_t*>(record.data()) + 8, i, 8);
      if (i > 0) {
        const std::string& prev = values[i - 1];
        std::copy(prev.end() - 32, prev.end(), record.begin() + 24);
      }
      Digest hash = EntryHash(AsBytes(record));
      v = record + std::string(hash.begin(), hash.end());
    }
  }
  static std::string WithAction(const std::string& value, const SignedAction& action) {
    auto entry = *DecodeEntry(AsBytes(value).first(value.size() - 32));
    Bytes record = EncodeEntry({entry.hash_algorithm, entry.signature_algorithm}, entry.seq, entry.recorded_time,
                               entry.prev_hash, action.action, action.signature);
    return std::string(record.begin(), record.end()) + std::string(32, '\0');
  }

  void ExpectFailure(const std::string& dir, uint64_t seq, ErrorCode code, std::string_view part) {
    auto report = VerifyExport(dir, {.jobs = 2});
    ASSERT_FALSE(report.has_value()) << "verification passed";
    EXPECT_EQ(report.error().seq, seq) << report.error().ToString();
    EXPECT_EQ(report.error().code, code) << report.error().ToString();
    EXPECT_NE(report.error().message.find(part), std::string::npos) << report.error().message;
  }

  TempDir dir_;
  std::deque<ManualClock> clocks_;
  const PrivateKey* Sm2LogKey() const { return sm2_log_key_ ? &*sm2_log_key_ : nullptr; }
  SignedAction FlavourGenesis() const { return Genesis(admin_, log_key_, kOrigin, GetParam().hash, Sm2LogKey()); }
  std::string ReadNoteFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  PrivateKey admin_ = Key(1), log_key_ = SeededKey(2), alice_ = Key(10);
  std::optional<PrivateKey> sm2_log_key_ = FlavourSm2LogKey(GetParam());
};

TEST_P(ExportVerifyTest, IntactExportVerifiesWithCosignatures) {
  std::string dir = BuildAndExport("real", "公开");
  auto report = VerifyExport(dir, {.jobs = 2, .log_keys = LogKeys{log_key_.public_key(), std::nullopt}});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->entries, 40u);
  EXPECT_EQ(report->checkpoints, 4u);
  EXPECT_EQ(report->last_checkpoint_size, 40u);
  auto wrong_key = VerifyExport(dir, {.log_keys = LogKeys{SeededKey(3).public_key(), std::nullopt}});
  ASSERT_FALSE(wrong_key.has_value());
  EXPECT_EQ(wrong_key.error().code, ErrorCode::kWrongLedger);
  auto quorum = VerifyExport(dir, {.quorum = 1});
  ASSERT_FALSE(quorum.has_value());
  EXPECT_NE(quorum.error().message.find("0 valid cosignatures, 1 are required"), std::string::npos);
}

TEST_P(ExportVerifyTest, ModifiedEntry) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  values[17][kEntryHeaderSize + 30] ^= 1;
  WriteFrames(dir, values);
  ExpectFailure(dir, 17, ErrorCode::kCorruption, "entry hash does not match its contents");
}

TEST_P(ExportVerifyTest, DeletedEntry) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  values.erase(values.begin() + 21);
  WriteFrames(dir, values);
  ExpectFailure(dir, 21, ErrorCode::kCorruption, "stored at position 21 but records sequence number 22");
}

TEST_P(ExportVerifyTest, InsertedEntry) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  values.insert(values.begin() + 12, values[11]);
  WriteFrames(dir, values);
  ExpectFailure(dir, 12, ErrorCode::kCorruption, "stored at position 12 but records sequence number 11");
}

TEST_P(ExportVerifyTest, ReorderedEntries) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  std::swap(values[5], values[6]);
  WriteFrames(dir, values);
  ExpectFailure(dir, 5, ErrorCode::kCorruption, "stored at position 5 but records sequence number 6");
}

TEST_P(ExportVerifyTest, TruncatedExportIsCaughtByTheLastCheckpoint) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  values.resize(35);  // the manifest is rewritten to match
  WriteFrames(dir, values);
  ExpectFailure(dir, 35, ErrorCode::kCorruption, "is signed for 40 entries, but the export ends at 35");
}

TEST_P(ExportVerifyTest, ReplacedKey) {
  // The operator re-registers alice with a key of their own, keeps every
  // hash consistent, but cannot sign as alice: her next entry fails.
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  values[2] = WithAction(values[2], RegisterPerson(admin_, Key(66), "alice", {schema::Role::HANDLER}));
  Relink(values, 2);
  WriteFrames(dir, values);
  ExpectFailure(dir, 3, ErrorCode::kUnknownKey, "is not registered");
}

TEST_P(ExportVerifyTest, BackDatedEntry) {
  std::string dir = BuildAndExport("real", "公开");
  auto values = ReadFrames(dir);
  PutBigEndian(reinterpret_cast<uint8_t*>(values[25].data()) + 16, static_cast<uint64_t>(kStart - 3600 * kSecond), 8);
  Relink(values, 25);
  WriteFrames(dir, values);
  ExpectFailure(dir, 25, ErrorCode::kCorruption, "(back-dated)");
}

TEST_P(ExportVerifyTest, RewrittenAndReSignedHistoryIsCaughtByAnEarlierCheckpoint) {
  std::string real = BuildAndExport("real", "公开");
  // The operator rebuilds everything from entry 15 on, re-signed with the
  // same keys (they hold the log key too), and signs new checkpoints...
  std::string forged = BuildAndExport("forged", "不予公开");
  ASSERT_TRUE(VerifyExport(forged, {}).has_value());  // internally perfect
  // ...but the auditor kept the checkpoint of size 20 from before.
  std::filesystem::copy_file(real + "/checkpoints/20.note", forged + "/checkpoints/20-kept.note");
  std::ifstream in(forged + "/manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  auto manifest = *ExportManifestFromJson(text.str());
  manifest.checkpoint_files.push_back("checkpoints/20-kept.note");
  std::ofstream(forged + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  ExpectFailure(forged, 19, ErrorCode::kCorruption, "two signed checkpoints of size 20 with different roots");

  // With only the kept checkpoint, the entries themselves contradict it.
  manifest.checkpoint_files = {"checkpoints/20-kept.note"};
  std::ofstream(forged + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  ExpectFailure(forged, 19, ErrorCode::kCorruption, "do not give the root signed in checkpoints/20-kept.note");
}

TEST_P(ExportVerifyTest, AMadeUpLedgerCannotBorrowTheRealLogKey) {
  // A ledger with its own administrator and log key, whose manifest claims
  // the real log key and lists no checkpoints.
  PrivateKey real_log = SeededKey(2);
  log_key_ = SeededKey(3);
  admin_ = Key(4);
  std::string dir = BuildAndExport("fake", "x", 12);
  std::ifstream in(dir + "/manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  auto manifest = *ExportManifestFromJson(text.str());
  manifest.log_key = Bytes(real_log.public_key().raw().begin(), real_log.public_key().raw().end());
  manifest.checkpoint_files.clear();
  std::ofstream(dir + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  ExpectFailure(dir, 0, ErrorCode::kWrongLedger, "the genesis names other log keys or another origin than the manifest");
}

TEST_P(ExportVerifyTest, EntriesAfterTheLastCheckpointAreFlagged) {
  std::string dir = BuildAndExport("real", "公开", 45);  // checkpoints at 10..40
  ExpectFailure(dir, 40, ErrorCode::kCorruption, "entries 40..44 are under no signed checkpoint");
  auto accepted = VerifyExport(dir, {.allow_uncovered_tail = true});
  ASSERT_TRUE(accepted.has_value()) << accepted.error().ToString();
  EXPECT_EQ(accepted->last_checkpoint_size, 40u);
}

TEST_P(ExportVerifyTest, ExportFromAnEntryCarriesAProvenRegistryPrefix) {
  // Bob's key is revoked at entry 10; the export starts at 15.
  ManualClock& clock = clocks_.emplace_back(kStart);
  LedgerOptions options;
  options.clock = &clock;
  options.log_key = &log_key_;
  options.sm2_log_key = Sm2LogKey();
  options.checkpoint_interval = 10;
  PrivateKey bob = Key(11);
  {
    auto ledger = *Ledger::Create(dir_.Sub("partial/ledger"), FlavourGenesis(), options);
    ASSERT_TRUE(ledger->Append(RegisterAgency(admin_)).has_value());
    ASSERT_TRUE(ledger->Append(RegisterPerson(admin_, alice_, "alice", {schema::Role::HANDLER})).has_value());
    ASSERT_TRUE(ledger->Append(RegisterPerson(admin_, bob, "bob", {schema::Role::HANDLER})).has_value());
    for (int i = 4; i < 40; ++i) {
      clock.Advance(kSecond);
      auto action = i == 10 ? RevokeKey(admin_, bob.public_key().id(), clock.Now()) : Note(alice_, {fmt::format("n{}", i)});
      ASSERT_TRUE(ledger->Append(action).has_value());
    }
  }
  std::string out = dir_.Sub("partial-export");
  std::string command = fmt::format("'{}' --data '{}' export --out '{}' --from 15 --quiet > /dev/null", GONGKAI_BINARY,
                                    dir_.Sub("partial"), out);
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto report = VerifyExport(out, {.jobs = 2, .log_keys = LogKeys{log_key_.public_key(), std::nullopt}});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->entries, 25u);
  EXPECT_EQ(report->checkpoints, 3u);  // 20, 30, 40

  // Dropping bob's revocation from the prefix is found: the registry digest
  // the first checkpoint signs no longer matches.
  std::vector<std::string> prefix;
  {
    auto reader = *ExportEntryReader::Open(out + "/prefix.bin");
    while (auto value = *reader.Next()) prefix.push_back(*value);
  }
  ASSERT_EQ(prefix.size(), 4u);  // genesis, alice, bob, the revocation
  std::ofstream file(out + "/prefix.bin", std::ios::binary | std::ios::trunc);
  HashStream digest;
  for (size_t i = 0; i < 3; ++i) {
    auto bytes = AsBytes(prefix[i]);
    std::string frame = ExportEntryFrame(bytes.first(bytes.size() - 32), bytes.subspan(bytes.size() - 32));
    file << frame;
    digest.Update(AsBytes(frame));
  }
  file.close();
  std::ifstream in(out + "/manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  auto manifest = *ExportManifestFromJson(text.str());
  manifest.prefix_sha256 = ToHex(digest.Finish());
  std::ofstream(out + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  ExpectFailure(out, 19, ErrorCode::kCorruption, "do not give the registry digest signed in checkpoints/20.note");
}

TEST_P(ExportVerifyTest, ForgedCheckpointSignatureIsRefused) {
  std::string dir = BuildAndExport("real", "公开");
  auto note = *ParseSignedNote([&] {
    std::ifstream in(dir + "/checkpoints/30.note");
    std::stringstream t;
    t << in.rdbuf();
    return t.str();
  }());
  SignedNote forged = SignCheckpoint(*ParseCheckpointBody(note.body), SeededKey(3));
  std::ofstream(dir + "/checkpoints/30.note", std::ios::trunc) << forged.ToString();
  auto report = VerifyExport(dir, {});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(report.error().message.find("checkpoints/30.note"), std::string::npos);
}

// Entries removed behind a rewound head, every track covered but the
// signed checkpoints: an export up to the head carries the checkpoint
// larger than the ledger, and the verifier names the removal.
TEST_P(ExportVerifyTest, AnExportOfARewoundLedgerCarriesTheCheckpointBeyondIt) {
  BuildAndExport("rewound", "公开", 41);  // checkpoints at 10..40
  {
    auto store = *Store::Open(dir_.Sub("rewound/ledger"), Store::Mode::kOpen);
    RemoveTail(*store, 35);
  }
  std::string out = dir_.Sub("rewound-again");
  std::string command = fmt::format("'{}' --data '{}' export --out '{}' --quiet > /dev/null", GONGKAI_BINARY,
                                    dir_.Sub("rewound"), out);
  ASSERT_EQ(std::system(command.c_str()), 0);
  ExpectFailure(out, 35, ErrorCode::kCorruption,
                "checkpoints/40.note is signed for 40 entries, but the export ends at 35 (entries removed)");
}

// The audit procedure's trust anchor: a C2SP tlog-policy naming the log's
// key, the witnesses and the quorum the last checkpoint must meet.
TEST_P(ExportVerifyTest, AWitnessPolicyAnchorsTheLogKeyAndTheQuorum) {
  std::string dir = BuildAndExport("real", "公开");
  const std::string log_vkey = VerifierKey{std::string(kOrigin), kNoteSignatureEd25519, log_key_.public_key()}.ToString();
  const std::string witness_vkey =
      VerifierKey{"w.example/1", kNoteCosignatureEd25519, SeededKey(33).public_key()}.ToString();
  auto policy = [](const std::string& text) { return *WitnessPolicy::Parse(text); };

  auto unwitnessed = VerifyExport(dir, {.witness_policy = policy("log " + log_vkey + "\nwitness w1 " + witness_vkey +
                                                                  "\nquorum w1\n")});
  ASSERT_FALSE(unwitnessed.has_value());
  EXPECT_EQ(unwitnessed.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(unwitnessed.error().message, "the last checkpoint's cosignatures do not meet the witness policy's quorum");

  const std::string other_log = VerifierKey{std::string(kOrigin), kNoteSignatureEd25519, SeededKey(34).public_key()}.ToString();
  auto stranger = VerifyExport(dir, {.witness_policy = policy("log " + other_log + "\nquorum none\n")});
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().code, ErrorCode::kWrongLedger);
  EXPECT_NE(stranger.error().message.find("the witness policy lists no log 'test.gongkai/1' with the log key"),
            std::string::npos)
      << stranger.error().message;

  auto anchored = VerifyExport(dir, {.witness_policy = policy("log " + log_vkey + "\nquorum none\n")});
  EXPECT_TRUE(anchored.has_value()) << anchored.error().ToString();
}

// A ledger with an SM2 log key: every checkpoint must carry its line, and
// the manifest must name the key the genesis names.
class Sm2LogKeyExportTest : public ExportVerifyTest {};
INSTANTIATE_TEST_SUITE_P(Guomi, Sm2LogKeyExportTest, ::testing::Values(kGuomiFlavour), FlavourName);

TEST_P(Sm2LogKeyExportTest, ACheckpointWithoutItsSm2LineIsRefused) {
  std::string dir = BuildAndExport("real", "公开");
  auto note = *ParseSignedNote(ReadNoteFile(dir + "/checkpoints/30.note"));
  ASSERT_EQ(note.signatures.size(), 2u);  // Ed25519, then SM2
  note.signatures.pop_back();
  std::ofstream(dir + "/checkpoints/30.note", std::ios::trunc) << note.ToString();
  auto report = VerifyExport(dir, {});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(report.error().message.find("checkpoints/30.note: the note has no sm2 signature by"), std::string::npos)
      << report.error().message;
}

TEST_P(Sm2LogKeyExportTest, AForgedSm2LineIsRefused) {
  std::string dir = BuildAndExport("real", "公开");
  auto note = *ParseSignedNote(ReadNoteFile(dir + "/checkpoints/30.note"));
  // Signed by another SM2 key, under the real key's name and key id.
  NoteSignature forged = SignNote(note.body, kOrigin, TestKey(SignatureAlgorithm::kSm2, 3));
  std::copy(note.signatures[1].blob.begin(), note.signatures[1].blob.begin() + 4, forged.blob.begin());
  note.signatures[1] = forged;
  std::ofstream(dir + "/checkpoints/30.note", std::ios::trunc) << note.ToString();
  auto report = VerifyExport(dir, {});
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(report.error().message.find("the sm2 signature by"), std::string::npos) << report.error().message;
}

TEST_P(Sm2LogKeyExportTest, AManifestThatDropsTheSm2LogKeyIsRefused) {
  std::string dir = BuildAndExport("real", "公开");
  auto manifest = *ExportManifestFromJson(ReadNoteFile(dir + "/manifest.json"));
  ASSERT_EQ(manifest.sm2_log_key.size(), kSm2PublicKeySize);
  manifest.sm2_log_key.clear();
  std::ofstream(dir + "/manifest.json", std::ios::trunc) << ExportManifestToJson(manifest);
  ExpectFailure(dir, 0, ErrorCode::kWrongLedger, "the genesis names other log keys or another origin than the manifest");
}

TEST_P(Sm2LogKeyExportTest, TheAuditorsSm2LogKeyMustBeTheExports) {
  std::string dir = BuildAndExport("real", "公开");
  auto known = VerifyExport(dir, {.log_keys = LogKeys{log_key_.public_key(), sm2_log_key_->public_key()}});
  ASSERT_TRUE(known.has_value()) << known.error().ToString();
  auto other = VerifyExport(dir, {.log_keys = LogKeys{log_key_.public_key(),
                                                      TestKey(SignatureAlgorithm::kSm2, 3).public_key()}});
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kWrongLedger);
  EXPECT_NE(other.error().message.find("not the SM2 log key given"), std::string::npos) << other.error().message;
}

INSTANTIATE_TEST_SUITE_P(Flavours, ExportVerifyTest, AllFlavours(), FlavourName);

}  // namespace
}  // namespace gongkai::testing
