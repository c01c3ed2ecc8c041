// The rule a witness applies before cosigning a checkpoint: it must extend,
// provably, the last checkpoint the witness accepted.
#pragma once

#include <optional>
#include <string>

#include "ledger/checkpoint.h"
#include "ledger/json.h"
#include "ledger/signing.h"

namespace gongkai {

// `accepted` is the last checkpoint the witness cosigned (none at first);
// `proof` a consistency proof from it to `candidate`. Both checkpoints'
// log signatures are checked by the caller. Refuses, with kCorruption, a
// rollback (smaller size), a fork (another root for the same size, or a
// larger tree that does not contain the accepted one).
Status CheckWitnessable(const std::optional<Checkpoint>& accepted, const Checkpoint& candidate,
                        const std::optional<ConsistencyProof>& proof);

// A witness's own state: the last checkpoint it cosigned, kept in
// DIR/checkpoint (the cosigned note, replaced durably) under an exclusive
// lock on DIR/lock held for the object's life, so that two witness runs on
// one state cannot each cosign a different successor (a split view).
class WitnessState {
 public:
  // Creates DIR if needed (0700) and takes the lock; kBusy if another
  // process holds it.
  static Result<WitnessState> Open(const std::string& dir);
  WitnessState(WitnessState&& other) noexcept;
  WitnessState& operator=(WitnessState&&) = delete;
  ~WitnessState();

  // The accepted checkpoint, its log signature checked with `log_key`
  // under `origin`; none before the first cosignature.
  Result<std::optional<Checkpoint>> Accepted(std::string_view origin, const PublicKey& log_key) const;

  // Opens `note` with `log_key`, applies CheckWitnessable against the
  // accepted checkpoint, cosigns it as `name` at `timestamp` (seconds),
  // records it durably and only then returns it with the cosignature added.
  Result<SignedNote> Cosign(const SignedNote& note, const PublicKey& log_key,
                            const std::optional<ConsistencyProof>& proof, std::string_view name,
                            const PrivateKey& key, uint64_t timestamp);

 private:
  WitnessState(std::string dir, int lock_fd) : dir_(std::move(dir)), lock_fd_(lock_fd) {}
  std::string checkpoint_path() const { return dir_ + "/checkpoint"; }
  std::string dir_;
  int lock_fd_ = -1;
};

}  // namespace gongkai
