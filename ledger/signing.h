// Ed25519 keys and signatures through OpenSSL's EVP interface.
//
// Every signature gongkai makes or checks is domain-separated: the signed
// message is a fixed context string followed by the payload, so a signature
// over an action can never be taken for a signature over anything else.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "ledger/bytes.h"
#include "ledger/base/error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace gongkai {

// The context prefix of action signatures: ASCII "gongkai/action/v1" and a
// zero byte (18 bytes).
inline constexpr std::string_view kActionSignatureContext{"gongkai/action/v1\0", 18};

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

struct PkeyFree {
  void operator()(EVP_PKEY* key) const;
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// An Ed25519 public key, ready to verify (the OpenSSL object is built once).
// Safe to use from many threads at once.
class PublicKey {
 public:
  static Result<PublicKey> FromRaw(ByteView raw);
  static Result<PublicKey> FromPemFile(const std::string& path);

  const std::array<uint8_t, kEd25519PublicKeySize>& raw() const { return raw_; }
  // Key id: lower-case hex of the first 16 bytes of SHA-256(raw key).
  const std::string& id() const { return id_; }
  std::string ToPem() const;

  // Checks `signature` over context ‖ message.
  Status Verify(std::string_view context, ByteView message, ByteView signature) const;

 private:
  std::array<uint8_t, kEd25519PublicKeySize> raw_{};
  std::string id_;
  std::shared_ptr<EVP_PKEY> pkey_;
};

std::string KeyIdOf(ByteView raw_public_key);

// An Ed25519 private key. The PEM file is PKCS#8, written with mode 0600.
class PrivateKey {
 public:
  static Result<PrivateKey> Generate();
  static Result<PrivateKey> FromPemFile(const std::string& path);
  // The key whose RFC 8032 private seed is `seed` (32 bytes). For
  // reproducible keys in tests, examples and the simulator only.
  static Result<PrivateKey> FromSeed(ByteView seed);

  // Writes the key; fails if `path` exists (never overwrites a key).
  Status SavePem(const std::string& path) const;
  const PublicKey& public_key() const { return public_key_; }
  // Signature over context ‖ message (64 bytes).
  Result<Bytes> Sign(std::string_view context, ByteView message) const;

 private:
  static Result<PrivateKey> FromPkey(PkeyPtr pkey);
  PkeyPtr pkey_;
  PublicKey public_key_;
};

}  // namespace gongkai
