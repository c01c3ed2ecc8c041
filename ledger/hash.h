// SHA-256 (FIPS 180-4) and SM3 (GB/T 32905) through OpenSSL's EVP interface.
//
// A ledger hashes its entries, chain and Merkle tree with the one algorithm
// its genesis names (HashAlgorithm); what is SHA-256 by an outside
// specification (key ids, C2SP note key ids, document digests) calls Sha256
// directly. Both digests are 32 bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "ledger/bytes.h"
#include "ledger/base/error.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace gongkai {

using Digest = std::array<uint8_t, 32>;

// The ids are those of the entry record's byte 4 and of the schema's
// HashAlgorithm enum (ledger/schema/registry.capnp).
enum class HashAlgorithm : uint8_t { kSha256 = 1, kSm3 = 2 };

std::string_view HashAlgorithmName(HashAlgorithm algorithm);  // "sha256", "sm3"
Result<HashAlgorithm> ParseHashAlgorithm(std::string_view name);
Result<HashAlgorithm> HashAlgorithmFromId(uint8_t id);

// The digest of the concatenation of the parts, without copying them
// together.
Digest Hash(HashAlgorithm algorithm, std::initializer_list<ByteView> parts);
inline Digest Hash(HashAlgorithm algorithm, ByteView data) { return Hash(algorithm, {data}); }
inline Digest Sha256(std::initializer_list<ByteView> parts) { return Hash(HashAlgorithm::kSha256, parts); }
inline Digest Sha256(ByteView data) { return Hash(HashAlgorithm::kSha256, {data}); }

// A digest of data that arrives in pieces (a file being written or read).
class HashStream {
 public:
  explicit HashStream(HashAlgorithm algorithm = HashAlgorithm::kSha256);
  ~HashStream();
  HashStream(const HashStream&) = delete;
  HashStream& operator=(const HashStream&) = delete;
  void Update(ByteView data);
  Digest Finish();

 private:
  ::evp_md_ctx_st* ctx_;
};

}  // namespace gongkai
