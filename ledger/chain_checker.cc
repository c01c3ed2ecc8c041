#include "ledger/chain_checker.h"

#include <algorithm>
#include <thread>

#include <kj/exception.h>

#include "ledger/action.h"
#include "ledger/checkpoint.h"
#include "ledger/entry.h"

namespace gongkai {
namespace {

constexpr std::string_view kAltered = "entry hash does not match its contents (the entry was altered)";

Error At(uint64_t seq, ErrorCode code, std::string message) { return Error{code, std::move(message), seq}; }

}  // namespace

// One entry handed to a worker: the stored value and, unless chain-only, the
// key its signature must verify with (resolved in order).
struct ChainChecker::Item {
  uint64_t seq;
  std::string value;
  std::optional<PublicKey> key;
};

struct ChainChecker::BatchResult {
  std::optional<Error> failure;
  std::vector<Digest> leaf_hashes;  // of the entries before the failure
};

namespace {

// Checks 3 and 8, and computes the Merkle leaf hashes; stops at the first
// failure in the batch.
template <typename Item, typename BatchResult>
BatchResult CheckBatch(const std::vector<Item>& items, bool leaf_hashes) {
  BatchResult result;
  result.leaf_hashes.reserve(items.size());
  for (const Item& item : items) {
    auto stored = SplitStoredEntry(AsBytes(item.value));
    if (!stored) return {Error{stored.error().code, stored.error().message, item.seq}, {}};
    auto entry = DecodeEntry(stored->record);
    if (!entry) return {Error{entry.error().code, entry.error().message, item.seq}, {}};
    Digest hash = EntryHash(stored->record);
    if (!std::equal(hash.begin(), hash.end(), stored->stored_hash.begin())) {
      result.failure = Error{ErrorCode::kCorruption, std::string(kAltered), item.seq};
      return result;
    }
    if (item.key) {
      if (auto s = VerifyEntrySignature(*entry, *item.key); !s) {
        result.failure = Error{ErrorCode::kBadSignature, s.error().message, item.seq};
        return result;
      }
    }
    if (leaf_hashes) result.leaf_hashes.push_back(MerkleLeafHash(entry->hash_algorithm, stored->record));
  }
  return result;
}

}  // namespace

std::optional<Error> EarlierFailure(std::optional<Error> a, std::optional<Error> b) {
  if (!a) return b;
  if (!b) return a;
  if (*a->seq != *b->seq) return *a->seq < *b->seq ? a : b;
  bool b_altered = b->code == ErrorCode::kCorruption && b->message == kAltered;
  return b_altered ? b : a;
}

ChainChecker::ChainChecker(ChainStart start, ChainCheckOptions options)
    : options_(std::move(options)),
      jobs_(options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency())),
      batch_size_(options_.chain_only ? 4096 : 512),
      next_seq_(start.from),
      prev_hash_(start.prev_hash),
      prev_recorded_(start.prev_recorded),
      hash_(start.hash),
      registry_(std::move(start.registry)),
      frontier_(std::move(start.frontier)),
      registry_digest_(start.registry_digest),
      folded_digest_(start.registry_digest) {}

Digest ChainChecker::RegistryDigestAt(uint64_t size) const {
  Digest digest = folded_digest_;
  for (const auto& [after, value] : pending_digests_) {
    if (after > size) break;
    digest = value;
  }
  return digest;
}

ChainChecker::~ChainChecker() {
  for (auto& future : in_flight_) {
    if (future.valid()) future.wait();
  }
}

