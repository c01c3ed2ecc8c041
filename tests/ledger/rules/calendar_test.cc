// The working-day calendar: the shipped file against the State Council data
// it was converted from (data/calendar/source/*.json) day by day, known
// deadlines, add/between as inverses, every refusal of the parser, and
// dates outside the covered years.
#include <gtest/gtest.h>

#include "ledger/json_parser.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <limits>
#include <map>

#include "ledger/rules/calendar.h"
#include "ledger/rules/embedded_data.h"
#include "tests/ledger/rules/dates.h"
#include "tests/support/test_ledger.h"

namespace gongkai::rules {
namespace {

using testing::ReadFile;

// One day of the source data.
struct SourceDay {
  std::string name;
  bool off;
};

// The source data: data/calendar/source/YEAR.json for 2016..2026, in the
// holiday-cn layout {"year":…,"papers":[URL…],"days":[{"name","date","isOffDay"}…]}.
struct Source {
  std::map<Date, SourceDay> days;
  std::vector<std::string> papers;  // in year order
};

Source LoadSource() {
  Source source;
  for (int year = 2016; year <= 2026; ++year) {
    std::string text = ReadFile(fmt::format("{}/data/calendar/source/{}.json", GONGKAI_SOURCE_DIR, year));
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<capnp::JsonValue>();
    EXPECT_TRUE(ParseJson(text, root).has_value()) << text.substr(0, 80);
    for (auto field : root.asReader().getObject()) {
      if (field.getName() == "papers") {
        for (auto paper : field.getValue().getArray()) source.papers.emplace_back(paper.getString().cStr());
      } else if (field.getName() == "days") {
        for (auto day : field.getValue().getArray()) {
          std::string name, date;
          bool off = false;
          for (auto f : day.getObject()) {
            if (f.getName() == "name") name = f.getValue().getString().cStr();
            if (f.getName() == "date") date = f.getValue().getString().cStr();
            if (f.getName() == "isOffDay") off = f.getValue().getBoolean();
          }
          EXPECT_TRUE(source.days.emplace(D(date), SourceDay{name, off}).second) << "listed twice: " << date;
        }
      }
    }
  }
  EXPECT_EQ(source.days.size(), 374u);
  return source;
}

const Calendar& Official() { return Calendar::Official(); }

TEST(CalendarTest, OfficialIsTheShippedFile) {
  const Calendar& calendar = Official();
  EXPECT_EQ(calendar.id(), "cn-official");
  EXPECT_EQ(calendar.first_year(), 2016);
  EXPECT_EQ(calendar.last_year(), 2026);
  EXPECT_EQ(calendar.text(), embedded::OfficialCalendarText());
  EXPECT_EQ(calendar.text(), ReadFile(std::string(GONGKAI_SOURCE_DIR) + "/data/calendar/cn-official.calendar"));
  EXPECT_EQ(calendar.sources(), LoadSource().papers);
}

// Every day of 2016–2026 agrees with the source: a listed day as listed,
// any other Monday–Friday a working day, any other weekend day off.
TEST(CalendarTest, EveryDayMatchesTheSource) {
  Source source = LoadSource();
  const Calendar& calendar = Official();
  int32_t working_days = 0;
  size_t listed = 0;
  for (Date date = D("2016-01-01"); date <= D("2026-12-31"); ++date.days) {
    auto it = source.days.find(date);
    bool weekday = Weekday(date) <= 5;
    bool expected = it == source.days.end() ? weekday : !it->second.off;
    ASSERT_EQ(calendar.IsWorkingDay(date), expected) << FormatDate(date);
    working_days += expected;
    auto name = calendar.HolidayName(date);
    ASSERT_TRUE(name.has_value()) << FormatDate(date);
    // The source lists one weekday as a working day (2020-02-03, when work
    // resumed after the extended Spring Festival); it is one anyway, and the
    // file lists only weekends as `work`.
    bool redundant = it != source.days.end() && !it->second.off && weekday;
    if (it == source.days.end() || redundant) {
      EXPECT_EQ(*name, "") << FormatDate(date);
    } else {
      EXPECT_EQ(*name, it->second.name) << FormatDate(date);
      ++listed;
    }
    if (redundant) {
      EXPECT_EQ(date, D("2020-02-03"));
    }
  }
  EXPECT_EQ(calendar.listed_days().size(), listed);
  EXPECT_EQ(calendar.listed_days().size(), source.days.size() - 1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2015-12-31"), D("2026-12-31")).error().code, ErrorCode::kOutOfRange);
  // 2016-01-01 (元旦) does not work, so leaving it out of the count changes nothing.
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2016-01-01"), D("2026-12-31")), working_days);
  EXPECT_EQ(working_days, 2743);
}

TEST(CalendarTest, NationalDay2019) {
  const Calendar& calendar = Official();
  Date friday = D("2019-09-27");
  EXPECT_EQ(calendar.AddWorkingDays(friday, 15), D("2019-10-23"));
  EXPECT_EQ(calendar.AddWorkingDays(friday, 20), D("2019-10-30"));
  EXPECT_EQ(calendar.AddWorkingDays(friday, 1), D("2019-09-29"));  // a Sunday made a working day
  EXPECT_EQ(calendar.AddWorkingDays(friday, 2), D("2019-09-30"));
  EXPECT_EQ(calendar.AddWorkingDays(friday, 3), D("2019-10-08"));
  EXPECT_EQ(calendar.AddWorkingDays(friday, 0), friday);
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-10-01")), false);
  EXPECT_EQ(calendar.HolidayName(D("2019-10-01")), "国庆节");
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-09-29")), true);
  EXPECT_EQ(calendar.HolidayName(D("2019-09-29")), "国庆节");
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-10-12")), true);  // Saturday
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-09-30")), true);
  EXPECT_EQ(calendar.HolidayName(D("2019-09-30")), "");
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-10-19")), false);  // an ordinary Saturday
  EXPECT_EQ(calendar.WorkingDaysBetween(friday, D("2019-10-23")), 15);
  EXPECT_EQ(calendar.WorkingDaysBetween(friday, D("2019-10-07")), 2);
}

TEST(CalendarTest, SpringFestivalMakeUpSaturdays) {
  const Calendar& calendar = Official();
  for (std::string_view day : {"2016-02-06", "2017-02-04", "2018-02-24", "2019-02-02", "2021-02-20", "2025-02-08",
                               "2026-02-14", "2026-02-28"}) {
    EXPECT_EQ(Weekday(D(day)), 6) << day;
    EXPECT_EQ(calendar.IsWorkingDay(D(day)), true) << day;
    EXPECT_EQ(calendar.HolidayName(D(day)), "春节") << day;
  }
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-02-03")), true);  // and a Sunday
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-02-09")), false);
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-02-16")), false);
  // From the last working day before the 2019 holiday: the make-up Saturday
  // and Sunday come first, then the week of 春节 off.
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-02-01"), 1), D("2019-02-02"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-02-01"), 2), D("2019-02-03"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-02-01"), 3), D("2019-02-11"));
}

// The revised Regulations on Open Government Information took effect on
// 2019-05-15 (15 working days to answer before, 20 after): both ordinary days.
TEST(CalendarTest, RegulationChangeover2019) {
  const Calendar& calendar = Official();
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-05-14")), true);
  EXPECT_EQ(calendar.IsWorkingDay(D("2019-05-15")), true);
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-05-14"), 15), D("2019-06-04"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-05-15"), 20), D("2019-06-13"));  // past 端午节 2019-06-07
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-05-14"), 20), D("2019-06-12"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2019-05-15"), 15), D("2019-06-05"));
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2019-05-14"), D("2019-05-15")), 1);
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2019-05-15"), D("2019-05-14")), 0);
}

