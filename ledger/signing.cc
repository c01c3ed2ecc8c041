#include "ledger/signing.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ledger/hash.h"

namespace gongkai {
namespace {

std::string OpensslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};

Bytes WithContext(std::string_view context, ByteView message) {
  Bytes out(context.size() + message.size());
  std::copy(context.begin(), context.end(), out.begin());
  std::copy(message.begin(), message.end(), out.begin() + context.size());
  return out;
}

// The DER SubjectPublicKeyInfo of an SM2 key is this fixed prefix
// (id-ecPublicKey, curve SM2 1.2.156.10197.1.301, a 66-byte BIT STRING)
// followed by the 65-byte point.
constexpr uint8_t kSm2SpkiPrefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                      0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c,
                                      0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00};

std::optional<SignatureAlgorithm> AlgorithmOf(const EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "ED25519")) return SignatureAlgorithm::kEd25519;
  if (EVP_PKEY_is_a(pkey, "SM2")) return SignatureAlgorithm::kSm2;
  return std::nullopt;
}

// The registered form of an OpenSSL key's public half.
Result<Bytes> RawPublicOf(const EVP_PKEY* pkey, SignatureAlgorithm algorithm) {
  Bytes raw(PublicKeySize(algorithm));
  size_t length = raw.size();
  int ok = algorithm == SignatureAlgorithm::kEd25519
               ? EVP_PKEY_get_raw_public_key(pkey, raw.data(), &length)
               : EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, raw.data(),
                                                 raw.size(), &length);
  if (ok != 1 || length != raw.size()) {
    return Fail(ErrorCode::kMalformed, "cannot read the {} public key: {}", SignatureAlgorithmName(algorithm),
                OpensslError());
  }
  return raw;
}

// Sets the GM/T 0009 distinguishing ID on an SM2 signing or verifying
// context (after Digest{Sign,Verify}Init, before any data).
bool SetSm2Id(EVP_PKEY_CTX* pctx) {
  return EVP_PKEY_CTX_set1_id(pctx, kSm2DistinguishingId.data(), kSm2DistinguishingId.size()) == 1;
}

// Initialises `ctx` to sign or verify with `pkey`: Ed25519 one-shot, or
// SM2 over SM3 with the distinguishing ID (none when `sm2_id` is false: the
// OpenSSL default, used only to diagnose a failed verification).
bool InitContext(EVP_MD_CTX* ctx, EVP_PKEY* pkey, SignatureAlgorithm algorithm, bool sign, bool sm2_id = true) {
  EVP_PKEY_CTX* pctx = nullptr;
  const char* digest = algorithm == SignatureAlgorithm::kSm2 ? "SM3" : nullptr;
  int ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, digest, nullptr, nullptr, pkey, nullptr)
                : EVP_DigestVerifyInit_ex(ctx, &pctx, digest, nullptr, nullptr, pkey, nullptr);
  if (ok != 1) return false;
  return algorithm != SignatureAlgorithm::kSm2 || !sm2_id || SetSm2Id(pctx);
}

// An SM2 signature must be DER in its one strict encoding; anything else
// (raw r ‖ s above all, which other toolkits emit) is refused by name.
Status CheckSm2SignatureEncoding(ByteView signature) {
  const unsigned char* p = signature.data();
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> parsed(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(signature.size())), ECDSA_SIG_free);
  bool strict = false;
  if (parsed && p == signature.data() + signature.size()) {
    unsigned char* der = nullptr;
    int length = i2d_ECDSA_SIG(parsed.get(), &der);
    strict = length > 0 && static_cast<size_t>(length) == signature.size() &&
             std::memcmp(der, signature.data(), signature.size()) == 0;
    OPENSSL_free(der);
  }
  ERR_clear_error();
  if (strict) return {};
  return Fail(ErrorCode::kBadSignature,
              "an SM2 signature is DER, SEQUENCE {{ r INTEGER, s INTEGER }} (at most {} bytes); these {} bytes are "
              "not{}",
              kSm2MaxSignatureSize, signature.size(),
              signature.size() == 64 ? " (raw r ‖ s is not accepted)" : "");
}

}  // namespace

std::string_view SignatureAlgorithmName(SignatureAlgorithm algorithm) {
  return algorithm == SignatureAlgorithm::kSm2 ? "sm2" : "ed25519";
}

Result<SignatureAlgorithm> ParseSignatureAlgorithm(std::string_view name) {
  if (name == "ed25519") return SignatureAlgorithm::kEd25519;
  if (name == "sm2") return SignatureAlgorithm::kSm2;
  return Fail(ErrorCode::kInvalidArgument, "unknown signature algorithm '{}' (expected ed25519 or sm2)", name);
}

Result<SignatureAlgorithm> SignatureAlgorithmFromId(uint8_t id) {
  if (id == 1) return SignatureAlgorithm::kEd25519;
  if (id == 2) return SignatureAlgorithm::kSm2;
  return Fail(ErrorCode::kMalformed, "unknown signature algorithm id {} (1 = Ed25519, 2 = SM2)", id);
}

