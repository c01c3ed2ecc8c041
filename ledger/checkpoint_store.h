// Signed checkpoints kept in a ledger's "checkpoints" column family, one per
// tree size, each with the cosignatures gathered for it.
#pragma once

#include <optional>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/store.h"

namespace gongkai {

Result<std::optional<SignedNote>> LoadCheckpoint(const Store& store, uint64_t size);
// Sizes of all stored checkpoints, ascending.
Result<std::vector<uint64_t>> CheckpointSizes(const Store& store);
// Adds the signature lines of `cosigned` that the stored checkpoint of the
// same body lacks. The body must be exactly the stored one.
Status MergeCosignatures(Store& store, const SignedNote& cosigned);
// The largest stored checkpoint with valid cosignatures from at least
// `quorum` of `witnesses` (CountCosignatures); none if no checkpoint has.
// kCorruption if it is larger than the ledger's head (entries removed).
Result<std::optional<SignedNote>> LatestCheckpointWithQuorum(const Store& store,
                                                             const std::vector<WitnessKey>& witnesses,
                                                             size_t quorum);
void PutCheckpoint(const Store& store, rocksdb::WriteBatch& batch, uint64_t size, const SignedNote& note);

}  // namespace gongkai
