// The Merkle tree's nodes as stored in a ledger's "merkle" column family.
#pragma once

#include <array>

#include "ledger/merkle.h"
#include "ledger/store.h"

namespace gongkai {

// Key of the complete subtree at (level, index): level (1 byte) ‖ index (8,
// big-endian), so a level's nodes sort by index.
std::array<uint8_t, 9> MerkleNodeKey(int level, uint64_t index);

// Reads stored nodes; a missing node is corruption (the tree is written with
// the entries it covers, in one batch).
NodeSource StoredMerkleNodes(const Store& store);

}  // namespace gongkai
