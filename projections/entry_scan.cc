#include "projections/entry_scan.h"

#include "ledger/entry.h"

namespace gongkai::projections {

Status ScanEntries(const Store& store, uint64_t from, uint64_t end, const EntryVisitor& visit) {
  uint64_t seq = from;
  auto it = store.Scan(Family::kEntries);
  for (it->Seek(ToSlice(SeqKey(from))); it->Valid() && seq < end; it->Next(), ++seq) {
    auto split = SplitStoredEntry(ToBytes(it->value()));
    if (!split) return FailAt(seq, split.error().code, "{}", split.error().message);
    auto entry = DecodeEntry(split->record);
    if (!entry) return FailAt(seq, entry.error().code, "{}", entry.error().message);
    if (entry->seq != seq) return FailAt(seq, ErrorCode::kCorruption, "entry holds sequence number {}", entry->seq);
    auto action = Action::ParseStored(entry->action);
    if (!action) return FailAt(seq, action.error().code, "{}", action.error().message);
    Digest hash;
    std::copy(split->stored_hash.begin(), split->stored_hash.end(), hash.begin());
    auto go_on = visit(EventRecord{seq, entry->recorded_time, *action}, hash);
    if (!go_on) {
      Error error = go_on.error();
      if (!error.seq) error.seq = seq;
      return std::unexpected(std::move(error));
    }
    if (!*go_on) return {};
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  if (seq < end) return FailAt(seq, ErrorCode::kCorruption, "entry is missing from the store (the head says {})", end);
  return {};
}

}  // namespace gongkai::projections
