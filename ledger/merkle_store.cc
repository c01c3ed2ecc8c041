#include "ledger/merkle_store.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace gongkai {

std::array<uint8_t, 9> MerkleNodeKey(int level, uint64_t index) {
  std::array<uint8_t, 9> key;
  key[0] = static_cast<uint8_t>(level);
  PutBigEndian(key.data() + 1, index, 8);
  return key;
}

NodeSource StoredMerkleNodes(const Store& store, HashAlgorithm hash) {
  return NodeSource{hash, [&store](int level, uint64_t index) -> Result<Digest> {
    auto value = store.Get(Family::kMerkle, MerkleNodeKey(level, index));
    GK_RETURN_IF_ERROR(value);
    if (!*value || (*value)->size() != sizeof(Digest)) {
      return Fail(ErrorCode::kCorruption, "Merkle node {}/{} is missing or malformed", level, index);
    }
    Digest hash;
    std::memcpy(hash.data(), (*value)->data(), hash.size());
    return hash;
  }};
}

Result<HashAlgorithm> StoredHashAlgorithm(const Store& store) {
  auto genesis = store.Get(Family::kEntries, SeqKey(0));
  GK_RETURN_IF_ERROR(genesis);
  if (!*genesis) return HashAlgorithm::kSha256;  // nothing hashed yet
  if ((*genesis)->size() <= 4) return Fail(ErrorCode::kCorruption, "entry 0 is too short to name its hash algorithm");
  auto algorithm = HashAlgorithmFromId(static_cast<uint8_t>((**genesis)[4]));
  if (!algorithm) return Fail(ErrorCode::kCorruption, "entry 0: {}", algorithm.error().message);
  return algorithm;
}

namespace {

// Runs `compute` against a recording source to learn the nodes it reads,
// fetches them in one MultiGet, and runs it again against them.
template <typename T>
Result<T> WithPrefetchedNodes(const Store& store, HashAlgorithm hash,
                              const std::function<Result<T>(const NodeSource&)>& compute) {
  std::vector<std::pair<int, uint64_t>> wanted;
  NodeSource recorder{hash, [&](int level, uint64_t index) -> Result<Digest> {
                        wanted.emplace_back(level, index);
                        return Digest{};
                      }};
  GK_RETURN_IF_ERROR(compute(recorder));
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

  std::vector<std::array<uint8_t, 9>> keys;
  std::vector<rocksdb::Slice> slices;
  keys.reserve(wanted.size());
  for (const auto& [level, index] : wanted) keys.push_back(MerkleNodeKey(level, index));
  for (const auto& key : keys) slices.push_back(ToSlice(key));
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  store.db()->MultiGet(rocksdb::ReadOptions(), store.family(Family::kMerkle), slices.size(), slices.data(),
                       values.data(), statuses.data(), /*sorted_input=*/true);
  std::map<std::pair<int, uint64_t>, Digest> fetched;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (!statuses[i].ok() || values[i].size() != sizeof(Digest)) {
      if (!statuses[i].ok() && !statuses[i].IsNotFound()) {
        return Fail(ErrorCode::kIo, "reading Merkle nodes: {}", statuses[i].ToString());
      }
      return Fail(ErrorCode::kCorruption, "Merkle node {}/{} is missing or malformed", wanted[i].first,
                  wanted[i].second);
    }
    Digest hash;
    std::memcpy(hash.data(), values[i].data(), hash.size());
    fetched.emplace(wanted[i], hash);
  }
  NodeSource source{hash, [&](int level, uint64_t index) -> Result<Digest> {
                       auto it = fetched.find({level, index});
                       if (it == fetched.end()) {
                         return Fail(ErrorCode::kInternal, "Merkle node {}/{} was not prefetched", level, index);
                       }
                       return it->second;
                     }};
  return compute(source);
}

}  // namespace

Result<std::vector<Digest>> StoredInclusionProof(const Store& store, HashAlgorithm hash, uint64_t index,
                                                 uint64_t size) {
  return WithPrefetchedNodes<std::vector<Digest>>(
      store, hash, [&](const NodeSource& nodes) { return MerkleInclusionProof(nodes, index, size); });
}

Result<std::vector<Digest>> StoredConsistencyProof(const Store& store, HashAlgorithm hash, uint64_t old_size,
                                                   uint64_t new_size) {
  return WithPrefetchedNodes<std::vector<Digest>>(
      store, hash, [&](const NodeSource& nodes) { return MerkleConsistencyProof(nodes, old_size, new_size); });
}

Result<Digest> StoredMerkleRoot(const Store& store, HashAlgorithm hash, uint64_t size) {
  return WithPrefetchedNodes<Digest>(store, hash, [&](const NodeSource& nodes) { return MerkleRoot(nodes, size); });
}

Result<Bytes> ComputeFromStoredNodes(const Store& store, HashAlgorithm hash,
                                     const std::function<Result<Bytes>(const NodeSource&)>& compute) {
  return WithPrefetchedNodes<Bytes>(store, hash, compute);
}

}  // namespace gongkai
