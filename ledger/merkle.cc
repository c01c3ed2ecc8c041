#include "ledger/merkle.h"

#include <bit>

namespace gongkai {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

// RFC 9162 2.1.3.1 PATH(m, D[begin:end]), m absolute.
Status InclusionPath(const NodeSource& nodes, uint64_t m, uint64_t begin, uint64_t end,
                     std::vector<Digest>& out) {
  uint64_t n = end - begin;
  if (n == 1) return {};
  uint64_t k = MerkleSplit(n);
  Result<Digest> sibling;
  if (m - begin < k) {
    GK_RETURN_IF_ERROR(InclusionPath(nodes, m, begin, begin + k, out));
    sibling = MerkleRangeHash(nodes, begin + k, end);
  } else {
    GK_RETURN_IF_ERROR(InclusionPath(nodes, m, begin + k, end, out));
    sibling = MerkleRangeHash(nodes, begin, begin + k);
  }
  GK_RETURN_IF_ERROR(sibling);
  out.push_back(*sibling);
  return {};
}

// RFC 9162 2.1.4.1 SUBPROOF(m, D[begin:end], complete), m relative to begin.
Status SubProof(const NodeSource& nodes, uint64_t m, uint64_t begin, uint64_t end, bool complete,
                std::vector<Digest>& out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (complete) return {};
    auto hash = MerkleRangeHash(nodes, begin, end);
    GK_RETURN_IF_ERROR(hash);
    out.push_back(*hash);
    return {};
  }
  uint64_t k = MerkleSplit(n);
  Result<Digest> other;
  if (m <= k) {
    GK_RETURN_IF_ERROR(SubProof(nodes, m, begin, begin + k, complete, out));
    other = MerkleRangeHash(nodes, begin + k, end);
  } else {
    GK_RETURN_IF_ERROR(SubProof(nodes, m - k, begin + k, end, false, out));
    other = MerkleRangeHash(nodes, begin, begin + k);
  }
  GK_RETURN_IF_ERROR(other);
  out.push_back(*other);
  return {};
}

}  // namespace

Digest MerkleLeafHash(HashAlgorithm hash, ByteView entry_record) {
  uint8_t prefix = kLeafPrefix;
  return Hash(hash, {ByteView(&prefix, 1), entry_record});
}

Digest MerkleNodeHash(HashAlgorithm hash, const Digest& left, const Digest& right) {
  uint8_t prefix = kNodePrefix;
  return Hash(hash, {ByteView(&prefix, 1), left, right});
}

Digest MerkleEmptyRoot(HashAlgorithm hash) { return Hash(hash, ByteView()); }

uint64_t MerkleSplit(uint64_t n) { return std::bit_floor(n - 1); }

Result<Digest> MerkleRangeHash(const NodeSource& nodes, uint64_t begin, uint64_t end) {
  uint64_t n = end - begin;
  if (n == 0) return MerkleEmptyRoot(nodes.hash);
  if (IsPowerOfTwo(n) && begin % n == 0) return nodes(std::countr_zero(n), begin / n);
  uint64_t k = MerkleSplit(n);
  auto left = MerkleRangeHash(nodes, begin, begin + k);
  if (!left) return left;
  auto right = MerkleRangeHash(nodes, begin + k, end);
  if (!right) return right;
  return MerkleNodeHash(nodes.hash, *left, *right);
}

Result<Digest> MerkleRoot(const NodeSource& nodes, uint64_t size) { return MerkleRangeHash(nodes, 0, size); }

Result<std::vector<Digest>> MerkleInclusionProof(const NodeSource& nodes, uint64_t index, uint64_t size) {
  if (index >= size) {
    return Fail(ErrorCode::kInvalidArgument, "entry {} is not in a tree of {} entries", index, size);
  }
  std::vector<Digest> proof;
  if (auto s = InclusionPath(nodes, index, 0, size, proof); !s) return std::unexpected(s.error());
  return proof;
}

