// Signing keys and signatures through OpenSSL's EVP interface: Ed25519
// (RFC 8032, pure) and SM2 with SM3 (GB/T 32918, GM/T 0009).
//
// Every signature gongkai makes or checks is domain-separated: the signed
// message is a fixed context string followed by the payload, so a signature
// over an action can never be taken for a signature over anything else.
//
// SM2 specifics (docs/FORMAT.md §3):
// - a public key is the 65-byte uncompressed point 04 ‖ x ‖ y on the SM2
//   curve;
// - signing and verifying set the distinguishing ID 1234567812345678
//   (GM/T 0009) explicitly on both sides: OpenSSL 3.0 otherwise uses an
//   empty ID, which other SM2 implementations do not;
// - a signature is DER, SEQUENCE { r INTEGER, s INTEGER }, in its one strict
//   encoding (what `openssl pkeyutl -sign` writes); raw r ‖ s is refused.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ledger/bytes.h"
#include "ledger/base/error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace gongkai {

// The context prefix of action signatures: ASCII "gongkai/action/v1" and a
// zero byte (18 bytes).
inline constexpr std::string_view kActionSignatureContext{"gongkai/action/v1\0", 18};

// The ids are those of the entry record's byte 5 and of the schema's
// SignatureAlgorithm enum (ledger/schema/registry.capnp).
enum class SignatureAlgorithm : uint8_t { kEd25519 = 1, kSm2 = 2 };

std::string_view SignatureAlgorithmName(SignatureAlgorithm algorithm);  // "ed25519", "sm2"
Result<SignatureAlgorithm> ParseSignatureAlgorithm(std::string_view name);
// The algorithm an id names (entry record byte 5, schema enum value).
Result<SignatureAlgorithm> SignatureAlgorithmFromId(uint8_t id);

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;
inline constexpr size_t kSm2PublicKeySize = 65;      // 04 ‖ x ‖ y
inline constexpr size_t kSm2MaxSignatureSize = 72;   // DER of two 256-bit integers
inline constexpr std::string_view kSm2DistinguishingId = "1234567812345678";

size_t PublicKeySize(SignatureAlgorithm algorithm);

struct PkeyFree {
  void operator()(EVP_PKEY* key) const;
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// A public key, ready to verify (the OpenSSL object is built once). Safe to
// use from many threads at once.
class PublicKey {
 public:
  // `raw` is the key's registered form: Ed25519 32 bytes, SM2 65 bytes.
  static Result<PublicKey> FromRaw(SignatureAlgorithm algorithm, ByteView raw);
  // A SubjectPublicKeyInfo PEM file of either algorithm, or only of `only`
  // (log and witness keys are Ed25519).
  static Result<PublicKey> FromPemFile(const std::string& path,
                                       std::optional<SignatureAlgorithm> only = std::nullopt);
  // A public key held by OpenSSL (from a certificate, a PEM file).
  static Result<PublicKey> FromPkey(EVP_PKEY* pkey, std::string_view what);

  SignatureAlgorithm algorithm() const { return algorithm_; }
  ByteView raw() const { return raw_; }
  // Key id: lower-case hex of the first 16 bytes of SHA-256(raw key).
  const std::string& id() const { return id_; }
  std::string ToPem() const;
  bool operator==(const PublicKey& other) const {
    return algorithm_ == other.algorithm_ && raw_ == other.raw_;
  }

  // Checks `signature` over context ‖ message. SM2 failures say why when
  // the cause is recognisable: not strict DER (raw r ‖ s), or signed with
  // OpenSSL's default empty distinguishing ID instead of 1234567812345678.
  Status Verify(std::string_view context, ByteView message, ByteView signature) const;

 private:
  SignatureAlgorithm algorithm_ = SignatureAlgorithm::kEd25519;
  Bytes raw_;
  std::string id_;
  std::shared_ptr<EVP_PKEY> pkey_;
};

std::string KeyIdOf(ByteView raw_public_key);

// A private key. The PEM file is PKCS#8, written with mode 0600.
class PrivateKey {
 public:
  static Result<PrivateKey> Generate(SignatureAlgorithm algorithm = SignatureAlgorithm::kEd25519);
  static Result<PrivateKey> FromPemFile(const std::string& path,
                                        std::optional<SignatureAlgorithm> only = std::nullopt);
  // The Ed25519 key whose RFC 8032 private seed is `seed` (32 bytes). For
  // reproducible keys in tests, examples and the simulator only.
  static Result<PrivateKey> FromSeed(ByteView seed);

  // Writes the key; fails if `path` exists (never overwrites a key).
  Status SavePem(const std::string& path) const;
  const PublicKey& public_key() const { return public_key_; }
  // Signature over context ‖ message: Ed25519 64 bytes; SM2 (SM3, ID
  // 1234567812345678) DER, at most 72 bytes.
  Result<Bytes> Sign(std::string_view context, ByteView message) const;

 private:
  static Result<PrivateKey> FromPkey(PkeyPtr pkey);
  PkeyPtr pkey_;
  PublicKey public_key_;
};

}  // namespace gongkai
