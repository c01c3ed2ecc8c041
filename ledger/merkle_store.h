// The Merkle tree's nodes as stored in a ledger's "merkle" column family.
#pragma once

#include <array>

#include "ledger/merkle.h"
#include "ledger/store.h"

namespace gongkai {

// Key of the complete subtree at (level, index): level (1 byte) ‖ index (8,
// big-endian), so a level's nodes sort by index.
std::array<uint8_t, 9> MerkleNodeKey(int level, uint64_t index);

// Reads stored nodes, made with `hash` (the ledger's algorithm); a missing
// node is corruption (the tree is written with the entries it covers, in
// one batch).
NodeSource StoredMerkleNodes(const Store& store, HashAlgorithm hash);
// The ledger's hash algorithm, as its genesis record (entry 0, byte 4)
// names it: for readers that hold the store but not the ledger's registry.
Result<HashAlgorithm> StoredHashAlgorithm(const Store& store);

// Proofs and roots from the stored tree. Which nodes a computation reads
// depends only on the sizes and index, not on the hashes, so these first
// collect the node keys, fetch them all with one RocksDB MultiGet, then
// compute: O(log n) reads in one batch instead of one at a time.
Result<std::vector<Digest>> StoredInclusionProof(const Store& store, HashAlgorithm hash, uint64_t index,
                                                 uint64_t size);
Result<std::vector<Digest>> StoredConsistencyProof(const Store& store, HashAlgorithm hash, uint64_t old_size,
                                                   uint64_t new_size);
Result<Digest> StoredMerkleRoot(const Store& store, HashAlgorithm hash, uint64_t size);
// Runs `compute` (e.g. tiles::HashTile) over the stored nodes it reads,
// fetched the same way: in one MultiGet.
Result<Bytes> ComputeFromStoredNodes(const Store& store, HashAlgorithm hash,
                                     const std::function<Result<Bytes>(const NodeSource&)>& compute);

}  // namespace gongkai
