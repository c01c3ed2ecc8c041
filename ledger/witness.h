// The rule a witness applies before cosigning a checkpoint: it must extend,
// provably, the last checkpoint the witness accepted.
#pragma once

#include <optional>

#include "ledger/checkpoint.h"
#include "ledger/json.h"

namespace gongkai {

// `accepted` is the last checkpoint the witness cosigned (none at first);
// `proof` a consistency proof from it to `candidate`. Both checkpoints'
// log signatures are checked by the caller. Refuses, with kCorruption, a
// rollback (smaller size), a fork (another root for the same size, or a
// larger tree that does not contain the accepted one).
Status CheckWitnessable(const std::optional<Checkpoint>& accepted, const Checkpoint& candidate,
                        const std::optional<ConsistencyProof>& proof);

}  // namespace gongkai
