// The checks every ledger position must pass, fed entries in order from any
// source: the RocksDB store (verifier.h) or an export (tools/verify). It
// links no storage library.
//
// For each entry, in order (numbers as in verifier.h): 1 framing, 2 the
// sequence number is its position, 4 the previous-hash link, 5 recorded time
// never goes back, and unless chain_only: 6 the action is valid and not
// future-dated, 7 the registry as of that position authorises it and its
// event id is unique. In parallel, on `jobs` threads: 3 the stored entry
// hash and 8 the signature. Unless chain_only, the Merkle tree is rebuilt
// from the entries and every node it completes is handed to `on_node`.
//
// Memory is bounded by a few batches whatever the ledger's size.
#pragma once

#include <deque>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/hash.h"
#include "ledger/key_registry.h"
#include "ledger/merkle.h"
#include "ledger/base/time.h"

namespace gongkai {

struct ChainCheckOptions {
  unsigned jobs = 0;        // worker threads; 0 = one per core
  bool chain_only = false;  // only checks 1-5 (and 3)
  // Check 7's uniqueness: an error when `event_id` belongs to another entry.
  std::function<std::optional<Error>(std::string_view event_id, uint64_t seq)> event_id_check;
  // Each Merkle node the entries complete, in order; an error stops the check.
  std::function<std::optional<Error>(const MerkleNode& node, uint64_t seq)> on_node;
  // After each batch: entries checked so far.
  std::function<void(uint64_t)> progress;
};

// Where the check starts: entry `from`, after an entry with `prev_hash` and
// `prev_recorded`, with the registry and Merkle frontier as of `from`. From
// entry 0 the hash algorithm is the one entry 0 names (and its genesis
// payload must agree); from N > 0 it is given, and the frontier too unless
// the check is chain-only.
struct ChainStart {
  uint64_t from = 0;
  Digest prev_hash{};
  UnixMicros prev_recorded = INT64_MIN;
  std::optional<HashAlgorithm> hash;
  KeyRegistry registry;
  std::optional<MerkleFrontier> frontier;
  Digest registry_digest{};  // over the registry events before `from`
};

class ChainChecker {
 public:
  ChainChecker(ChainStart start, ChainCheckOptions options);
  ~ChainChecker();

  // Feeds the stored value (record ‖ entry hash) found at position `seq`.
  // Returns false once a failure is known: stop feeding and call Finish.
  bool Feed(uint64_t seq, std::string value);
  // Waits for the workers; the first failure in ledger order, if any.
  std::optional<Error> Finish();

  uint64_t next_seq() const { return next_seq_; }
  const Digest& last_hash() const { return prev_hash_; }
  UnixMicros last_recorded() const { return prev_recorded_; }
  // The tree so far (full checks, once entry 0 or the start is known).
  const MerkleFrontier& frontier() const { return *frontier_; }
  const KeyRegistry& registry() const { return registry_; }
  const std::vector<uint64_t>& registry_events() const { return registry_events_; }
  // Over the registry events checked so far (in order, so valid in on_node
  // callbacks only up to the entries checked in order: see RegistryDigestAt).
  const Digest& registry_digest() const { return registry_digest_; }
  // The registry digest after the first `size` entries, for sizes at or
  // after the last one folded into the Merkle tree.
  Digest RegistryDigestAt(uint64_t size) const;

 private:
  struct Item;
  struct BatchResult;
  std::optional<Error> CheckInOrder(Item& item);
  void Dispatch();
  void CollectOldest();

  ChainCheckOptions options_;
  unsigned jobs_;
  size_t batch_size_;
  uint64_t next_seq_;
  Digest prev_hash_;
  UnixMicros prev_recorded_;
  std::optional<HashAlgorithm> hash_;  // the ledger's, every entry's byte 4
  KeyRegistry registry_;
  std::optional<MerkleFrontier> frontier_;
  std::vector<uint64_t> registry_events_;
  Digest registry_digest_;
  // Registry digests after each registry event not yet folded into the
  // Merkle tree: (size after it, digest), oldest first.
  std::deque<std::pair<uint64_t, Digest>> pending_digests_;
  Digest folded_digest_;  // the digest at frontier_.size()
  std::vector<Item> batch_;
  std::deque<std::future<BatchResult>> in_flight_;
  std::optional<Error> failure_;
  uint64_t checked_ = 0;
};

// The earlier of two failures in ledger order; at the same entry, the
// finding that the entry was altered wins, since it explains the others.
std::optional<Error> EarlierFailure(std::optional<Error> a, std::optional<Error> b);

}  // namespace gongkai