Result<std::vector<Digest>> MerkleConsistencyProof(const NodeSource& nodes, uint64_t old_size,
                                                   uint64_t new_size) {
  if (old_size > new_size) {
    return Fail(ErrorCode::kInvalidArgument, "old size {} is larger than new size {}", old_size, new_size);
  }
  std::vector<Digest> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  if (auto s = SubProof(nodes, old_size, 0, new_size, true, proof); !s) return std::unexpected(s.error());
  return proof;
}

Status VerifyMerkleInclusion(HashAlgorithm hash, const Digest& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Digest> proof, const Digest& root) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kCorruption, "inclusion proof of entry {} in {} entries does not verify: {}", index,
                size, why);
  };
  if (index >= size) return bad("the entry is outside the tree");
  uint64_t fn = index, sn = size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) return bad("the proof is too long");
    if ((fn & 1) || fn == sn) {
      r = MerkleNodeHash(hash, p, r);
      while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      r = MerkleNodeHash(hash, r, p);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return bad("the proof is too short");
  if (r != root) return bad("it leads to another root hash");
  return {};
}

Status VerifyMerkleConsistency(HashAlgorithm hash, uint64_t old_size, uint64_t new_size,
                               std::span<const Digest> proof, const Digest& old_root, const Digest& new_root) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kCorruption, "consistency proof from {} to {} entries does not verify: {}", old_size,
                new_size, why);
  };
  if (old_size > new_size) return bad("the old tree is larger than the new one (history rolled back)");
  if (old_size == new_size) {
    if (!proof.empty()) return bad("a proof between equal sizes must be empty");
    if (old_root != new_root) return bad("two different root hashes for the same size (a fork)");
    return {};
  }
  if (old_size == 0) {
    if (!proof.empty()) return bad("a proof from the empty tree must be empty");
    if (old_root != MerkleEmptyRoot(hash)) return bad("the old root is not the empty tree's");
    return {};
  }
  if (proof.empty()) return bad("the proof is empty");
  std::vector<Digest> path(proof.begin(), proof.end());
  if (IsPowerOfTwo(old_size)) path.insert(path.begin(), old_root);
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Digest fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return bad("the proof is too long");
    const Digest& c = path[i];
    if ((fn & 1) || fn == sn) {
      fr = MerkleNodeHash(hash, c, fr);
      sr = MerkleNodeHash(hash, c, sr);
      while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      sr = MerkleNodeHash(hash, sr, c);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return bad("the proof is too short");
  if (fr != old_root) return bad("it does not lead to the old root hash");
  if (sr != new_root) return bad("it does not lead to the new root hash");
  return {};
}

Result<MerkleFrontier> MerkleFrontier::Load(const NodeSource& nodes, uint64_t size) {
  MerkleFrontier frontier(nodes.hash);
  frontier.size_ = size;
  uint64_t offset = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t width = uint64_t{1} << level;
    if (!(size & width)) continue;
    auto hash = nodes(level, offset >> level);
    GK_RETURN_IF_ERROR(hash);
    frontier.edge_.push_back(MerkleNode{level, offset >> level, *hash});
    offset += width;
  }
  return frontier;
}

std::vector<MerkleNode> MerkleFrontier::Append(const Digest& leaf_hash) {
  std::vector<MerkleNode> completed{MerkleNode{0, size_, leaf_hash}};
  edge_.push_back(completed.back());
  while (edge_.size() >= 2 && edge_[edge_.size() - 2].level == edge_.back().level) {
    MerkleNode right = edge_.back();
    edge_.pop_back();
    MerkleNode left = edge_.back();
    edge_.pop_back();
    edge_.push_back(MerkleNode{left.level + 1, left.index / 2, MerkleNodeHash(hash_, left.hash, right.hash)});
    completed.push_back(edge_.back());
  }
  ++size_;
  return completed;
}

Digest MerkleFrontier::Root() const {
  if (edge_.empty()) return MerkleEmptyRoot(hash_);
  Digest root = edge_.back().hash;
  for (size_t i = edge_.size() - 1; i-- > 0;) root = MerkleNodeHash(hash_, edge_[i].hash, root);
  return root;
}

}  // namespace gongkai
