#include "ledger/verifier.h"

#include <algorithm>
#include <deque>
#include <future>
#include <thread>

#include <kj/exception.h>

#include "ledger/action.h"
#include "ledger/entry.h"
#include "ledger/key_registry.h"
#include "ledger/merkle_store.h"

namespace gongkai {
namespace {

// One entry handed to a worker: the stored value and, unless chain-only, the
// key its signature must verify with (resolved in order by the reader).
struct Item {
  uint64_t seq;
  std::string value;
  std::optional<PublicKey> key;
};

struct Batch {
  std::vector<Item> items;
};

struct BatchResult {
  std::optional<Error> failure;
  std::vector<Digest> leaf_hashes;  // of the entries before the failure
};

// Checks 3 and 8, and computes the Merkle leaf hashes; stops at the first
// failure in the batch.
BatchResult CheckBatch(const Batch& batch) {
  BatchResult result;
  result.leaf_hashes.reserve(batch.items.size());
  for (const Item& item : batch.items) {
    auto stored = SplitStoredEntry(AsBytes(item.value));
    if (!stored) return {Error{stored.error().code, stored.error().message, item.seq}, {}};
    auto entry = DecodeEntry(stored->record);
    if (!entry) return {Error{entry.error().code, entry.error().message, item.seq}, {}};
    Digest hash = EntryHash(stored->record);
    if (!std::equal(hash.begin(), hash.end(), stored->stored_hash.begin())) {
      result.failure = Error{ErrorCode::kCorruption,
                             "entry hash does not match its contents (the entry was altered)", item.seq};
      return result;
    }
    if (item.key) {
      if (auto s = item.key->Verify(kActionSignatureContext, entry->action, entry->signature); !s) {
        result.failure = Error{ErrorCode::kBadSignature, s.error().message, item.seq};
        return result;
      }
    }
    result.leaf_hashes.push_back(MerkleLeafHash(stored->record));
  }
  return result;
}

// The earlier of two failures; at the same entry, an altered-entry finding
// explains everything else that entry shows, so it wins.
std::optional<Error> Earlier(std::optional<Error> a, std::optional<Error> b) {
  if (!a) return b;
  if (!b) return a;
  if (*a->seq != *b->seq) return *a->seq < *b->seq ? a : b;
  bool b_altered = b->code == ErrorCode::kCorruption && b->message.starts_with("entry hash");
  return b_altered ? b : a;
}

Error At(uint64_t seq, ErrorCode code, std::string message) { return Error{code, std::move(message), seq}; }

class Verification {
 public:
  Verification(const Store& store, const VerifyOptions& options)
      : store_(store), options_(options) {
    jobs_ = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    batch_size_ = options.chain_only ? 4096 : 512;
  }

  Result<VerifyReport> Run();

 private:
  Status LoadHead();
  Status PrepareFrom();
  std::optional<Error> CheckInOrder(Item& item);
  void Dispatch(Batch batch);
  void CollectOldest();
  std::optional<Error> CheckRegistryIndex();

