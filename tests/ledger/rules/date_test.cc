// Dates: the civil arithmetic against a day-by-day walk over years
// 0001..9999, the strict text form, and China Standard Time days of instants.
#include <gtest/gtest.h>

#include <limits>

#include "ledger/base/time.h"
#include "ledger/rules/date.h"

namespace gongkai::rules {
namespace {

TEST(DateTest, KnownDays) {
  EXPECT_EQ(FromCivil(1970, 1, 1).days, 0);
  EXPECT_EQ(FromCivil(1969, 12, 31).days, -1);
  EXPECT_EQ(FromCivil(2000, 3, 1).days, 11017);
  EXPECT_EQ(FromCivil(2019, 10, 1).days, 18170);
  EXPECT_EQ(FromCivil(1, 1, 1).days, -719162);
  EXPECT_EQ(FromCivil(9999, 12, 31).days, 2932896);
  EXPECT_EQ(Weekday(FromCivil(1970, 1, 1)), 4);    // Thursday
  EXPECT_EQ(Weekday(FromCivil(1969, 12, 29)), 1);  // Monday
  EXPECT_EQ(Weekday(FromCivil(2019, 10, 1)), 2);   // Tuesday
  EXPECT_EQ(Weekday(FromCivil(2026, 12, 31)), 4);  // Thursday
  EXPECT_EQ(Weekday(FromCivil(1, 1, 1)), 1);       // Monday (proleptic)
}

// Walks every day of 0001..9999 with a plain year/month/day counter and
// checks FromCivil, the field accessors, the weekday and the text form.
TEST(DateTest, EveryDayOfYears1To9999) {
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 1, month = 1, day = 1, weekday = 1;
  Date date = FromCivil(1, 1, 1);
  for (; year <= 9999; ++date.days) {
    ASSERT_EQ(FromCivil(year, month, day), date) << year << "-" << month << "-" << day;
    ASSERT_EQ(Year(date), year);
    ASSERT_EQ(Month(date), month);
    ASSERT_EQ(DayOfMonth(date), day);
    ASSERT_EQ(Weekday(date), weekday);
    if (day == 1 || year % 97 == 0) {  // the text form on a sample (a full pass is slow under sanitizers)
      std::string text = FormatDate(date);
      ASSERT_EQ(text, fmt::format("{:04}-{:02}-{:02}", year, month, day));
      ASSERT_EQ(ParseDate(text), date) << text;
    }
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    weekday = weekday % 7 + 1;
    if (++day > kMonthDays[month - 1] + (month == 2 && leap)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  EXPECT_EQ(date, FromCivil(10000, 1, 1));
}

TEST(DateTest, ParseAcceptsLeapDays) {
  EXPECT_EQ(ParseDate("2020-02-29"), FromCivil(2020, 2, 29));
  EXPECT_EQ(ParseDate("2000-02-29"), FromCivil(2000, 2, 29));
  EXPECT_EQ(ParseDate("0001-01-01"), FromCivil(1, 1, 1));
  EXPECT_EQ(ParseDate("9999-12-31"), FromCivil(9999, 12, 31));
}

TEST(DateTest, ParseIsStrict) {
  for (std::string_view text :
       {"", "2019-02-29", "1900-02-29", "2019-04-31", "2019-13-01", "2019-00-10", "2019-01-00", "2019-01-32",
        "0000-01-01", "2019-1-01", "2019-01-1", "19-01-01", "2019/01/01", " 2019-01-01", "2019-01-01 ", "20190101",
        "2019-01-01T00:00", "+019-01-01", "2019-0a-01", "2019--1-01", "10000-01-01"}) {
    auto date = ParseDate(text);
    ASSERT_FALSE(date.has_value()) << text;
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_NE(date.error().message.find(fmt::format("'{}'", text)), std::string::npos) << date.error().message;
  }
  EXPECT_EQ(ParseDate("2019-02-29").error().message, "'2019-02-29' is not a date: 2019-02 has 28 days");
}

UnixMicros Instant(std::string_view text) {
  auto instant = ParseTime(text);
  EXPECT_TRUE(instant.has_value()) << text;
  return *instant;
}

TEST(DateTest, DateOfIsTheChinaStandardTimeDate) {
  Date national_day = FromCivil(2019, 10, 1);
  EXPECT_EQ(DateOf(Instant("2019-10-01T00:00:00+08:00")), national_day);
  EXPECT_EQ(DateOf(Instant("2019-10-01T23:59:59.999999+08:00")), national_day);
  EXPECT_EQ(DateOf(Instant("2019-09-30T23:59:59.999999+08:00")), FromCivil(2019, 9, 30));
  EXPECT_EQ(DateOf(Instant("2019-09-30T16:00:00Z")), national_day);
  EXPECT_EQ(DateOf(Instant("2019-09-30T15:59:59.999999Z")), FromCivil(2019, 9, 30));
  EXPECT_EQ(DateOf(Instant("2019-10-01T15:59:59-08:00")), FromCivil(2019, 10, 2));
  // Around and before the epoch (floor, not truncation).
  EXPECT_EQ(DateOf(0), FromCivil(1970, 1, 1));
  EXPECT_EQ(DateOf(-1), FromCivil(1970, 1, 1));
  EXPECT_EQ(DateOf(-8 * 3600LL * 1'000'000), FromCivil(1970, 1, 1));
  EXPECT_EQ(DateOf(-8 * 3600LL * 1'000'000 - 1), FromCivil(1969, 12, 31));
  EXPECT_EQ(DateOf(Instant("1900-03-01T00:00:00+08:00")), FromCivil(1900, 3, 1));
  // The extremes do not overflow.
  EXPECT_GT(DateOf(std::numeric_limits<UnixMicros>::max()), FromCivil(9999, 12, 31));
  EXPECT_LT(DateOf(std::numeric_limits<UnixMicros>::min()), FromCivil(1, 1, 1));
}

TEST(DateTest, StartOfDayIsMidnightChinaTime) {
  for (Date date = FromCivil(2015, 12, 25); date <= FromCivil(2027, 1, 5); date.days += 13) {
    UnixMicros start = StartOfDay(date);
    EXPECT_EQ(start, Instant(FormatDate(date))) << FormatDate(date);  // a bare date is 00:00 +08:00
    EXPECT_EQ(DateOf(start), date);
    EXPECT_EQ(DateOf(start - 1), Date{date.days - 1});
    EXPECT_EQ(DateOf(start + 86'400LL * 1'000'000 - 1), date);
  }
  EXPECT_EQ(StartOfDay(FromCivil(2019, 10, 1)), Instant("2019-09-30T16:00:00Z"));
}

}  // namespace
}  // namespace gongkai::rules
