// Calendar dates: days since 1970-01-01 in the proleptic Gregorian calendar,
// and their text form "YYYY-MM-DD".
//
// Dates are China Standard Time (UTC+08:00) dates, the time zone of every
// agency this ledger serves: DateOf and StartOfDay convert to and from
// instants in that zone (China has had no daylight saving time since 1991).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/base/time.h"

namespace gongkai::rules {

struct Date {
  int32_t days;  // since 1970-01-01 (day 0, a Thursday); negative before it
  auto operator<=>(const Date&) const = default;
};

// Strict "YYYY-MM-DD": four-digit year 0001..9999, a valid month and day of
// that month; nothing before or after. Errors are kInvalidArgument naming the text.
Result<Date> ParseDate(std::string_view text);
// "YYYY-MM-DD" (years 0001..9999 round-trip through ParseDate).
std::string FormatDate(Date date);

// The date of a civil (proleptic Gregorian) year, month 1..12 and day 1..31;
// the caller guarantees the day exists in that month.
Date FromCivil(int year, int month, int day);
int Year(Date date);
int Month(Date date);       // 1..12
int DayOfMonth(Date date);  // 1..31
int Weekday(Date date);     // 1 = Monday … 7 = Sunday (ISO 8601)

// The China Standard Time date of an instant.
Date DateOf(UnixMicros instant);
// 00:00 China Standard Time of a date, as an instant.
UnixMicros StartOfDay(Date date);

}  // namespace gongkai::rules
