#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "ledger/signing.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

TEST(SigningTest, Rfc8032TestVector1) {
  // RFC 8032 section 7.1, TEST 1: empty message.
  auto seed = *FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = *PrivateKey::FromSeed(seed);
  EXPECT_EQ(ToHex(key.public_key().raw()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto signature = *key.Sign("", {});
  EXPECT_EQ(ToHex(signature),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
            "d25bf5f0595bbe24655141438e7a100b");
}

TEST(SigningTest, SignaturesAreDomainSeparated) {
  PrivateKey key = SeededKey(3);
  Bytes message{1, 2, 3};
  auto signature = *key.Sign(kActionSignatureContext, message);
  EXPECT_TRUE(key.public_key().Verify(kActionSignatureContext, message, signature).has_value());
  auto other_context = key.public_key().Verify("gongkai/other/v1", message, signature);
  ASSERT_FALSE(other_context.has_value());
  EXPECT_EQ(other_context.error().code, ErrorCode::kBadSignature);
  EXPECT_FALSE(key.public_key().Verify("", message, signature).has_value());
}

TEST(SigningTest, KeyIdIsTruncatedSha256OfTheRawKey) {
  PrivateKey key = SeededKey(3);
  EXPECT_EQ(key.public_key().id(), ToHex(Sha256(key.public_key().raw())).substr(0, 32));
}

TEST(SigningTest, PemFilesRoundTripAndPrivateKeyIsMode0600) {
  TempDir dir;
  auto key = *PrivateKey::Generate();
  ASSERT_TRUE(key.SavePem(dir.Sub("k.pem")).has_value());
  struct stat st;
  ASSERT_EQ(::stat(dir.Sub("k.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto loaded = PrivateKey::FromPemFile(dir.Sub("k.pem"));
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->public_key().id(), key.public_key().id());
  auto again = key.SavePem(dir.Sub("k.pem"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

  std::ofstream(dir.Sub("k.pub")) << key.public_key().ToPem();
  auto pub = PublicKey::FromPemFile(dir.Sub("k.pub"));
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(pub->raw(), key.public_key().raw());
}

TEST(SigningTest, BadKeyFilesAreRefusedClearly) {
  TempDir dir;
  std::ofstream(dir.Sub("junk.pem")) << "not a key";
  auto junk = PrivateKey::FromPemFile(dir.Sub("junk.pem"));
  ASSERT_FALSE(junk.has_value());
  EXPECT_EQ(junk.error().code, ErrorCode::kMalformed);
  auto missing = PrivateKey::FromPemFile(dir.Sub("missing.pem"));
  ASSERT_FALSE(missing.has_value());
  // A file that cannot be opened is an I/O error, with the system's reason.
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_NE(missing.error().message.find("missing.pem: No such file or directory"), std::string::npos);
  EXPECT_EQ(PublicKey::FromRaw(Bytes(31)).error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace gongkai::testing