// Checks 1, 2, 4, 5, 6 and 7 for the next entry, and resolves the key for 8.
std::optional<Error> ChainChecker::CheckInOrder(Item& item) {
  auto stored = SplitStoredEntry(AsBytes(item.value));
  if (!stored) return At(item.seq, stored.error().code, stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return At(item.seq, entry.error().code, entry.error().message);
  if (entry->seq != item.seq) {
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("stored at position {} but records sequence number {} (entries reordered)", item.seq,
                          entry->seq));
  }
  if (!hash_) hash_ = entry->hash_algorithm;  // entry 0 names the ledger's
  if (entry->hash_algorithm != *hash_) {
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("the entry names hash algorithm {}, the ledger's is {}", HashAlgorithmName(entry->hash_algorithm),
                          HashAlgorithmName(*hash_)));
  }
  if (!frontier_ && !options_.chain_only) frontier_.emplace(*hash_);
  if (entry->prev_hash != prev_hash_) {
    return At(item.seq, ErrorCode::kCorruption,
              item.seq == 0 ? std::string("entry 0 must have an all-zero previous hash")
                            : fmt::format("previous-hash field does not match entry {}'s hash (chain broken)",
                                          item.seq - 1));
  }
  if (entry->recorded_time < prev_recorded_) {
    return At(item.seq, ErrorCode::kCorruption,
              fmt::format("recorded time {} is before entry {}'s {} (back-dated)", FormatTime(entry->recorded_time),
                          item.seq - 1, FormatTime(prev_recorded_)));
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
  if (options_.event_id_check) {
    if (auto failure = options_.event_id_check(action->event_id(), item.seq)) return failure;
  }
  auto key = registry_.SigningKey(*action);
  if (!key) return At(item.seq, key.error().code, key.error().message);
  item.key = std::move(*key);
  if (IsRegistryPayload(action->kind())) {
    if (auto s = registry_.Apply(*action, item.seq); !s) return At(item.seq, s.error().code, s.error().message);
    if (registry_.hash_algorithm() != *hash_) {
      return At(item.seq, ErrorCode::kCorruption,
                fmt::format("the genesis names hash algorithm {}, its record {}",
                            HashAlgorithmName(registry_.hash_algorithm()), HashAlgorithmName(*hash_)));
    }
    registry_events_.push_back(item.seq);
    registry_digest_ = RegistryDigestStep(*hash_, registry_digest_, prev_hash_);  // prev_hash_ is now this entry's hash
    pending_digests_.emplace_back(item.seq + 1, registry_digest_);
  }
  return std::nullopt;
}

bool ChainChecker::Feed(uint64_t seq, std::string value) {
  if (failure_ && *failure_->seq <= seq) return false;
  if (seq != next_seq_) {
    failure_ = EarlierFailure(failure_, At(next_seq_, ErrorCode::kCorruption,
                                           fmt::format("entry missing (the next stored entry is {})", seq)));
    return false;
  }
  Item item{seq, std::move(value), std::nullopt};
  std::optional<Error> failure;
  if (options_.chain_only) {
    failure = CheckInOrder(item);  // framing and hashes only: nothing that throws
  } else {
    // Actions are validated before use, so reading them does not throw;
    // this guard turns a bug into a reported failure rather than an abort.
    kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] { failure = CheckInOrder(item); });
    if (exception != nullptr) {
      failure = At(seq, ErrorCode::kCorruption,
                   "entry does not read as a Cap'n Proto message (a pointer, size or segment is out of bounds)");
    }
  }
  if (failure) {
    // An entry altered after it was written explains any other failure it
    // shows, so check its hash too before reporting.
    item.key.reset();
    std::vector<Item> single;
    single.push_back(std::move(item));
    failure_ = EarlierFailure(failure_, EarlierFailure(failure, CheckBatch<Item, BatchResult>(single, false).failure));
    return false;
  }
  batch_.push_back(std::move(item));
  ++next_seq_;
  if (batch_.size() == batch_size_) Dispatch();
  return !failure_;
}

void ChainChecker::Dispatch() {
  if (batch_.empty()) return;
  while (in_flight_.size() >= jobs_) CollectOldest();
  checked_ += batch_.size();
  bool leaf_hashes = !options_.chain_only;  // the tree is rebuilt only in full checks
  in_flight_.push_back(std::async(std::launch::async, [items = std::move(batch_), leaf_hashes] {
    return CheckBatch<Item, BatchResult>(items, leaf_hashes);
  }));
  batch_.clear();
}

void ChainChecker::CollectOldest() {
  std::future<BatchResult> oldest = std::move(in_flight_.front());
  in_flight_.pop_front();
  BatchResult result = oldest.get();
  failure_ = EarlierFailure(failure_, result.failure);
  if (!options_.chain_only) {
    for (const Digest& leaf : result.leaf_hashes) {
      uint64_t seq = frontier_->size();
      while (!pending_digests_.empty() && pending_digests_.front().first <= seq + 1) {
        folded_digest_ = pending_digests_.front().second;
        pending_digests_.pop_front();
      }
      for (const MerkleNode& node : frontier_->Append(leaf)) {
        if (!options_.on_node) continue;
        if (auto bad = options_.on_node(node, seq)) {
          failure_ = EarlierFailure(failure_, bad);
          break;
        }
      }
    }
  }
  if (options_.progress) options_.progress(checked_);
}

std::optional<Error> ChainChecker::Finish() {
  Dispatch();
  while (!in_flight_.empty()) CollectOldest();
  return failure_;
}

}  // namespace gongkai
