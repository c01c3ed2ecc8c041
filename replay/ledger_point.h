// A point in the ledger's history, for answering "what did the record say
// then?": the entries [0, end) — those recorded by a time, or before a
// sequence number — and the day the answers are judged at (docs/REPLAY.md).
// Recorded times never decrease along the chain, so "recorded by a time"
// is a prefix of the ledger, and entries appended later never change the
// answer for an earlier point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/store.h"
#include "ledger/base/time.h"
#include "ledger/rules/date.h"

namespace gongkai::replay {

struct LedgerPoint {
  uint64_t end = 0;      // entries [0, end) count
  rules::Date judge{0};  // answers are as of the end of this day (China Standard Time)
  // Named by a business date (--as-of business:DATE): every entry recorded
  // so far counts, back-filled ones included, judged on that day; otherwise
  // the point is a recorded one and `judge` its day.
  bool business_date = false;
};

// How answers name the point: "2026-03-01", or for a business date
// "2026-03-01 (business date; entries 0..N recorded so far)".
std::string DescribeJudged(const LedgerPoint& point);

// The whole ledger, judged on the day of its last recorded entry.
Result<LedgerPoint> PointAtHead(const Store& ledger);
// The entries before `seq`, judged on the day the last of them was recorded.
// Errors: kInvalidArgument when seq is 0 or past the head.
Result<LedgerPoint> PointBeforeSeq(const Store& ledger, uint64_t seq);
// The entries recorded at or before `time`, judged on its day.
// Errors: kInvalidArgument when none was (before the genesis).
Result<LedgerPoint> PointAtTime(const Store& ledger, UnixMicros time);
// The entries recorded by the end of `day`, judged on it.
Result<LedgerPoint> PointAtEndOf(const Store& ledger, rules::Date day);

// The point `text` names, in the grammar of --as-of (docs/REPLAY.md): SEQ
// (digits: the entries before it), TIME (RFC 3339, with a 'T': those
// recorded by then), DATE (YYYY-MM-DD: those recorded by the end of that
// day, China Standard Time) or business:DATE (every entry, judged on DATE);
// no text is the whole ledger (PointAtHead).
// Errors: kInvalidArgument naming what was expected.
Result<LedgerPoint> ParseLedgerPoint(std::optional<std::string_view> text, const Store& ledger);

}  // namespace gongkai::replay
