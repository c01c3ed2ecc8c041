#include "ledger/rules/date.h"

#include <fmt/core.h>

namespace gongkai::rules {
namespace {

constexpr int64_t kMicrosPerDay = 86'400LL * 1'000'000;
constexpr int64_t kChinaOffsetMicros = 8 * 3'600LL * 1'000'000;  // UTC+08:00

struct Civil {
  int year, month, day;
};

// Howard Hinnant's civil_from_days: eras of 400 years (146,097 days), each
// counted from 1 March so that the leap day is the last day of its year.
Civil ToCivil(Date date) {
  int64_t z = int64_t{date.days} + 719'468;  // days since 0000-03-01
  int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  int64_t doe = z - era * 146'097;                                         // [0, 146096]
  int64_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   // [0, 365], from 1 March
  int64_t mp = (5 * doy + 2) / 153;                                        // [0, 11], 0 = March
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2));
  return {year, month, day};
}

bool IsLeap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// The value of `count` decimal digits at `text[at]`, or -1 if any is not a digit.
int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

// Howard Hinnant's days_from_civil, the inverse of ToCivil.
Date FromCivil(int year, int month, int day) {
  int64_t y = int64_t{year} - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                                  // [0, 399]
  int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                          // [0, 146096]
  return Date{static_cast<int32_t>(era * 146'097 + doe - 719'468)};
}

int Year(Date date) { return ToCivil(date).year; }
int Month(Date date) { return ToCivil(date).month; }
int DayOfMonth(Date date) { return ToCivil(date).day; }

int Weekday(Date date) {
  int64_t since_monday = (int64_t{date.days} + 3) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(since_monday < 0 ? since_monday + 7 : since_monday) + 1;
}

Result<Date> ParseDate(std::string_view text) {
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  int year = shaped ? Digits(text, 0, 4) : -1;
  int month = shaped ? Digits(text, 5, 2) : -1;
  int day = shaped ? Digits(text, 8, 2) : -1;
  if (year < 0 || month < 0 || day < 0) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a date (YYYY-MM-DD)", text);
  }
  if (year == 0) return Fail(ErrorCode::kInvalidArgument, "'{}' is not a date: years start at 0001", text);
  if (month < 1 || month > 12) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a date: no month {}", text, month);
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a date: {:04}-{:02} has {} days", text, year, month,
                DaysInMonth(year, month));
  }
  return FromCivil(year, month, day);
}

std::string FormatDate(Date date) {
  Civil c = ToCivil(date);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

Date DateOf(UnixMicros instant) {
  // The UTC date, then the next one if the offset carries past midnight
  // (so that no sum overflows, whatever the instant).
  int64_t utc_days = instant / kMicrosPerDay;
  int64_t into_day = instant % kMicrosPerDay;
  if (into_day < 0) {  // floor, not truncation: into_day in [0, kMicrosPerDay)
    into_day += kMicrosPerDay;
    --utc_days;
  }
  return Date{static_cast<int32_t>(utc_days + (into_day + kChinaOffsetMicros >= kMicrosPerDay))};
}

UnixMicros StartOfDay(Date date) { return int64_t{date.days} * kMicrosPerDay - kChinaOffsetMicros; }

}  // namespace gongkai::rules