  const Store& store_;
  VerifyOptions options_;
  unsigned jobs_;
  size_t batch_size_;
  Head head_;
  KeyRegistry registry_;
  std::vector<uint64_t> registry_events_;
  Digest prev_hash_{};
  UnixMicros prev_recorded_ = INT64_MIN;
  std::deque<std::future<BatchResult>> in_flight_;
  MerkleFrontier frontier_;  // rebuilt from the entries, in order
  // One cursor per tree level over the stored nodes: nodes of a level
  // complete in index order, so each level is read sequentially.
  std::vector<std::unique_ptr<rocksdb::Iterator>> level_cursors_;
  std::optional<Error> CheckStoredNode(const MerkleNode& node, uint64_t seq);
  std::optional<Error> failure_;
  uint64_t checked_ = 0;
};

Status Verification::LoadHead() {
  auto value = store_.Get(Family::kMeta, AsBytes(kHeadKey));
  if (!value) return std::unexpected(value.error());
  if (!*value || (*value)->size() != 48) {
    return Fail(ErrorCode::kCorruption, "the head record is missing or malformed");
  }
  auto bytes = AsBytes(**value);
  head_.size = GetBigEndian(bytes.data(), 8);
  std::copy(bytes.begin() + 8, bytes.begin() + 40, head_.last_hash.begin());
  head_.last_recorded = static_cast<UnixMicros>(GetBigEndian(bytes.data() + 40, 8));
  return {};
}

// Verifying from entry N > 0 trusts entries before N: the registry is
// rebuilt from the registry events before N, and the chain continues from
// entry N-1's stored hash.
Status Verification::PrepareFrom() {
  if (options_.from == 0) return {};
  if (options_.from >= head_.size) {
    return Fail(ErrorCode::kInvalidArgument, "--from {} is past the last entry {}", options_.from,
                head_.size == 0 ? 0 : head_.size - 1);
  }
  auto previous = store_.Get(Family::kEntries, SeqKey(options_.from - 1));
  if (!previous) return std::unexpected(previous.error());
  if (!*previous) return FailAt(options_.from - 1, ErrorCode::kCorruption, "entry missing");
  auto stored = SplitStoredEntry(AsBytes(**previous));
  if (!stored) return FailAt(options_.from - 1, stored.error().code, "{}", stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return FailAt(options_.from - 1, entry.error().code, "{}", entry.error().message);
  std::copy(stored->stored_hash.begin(), stored->stored_hash.end(), prev_hash_.begin());
  prev_recorded_ = entry->recorded_time;
  if (options_.chain_only) return {};
  auto frontier = MerkleFrontier::Load(StoredMerkleNodes(store_), options_.from);
  if (!frontier) return std::unexpected(frontier.error());
  frontier_ = std::move(*frontier);

  auto it = store_.Scan(Family::kRegistryIndex);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Fail(ErrorCode::kCorruption, "malformed registry index key");
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (seq >= options_.from) break;
    auto value = store_.Get(Family::kEntries, SeqKey(seq));
    if (!value) return std::unexpected(value.error());
    if (!*value) return FailAt(seq, ErrorCode::kCorruption, "registry event missing");
    auto split = SplitStoredEntry(AsBytes(**value));
    auto record = split ? DecodeEntry(split->record) : Result<EntryView>(std::unexpected(split.error()));
    if (!record) return FailAt(seq, record.error().code, "{}", record.error().message);
    auto action = Action::Parse(record->action);
    if (!action) return FailAt(seq, action.error().code, "{}", action.error().message);
    if (auto s = registry_.Apply(*action, seq); !s) {
      return FailAt(seq, s.error().code, "{}", s.error().message);
    }
  }
  return {};
}

// Checks 1, 2, 4, 5, 6 and 7 for the next entry in order, and resolves the
// key for check 8.
std::optional<Error> Verification::CheckInOrder(Item& item) {
  auto stored = SplitStoredEntry(AsBytes(item.value));
  if (!stored) return At(item.seq, stored.error().code, stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return At(item.seq, entry.error().code, entry.error().message);
  if (entry->seq != item.seq) {
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("stored at position {} but records sequence number {} (entries reordered)",
                          item.seq, entry->seq));
  }
  if (entry->prev_hash != prev_hash_) {
    return At(item.seq, ErrorCode::kCorruption,
              item.seq == 0 ? std::string("entry 0 must have an all-zero previous hash")
                            : fmt::format("previous-hash field does not match entry {}'s hash (chain broken)",
                                          item.seq - 1));
  }
  if (entry->recorded_time < prev_recorded_) {
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("recorded time {} is before entry {}'s {} (back-dated)",
                          FormatTime(entry->recorded_time), item.seq - 1, FormatTime(prev_recorded_)));
  }
  std::copy(stored->stored_hash.begin(), stored->stored_hash.end(), prev_hash_.begin());
  prev_recorded_ = entry->recorded_time;
  if (options_.chain_only) return std::nullopt;

