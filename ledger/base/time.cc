#include "ledger/base/time.h"

#include <chrono>
#include <charconv>

namespace gongkai {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kChinaOffsetSeconds = 8 * 3600;

// Reads exactly `width` decimal digits at text[pos].
bool ReadDigits(std::string_view text, size_t pos, size_t width, int& out) {
  if (pos + width > text.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

Result<UnixMicros> ParseTime(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kMalformed,
                "bad time '{}': {} (expected e.g. 2026-11-23T09:30:00+08:00 or 2026-11-23)",
                text, why);
  };
  int year, month, day;
  if (!ReadDigits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !ReadDigits(text, 5, 2, month) || text[7] != '-' || !ReadDigits(text, 8, 2, day)) {
    return bad("date must be YYYY-MM-DD");
  }
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                   std::chrono::day{unsigned(day)}};
  if (!date.ok()) return bad("no such date");
  int64_t seconds = std::chrono::sys_days{date}.time_since_epoch().count() * int64_t{86400};
  if (text.size() == 10) return (seconds - kChinaOffsetSeconds) * kMicrosPerSecond;

  int hour, minute, second;
  if (text[10] != 'T' || !ReadDigits(text, 11, 2, hour) || text.size() < 19 ||
      text[13] != ':' || !ReadDigits(text, 14, 2, minute) || text[16] != ':' ||
      !ReadDigits(text, 17, 2, second)) {
    return bad("time of day must be THH:MM:SS");
  }
  if (hour > 23 || minute > 59 || second > 59) return bad("time of day out of range");
  size_t pos = 19;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits == 6) return bad("more than 6 fractional digits");
      fraction = fraction * 10 + (text[pos] - '0');
      ++digits, ++pos;
    }
    if (digits == 0) return bad("empty fraction");
    for (; digits < 6; ++digits) fraction *= 10;
  }
  int64_t offset = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!ReadDigits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad("offset must be +HH:MM");
    }
    offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad("missing time zone (Z or +08:00)");
  }
  if (pos != text.size()) return bad("trailing characters");
  seconds += hour * 3600 + minute * 60 + second - offset;
  return seconds * kMicrosPerSecond + fraction;
}

std::string FormatTime(UnixMicros micros) {
  // Years 0001..9999 only (what RFC 3339 can write); anything else can only
  // come from a damaged record and is shown as the raw number.
  constexpr int64_t kLimit = 253402300799LL * kMicrosPerSecond;
  if (micros < -62135596800LL * kMicrosPerSecond || micros > kLimit) {
    return fmt::format("<invalid time {} µs>", micros);
  }
  int64_t local = micros + kChinaOffsetSeconds * kMicrosPerSecond;
  int64_t seconds = local / kMicrosPerSecond;
  int64_t fraction = local % kMicrosPerSecond;
  if (fraction < 0) fraction += kMicrosPerSecond, --seconds;
  int64_t days = seconds / 86400;
  int64_t in_day = seconds % 86400;
  if (in_day < 0) in_day += 86400, --days;
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+08:00", int(date.year()),
                     unsigned(date.month()), unsigned(date.day()), in_day / 3600,
                     in_day / 60 % 60, in_day % 60, fraction);
}

UnixMicros SystemClock::Now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace gongkai
