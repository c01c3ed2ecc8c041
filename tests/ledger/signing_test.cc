#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

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
  EXPECT_EQ(*pub, key.public_key());
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
  EXPECT_EQ(PublicKey::FromRaw(SignatureAlgorithm::kEd25519, Bytes(31)).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(PublicKey::FromRaw(SignatureAlgorithm::kSm2, Bytes(32)).error().code, ErrorCode::kMalformed);
}

// GB/T 32905-2016 Appendix A, example 1.
TEST(HashTest, Sm3OfAbc) {
  EXPECT_EQ(ToHex(Hash(HashAlgorithm::kSm3, AsBytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sm2SigningTest, SignsAndVerifiesWithDerSignatures) {
  auto key = *PrivateKey::Generate(SignatureAlgorithm::kSm2);
  EXPECT_EQ(key.public_key().algorithm(), SignatureAlgorithm::kSm2);
  ASSERT_EQ(key.public_key().raw().size(), kSm2PublicKeySize);
  EXPECT_EQ(key.public_key().raw()[0], 0x04);
  Bytes message{1, 2, 3};
  auto signature = *key.Sign(kActionSignatureContext, message);
  EXPECT_LE(signature.size(), kSm2MaxSignatureSize);
  EXPECT_EQ(signature[0], 0x30);  // DER SEQUENCE
  EXPECT_TRUE(key.public_key().Verify(kActionSignatureContext, message, signature).has_value());
  // Twice: the per-thread verification context is copied, not used up.
  EXPECT_TRUE(key.public_key().Verify(kActionSignatureContext, message, signature).has_value());
  auto other = key.public_key().Verify("gongkai/other/v1", message, signature);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(other.error().message.find("does not verify"), std::string::npos) << other.error().message;
  // The key is rebuilt from its 65 registered bytes.
  auto rebuilt = PublicKey::FromRaw(SignatureAlgorithm::kSm2, key.public_key().raw());
  ASSERT_TRUE(rebuilt.has_value());
  EXPECT_EQ(rebuilt->id(), key.public_key().id());
  EXPECT_TRUE(rebuilt->Verify(kActionSignatureContext, message, signature).has_value());
}

TEST(Sm2SigningTest, PemFilesRoundTripAndAlgorithmsCanBeRequired) {
  TempDir dir;
  auto key = *PrivateKey::Generate(SignatureAlgorithm::kSm2);
  ASSERT_TRUE(key.SavePem(dir.Sub("k.pem")).has_value());
  auto loaded = PrivateKey::FromPemFile(dir.Sub("k.pem"));
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->public_key(), key.public_key());
  std::ofstream(dir.Sub("k.pub")) << key.public_key().ToPem();
  auto pub = PublicKey::FromPemFile(dir.Sub("k.pub"));
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(*pub, key.public_key());
  // Log and witness keys are Ed25519 only.
  auto log_key = PrivateKey::FromPemFile(dir.Sub("k.pem"), SignatureAlgorithm::kEd25519);
  ASSERT_FALSE(log_key.has_value());
  EXPECT_NE(log_key.error().message.find("is an sm2 key; an ed25519 key is needed"), std::string::npos);
  EXPECT_FALSE(PublicKey::FromPemFile(dir.Sub("k.pub"), SignatureAlgorithm::kEd25519).has_value());
}

TEST(Sm2SigningTest, APointOffTheCurveIsRefused) {
  auto key = *PrivateKey::Generate(SignatureAlgorithm::kSm2);
  Bytes raw(key.public_key().raw().begin(), key.public_key().raw().end());
  raw[64] ^= 1;
  auto off = PublicKey::FromRaw(SignatureAlgorithm::kSm2, raw);
  ASSERT_FALSE(off.has_value());
  EXPECT_EQ(off.error().code, ErrorCode::kMalformed);
  raw = Bytes(key.public_key().raw().begin(), key.public_key().raw().end());
  raw[0] = 0x02;  // compressed points are not the registered form
  EXPECT_FALSE(PublicKey::FromRaw(SignatureAlgorithm::kSm2, raw).has_value());
}

// Signs context ‖ message with SM2/SM3 through OpenSSL directly, with the
// distinguishing ID `id`, or with none (OpenSSL's default).
Bytes OpensslSm2Sign(const std::string& pem_path, std::optional<std::string_view> id, ByteView message) {
  FILE* file = std::fopen(pem_path.c_str(), "r");
  EVP_PKEY* pkey = PEM_read_PrivateKey(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EXPECT_EQ(EVP_DigestSignInit_ex(ctx, &pctx, "SM3", nullptr, nullptr, pkey, nullptr), 1);
  if (id) EXPECT_EQ(EVP_PKEY_CTX_set1_id(pctx, id->data(), id->size()), 1);
  Bytes signed_bytes(kActionSignatureContext.begin(), kActionSignatureContext.end());
  signed_bytes.insert(signed_bytes.end(), message.begin(), message.end());
  Bytes signature(kSm2MaxSignatureSize);
  size_t length = signature.size();
  EXPECT_EQ(EVP_DigestSign(ctx, signature.data(), &length, signed_bytes.data(), signed_bytes.size()), 1);
  signature.resize(length);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return signature;
}

// GM/T 0009's ID set on both sides: a signature made with the standard ID by
// OpenSSL itself verifies; one made with OpenSSL's default (empty) ID or
// another ID is refused, the empty one by name.
TEST(Sm2SigningTest, TheDistinguishingIdIsSetExplicitly) {
  TempDir dir;
  auto key = *PrivateKey::Generate(SignatureAlgorithm::kSm2);
  ASSERT_TRUE(key.SavePem(dir.Sub("k.pem")).has_value());
  Bytes message{4, 5, 6};
  const PublicKey& pub = key.public_key();
  EXPECT_TRUE(pub.Verify(kActionSignatureContext, message,
                         OpensslSm2Sign(dir.Sub("k.pem"), kSm2DistinguishingId, message))
                  .has_value());
  auto no_id = pub.Verify(kActionSignatureContext, message, OpensslSm2Sign(dir.Sub("k.pem"), std::nullopt, message));
  ASSERT_FALSE(no_id.has_value());
  EXPECT_EQ(no_id.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(no_id.error().message.find("made with an empty distinguishing ID"), std::string::npos)
      << no_id.error().message;
  auto other_id =
      pub.Verify(kActionSignatureContext, message, OpensslSm2Sign(dir.Sub("k.pem"), "ALICE123@YAHOO.COM", message));
  ASSERT_FALSE(other_id.has_value());
  EXPECT_NE(other_id.error().message.find("does not verify"), std::string::npos) << other_id.error().message;
}

// One encoding: strict DER. Raw r ‖ s and a BER length form are refused
// before any verification, each saying so.
TEST(Sm2SigningTest, OnlyStrictDerSignaturesAreAccepted) {
  auto key = *PrivateKey::Generate(SignatureAlgorithm::kSm2);
  Bytes message{7};
  Bytes der = *key.Sign(kActionSignatureContext, message);
  const unsigned char* p = der.data();
  ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  ASSERT_NE(parsed, nullptr);
  Bytes raw(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(parsed), raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(parsed), raw.data() + 32, 32);
  ECDSA_SIG_free(parsed);
  auto refused = key.public_key().Verify(kActionSignatureContext, message, raw);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(refused.error().message.find("raw r ‖ s is not accepted"), std::string::npos) << refused.error().message;
  // The same SEQUENCE with its length in BER long form (0x81 0xLL).
  Bytes ber{0x30, 0x81, der[1]};
  ber.insert(ber.end(), der.begin() + 2, der.end());
  auto long_form = key.public_key().Verify(kActionSignatureContext, message, ber);
  ASSERT_FALSE(long_form.has_value());
  EXPECT_NE(long_form.error().message.find("an SM2 signature is DER"), std::string::npos)
      << long_form.error().message;
  // An Ed25519-sized signature on an Ed25519 key is no SM2 business.
  EXPECT_FALSE(SeededKey(1).public_key().Verify(kActionSignatureContext, message, der).has_value());
}

}  // namespace
}  // namespace gongkai::testing