size_t PublicKeySize(SignatureAlgorithm algorithm) {
  return algorithm == SignatureAlgorithm::kSm2 ? kSm2PublicKeySize : kEd25519PublicKeySize;
}

void PkeyFree::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

std::string KeyIdOf(ByteView raw_public_key) {
  Digest digest = Sha256(raw_public_key);
  return ToHex(ByteView(digest.data(), 16));
}

Result<PublicKey> PublicKey::FromRaw(SignatureAlgorithm algorithm, ByteView raw) {
  std::string_view name = SignatureAlgorithmName(algorithm);
  if (raw.size() != PublicKeySize(algorithm)) {
    return Fail(ErrorCode::kMalformed, "an {} public key is {} bytes, got {}", name, PublicKeySize(algorithm),
                raw.size());
  }
  EVP_PKEY* pkey = nullptr;
  if (algorithm == SignatureAlgorithm::kEd25519) {
    pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size());
  } else if (raw[0] == 0x04) {
    // Decoding the SubjectPublicKeyInfo checks that the point is on the curve.
    Bytes spki(std::begin(kSm2SpkiPrefix), std::end(kSm2SpkiPrefix));
    spki.insert(spki.end(), raw.begin(), raw.end());
    const unsigned char* p = spki.data();
    pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size()));
  }
  if (!pkey) return Fail(ErrorCode::kMalformed, "bad {} public key: {}", name, OpensslError());
  PublicKey key;
  key.algorithm_ = algorithm;
  key.raw_.assign(raw.begin(), raw.end());
  key.id_ = KeyIdOf(raw);
  key.pkey_ = std::shared_ptr<EVP_PKEY>(pkey, PkeyFree{});
  return key;
}

Result<PublicKey> PublicKey::FromPkey(EVP_PKEY* pkey, std::string_view what) {
  auto algorithm = AlgorithmOf(pkey);
  if (!algorithm) {
    return Fail(ErrorCode::kMalformed, "{} holds a {} key; gongkai signs with Ed25519 or SM2", what,
                EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey) : "unknown");
  }
  auto raw = RawPublicOf(pkey, *algorithm);
  GK_RETURN_IF_ERROR(raw);
  return FromRaw(*algorithm, *raw);
}

Result<PublicKey> PublicKey::FromPemFile(const std::string& path, std::optional<SignatureAlgorithm> only) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "r"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open public key file {}: {}", path, std::strerror(errno));
  PkeyPtr pkey(PEM_read_PUBKEY(file.get(), nullptr, nullptr, nullptr));
  if (!pkey) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, "{} is not a public key in PEM form", path);
  }
  auto key = FromPkey(pkey.get(), path);
  if (key && only && key->algorithm() != *only) {
    return Fail(ErrorCode::kMalformed, "{} is an {} key; an {} key is needed here", path,
                SignatureAlgorithmName(key->algorithm()), SignatureAlgorithmName(*only));
  }
  return key;
}

std::string PublicKey::ToPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, pkey_.get());
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  return pem;
}

// Each thread keeps one initialised verification context per public key
// and verifies with a fresh copy of it: EVP_DigestVerifyInit fetches the
// algorithm from the provider, which costs as much as a tenth of a
// verification and contends on OpenSSL's global locks when many threads
// verify, while a copy costs well under a microsecond. (Copying, rather than
// reusing the context, stays correct under OpenSSL versions that refuse a
// second one-shot verification on one context; an SM2 template has its
// distinguishing ID set and no data, so each copy computes Z afresh.) The
// template holds its own reference to the key; the cache is keyed by the
// algorithm and the raw key, never by the object's address.
static EVP_MD_CTX* ThreadVerifyContext(SignatureAlgorithm algorithm, ByteView raw, EVP_PKEY* pkey) {
  constexpr size_t kMaxCachedKeys = 1024;
  thread_local std::unordered_map<std::string, MdCtxPtr> templates;
  thread_local MdCtxPtr working(EVP_MD_CTX_new());
  thread_local std::string lookup;
  lookup.assign(1, static_cast<char>(algorithm));
  lookup.append(reinterpret_cast<const char*>(raw.data()), raw.size());
  auto it = templates.find(lookup);
  if (it == templates.end()) {
    if (templates.size() >= kMaxCachedKeys) templates.clear();
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || !InitContext(ctx.get(), pkey, algorithm, /*sign=*/false)) return nullptr;
    it = templates.emplace(lookup, std::move(ctx)).first;
  }
  if (!working || EVP_MD_CTX_copy_ex(working.get(), it->second.get()) != 1) return nullptr;
  return working.get();
}

