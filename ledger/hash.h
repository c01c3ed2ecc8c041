// SHA-256 through OpenSSL's EVP interface.
#pragma once

#include <array>
#include <cstdint>

#include "ledger/bytes.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace gongkai {

using Digest = std::array<uint8_t, 32>;

Digest Sha256(ByteView data);
// SHA-256 of the concatenation of the parts, without copying them together.
Digest Sha256(std::initializer_list<ByteView> parts);

// SHA-256 of data that arrives in pieces (a file being written or read).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(ByteView data);
  Digest Finish();

 private:
  ::evp_md_ctx_st* ctx_;
};

}  // namespace gongkai
