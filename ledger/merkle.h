// The Merkle tree over the ledger's entries, per RFC 9162 (Certificate
// Transparency 2.0), section 2.1, with H the ledger's hash algorithm
// (SHA-256, or SM3 for a ledger whose genesis names it):
//
//   leaf hash  = H(0x00 ‖ entry record)
//   node hash  = H(0x01 ‖ left ‖ right)
//   root of 0 entries = H("")
//   a tree of n > 1 leaves splits at k, the largest power of two below n.
//
// The ledger stores the hash of every complete subtree (level l, index i:
// leaves [i·2^l, (i+1)·2^l)), so the root of any earlier size and every proof
// need O(log n) stored hashes. This file holds the pure algorithms; where
// the hashes come from is a NodeSource.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/hash.h"

namespace gongkai {

Digest MerkleLeafHash(HashAlgorithm hash, ByteView entry_record);
Digest MerkleNodeHash(HashAlgorithm hash, const Digest& left, const Digest& right);
Digest MerkleEmptyRoot(HashAlgorithm hash);
// The largest power of two strictly below n (n >= 2).
uint64_t MerkleSplit(uint64_t n);

struct MerkleNode {
  int level;
  uint64_t index;
  Digest hash;
};

// The stored hashes of complete subtrees, and the algorithm that made them
// (what combines them into roots and proofs): `get(level, index)` is the
// hash of the complete subtree at (level, index).
struct NodeSource {
  HashAlgorithm hash;
  std::function<Result<Digest>(int level, uint64_t index)> get;
  Result<Digest> operator()(int level, uint64_t index) const { return get(level, index); }
};

// Hash of leaves [begin, end) where the range is a subtree of some tree of
// RFC 9162's shape (its start is a multiple of the largest power of two not
// above its length), as every range in root and proof computations is.
Result<Digest> MerkleRangeHash(const NodeSource& nodes, uint64_t begin, uint64_t end);
Result<Digest> MerkleRoot(const NodeSource& nodes, uint64_t size);
// RFC 9162 2.1.3.1: the audit path of leaf `index` in the tree of `size`.
Result<std::vector<Digest>> MerkleInclusionProof(const NodeSource& nodes, uint64_t index, uint64_t size);
// RFC 9162 2.1.4.1: the consistency proof between sizes old_size < new_size.
Result<std::vector<Digest>> MerkleConsistencyProof(const NodeSource& nodes, uint64_t old_size,
                                                   uint64_t new_size);

// RFC 9162 2.1.3.2 and 2.1.4.2. They need nothing but their arguments.
Status VerifyMerkleInclusion(HashAlgorithm hash, const Digest& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Digest> proof, const Digest& root);
Status VerifyMerkleConsistency(HashAlgorithm hash, uint64_t old_size, uint64_t new_size,
                               std::span<const Digest> proof, const Digest& old_root, const Digest& new_root);

// The right edge of a growing tree: the complete subtrees that make up the
// first `size` leaves, largest first. Appending a leaf yields the nodes it
// completes, which the ledger stores with the entry.
class MerkleFrontier {
 public:
  explicit MerkleFrontier(HashAlgorithm hash) : hash_(hash) {}
  // Rebuilds the frontier of a tree of `size` leaves from stored nodes.
  static Result<MerkleFrontier> Load(const NodeSource& nodes, uint64_t size);

  // Adds the next leaf; returns the leaf node and every node it completes.
  std::vector<MerkleNode> Append(const Digest& leaf_hash);
  Digest Root() const;
  uint64_t size() const { return size_; }
  // The complete subtrees making up the tree, largest first.
  const std::vector<MerkleNode>& edge() const { return edge_; }
  HashAlgorithm hash() const { return hash_; }

 private:
  HashAlgorithm hash_;
  uint64_t size_ = 0;
  std::vector<MerkleNode> edge_;
};

}  // namespace gongkai
