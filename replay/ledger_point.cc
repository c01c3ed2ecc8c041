#include "replay/ledger_point.h"

#include "ledger/entry.h"
#include "ledger/head.h"

namespace gongkai::projections {
namespace {

Result<UnixMicros> RecordedTimeOf(const Store& ledger, uint64_t seq) {
  auto value = ledger.Get(Family::kEntries, SeqKey(seq));
  GK_RETURN_IF_ERROR(value);
  if (!*value) return FailAt(seq, ErrorCode::kCorruption, "entry missing");
  auto split = SplitStoredEntry(AsBytes(**value));
  if (!split) return FailAt(seq, split.error().code, "{}", split.error().message);
  auto entry = DecodeEntry(split->record);
  if (!entry) return FailAt(seq, entry.error().code, "{}", entry.error().message);
  return entry->recorded_time;
}

}  // namespace

Result<LedgerPoint> PointAtHead(const Store& ledger) {
  auto head = ReadHead(ledger);
  GK_RETURN_IF_ERROR(head);
  return LedgerPoint{head->size, rules::DateOf(head->last_recorded)};
}

Result<LedgerPoint> PointBeforeSeq(const Store& ledger, uint64_t seq) {
  auto head = ReadHead(ledger);
  GK_RETURN_IF_ERROR(head);
  if (seq == 0 || seq > head->size) {
    return Fail(ErrorCode::kInvalidArgument, "--as-of {}: a sequence number from 1 to {} (the entries before it count)",
                seq, head->size);
  }
  auto recorded = RecordedTimeOf(ledger, seq - 1);
  GK_RETURN_IF_ERROR(recorded);
  return LedgerPoint{seq, rules::DateOf(*recorded)};
}

Result<LedgerPoint> PointAtTime(const Store& ledger, UnixMicros time) {
  auto head = ReadHead(ledger);
  GK_RETURN_IF_ERROR(head);
  // The first entry recorded after `time` (recorded times never decrease).
  uint64_t low = 0, high = head->size;
  while (low < high) {
    uint64_t middle = low + (high - low) / 2;
    auto recorded = RecordedTimeOf(ledger, middle);
    GK_RETURN_IF_ERROR(recorded);
    if (*recorded <= time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (low == 0) return Fail(ErrorCode::kInvalidArgument, "--as-of {}: before the ledger's first entry", FormatTime(time));
  return LedgerPoint{low, rules::DateOf(time)};
}

Result<LedgerPoint> PointAtEndOf(const Store& ledger, rules::Date day) {
  auto point = PointAtTime(ledger, rules::StartOfDay(rules::Date{day.days + 1}) - 1);
  if (!point) return point;
  point->judge = day;
  return point;
}

}  // namespace gongkai::projections
