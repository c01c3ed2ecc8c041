// Signed notes and checkpoints against the published signed-note example
// (golang.org/x/mod/sumdb/note, used as data), and cosignatures.
#include <gtest/gtest.h>

#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

const std::string kPeterText =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const std::string kPeterSignature =
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

PrivateKey PeterKey() {
  // PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>
  auto blob = *FromBase64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
  return *PrivateKey::FromSeed(ByteView(blob).subspan(1));
}

TEST(NoteTest, ReproducesThePublishedExample) {
  PrivateKey key = PeterKey();
  auto vkey = *FromBase64("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  EXPECT_TRUE(std::equal(key.public_key().raw().begin(), key.public_key().raw().end(), vkey.begin() + 1));
  EXPECT_EQ(ToHex(ComputeNoteKeyId("PeterNeumann", kNoteSignatureEd25519, key.public_key())), "c74f20a3");
  NoteSignature signature = SignNote(kPeterText, "PeterNeumann", key);
  EXPECT_EQ(ToBase64(signature.blob), kPeterSignature);
  std::string text = kPeterText + "\n\u2014 PeterNeumann " + kPeterSignature + "\n";
  auto note = ParseSignedNote(text);
  ASSERT_TRUE(note.has_value()) << note.error().message;
  EXPECT_EQ(note->ToString(), text);
  EXPECT_TRUE(VerifyNoteSignature(*note, "PeterNeumann", key.public_key()).has_value());
  note->body[3] ^= 0x20;
  EXPECT_EQ(VerifyNoteSignature(*note, "PeterNeumann", key.public_key()).error().code, ErrorCode::kBadSignature);
}

TEST(NoteTest, MalformedNotesAreRefused) {
  for (std::string bad : {std::string("no blank line\n— a AAAAAAA=\n"), std::string("body\n\n"),
                          std::string("body\n\n- a AAAAAAAA\n"), std::string("body\n\n— a AAAA\n"),
                          std::string("body\n\n— a AAAAAAAA"), std::string("body\n\n— a+b AAAAAAAA\n"),
                          std::string("bo\x01dy\n\n— a AAAAAAAA\n")}) {
    auto note = ParseSignedNote(bad);
    ASSERT_FALSE(note.has_value()) << bad;
    EXPECT_EQ(note.error().code, ErrorCode::kMalformed);
  }
}

TEST(CheckpointTest, SignParseVerifyAndCosign) {
  PrivateKey log = SeededKey(2), witness = SeededKey(7);
  Checkpoint checkpoint{"gongkai.test/1", 20852163, Sha256(AsBytes("root"))};
  SignedNote note = SignCheckpoint(checkpoint, log);
  EXPECT_TRUE(note.body.starts_with("gongkai.test/1\n20852163\n"));
  auto reparsed = ParseSignedNote(note.ToString());
  ASSERT_TRUE(reparsed.has_value());
  auto opened = OpenCheckpoint(*reparsed, "gongkai.test/1", LogKeys{log.public_key(), std::nullopt});
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_EQ(opened->size, 20852163u);
  EXPECT_EQ(opened->root, checkpoint.root);
  EXPECT_EQ(OpenCheckpoint(*reparsed, "other/1", LogKeys{log.public_key(), std::nullopt}).error().code, ErrorCode::kWrongLedger);
  EXPECT_EQ(OpenCheckpoint(*reparsed, "gongkai.test/1", LogKeys{witness.public_key(), std::nullopt}).error().code,
            ErrorCode::kBadSignature);

  reparsed->signatures.push_back(CosignNote(reparsed->body, "archive.example/w1", witness, 1679315147));
  auto cosigned = ParseSignedNote(reparsed->ToString());
  ASSERT_TRUE(cosigned.has_value());
  auto time = VerifyCosignature(*cosigned, "archive.example/w1", witness.public_key());
  ASSERT_TRUE(time.has_value()) << time.error().message;
  EXPECT_EQ(*time, 1679315147u);
  // A cosignature is not a log signature, nor the other way round.
  EXPECT_FALSE(VerifyCosignature(*cosigned, "gongkai.test/1", log.public_key()).has_value());
  EXPECT_FALSE(VerifyNoteSignature(*cosigned, "archive.example/w1", witness.public_key()).has_value());
}

// SM2 note signatures (type 0xff, identifier "gongkai/sm2-sm3"): the key id
// is the documented one, the signature OpenSSL-verifiable DER over the body.
TEST(NoteTest, Sm2SignaturesUseTheDocumentedKeyIdAndVerify) {
  PrivateKey sm2 = TestKey(SignatureAlgorithm::kSm2, 40);
  const uint8_t type = 0xff;
  Digest expected = Sha256({AsBytes("gongkai.test/1"), AsBytes("\n"), ByteView(&type, 1), AsBytes("gongkai/sm2-sm3"),
                            sm2.public_key().raw()});
  NoteKeyId id = NoteSignerKeyId("gongkai.test/1", sm2.public_key());
  EXPECT_TRUE(std::equal(id.begin(), id.end(), expected.begin()));
  EXPECT_NE(id, ComputeNoteKeyId("gongkai.test/1", kNoteSignatureEd25519, sm2.public_key()));

  const std::string body = "gongkai.test/1\n5\n" + ToBase64(Sha256(AsBytes("r"))) + "\n";
  NoteSignature signature = SignNote(body, "gongkai.test/1", sm2);
  EXPECT_TRUE(std::equal(id.begin(), id.end(), signature.blob.begin()));
  EXPECT_EQ(signature.blob[4], 0x30);  // DER SEQUENCE
  auto note = ParseSignedNote(SignedNote{body, {signature}}.ToString());
  ASSERT_TRUE(note.has_value()) << note.error().message;
  EXPECT_TRUE(VerifyNoteSignature(*note, "gongkai.test/1", sm2.public_key()).has_value());
  auto other = VerifyNoteSignature(*note, "gongkai.test/1", TestKey(SignatureAlgorithm::kSm2, 41).public_key());
  EXPECT_EQ(other.error().message, "the note has no sm2 signature by gongkai.test/1");
  // A failing line of a known key rejects the note, even beside a good one
  // (c2sp.org/signed-note).
  SignedNote doubled = *note;
  doubled.signatures.push_back(signature);
  doubled.signatures.back().blob.back() ^= 0x01;
  EXPECT_EQ(VerifyNoteSignature(doubled, "gongkai.test/1", sm2.public_key()).error().message,
            "the sm2 signature by gongkai.test/1 does not verify");
  note->body[0] ^= 0x20;
  auto altered = VerifyNoteSignature(*note, "gongkai.test/1", sm2.public_key());
  EXPECT_EQ(altered.error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(altered.error().message, "the sm2 signature by gongkai.test/1 does not verify");
}

// A checkpoint of a ledger with an SM2 log key carries both lines; both are
// required by those who know both keys, a witness checks the Ed25519 line.
TEST(CheckpointTest, AnSm2LogKeyAddsASecondLineThatMustVerify) {
  PrivateKey log = SeededKey(2), sm2_log = TestKey(SignatureAlgorithm::kSm2, 42);
  Checkpoint checkpoint{"gongkai.test/1", 20, Sha256(AsBytes("root")), {}, HashAlgorithm::kSm3};
  SignedNote note = SignCheckpoint(checkpoint, log, &sm2_log);
  ASSERT_EQ(note.signatures.size(), 2u);
  EXPECT_EQ(note.signatures[0].name, "gongkai.test/1");
  EXPECT_EQ(note.signatures[1].name, "gongkai.test/1");
  LogKeys both{log.public_key(), sm2_log.public_key()};
  auto reparsed = ParseSignedNote(note.ToString());
  ASSERT_TRUE(reparsed.has_value());
  EXPECT_TRUE(OpenCheckpoint(*reparsed, "gongkai.test/1", both).has_value());
  EXPECT_TRUE(OpenCheckpoint(*reparsed, "gongkai.test/1", LogKeys{log.public_key(), std::nullopt}).has_value());

  SignedNote ed25519_only = SignCheckpoint(checkpoint, log);
  auto missing = OpenCheckpoint(ed25519_only, "gongkai.test/1", both);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "the note has no sm2 signature by gongkai.test/1");

  SignedNote sm2_only = *reparsed;
  sm2_only.signatures.erase(sm2_only.signatures.begin());
  auto no_ed25519 = OpenCheckpoint(sm2_only, "gongkai.test/1", both);
  ASSERT_FALSE(no_ed25519.has_value());
  EXPECT_EQ(no_ed25519.error().message, "the note has no ed25519 signature by gongkai.test/1");
}

TEST(CheckpointTest, BadBodiesAreRefused) {
  for (std::string bad : std::vector<std::string>{"o\n12\n", "o\n012\nAAAA\n", "o\nx\nAAAA\n", "\n1\nAAAA\n", "o\n1\nAAAA\n",
                          "o\n1\n" + ToBase64(Sha256(AsBytes("r"))) }) {
    auto parsed = ParseCheckpointBody(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  }
}

}  // namespace
}  // namespace gongkai::testing
