// What `gongkai serve` publishes as its checkpoint (docs/SERVER.md, "The
// witness policy"): it signs a checkpoint of the head whenever the ledger
// has grown, pushes each new checkpoint to the witnesses of its C2SP
// tlog-policy (c2sp.org/tlog-witness, with a consistency proof from the
// size each witness last cosigned), stores the cosignatures they return,
// and publishes at /checkpoint only the newest checkpoint whose
// cosignatures satisfy the policy's quorum.
//
// Everything here runs on the server's event loop thread.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/witness_policy.h"
#include "tools/server/http.h"

namespace gongkai::server {

class CheckpointPublisher {
 public:
  // Reads the stored checkpoints and finds the newest that `policy` (none:
  // no cosignature required) already accepts. `ledger` and `headers` must
  // outlive the publisher.
  static Result<std::unique_ptr<CheckpointPublisher>> Create(Ledger& ledger, std::optional<WitnessPolicy> policy,
                                                             const HeaderTable& headers);

  // Signs a checkpoint of the head unless a stored one covers it.
  Status CheckpointHead();
  // Every `every`: CheckpointHead, then pushes the latest checkpoint to each
  // witness with a URL that has not cosigned it, concurrently, each
  // request bounded by `timeout`. Runs until the promise is dropped.
  kj::Promise<void> Run(kj::Timer& timer, kj::Network& network, kj::Duration every, kj::Duration timeout);

  // Sizes of the stored checkpoints, ascending (their tiles are served).
  const std::vector<uint64_t>& checkpoint_sizes() const { return sizes_; }
  // The checkpoint /checkpoint serves; none before one meets the quorum.
  const std::optional<SignedNote>& published() const { return published_; }
  // Prometheus lines: the published size, and per witness the size it
  // last cosigned, that cosignature's time and the pushes that failed.
  std::string Metrics() const;

 private:
  struct Witness {
    const PolicyWitness* policy;  // in policy_
    uint64_t cosigned_size = 0;   // the size it last cosigned, as far as we know
    uint64_t cosigned_at = 0;     // that cosignature's timestamp (seconds)
    uint64_t failures = 0;
    bool has_latest = false;      // it has cosigned sizes_.back()
  };
  CheckpointPublisher(Ledger& ledger, std::optional<WitnessPolicy> policy, const HeaderTable& headers);
  // One round: CheckpointHead, the pushes, then the next round after `every`.
  kj::Promise<void> Cycle(kj::HttpClient& http, kj::Timer& timer, kj::Duration every, kj::Duration timeout);
  // Pushes the latest checkpoint to `witness`; `retry` once after a 409
  // that names the size the witness holds.
  kj::Promise<void> Push(kj::HttpClient& client, kj::Timer& timer, kj::Duration timeout, Witness& witness,
                         bool retry);
  // Stores a witness's answer (its cosignature lines) for `note`.
  Status Accept(Witness& witness, const SignedNote& note, std::string_view answer);
  // The newest stored checkpoint the policy accepts, from newest down.
  Status FindPublished();

  Ledger& ledger_;
  std::optional<WitnessPolicy> policy_;
  const HeaderTable& headers_;
  std::vector<uint64_t> sizes_;
  std::optional<SignedNote> published_;
  uint64_t published_size_ = 0;
  std::vector<Witness> witnesses_;
};

}  // namespace gongkai::server
