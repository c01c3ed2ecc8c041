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
  auto opened = OpenCheckpoint(*reparsed, "gongkai.test/1", log.public_key());
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_EQ(opened->size, 20852163u);
  EXPECT_EQ(opened->root, checkpoint.root);
  EXPECT_EQ(OpenCheckpoint(*reparsed, "other/1", log.public_key()).error().code, ErrorCode::kWrongLedger);
  EXPECT_EQ(OpenCheckpoint(*reparsed, "gongkai.test/1", witness.public_key()).error().code,
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