Status PublicKey::Verify(std::string_view context, ByteView message, ByteView signature) const {
  if (algorithm_ == SignatureAlgorithm::kEd25519 && signature.size() != kEd25519SignatureSize) {
    return Fail(ErrorCode::kBadSignature, "an Ed25519 signature is 64 bytes, got {}", signature.size());
  }
  if (algorithm_ == SignatureAlgorithm::kSm2) GK_RETURN_IF_ERROR(CheckSm2SignatureEncoding(signature));
  thread_local Bytes signed_bytes;
  signed_bytes.assign(context.begin(), context.end());
  signed_bytes.insert(signed_bytes.end(), message.begin(), message.end());
  EVP_MD_CTX* ctx = ThreadVerifyContext(algorithm_, raw_, pkey_.get());
  if (!ctx) return Fail(ErrorCode::kInternal, "EVP_DigestVerifyInit: {}", OpensslError());
  if (EVP_DigestVerify(ctx, signature.data(), signature.size(), signed_bytes.data(), signed_bytes.size()) == 1) {
    return {};
  }
  ERR_clear_error();
  if (algorithm_ == SignatureAlgorithm::kSm2) {
    // Diagnose the commonest interoperability fault: a signer that left
    // OpenSSL's empty default ID in place.
    MdCtxPtr empty_id(EVP_MD_CTX_new());
    if (empty_id && InitContext(empty_id.get(), pkey_.get(), algorithm_, /*sign=*/false, /*sm2_id=*/false) &&
        EVP_DigestVerify(empty_id.get(), signature.data(), signature.size(), signed_bytes.data(),
                         signed_bytes.size()) == 1) {
      return Fail(ErrorCode::kBadSignature,
                  "the SM2 signature was made with an empty distinguishing ID; gongkai signs and verifies with "
                  "ID {} (GM/T 0009) and key {}",
                  kSm2DistinguishingId, id_);
    }
    ERR_clear_error();
  }
  return Fail(ErrorCode::kBadSignature, "signature does not verify with key {}", id_);
}

Result<PrivateKey> PrivateKey::Generate(SignatureAlgorithm algorithm) {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm == SignatureAlgorithm::kSm2 ? "SM2" : "ED25519");
  if (!raw) {
    return Fail(ErrorCode::kInternal, "{} key generation: {}", SignatureAlgorithmName(algorithm), OpensslError());
  }
  return FromPkey(PkeyPtr(raw));
}

Result<PrivateKey> PrivateKey::FromPemFile(const std::string& path, std::optional<SignatureAlgorithm> only) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "r"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open private key file {}: {}", path, std::strerror(errno));
  PkeyPtr pkey(PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr));
  if (!pkey || !AlgorithmOf(pkey.get())) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, "{} is not an Ed25519 or SM2 private key in PEM form", path);
  }
  if (only && *AlgorithmOf(pkey.get()) != *only) {
    return Fail(ErrorCode::kMalformed, "{} is an {} key; an {} key is needed here", path,
                SignatureAlgorithmName(*AlgorithmOf(pkey.get())), SignatureAlgorithmName(*only));
  }
  return FromPkey(std::move(pkey));
}

Result<PrivateKey> PrivateKey::FromSeed(ByteView seed) {
  if (seed.size() != 32) return Fail(ErrorCode::kInvalidArgument, "an Ed25519 seed is 32 bytes");
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return Fail(ErrorCode::kInternal, "Ed25519 key from seed: {}", OpensslError());
  return FromPkey(std::move(pkey));
}

Result<PrivateKey> PrivateKey::FromPkey(PkeyPtr pkey) {
  auto public_key = PublicKey::FromPkey(pkey.get(), "the private key");
  GK_RETURN_IF_ERROR(public_key);
  PrivateKey key;
  key.pkey_ = std::move(pkey);
  key.public_key_ = std::move(*public_key);
  return key;
}

Status PrivateKey::SavePem(const std::string& path) const {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Fail(ErrorCode::kAlreadyExists, "{} exists; not overwriting a key", path);
    return Fail(ErrorCode::kIo, "cannot create {}: {}", path, std::strerror(errno));
  }
  std::unique_ptr<FILE, FileClose> file(fdopen(fd, "w"));
  if (!file) {
    ::close(fd);
    return Fail(ErrorCode::kIo, "cannot write {}", path);
  }
  if (PEM_write_PrivateKey(file.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      std::fflush(file.get()) != 0 || ::fsync(fd) != 0) {
    return Fail(ErrorCode::kIo, "cannot write {}: {}", path, OpensslError());
  }
  return {};
}

Result<Bytes> PrivateKey::Sign(std::string_view context, ByteView message) const {
  Bytes signed_bytes = WithContext(context, message);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  SignatureAlgorithm algorithm = public_key_.algorithm();
  Bytes signature(algorithm == SignatureAlgorithm::kSm2 ? kSm2MaxSignatureSize : kEd25519SignatureSize);
  size_t length = signature.size();
  if (!ctx || !InitContext(ctx.get(), pkey_.get(), algorithm, /*sign=*/true) ||
      EVP_DigestSign(ctx.get(), signature.data(), &length, signed_bytes.data(), signed_bytes.size()) != 1) {
    return Fail(ErrorCode::kInternal, "{} signing failed: {}", SignatureAlgorithmName(algorithm), OpensslError());
  }
  signature.resize(length);
  return signature;
}

}  // namespace gongkai
