// The working-day calendar (工作日): Monday–Friday work, Saturday and Sunday
// off, except the days the State Council's yearly notices make holidays or
// make working days (调休). Deadlines in the disclosure rules count these days.
//
// A calendar publishes whole years. A day after the last published year (or
// in a year between two published ones) is *provisional*: the State Council
// has not yet published that year's holidays, so its working days are counted
// as Monday to Friday until a calendar for the year is published, and every
// answer that counted such a day says so (docs/RULES.md, "Provisional
// years"). A day before the first published year is an error (kOutOfRange),
// never a guess. The file format is in docs/RULES.md ("The working-day
// calendar file"). A Calendar is immutable once built, so it is safe to share
// between threads; queries are O(1) (HolidayName O(log n)) and allocate
// nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/rules/date.h"

namespace gongkai::rules {

// One day a notice lists: a day off, or a weekend day made a working day.
struct ListedDay {
  Date date;
  bool working;      // true: a Saturday or Sunday made a working day (调休)
  std::string name;  // the holiday it belongs to, e.g. "国庆节"
};

class Calendar {
 public:
  // Every error is kMalformed, "line N: …" naming the line and the problem.
  static Result<Calendar> Parse(std::string_view text);
  // The shipped calendar (data/calendar/cn-official.calendar, compiled in),
  // parsed on first use.
  static const Calendar& Official();

  // This calendar with the years `update` publishes taken from `update`
  // (their listed days replace this calendar's for those years); the other
  // years stay as they are. The result has update's id and no text().
  Calendar MergedWith(const Calendar& update) const;

  const std::string& id() const { return id_; }
  // The first and last year of the span the calendar indexes; the years in
  // between are published unless Publishes() says otherwise.
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  // The exact bytes the calendar was parsed from (what the ledger records);
  // empty for a merged calendar.
  const std::string& text() const { return text_; }
  const std::vector<std::string>& sources() const { return sources_; }
  // The listed days, strictly increasing by date.
  const std::vector<ListedDay>& listed_days() const { return listed_; }

  // Whether a notice for `year` is in this calendar.
  bool Publishes(int year) const;
  // A day of a year not published, after the first published one: counted
  // Monday to Friday until its year's calendar is published.
  bool Provisional(Date date) const { return date >= first_day_ && !Publishes(Year(date)); }
  // Whether any day d with from < d ≤ to is provisional.
  bool AnyProvisional(Date from, Date to) const;
  // The years published, e.g. "2016–2026" or "2016–2026, 2028".
  std::string Coverage() const;

  Result<bool> IsWorkingDay(Date date) const;
  // The holiday a listed day belongs to (a day off, or a 调休 working day);
  // empty for an ordinary weekday or weekend.
  Result<std::string_view> HolidayName(Date date) const;
  // The n-th working day after `from` (n ≥ 0): counting starts the day after
  // `from`, which itself never counts; n = 0 gives `from`. kOutOfRange for an
  // answer after 9999-12-31.
  Result<Date> AddWorkingDays(Date from, int32_t n) const;
  // The number of working days d with from < d ≤ to; 0 when to ≤ from.
  Result<int32_t> WorkingDaysBetween(Date from, Date to) const;

 private:
  Calendar() = default;
  // Fills working_before_ and working_days_ from the parsed fields.
  void BuildIndex();
  // kOutOfRange for a day before the first published year.
  Status CheckCounted(Date date) const;
  bool InSpan(Date date) const { return date >= first_day_ && date <= last_day_; }
  // The working days d with first_day_ ≤ d ≤ date (date ≥ first_day_).
  int64_t WorkingThrough(Date date) const;
  // The day with WorkingThrough(day) == rank that is a working day (rank ≥ 1).
  Result<Date> WorkingDayOfRank(int64_t rank) const;

  std::string text_;
  std::string id_;
  int first_year_ = 0;
  int last_year_ = 0;
  Date first_day_{0};  // first_year-01-01
  Date last_day_{0};   // last_year-12-31
  // published_[y - first_year_]: whether year y's days come from a notice
  // (a year in the span that is not is counted Monday to Friday).
  std::vector<bool> published_;
  std::vector<std::string> sources_;
  std::vector<ListedDay> listed_;
  // working_before_[i]: working days among the first i covered days, so day i
  // works iff working_before_[i + 1] > working_before_[i]. Size: days + 1.
  std::vector<int32_t> working_before_;
  // The offsets of the working days, in order: working_days_[k] is the (k+1)-th.
  std::vector<int32_t> working_days_;
};

}  // namespace gongkai::rules