  auto action = Action::Parse(entry->action);
  if (!action) return At(item.seq, action.error().code, "action: " + action.error().message);
  if (item.seq == 0 && action->kind() != PayloadKind::GENESIS) {
    return At(item.seq, ErrorCode::kRegistryConflict, "entry 0 must be the genesis");
  }
  if (auto s = registry_.Authorize(*action, entry->recorded_time); !s) {
    return At(item.seq, s.error().code, s.error().message);
  }
  if (auto s = CheckBusinessTime(*action, entry->recorded_time); !s) {
    return At(item.seq, s.error().code, s.error().message);
  }
  // Event ids are unique: the index must name this very entry. A second
  // entry with a recorded event id (an action replayed into a rewritten
  // chain) finds the index naming the first.
  auto indexed = store_.Get(Family::kEventIds, AsBytes(action->event_id()));
  if (!indexed) return At(item.seq, indexed.error().code, indexed.error().message);
  if (!*indexed || (*indexed)->size() != 8 || GetBigEndian(AsBytes(**indexed).data(), 8) != item.seq) {
    std::string where = *indexed && (*indexed)->size() == 8
                            ? fmt::format("entry {}", GetBigEndian(AsBytes(**indexed).data(), 8))
                            : std::string("no entry");
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("event id '{}' is indexed to {} (event ids must be unique)", action->event_id(), where));
  }
  auto key = registry_.SigningKey(*action);
  if (!key) return At(item.seq, key.error().code, key.error().message);
  item.key = std::move(*key);
  if (IsRegistryPayload(action->kind())) {
    if (auto s = registry_.Apply(*action, item.seq); !s) {
      return At(item.seq, s.error().code, s.error().message);
    }
    registry_events_.push_back(item.seq);
  }
  return std::nullopt;
}

void Verification::Dispatch(Batch batch) {
  if (batch.items.empty()) return;
  while (in_flight_.size() >= jobs_) CollectOldest();
  in_flight_.push_back(std::async(std::launch::async,
                                  [b = std::move(batch)] { return CheckBatch(b); }));
}

void Verification::CollectOldest() {
  BatchResult result = in_flight_.front().get();
  in_flight_.pop_front();
  failure_ = Earlier(failure_, result.failure);
  if (!options_.chain_only) {
    for (const Digest& leaf : result.leaf_hashes) {
      uint64_t seq = frontier_.size();
      for (const MerkleNode& node : frontier_.Append(leaf)) {
        if (auto bad = CheckStoredNode(node, seq)) {
          failure_ = Earlier(failure_, bad);
          break;
        }
      }
    }
  }
  if (options_.progress) options_.progress(std::min(checked_, head_.size), head_.size);
}

std::optional<Error> Verification::CheckStoredNode(const MerkleNode& node, uint64_t seq) {
  if (static_cast<size_t>(node.level) >= level_cursors_.size()) level_cursors_.resize(node.level + 1);
  auto& cursor = level_cursors_[node.level];
  auto key = MerkleNodeKey(node.level, node.index);
  if (!cursor) {
    cursor = store_.Scan(Family::kMerkle);
    cursor->Seek(ToSlice(key));
  }
  bool found = cursor->Valid() && ToBytes(cursor->key()).size() == key.size() &&
               std::equal(key.begin(), key.end(), ToBytes(cursor->key()).begin());
  bool same = found && cursor->value().size() == node.hash.size() &&
              std::equal(node.hash.begin(), node.hash.end(), ToBytes(cursor->value()).begin());
  if (found) cursor->Next();
  if (!same && node.level == 0 && found) {
    return At(seq, ErrorCode::kCorruption,
              "the entry does not match its Merkle leaf (the entry was altered after it was written)");
  }
  if (!same) {
    return At(seq, ErrorCode::kCorruption,
              fmt::format("stored Merkle node {}/{} is {} (the tree does not match the entries)", node.level,
                          node.index, found ? "wrong" : "missing"));
  }
  return std::nullopt;
}

