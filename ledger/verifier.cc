#include "ledger/verifier.h"

#include <set>

#include "ledger/action.h"
#include "ledger/chain_checker.h"
#include "ledger/checkpoint_store.h"
#include "ledger/entry.h"
#include "ledger/merkle_store.h"
#include "ledger/registry_store.h"

namespace gongkai {
namespace {

Error At(uint64_t seq, ErrorCode code, std::string message) { return Error{code, std::move(message), seq}; }

// Verifying from entry N > 0 trusts entries before N: the registry is
// rebuilt from the registry events before N, the chain continues from entry
// N-1's stored hash, and the Merkle frontier from the stored nodes.
Result<ChainStart> PrepareFrom(const Store& store, const VerifyOptions& options, const Head& head) {
  ChainStart start;
  start.from = options.from;
  if (options.from == 0) return start;
  if (options.from >= head.size) {
    return Fail(ErrorCode::kInvalidArgument, "--from {} is past the last entry {}", options.from,
                head.size == 0 ? 0 : head.size - 1);
  }
  auto previous = store.Get(Family::kEntries, SeqKey(options.from - 1));
  GK_RETURN_IF_ERROR(previous);
  if (!*previous) return FailAt(options.from - 1, ErrorCode::kCorruption, "entry missing");
  auto stored = SplitStoredEntry(AsBytes(**previous));
  if (!stored) return FailAt(options.from - 1, stored.error().code, "{}", stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return FailAt(options.from - 1, entry.error().code, "{}", entry.error().message);
  std::copy(stored->stored_hash.begin(), stored->stored_hash.end(), start.prev_hash.begin());
  start.prev_recorded = entry->recorded_time;
  start.hash = entry->hash_algorithm;
  if (options.chain_only) return start;

  auto frontier = MerkleFrontier::Load(StoredMerkleNodes(store, entry->hash_algorithm), options.from);
  GK_RETURN_IF_ERROR(frontier);
  start.frontier = std::move(*frontier);
  auto registry = LoadStoredRegistry(store, options.from);
  GK_RETURN_IF_ERROR(registry);
  start.registry = std::move(registry->registry);
  start.registry_digest = registry->digest;
  return start;
}

// Each level's stored nodes, read sequentially as the rebuilt tree
// completes them (a level's nodes complete in index order).
class StoredNodeCursor {
 public:
  explicit StoredNodeCursor(const Store& store) : store_(store) {}

  std::optional<Error> Check(const MerkleNode& node, uint64_t seq) {
    if (static_cast<size_t>(node.level) >= cursors_.size()) cursors_.resize(node.level + 1);
    auto& cursor = cursors_[node.level];
    auto key = MerkleNodeKey(node.level, node.index);
    if (!cursor) {
      // One cursor per level, ~20 at a million entries: a modest readahead
      // each keeps memory flat.
      cursor = store_.Scan(Family::kMerkle, 256 << 10);
      cursor->Seek(ToSlice(key));
    }
    bool found = cursor->Valid() && ToBytes(cursor->key()).size() == key.size() &&
                 std::equal(key.begin(), key.end(), ToBytes(cursor->key()).begin());
    bool same = found && cursor->value().size() == node.hash.size() &&
                std::equal(node.hash.begin(), node.hash.end(), ToBytes(cursor->value()).begin());
    if (found) cursor->Next();
    if (same) return std::nullopt;
    if (node.level == 0 && found) {
      return At(seq, ErrorCode::kCorruption,
                "the entry does not match its Merkle leaf (the entry was altered after it was written)");
    }
    return At(seq, ErrorCode::kCorruption,
              fmt::format("stored Merkle node {}/{} is {} (the tree does not match the entries)", node.level,
                          node.index, found ? "wrong" : "missing"));
  }

 private:
  const Store& store_;
  std::vector<std::unique_ptr<rocksdb::Iterator>> cursors_;
};

// What the store keeps of entries at or after the head: a signed
// checkpoint larger than the head, a complete Merkle subtree reaching past
// it, an event id indexed to such an entry. Each is written in the same
// batch as the entries it covers, so each is evidence that entries were
// removed and the head rewound. `with_event_ids` scans the event-id index
// too (a full pass, done when verifying from entry 0).
std::optional<Error> EvidenceBeyondTheHead(const Store& store, uint64_t head_size, const std::set<uint64_t>& signed_sizes,
                                           bool with_event_ids) {
  auto removed = [&](uint64_t covered, const std::string& what) {
    return At(head_size, ErrorCode::kCorruption,
              fmt::format("{} is stored, but the head records {} entries: entries {}..{} were removed", what,
                          head_size, head_size, covered - 1));
  };
  if (!signed_sizes.empty() && *signed_sizes.rbegin() > head_size) {
    return removed(*signed_sizes.rbegin(), fmt::format("a signed checkpoint of size {}", *signed_sizes.rbegin()));
  }
  auto nodes = store.Scan(Family::kMerkle, /*readahead=*/0);  // point seeks, one per level
  for (int level = 0; level < 64; ++level) {
    // Complete subtrees of `level` within the head have index < head_size >> level.
    const auto first_beyond = MerkleNodeKey(level, head_size >> level);
    nodes->Seek(ToSlice(first_beyond));
    if (nodes->Valid() && nodes->key().size() == first_beyond.size() &&
        static_cast<uint8_t>(nodes->key()[0]) == first_beyond[0]) {
      const uint64_t index = GetBigEndian(ToBytes(nodes->key()).data() + 1, 8);
      return removed((index + 1) << level, fmt::format("Merkle node {}/{}", level, index));
    }
  }
  if (!nodes->status().ok()) return At(head_size, ErrorCode::kIo, "reading the Merkle tree: " + nodes->status().ToString());
  if (!with_event_ids) return std::nullopt;
  auto ids = store.Scan(Family::kEventIds);
  for (ids->SeekToFirst(); ids->Valid(); ids->Next()) {
    if (ids->value().size() != 8) continue;  // the per-entry check names malformed values
    const uint64_t seq = GetBigEndian(ToBytes(ids->value()).data(), 8);
    if (seq >= head_size) return removed(seq + 1, fmt::format("event id '{}' indexed to entry {}", ids->key().ToString(), seq));
  }
  if (!ids->status().ok()) return At(head_size, ErrorCode::kIo, "reading the event-id index: " + ids->status().ToString());
  return std::nullopt;
}

// From entry 0: the registry index must list exactly the registry events.
std::optional<Error> CheckRegistryIndex(const Store& store, const std::vector<uint64_t>& events) {
  auto it = store.Scan(Family::kRegistryIndex);
  size_t i = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++i) {
    if (it->key().size() != 8) {
      return At(i < events.size() ? events[i] : 0, ErrorCode::kCorruption, "malformed registry index key");
    }
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (i >= events.size() || events[i] != seq) {
      uint64_t expected = i < events.size() ? events[i] : seq;
      return At(std::min(seq, expected), ErrorCode::kCorruption,
                "the registry index does not match the registry events in the chain");
    }
  }
  if (i != events.size()) return At(events[i], ErrorCode::kCorruption, "the registry index is missing this registry event");
  return std::nullopt;
}

}  // namespace

Result<VerifyReport> VerifyLedger(const Store& store, const VerifyOptions& options) {
  auto head = ReadHead(store);
  GK_RETURN_IF_ERROR(head);
  auto start = PrepareFrom(store, options, *head);
  GK_RETURN_IF_ERROR(start);

  StoredNodeCursor node_cursor(store);
  auto checkpoint_sizes = CheckpointSizes(store);
  GK_RETURN_IF_ERROR(checkpoint_sizes);
  std::set<uint64_t> signed_sizes(checkpoint_sizes->begin(), checkpoint_sizes->end());
  const ChainChecker* self = nullptr;
  ChainCheckOptions check;
  check.jobs = options.jobs;
  check.chain_only = options.chain_only;
  // Event ids are unique: the index must name this very entry. A second
  // entry with a recorded event id (an action replayed into a rewritten
  // chain) finds the index naming the first.
  check.event_id_check = [&store](std::string_view event_id, uint64_t seq) -> std::optional<Error> {
    auto indexed = store.Get(Family::kEventIds, AsBytes(event_id));
    if (!indexed) return At(seq, indexed.error().code, indexed.error().message);
    bool valid = *indexed && (*indexed)->size() == 8;
    if (valid && GetBigEndian(AsBytes(**indexed).data(), 8) == seq) return std::nullopt;
    std::string where = valid ? fmt::format("entry {}", GetBigEndian(AsBytes(**indexed).data(), 8)) : "no entry";
    return At(seq, ErrorCode::kCorruption,
              fmt::format("event id '{}' is indexed to {} (event ids must be unique)", event_id, where));
  };
  // Every stored node must be the one the entries give; at each size with a
  // stored checkpoint, the checkpoint must be signed by the genesis's log
  // key over the root the entries give.
  check.on_node = [&](const MerkleNode& node, uint64_t seq) -> std::optional<Error> {
    if (auto bad = node_cursor.Check(node, seq)) return bad;
    if (node.level != 0 || !signed_sizes.contains(seq + 1)) return std::nullopt;
    auto note = LoadCheckpoint(store, seq + 1);
    const auto& log_keys = self->registry().log_keys();
    if (!note || !*note || !log_keys) return At(seq, ErrorCode::kCorruption, "the checkpoint stored here does not read");
    auto checkpoint = OpenCheckpoint(**note, self->registry().origin(), *log_keys);
    if (!checkpoint) return At(seq, checkpoint.error().code, "the checkpoint stored here: " + checkpoint.error().message);
    if (checkpoint->size != seq + 1 || checkpoint->hash != self->frontier().hash() ||
        checkpoint->root != self->frontier().Root()) {
      return At(seq, ErrorCode::kCorruption, "the checkpoint stored here signs another root than the entries give");
    }
    if (checkpoint->registry != self->RegistryDigestAt(seq + 1)) {
      return At(seq, ErrorCode::kCorruption,
                "the checkpoint stored here signs another registry digest than the entries give");
    }
    return std::nullopt;
  };
  if (options.progress) {
    check.progress = [&](uint64_t checked) { options.progress(options.from + checked, head->size); };
  }
  ChainChecker checker(std::move(*start), std::move(check));
  self = &checker;

  std::optional<Error> failure;
  auto it = store.Scan(Family::kEntries);
  for (it->Seek(ToSlice(SeqKey(options.from))); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      failure = At(checker.next_seq(), ErrorCode::kCorruption, "malformed entry key");
      break;
    }
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (seq >= head->size && seq == checker.next_seq()) {
      failure = At(seq, ErrorCode::kCorruption,
                   fmt::format("entry beyond the head (the head records {} entries)", head->size));
      break;
    }
    if (!checker.Feed(seq, it->value().ToString())) break;
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  failure = EarlierFailure(checker.Finish(), failure);

  if (!failure) {
    uint64_t end = checker.next_seq();
    if (end < head->size) {
      failure = At(end, ErrorCode::kCorruption,
                   fmt::format("entry missing: the head records {} entries but they end here (tail truncated)",
                               head->size));
    } else if (head->size > 0 && checker.last_hash() != head->last_hash) {
      failure = At(head->size - 1, ErrorCode::kCorruption, "the head record's hash does not match the last entry");
    } else if (head->size > 0 && checker.last_recorded() != head->last_recorded) {
      failure = At(head->size - 1, ErrorCode::kCorruption,
                   "the head record's recorded time does not match the last entry");
    } else if (!options.chain_only && checker.registry_digest() != head->registry_digest) {
      failure = At(head->size - 1, ErrorCode::kCorruption,
                   "the head record's registry digest does not match the registry events");
    } else if (options.from == 0 && !options.chain_only) {
      failure = CheckRegistryIndex(store, checker.registry_events());
    }
  }
  if (!failure) {
    failure = EvidenceBeyondTheHead(store, head->size, signed_sizes, options.from == 0 && !options.chain_only);
  }
  if (failure) return std::unexpected(*failure);
  return VerifyReport{options.from, checker.next_seq() - options.from, *head, checker.registry().simulated()};
}

}  // namespace gongkai
