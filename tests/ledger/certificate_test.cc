// People registered with the X.509 certificate of their SM2 key: the
// certificate bounds when the key signs, must be valid when registered and,
// where CA roots are configured, chain to one; each refusal has its reason
// and writes nothing.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>

#include "ledger/admin_actions.h"
#include "ledger/certificate.h"
#include "ledger/verifier.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

constexpr UnixMicros kDay = 86'400 * kSecond;

// An OpenSSL key pair for certificates, and the same key as gongkai's.
struct TestPair {
  std::shared_ptr<EVP_PKEY> pkey;
  PrivateKey key;
};

TestPair MakePair(const TempDir& dir, const char* algorithm, const std::string& name) {
  std::shared_ptr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm), EVP_PKEY_free);
  std::string path = dir.Sub(name + ".pem");
  FILE* file = std::fopen(path.c_str(), "w");
  PEM_write_PrivateKey(file, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(file);
  return {pkey, *PrivateKey::FromPemFile(path)};
}

// A certificate for `subject`'s key, valid [not_before, not_after), signed
// by `issuer` (SM2 with SM3 and the GM/T 0009 ID, as a 国密 CA signs).
Bytes Certify(EVP_PKEY* subject, const std::string& common_name, EVP_PKEY* issuer, const std::string& issuer_name,
              UnixMicros not_before, UnixMicros not_after, bool ca = false, bool sm2_id = true) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  ASN1_TIME_set(X509_getm_notBefore(cert), static_cast<time_t>(not_before / kSecond));
  ASN1_TIME_set(X509_getm_notAfter(cert), static_cast<time_t>(not_after / kSecond));
  auto name = [](const std::string& cn) {
    X509_NAME* n = X509_NAME_new();
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    return n;
  };
  X509_NAME* subject_name = name(common_name);
  X509_NAME* issuer_x509_name = name(issuer_name);
  X509_set_subject_name(cert, subject_name);
  X509_set_issuer_name(cert, issuer_x509_name);
  X509_NAME_free(subject_name);
  X509_NAME_free(issuer_x509_name);
  X509_set_pubkey(cert, subject);
  if (ca) {
    X509_EXTENSION* constraints = X509V3_EXT_conf_nid(nullptr, nullptr, NID_basic_constraints, "critical,CA:TRUE");
    X509_add_ext(cert, constraints, -1);
    X509_EXTENSION_free(constraints);
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  const char* digest = EVP_PKEY_is_a(issuer, "SM2") ? "SM3" : nullptr;
  EXPECT_EQ(EVP_DigestSignInit_ex(ctx, &pctx, digest, nullptr, nullptr, issuer, nullptr), 1);
  if (digest && sm2_id) EVP_PKEY_CTX_set1_id(pctx, kSm2DistinguishingId.data(), kSm2DistinguishingId.size());
  EXPECT_GT(X509_sign_ctx(cert, ctx), 0);
  EVP_MD_CTX_free(ctx);
  unsigned char* der = nullptr;
  int length = i2d_X509(cert, &der);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  X509_free(cert);
  return out;
}

void WritePem(const std::string& path, ByteView der) {
  const unsigned char* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  FILE* file = std::fopen(path.c_str(), "w");
  PEM_write_X509(file, cert);
  std::fclose(file);
  X509_free(cert);
}

class CertificateTest : public LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    ca_ = MakePair(keys_, "SM2", "ca");
    alice_ = MakePair(keys_, "SM2", "alice");
  }
  // The signed registration; an action the schema refuses (a malformed
  // certificate) is refused already when it is signed.
  Result<SignedAction> Register(const std::string& id, const PrivateKey& key, Bytes certificate,
                                UnixMicros valid_from) {
    PersonSpec person{id, id, std::string(kTestAgency), "", {{schema::Role::HANDLER, std::string(kTestAgency), ""}},
                      key.public_key(), valid_from, std::move(certificate)};
    return SignDraft(RegisterPersonDraft(std::move(person)), kOrigin, clock_.Now(), admin_);
  }
  Bytes AliceCertificate(UnixMicros not_before, UnixMicros not_after) {
    return Certify(alice_.pkey.get(), "张三", ca_.pkey.get(), "天宁区 SM2 CA", not_before, not_after);
  }
  void ExpectRefused(const Result<SignedAction>& action, ErrorCode code, std::string_view part) {
    uint64_t before = ledger_->head().size;
    auto receipt = action ? ledger_->Append(*action) : Result<AppendReceipt>(std::unexpected(action.error()));
    ASSERT_FALSE(receipt.has_value());
    EXPECT_EQ(receipt.error().code, code) << receipt.error().ToString();
    EXPECT_NE(receipt.error().message.find(part), std::string::npos) << receipt.error().message;
    EXPECT_EQ(ledger_->head().size, before);
  }

  TempDir keys_;
  TestPair ca_, alice_;
};

