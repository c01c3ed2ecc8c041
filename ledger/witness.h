// The rule a witness applies before cosigning a checkpoint: it must extend,
// provably, the last checkpoint the witness accepted.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

// A C2SP tlog-witness add-checkpoint request (c2sp.org/tlog-witness):
//   "old <size>\n", then up to 63 lines each one base64 hash (a consistency
//   proof from that size), then "\n", then the signed checkpoint.
struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Digest> proof;
  SignedNote checkpoint;
};
// kMalformed for a body not in that form.
Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body);
// The request's body, as a log sends it.
std::string FormatAddCheckpoint(const AddCheckpointRequest& request);

// The witness's answer as the protocol defines it: 200 with the
// cosignature line; 404 for another log's origin; 403 when the log's
// signature does not verify; 400 for an old size over the checkpoint's (or
// a proof where none belongs); 409 with "<size>\n" as text/x.tlog.size when
// the old size is not that of the last cosigned checkpoint, or a different
// root for the same size; 422 when the consistency proof does not verify.
struct WitnessAnswer {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

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

  // The add-checkpoint protocol for the log `origin` signed with `log_key`:
  // checks `request` against the accepted checkpoint and, when it holds,
  // cosigns as `name` at `timestamp` and records the cosigned checkpoint
  // durably before answering. The process lock makes check and record one
  // step.
  WitnessAnswer AddCheckpoint(const AddCheckpointRequest& request, std::string_view origin,
                              const PublicKey& log_key, std::string_view name, const PrivateKey& key,
                              uint64_t timestamp);

  // Opens `note` with `log_key`, applies CheckWitnessable against the
  // accepted checkpoint, cosigns it as `name` at `timestamp` (seconds),
  // records it durably and only then returns it with the cosignature added.
  Result<SignedNote> Cosign(const SignedNote& note, const PublicKey& log_key,
                            const std::optional<ConsistencyProof>& proof, std::string_view name,
                            const PrivateKey& key, uint64_t timestamp);

 private:
  WitnessState(std::string dir, int lock_fd) : dir_(std::move(dir)), lock_fd_(lock_fd) {}
  std::string checkpoint_path() const { return dir_ + "/checkpoint"; }
  // Adds this witness's cosignature to `note` and records it as the
  // accepted checkpoint, durably, before returning it.
  Result<SignedNote> Record(const SignedNote& note, std::string_view name, const PrivateKey& key,
                            uint64_t timestamp);
  std::string dir_;
  int lock_fd_ = -1;
};

}  // namespace gongkai
