#include "ledger/signing.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

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

}  // namespace

void PkeyFree::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

std::string KeyIdOf(ByteView raw_public_key) {
  Digest digest = Sha256(raw_public_key);
  return ToHex(ByteView(digest.data(), 16));
}

Result<PublicKey> PublicKey::FromRaw(ByteView raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return Fail(ErrorCode::kMalformed, "an Ed25519 public key is 32 bytes, got {}", raw.size());
  }
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size());
  if (!pkey) return Fail(ErrorCode::kMalformed, "bad Ed25519 public key: {}", OpensslError());
  PublicKey key;
  std::copy(raw.begin(), raw.end(), key.raw_.begin());
  key.id_ = KeyIdOf(raw);
  key.pkey_ = std::shared_ptr<EVP_PKEY>(pkey, PkeyFree{});
  return key;
}

Result<PublicKey> PublicKey::FromPemFile(const std::string& path) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "r"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open public key file {}: {}", path, std::strerror(errno));
  PkeyPtr pkey(PEM_read_PUBKEY(file.get(), nullptr, nullptr, nullptr));
  if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, "{} is not an Ed25519 public key in PEM form", path);
  }
  std::array<uint8_t, kEd25519PublicKeySize> raw;
  size_t length = raw.size();
  EVP_PKEY_get_raw_public_key(pkey.get(), raw.data(), &length);
  return FromRaw(raw);
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
// second one-shot verification on one context.) The template holds its own
// reference to the key.
struct RawKeyHash {
  size_t operator()(const std::array<uint8_t, kEd25519PublicKeySize>& raw) const {
    size_t h;
    std::memcpy(&h, raw.data(), sizeof h);  // a public key's bytes are uniformly spread
    return h;
  }
};

static EVP_MD_CTX* ThreadVerifyContext(const std::array<uint8_t, kEd25519PublicKeySize>& raw, EVP_PKEY* pkey) {
  constexpr size_t kMaxCachedKeys = 1024;
  thread_local std::unordered_map<std::array<uint8_t, kEd25519PublicKeySize>, MdCtxPtr, RawKeyHash> templates;
  thread_local MdCtxPtr working(EVP_MD_CTX_new());
  auto it = templates.find(raw);
  if (it == templates.end()) {
    if (templates.size() >= kMaxCachedKeys) templates.clear();
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey) != 1) return nullptr;
    it = templates.emplace(raw, std::move(ctx)).first;
  }
  if (!working || EVP_MD_CTX_copy_ex(working.get(), it->second.get()) != 1) return nullptr;
  return working.get();
}

Status PublicKey::Verify(std::string_view context, ByteView message, ByteView signature) const {
  if (signature.size() != kEd25519SignatureSize) {
    return Fail(ErrorCode::kBadSignature, "an Ed25519 signature is 64 bytes, got {}",
                signature.size());
  }
  thread_local Bytes signed_bytes;
  signed_bytes.assign(context.begin(), context.end());
  signed_bytes.insert(signed_bytes.end(), message.begin(), message.end());
  EVP_MD_CTX* ctx = ThreadVerifyContext(raw_, pkey_.get());
  if (!ctx) return Fail(ErrorCode::kInternal, "EVP_DigestVerifyInit: {}", OpensslError());
  if (EVP_DigestVerify(ctx, signature.data(), signature.size(), signed_bytes.data(),
                       signed_bytes.size()) != 1) {
    ERR_clear_error();
    return Fail(ErrorCode::kBadSignature, "signature does not verify with key {}", id_);
  }
  return {};
}

Result<PrivateKey> PrivateKey::Generate() {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!raw) return Fail(ErrorCode::kInternal, "Ed25519 key generation: {}", OpensslError());
  return FromPkey(PkeyPtr(raw));
}

Result<PrivateKey> PrivateKey::FromPemFile(const std::string& path) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "r"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open private key file {}: {}", path, std::strerror(errno));
  PkeyPtr pkey(PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr));
  if (!pkey || EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, "{} is not an Ed25519 private key in PEM form", path);
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
  std::array<uint8_t, kEd25519PublicKeySize> pub;
  size_t length = pub.size();
  EVP_PKEY_get_raw_public_key(pkey.get(), pub.data(), &length);
  auto public_key = PublicKey::FromRaw(pub);
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
  Bytes signature(kEd25519SignatureSize);
  size_t length = signature.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature.data(), &length, signed_bytes.data(),
                     signed_bytes.size()) != 1) {
    return Fail(ErrorCode::kInternal, "Ed25519 signing failed: {}", OpensslError());
  }
  return signature;
}

}  // namespace gongkai
