#include "ledger/witness.h"

#include "ledger/merkle.h"

namespace gongkai {

Status CheckWitnessable(const std::optional<Checkpoint>& accepted, const Checkpoint& candidate,
                        const std::optional<ConsistencyProof>& proof) {
  if (!accepted) return {};
  if (candidate.origin != accepted->origin) {
    return Fail(ErrorCode::kWrongLedger, "refused: the checkpoint is for '{}', this witness follows '{}'",
                candidate.origin, accepted->origin);
  }
  if (candidate.size < accepted->size) {
    return Fail(ErrorCode::kCorruption, "refused: size {} is smaller than the accepted {} (history rolled back)",
                candidate.size, accepted->size);
  }
  if (candidate.size == accepted->size) {
    if (candidate.root != accepted->root) {
      return Fail(ErrorCode::kCorruption, "refused: a different root hash for size {} (a fork of history)",
                  candidate.size);
    }
    return {};
  }
  if (!proof) {
    return Fail(ErrorCode::kInvalidArgument,
                "a consistency proof from {} to {} is needed (--proof; 'gongkai prove consistency {} {}')",
                accepted->size, candidate.size, accepted->size, candidate.size);
  }
  if (proof->old_size != accepted->size || proof->new_size != candidate.size) {
    return Fail(ErrorCode::kInvalidArgument, "the proof is from {} to {}, not from {} to {}", proof->old_size,
                proof->new_size, accepted->size, candidate.size);
  }
  if (auto s = VerifyMerkleConsistency(accepted->size, candidate.size, proof->proof, accepted->root, candidate.root);
      !s) {
    return Fail(ErrorCode::kCorruption, "refused: the checkpoint does not extend the accepted one (a fork): {}",
                s.error().message);
  }
  return {};
}

}  // namespace gongkai