TEST_F(CertificateTest, TheCertificateBoundsWhenTheKeySigns) {
  Bytes der = AliceCertificate(kStart - kDay, kStart + 10 * kDay);
  auto parsed = ParseCertificate(der);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->key, alice_.key.public_key());
  EXPECT_EQ(parsed->not_after, kStart + 10 * kDay);
  MustAppend(*Register("alice", alice_.key, der, kStart - kDay));
  KeyRegistry registry = ledger_->registry();  // a copy: the record below points into it
  const KeyRecord* record = registry.FindKey(alice_.key.public_key().id());
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->valid_until, kStart + 10 * kDay);
  MustAppend(Note(alice_.key, {"in-time"}));
  clock_.Set(kStart + 10 * kDay);
  ExpectRefused(Note(alice_.key, {"too-late", "test/stream", -1, clock_.Now()}), ErrorCode::kKeyExpired,
                "expired at 2026-01-15");
  ledger_.reset();
  auto store = Store::Open(dir_.Sub("ledger"), Store::Mode::kReadOnly);
  auto report = VerifyLedger(**store, {});
  EXPECT_TRUE(report.has_value()) << report.error().ToString();
}

TEST_F(CertificateTest, ACertificateMustBeValidWhenRegistered) {
  ExpectRefused(Register("alice", alice_.key, AliceCertificate(kStart - 10 * kDay, kStart - kDay), kStart),
                ErrorCode::kKeyExpired, "expired at");
  ExpectRefused(Register("alice", alice_.key, AliceCertificate(kStart + kDay, kStart + 10 * kDay), kStart),
                ErrorCode::kKeyNotYetValid, "is not valid before");
}

TEST_F(CertificateTest, TheCertificateMustBeOfThisSm2Key) {
  TestPair ed = MakePair(keys_, "ED25519", "ed");
  Bytes ed_certificate = Certify(ed.pkey.get(), "李四", ca_.pkey.get(), "天宁区 SM2 CA", kStart - kDay, kStart + kDay);
  ExpectRefused(Register("ed", ed.key, ed_certificate, kStart), ErrorCode::kMalformed, "is not an SM2 key (ED25519)");
  TestPair other = MakePair(keys_, "SM2", "other");
  ExpectRefused(Register("alice", other.key, AliceCertificate(kStart - kDay, kStart + kDay), kStart),
                ErrorCode::kMalformed, "registerPerson.publicKey.certificate is for key");
  Bytes garbage = AliceCertificate(kStart - kDay, kStart + kDay);
  garbage.push_back(0);
  ExpectRefused(Register("alice", alice_.key, garbage, kStart), ErrorCode::kMalformed, "not an X.509 certificate");
}

TEST_F(CertificateTest, WithRootsConfiguredACertificateMustChainToOne) {
  // Roots: the CA's own self-signed certificate.
  Bytes root = Certify(ca_.pkey.get(), "天宁区 SM2 CA", ca_.pkey.get(), "天宁区 SM2 CA", kStart - 100 * kDay,
                       kStart + 1000 * kDay, /*ca=*/true);
  WritePem(keys_.Sub("roots.pem"), root);
  auto roots = CertificateRoots::FromPemFile(keys_.Sub("roots.pem"));
  ASSERT_TRUE(roots.has_value()) << roots.error().ToString();
  ledger_.reset();
  auto opened = Ledger::Open(dir_.Sub("ledger"),
                             LedgerOptions{.clock = &clock_,
                                           .certificate_roots = std::make_shared<CertificateRoots>(*roots)});
  ASSERT_TRUE(opened.has_value());
  ledger_ = std::move(*opened);
  TestPair rogue = MakePair(keys_, "SM2", "rogue-ca");
  Bytes by_rogue = Certify(alice_.pkey.get(), "张三", rogue.pkey.get(), "天宁区 SM2 CA", kStart - kDay, kStart + kDay);
  ExpectRefused(Register("alice", alice_.key, by_rogue, kStart), ErrorCode::kUnauthorized,
                "does not chain to a CA root configured for this ledger: certificate signature failure");
  // The right CA, signing with OpenSSL's empty default ID: not a GM/T 0009 signature.
  Bytes empty_id = Certify(alice_.pkey.get(), "张三", ca_.pkey.get(), "天宁区 SM2 CA", kStart - kDay, kStart + kDay,
                           /*ca=*/false, /*sm2_id=*/false);
  ExpectRefused(Register("alice", alice_.key, empty_id, kStart), ErrorCode::kUnauthorized,
                "certificate signature failure");
  MustAppend(*Register("alice", alice_.key, AliceCertificate(kStart - kDay, kStart + kDay), kStart));
  // A key without a certificate is not affected by the roots.
  PrivateKey bob = TestKey(SignatureAlgorithm::kSm2, 12);
  MustAppend(*Register("bob", bob, {}, kStart));
}

}  // namespace
}  // namespace gongkai::testing
