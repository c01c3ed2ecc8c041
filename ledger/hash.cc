#include "ledger/hash.h"

#include <openssl/evp.h>

#include <memory>

namespace gongkai {
namespace {

// Fetched once: implicit fetching on every call costs more than hashing a
// short entry. The objects are safe to share across threads read-only.
const EVP_MD* Md(HashAlgorithm algorithm) {
  static EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
  return algorithm == HashAlgorithm::kSm3 ? sm3 : sha256;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  return ctx.get();
}

}  // namespace

std::string_view HashAlgorithmName(HashAlgorithm algorithm) {
  return algorithm == HashAlgorithm::kSm3 ? "sm3" : "sha256";
}

Result<HashAlgorithm> ParseHashAlgorithm(std::string_view name) {
  if (name == "sha256") return HashAlgorithm::kSha256;
  if (name == "sm3") return HashAlgorithm::kSm3;
  return Fail(ErrorCode::kInvalidArgument, "unknown hash algorithm '{}' (expected sha256 or sm3)", name);
}

Result<HashAlgorithm> HashAlgorithmFromId(uint8_t id) {
  if (id == 1) return HashAlgorithm::kSha256;
  if (id == 2) return HashAlgorithm::kSm3;
  return Fail(ErrorCode::kMalformed, "unknown hash algorithm id {} (1 = SHA-256, 2 = SM3)", id);
}

Digest Hash(HashAlgorithm algorithm, std::initializer_list<ByteView> parts) {
  Digest out;
  EVP_MD_CTX* ctx = ThreadContext();
  unsigned int length = 0;
  // Hashing cannot fail on valid inputs; a failure here means OpenSSL itself
  // is broken (or built without SM3), which no caller can handle.
  if (EVP_DigestInit_ex2(ctx, Md(algorithm), nullptr) != 1) std::abort();
  for (ByteView part : parts) EVP_DigestUpdate(ctx, part.data(), part.size());
  EVP_DigestFinal_ex(ctx, out.data(), &length);
  return out;
}

HashStream::HashStream(HashAlgorithm algorithm) : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex2(ctx_, Md(algorithm), nullptr) != 1) std::abort();
}
HashStream::~HashStream() { EVP_MD_CTX_free(ctx_); }
void HashStream::Update(ByteView data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
Digest HashStream::Finish() {
  Digest out;
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx_, out.data(), &length);
  return out;
}

}  // namespace gongkai