// add and between are inverses, and add gives the first day with that count,
// checked against a day-by-day count with IsWorkingDay.
TEST(CalendarTest, AddAndBetweenAreInverses) {
  const Calendar& calendar = Official();
  // Through the published years and two provisional ones after them.
  for (Date from = D("2016-01-01"); from <= D("2028-12-31"); from.days += 3) {
    Date walk = from;
    int32_t counted = 0;
    for (int32_t n : {0, 1, 2, 5, 10, 15, 20, 30, 60}) {
      auto to = calendar.AddWorkingDays(from, n);
      ASSERT_TRUE(to.has_value()) << FormatDate(from) << " + " << n;
      while (counted < n) counted += calendar.IsWorkingDay(Date{++walk.days}).value();
      ASSERT_EQ(*to, walk) << FormatDate(from) << " + " << n;
      ASSERT_EQ(calendar.WorkingDaysBetween(from, *to), n);
      ASSERT_EQ(calendar.AnyProvisional(from, *to), n > 0 && *to > D("2026-12-31")) << FormatDate(from) << " + " << n;
      if (n > 0) {
        ASSERT_EQ(calendar.IsWorkingDay(*to), true);
        ASSERT_EQ(calendar.WorkingDaysBetween(from, Date{to->days - 1}), n - 1);
        ASSERT_EQ(calendar.WorkingDaysBetween(*to, from), 0);
      }
    }
  }
}

