#include "ledger/merkle_store.h"

#include <cstring>

namespace gongkai {

std::array<uint8_t, 9> MerkleNodeKey(int level, uint64_t index) {
  std::array<uint8_t, 9> key;
  key[0] = static_cast<uint8_t>(level);
  PutBigEndian(key.data() + 1, index, 8);
  return key;
}

NodeSource StoredMerkleNodes(const Store& store) {
  return [&store](int level, uint64_t index) -> Result<Digest> {
    auto value = store.Get(Family::kMerkle, MerkleNodeKey(level, index));
    if (!value) return std::unexpected(value.error());
    if (!*value || (*value)->size() != sizeof(Digest)) {
      return Fail(ErrorCode::kCorruption, "Merkle node {}/{} is missing or malformed", level, index);
    }
    Digest hash;
    std::memcpy(hash.data(), (*value)->data(), hash.size());
    return hash;
  };
}

}  // namespace gongkai
