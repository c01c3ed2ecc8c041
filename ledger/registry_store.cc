#include "ledger/registry_store.h"

#include "ledger/checkpoint.h"
#include "ledger/entry.h"

namespace gongkai {

Status ReadEntry(const Store& store, uint64_t seq,
                 const std::function<Status(const EntryView& entry, ByteView stored_hash)>& use) {
  auto value = store.Get(Family::kEntries, SeqKey(seq));
  GK_RETURN_IF_ERROR(value);
  if (!*value) return FailAt(seq, ErrorCode::kCorruption, "entry missing");
  auto stored = SplitStoredEntry(AsBytes(**value));
  if (!stored) return FailAt(seq, stored.error().code, "{}", stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return FailAt(seq, entry.error().code, "{}", entry.error().message);
  return use(*entry, stored->stored_hash);
}

Result<StoredAction> ReadStoredAction(const Store& store, uint64_t seq) {
  std::optional<StoredAction> result;
  GK_RETURN_IF_ERROR(ReadEntry(store, seq, [&](const EntryView& entry, ByteView stored_hash) -> Status {
    // Checked in full when appended, and again by every verify.
    auto action = Action::ParseStored(entry.action);
    if (!action) return FailAt(seq, ErrorCode::kCorruption, "stored action: {}", action.error().message);
    result.emplace(StoredAction{std::move(*action), {}, entry.recorded_time});
    std::copy(stored_hash.begin(), stored_hash.end(), result->entry_hash.begin());
    return {};
  }));
  return std::move(*result);
}

Result<StoredRegistry> LoadStoredRegistry(const Store& store, uint64_t before) {
  StoredRegistry result;
  auto it = store.Scan(Family::kRegistryIndex);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Fail(ErrorCode::kCorruption, "malformed registry index key");
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (seq >= before) break;
    auto stored = ReadStoredAction(store, seq);
    GK_RETURN_IF_ERROR(stored);
    if (auto s = result.registry.Apply(stored->action, seq); !s) {
      return FailAt(seq, ErrorCode::kCorruption, "registry event does not apply: {}", s.error().message);
    }
    result.digest = RegistryDigestStep(result.registry.hash_algorithm(), result.digest, stored->entry_hash);
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "scan registry index: {}", it->status().ToString());
  return result;
}

Result<Action> ReadGenesis(const Store& store) {
  auto stored = ReadStoredAction(store, 0);
  GK_RETURN_IF_ERROR(stored);
  if (stored->action.kind() != PayloadKind::GENESIS) return Fail(ErrorCode::kCorruption, "entry 0 is not a genesis");
  return std::move(stored->action);
}

}  // namespace gongkai