TEST(CalendarTest, EdgesOfThePublishedYears) {
  const Calendar& calendar = Official();
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-30"), 1), D("2026-12-31"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-18"), 9), D("2026-12-31"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-31"), 0), D("2026-12-31"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2016-01-01"), 1), D("2016-01-04"));
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2026-12-31"), D("2016-01-01")), 0);
  EXPECT_TRUE(calendar.Publishes(2016));
  EXPECT_TRUE(calendar.Publishes(2026));
  EXPECT_FALSE(calendar.Publishes(2015));
  EXPECT_FALSE(calendar.Publishes(2027));
  EXPECT_FALSE(calendar.Provisional(D("2026-12-31")));
  EXPECT_TRUE(calendar.Provisional(D("2027-01-01")));
  EXPECT_FALSE(calendar.Provisional(D("2015-12-31")));  // before: not counted at all
  EXPECT_EQ(calendar.Coverage(), "2016–2026");
}

template <typename T>
void ExpectOutOfRange(const Result<T>& result, std::string_view year) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(result.error().message,
            fmt::format("no published working-day calendar for {} (the calendar cn-official covers 2016–2026)", year));
}

TEST(CalendarTest, DatesBeforeTheFirstPublishedYearAreOutOfRange) {
  const Calendar& calendar = Official();
  for (auto [text, year] : {std::pair{"2015-12-31", "2015"}, {"2015-06-01", "2015"}, {"1970-01-01", "1970"},
                            {"0001-01-01", "1"}}) {
    Date date = D(text);
    ExpectOutOfRange(calendar.IsWorkingDay(date), year);
    ExpectOutOfRange(calendar.HolidayName(date), year);
    ExpectOutOfRange(calendar.AddWorkingDays(date, 0), year);
    ExpectOutOfRange(calendar.AddWorkingDays(date, 5), year);
    ExpectOutOfRange(calendar.WorkingDaysBetween(date, D("2020-01-01")), year);
    ExpectOutOfRange(calendar.WorkingDaysBetween(D("2020-01-01"), date), year);
  }
}

