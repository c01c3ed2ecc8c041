#include "ledger/hash.h"

#include <openssl/evp.h>

#include <memory>

namespace gongkai {
namespace {

// Fetched once: implicit fetching on every call costs more than hashing a
// short entry. Both objects are safe to share across threads read-only.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* ThreadContext() {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  return ctx.get();
}

}  // namespace

Digest Sha256(std::initializer_list<ByteView> parts) {
  Digest out;
  EVP_MD_CTX* ctx = ThreadContext();
  unsigned int length = 0;
  // SHA-256 cannot fail on valid inputs; a failure here means OpenSSL itself
  // is broken, which no caller can handle.
  if (EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr) != 1) std::abort();
  for (ByteView part : parts) EVP_DigestUpdate(ctx, part.data(), part.size());
  EVP_DigestFinal_ex(ctx, out.data(), &length);
  return out;
}

Digest Sha256(ByteView data) { return Sha256({data}); }

Sha256Stream::Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex2(ctx_, Sha256Md(), nullptr) != 1) std::abort();
}
Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(ctx_); }
void Sha256Stream::Update(ByteView data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
Digest Sha256Stream::Finish() {
  Digest out;
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx_, out.data(), &length);
  return out;
}

}  // namespace gongkai