std::optional<Error> Verification::CheckRegistryIndex() {
  auto it = store_.Scan(Family::kRegistryIndex);
  size_t i = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++i) {
    if (it->key().size() != 8) {
      return At(i < registry_events_.size() ? registry_events_[i] : 0, ErrorCode::kCorruption,
                "malformed registry index key");
    }
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (i >= registry_events_.size() || registry_events_[i] != seq) {
      uint64_t expected = i < registry_events_.size() ? registry_events_[i] : seq;
      return At(std::min(seq, expected), ErrorCode::kCorruption,
                "the registry index does not match the registry events in the chain");
    }
  }
  if (i != registry_events_.size()) {
    return At(registry_events_[i], ErrorCode::kCorruption,
              "the registry index is missing this registry event");
  }
  return std::nullopt;
}

Result<VerifyReport> Verification::Run() {
  if (auto s = LoadHead(); !s) return std::unexpected(s.error());
  if (auto s = PrepareFrom(); !s) return std::unexpected(s.error());

  uint64_t expected = options_.from;
  std::optional<Error> in_order_failure;
  Batch batch;
  auto it = store_.Scan(Family::kEntries);
  for (it->Seek(ToSlice(SeqKey(options_.from))); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      in_order_failure = At(expected, ErrorCode::kCorruption, "malformed entry key");
      break;
    }
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (seq != expected) {
      in_order_failure = At(expected, ErrorCode::kCorruption,
                            fmt::format("entry missing (the next stored entry is {})", seq));
      break;
    }
    if (seq >= head_.size) {
      in_order_failure = At(seq, ErrorCode::kCorruption,
                            fmt::format("entry beyond the head (the head records {} entries)", head_.size));
      break;
    }
    Item item{seq, it->value().ToString(), std::nullopt};
    std::optional<Error> failure;
    kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] { failure = CheckInOrder(item); });
    KJ_IF_MAYBE(e, exception) {
      failure = At(seq, ErrorCode::kCorruption, fmt::format("entry does not read: {}", e->getDescription().cStr()));
    }
    if (failure) {
      // An entry altered after it was written explains any other failure it
      // shows, so check its hash too before reporting.
      Batch single;
      item.key.reset();
      single.items.push_back(std::move(item));
      in_order_failure = Earlier(failure, CheckBatch(single).failure);
      break;
    }
    batch.items.push_back(std::move(item));
    ++expected;
    if (batch.items.size() == batch_size_) {
      checked_ = expected - options_.from;
      Dispatch(std::move(batch));
      batch = Batch{};
    }
  }
  if (!it->status().ok()) {
    return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  }
  checked_ = expected - options_.from;
  Dispatch(std::move(batch));
  while (!in_flight_.empty()) CollectOldest();

  if (!in_order_failure) {
    if (expected < head_.size) {
      in_order_failure = At(expected, ErrorCode::kCorruption,
                            fmt::format("entry missing: the head records {} entries but they end here "
                                        "(tail truncated)", head_.size));
    } else if (head_.size > 0 && prev_hash_ != head_.last_hash) {
      in_order_failure = At(head_.size - 1, ErrorCode::kCorruption,
                            "the head record's hash does not match the last entry");
    } else if (head_.size > 0 && prev_recorded_ != head_.last_recorded) {
      in_order_failure = At(head_.size - 1, ErrorCode::kCorruption,
                            "the head record's recorded time does not match the last entry");
    } else if (options_.from == 0 && !options_.chain_only) {
      in_order_failure = CheckRegistryIndex();
    }
  }
  if (auto failure = Earlier(failure_, in_order_failure)) return std::unexpected(*failure);
  return VerifyReport{options_.from, expected - options_.from, head_};
}

}  // namespace

Result<VerifyReport> VerifyLedger(const Store& store, const VerifyOptions& options) {
  Verification verification(store, options);
  return verification.Run();
}

}  // namespace gongkai