// After the last published year the week is Monday to Friday, with no
// holiday: 2027-01-01 is a Friday (元旦 once its notice is published).
TEST(CalendarTest, YearsAfterThePublishedOnesCountMondayToFriday) {
  const Calendar& calendar = Official();
  EXPECT_EQ(calendar.IsWorkingDay(D("2027-01-01")), true);
  EXPECT_EQ(calendar.IsWorkingDay(D("2027-01-02")), false);
  EXPECT_EQ(calendar.HolidayName(D("2027-01-01")), "");
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-31"), 1), D("2027-01-01"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-18"), 10), D("2027-01-01"));
  // Dec 28–31 (4), Jan 1 (5), Jan 4–8 (10), 11–15 (15), 18–22 (20).
  EXPECT_EQ(calendar.AddWorkingDays(D("2026-12-25"), 20), D("2027-01-22"));
  EXPECT_EQ(calendar.AddWorkingDays(D("2030-06-01"), 5), D("2030-06-07"));  // a Saturday start
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2026-12-25"), D("2027-01-22")), 20);
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2027-01-01"), D("2027-12-31")), 260);
  EXPECT_EQ(calendar.WorkingDaysBetween(D("2027-01-02"), D("2027-01-03")), 0);
  EXPECT_EQ(calendar.AddWorkingDays(D("9999-12-30"), 1), D("9999-12-31"));  // a Friday
  auto huge = calendar.AddWorkingDays(D("2020-01-01"), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(huge.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(huge.error().message, "the answer would fall after 9999-12-31");
  EXPECT_TRUE(calendar.AnyProvisional(D("2026-12-31"), D("2027-01-01")));
  EXPECT_FALSE(calendar.AnyProvisional(D("2026-12-30"), D("2026-12-31")));
  EXPECT_FALSE(calendar.AnyProvisional(D("2027-01-05"), D("2027-01-01")));  // an empty span
}

// A calendar for one more year, published later, takes over that year; the
// years it does not cover keep their days, and a year skipped stays
// provisional.
TEST(CalendarTest, MergingTakesTheYearsTheUpdatePublishes) {
  auto next = Calendar::Parse(
      "calendar made-up-2027\ncovers 2027 2027\nsource https://example.org/2027\n"
      "off 2027-01-01 元旦\nwork 2027-01-09 春节\n");
  ASSERT_TRUE(next.has_value()) << next.error().message;
  Calendar merged = Official().MergedWith(*next);
  EXPECT_EQ(merged.id(), "made-up-2027");
  EXPECT_EQ(merged.text(), "");
  EXPECT_EQ(merged.Coverage(), "2016–2027");
  EXPECT_EQ(merged.IsWorkingDay(D("2027-01-01")), false);
  EXPECT_EQ(merged.HolidayName(D("2027-01-01")), "元旦");
  EXPECT_EQ(merged.IsWorkingDay(D("2027-01-09")), true);
  EXPECT_EQ(merged.HolidayName(D("2019-10-01")), "国庆节");  // kept from the shipped calendar
  EXPECT_EQ(merged.AddWorkingDays(D("2026-12-31"), 1), D("2027-01-04"));
  EXPECT_FALSE(merged.AnyProvisional(D("2026-12-31"), D("2027-12-31")));
  EXPECT_TRUE(merged.Provisional(D("2028-01-03")));
  EXPECT_EQ(merged.sources().back(), "https://example.org/2027");

  auto later = Calendar::Parse("calendar made-up-2029\ncovers 2029 2029\noff 2029-01-01 元旦\n");
  ASSERT_TRUE(later.has_value());
  Calendar gap = merged.MergedWith(*later);
  EXPECT_EQ(gap.Coverage(), "2016–2027, 2029");
  EXPECT_TRUE(gap.Provisional(D("2028-05-01")));
  EXPECT_EQ(gap.IsWorkingDay(D("2028-05-01")), true);  // a Monday, counted as one
  EXPECT_FALSE(gap.Provisional(D("2029-01-01")));
  EXPECT_EQ(gap.IsWorkingDay(D("2029-01-01")), false);

  // A correction of a published year replaces all of that year's days.
  auto corrected = Calendar::Parse("calendar fix-2019\ncovers 2019 2019\noff 2019-10-08 国庆节\n");
  ASSERT_TRUE(corrected.has_value());
  Calendar fixed = Official().MergedWith(*corrected);
  EXPECT_EQ(fixed.IsWorkingDay(D("2019-10-01")), true);
  EXPECT_EQ(fixed.IsWorkingDay(D("2019-10-08")), false);
  EXPECT_EQ(fixed.IsWorkingDay(D("2020-10-01")), false);
}

TEST(CalendarTest, NegativeCountIsInvalid) {
  EXPECT_EQ(Official().AddWorkingDays(D("2020-01-01"), -1).error().code, ErrorCode::kInvalidArgument);
}

// A small calendar of the project's format: comments, blanks, tabs, CRLF and
// trailing blanks are accepted, and text() keeps the exact bytes.
TEST(CalendarTest, ParsesTheFormat) {
  std::string text =
      "# a test calendar\r\n"
      "\n"
      "calendar test-1\r\n"
      "  covers\t2030 2031  \n"
      "source https://example.org/notice-1\n"
      "source https://example.org/notice-2\n"
      "   # indented comment\n"
      "off 2030-01-01 元旦\n"
      "work\t2030-01-05   春节 补班 \n"
      "off 2031-12-31 除夕\n";
  auto calendar = Calendar::Parse(text);
  ASSERT_TRUE(calendar.has_value()) << calendar.error().message;
  EXPECT_EQ(calendar->id(), "test-1");
  EXPECT_EQ(calendar->first_year(), 2030);
  EXPECT_EQ(calendar->last_year(), 2031);
  EXPECT_EQ(calendar->text(), text);
  EXPECT_EQ(calendar->sources(),
            (std::vector<std::string>{"https://example.org/notice-1", "https://example.org/notice-2"}));
  ASSERT_EQ(calendar->listed_days().size(), 3u);
  EXPECT_EQ(calendar->HolidayName(D("2030-01-05")), "春节 补班");
  EXPECT_EQ(calendar->IsWorkingDay(D("2030-01-01")), false);  // Tuesday, off
  EXPECT_EQ(calendar->IsWorkingDay(D("2030-01-05")), true);   // Saturday, work
  EXPECT_EQ(calendar->IsWorkingDay(D("2030-01-06")), false);
  // 01-02, 01-03, 01-04 and 01-05 (work); not 01-06, a Sunday, and 01-07 is the 5th.
  EXPECT_EQ(calendar->WorkingDaysBetween(D("2030-01-01"), D("2030-01-06")), 4);
  EXPECT_EQ(calendar->WorkingDaysBetween(D("2030-01-01"), D("2030-01-07")), 5);
  EXPECT_EQ(calendar->AddWorkingDays(D("2031-12-30"), 1), D("2032-01-01"));  // 2032: Monday to Friday
  EXPECT_EQ(calendar->IsWorkingDay(D("2029-12-31")).error().code, ErrorCode::kOutOfRange);
  // A calendar with a header and no days is the plain Monday–Friday week.
  auto plain = Calendar::Parse("calendar plain\ncovers 2030 2030\n");
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_EQ(plain->WorkingDaysBetween(D("2030-01-01"), D("2030-12-31")), 260);
}

// Parses `text` and expects kMalformed with exactly `message`.
void ExpectMalformed(std::string_view text, std::string_view message) {
  auto calendar = Calendar::Parse(text);
  ASSERT_FALSE(calendar.has_value()) << text;
  EXPECT_EQ(calendar.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(calendar.error().message, message);
}

constexpr std::string_view kHeader = "calendar t\ncovers 2019 2020\n";  // lines 1–2

TEST(CalendarParseTest, Unsorted) {
  ExpectMalformed(std::string(kHeader) + "off 2019-10-02 国庆节\noff 2019-10-01 国庆节\n",
                  "line 4: 2019-10-01 comes after 2019-10-02 (days must be in increasing order)");
}

TEST(CalendarParseTest, Duplicate) {
  ExpectMalformed(std::string(kHeader) + "off 2019-10-01 国庆节\n# again\noff 2019-10-01 国庆节\n",
                  "line 5: 2019-10-01 is listed twice");
}

TEST(CalendarParseTest, WorkOnAWeekday) {
  ExpectMalformed(std::string(kHeader) + "work 2019-05-14 劳动节\n",
                  "line 3: 'work' on 2019-05-14, a Tuesday (only a Saturday or Sunday can be made a working day)");
}

TEST(CalendarParseTest, BadDate) {
  ExpectMalformed(std::string(kHeader) + "off 2019-02-29 春节\n",
                  "line 3: '2019-02-29' is not a date: 2019-02 has 28 days");
  ExpectMalformed(std::string(kHeader) + "\noff 2019-1-01 元旦\n", "line 4: '2019-1-01' is not a date (YYYY-MM-DD)");
}

TEST(CalendarParseTest, DateOutsideCovers) {
  ExpectMalformed(std::string(kHeader) + "off 2018-12-31 元旦\n",
                  "line 3: 2018-12-31 is outside the covered years 2019–2020");
  ExpectMalformed(std::string(kHeader) + "off 2020-12-31 元旦\noff 2021-01-01 元旦\n",
                  "line 4: 2021-01-01 is outside the covered years 2019–2020");
}

TEST(CalendarParseTest, UnknownDirective) {
  ExpectMalformed(std::string(kHeader) + "holiday 2019-10-01 国庆节\n",
                  "line 3: unknown directive 'holiday' (calendar, covers, source, off or work)");
}

TEST(CalendarParseTest, MissingHeader) {
  ExpectMalformed("# no header\noff 2019-10-01 国庆节\n", "line 2: expected 'calendar ID' first, found 'off'");
  ExpectMalformed("calendar t\noff 2019-10-01 国庆节\n",
                  "line 2: expected 'covers FIRST LAST' after the calendar line, found 'off'");
  ExpectMalformed("", "line 1: the calendar ends before its 'calendar ID' line");
  ExpectMalformed("# only a comment\n\n", "line 3: the calendar ends before its 'calendar ID' line");
  ExpectMalformed("calendar t\n", "line 2: the calendar ends before its 'covers FIRST LAST' line");
}

TEST(CalendarParseTest, HeaderOutOfOrderOrRepeated) {
  ExpectMalformed(std::string(kHeader) + "calendar u\n", "line 3: a second 'calendar' line");
  ExpectMalformed(std::string(kHeader) + "covers 2019 2020\n", "line 3: a second 'covers' line");
  ExpectMalformed(std::string(kHeader) + "off 2019-10-01 国庆节\nsource https://example.org\n",
                  "line 4: 'source' lines come before the first day");
}

TEST(CalendarParseTest, BadFields) {
  ExpectMalformed("calendar\n", "line 1: 'calendar' needs a name of letters, digits, '-', '_' or '.'");
  ExpectMalformed("calendar a/b\n", "line 1: 'calendar' needs a name of letters, digits, '-', '_' or '.'");
  ExpectMalformed("calendar t extra\n", "line 1: unexpected 'extra' after 'calendar'");
  for (std::string_view covers : {"covers 2020 2019", "covers 2019", "covers 19 20", "covers 0000 2020"}) {
    ExpectMalformed(fmt::format("calendar t\n{}\n", covers),
                    "line 2: 'covers' needs two years FIRST LAST (0001..9999, FIRST ≤ LAST)");
  }
  ExpectMalformed(std::string(kHeader) + "source\n", "line 3: 'source' needs a URL");
  ExpectMalformed(std::string(kHeader) + "off 2019-10-01\n", "line 3: 'off' needs a date and a holiday name");
  ExpectMalformed(std::string(kHeader) + "off 2019-10-01 国庆\x01节\n", "line 3: control character");
}

}  // namespace
}  // namespace gongkai::rules
