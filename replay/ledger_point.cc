#include "replay/ledger_point.h"

#include <fmt/core.h>

#include <charconv>

#include "ledger/head.h"
#include "ledger/registry_store.h"

namespace gongkai::replay {
namespace {

Result<UnixMicros> RecordedTimeOf(const Store& ledger, uint64_t seq) {
  UnixMicros recorded = 0;
  GK_RETURN_IF_ERROR(ReadEntry(ledger, seq, [&](const EntryView& entry, ByteView) -> Status {
    recorded = entry.recorded_time;
    return {};
  }));
  return recorded;
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

std::string DescribeJudged(const LedgerPoint& point) {
  std::string day = rules::FormatDate(point.judge);
  if (!point.business_date) return day;
  return fmt::format("{} (business date; entries 0..{} recorded so far)", day, point.end - 1);
}

Result<LedgerPoint> ParseLedgerPoint(std::optional<std::string_view> text, const Store& ledger) {
  if (!text) return PointAtHead(ledger);
  constexpr std::string_view kBusiness = "business:";
  if (text->starts_with(kBusiness)) {
    auto date = rules::ParseDate(text->substr(kBusiness.size()));
    if (!date) return Fail(ErrorCode::kInvalidArgument, "--as-of business:DATE: {}", date.error().message);
    auto head = PointAtHead(ledger);
    GK_RETURN_IF_ERROR(head);
    return LedgerPoint{head->end, *date, true};
  }
  if (!text->empty() && text->find_first_not_of("0123456789") == std::string_view::npos) {
    uint64_t seq = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seq);
    if (ec != std::errc() || end != text->data() + text->size()) {
      return Fail(ErrorCode::kInvalidArgument, "--as-of: {} is not a sequence number", *text);
    }
    return PointBeforeSeq(ledger, seq);
  }
  if (text->find('T') != std::string_view::npos) {
    auto time = ParseTime(*text);
    if (!time) return Fail(ErrorCode::kInvalidArgument, "--as-of: {}", time.error().message);
    return PointAtTime(ledger, *time);
  }
  auto date = rules::ParseDate(*text);
  if (!date) {
    return Fail(ErrorCode::kInvalidArgument, "--as-of: {} (a sequence number, a time, a date or business:DATE)",
                date.error().message);
  }
  return PointAtEndOf(ledger, *date);
}

}  // namespace gongkai::replay
