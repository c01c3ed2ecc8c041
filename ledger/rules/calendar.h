// The working-day calendar (工作日): Monday–Friday work, Saturday and Sunday
// off, except the days the State Council's yearly notices make holidays or
// make working days (调休). Deadlines in the disclosure rules count these days.
//
// A calendar covers whole years; a date outside them is an error
// (kOutOfRange), never a guess. The file format is in docs/RULES.md ("The
// working-day calendar file"). A Calendar is immutable once parsed, so it is
// safe to share between threads; queries are O(1) (HolidayName O(log n)) and
// allocate nothing.
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

  const std::string& id() const { return id_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  // The exact bytes the calendar was parsed from (what the ledger records).
  const std::string& text() const { return text_; }
  const std::vector<std::string>& sources() const { return sources_; }
  // The listed days, strictly increasing by date.
  const std::vector<ListedDay>& listed_days() const { return listed_; }

  bool Covers(Date date) const { return date >= first_day_ && date <= last_day_; }
  Result<bool> IsWorkingDay(Date date) const;
  // The holiday a listed day belongs to (a day off, or a 调休 working day);
  // empty for an ordinary weekday or weekend.
  Result<std::string_view> HolidayName(Date date) const;
  // The n-th working day after `from` (n ≥ 0): counting starts the day after
  // `from`, which itself never counts; n = 0 gives `from`.
  Result<Date> AddWorkingDays(Date from, int32_t n) const;
  // The number of working days d with from < d ≤ to; 0 when to ≤ from.
  Result<int32_t> WorkingDaysBetween(Date from, Date to) const;

 private:
  Calendar() = default;
  // Fills working_before_ and working_days_ from the parsed fields.
  void BuildIndex();
  // The position of `date` in the covered days, or kOutOfRange.
  Result<int32_t> Offset(Date date) const;

  std::string text_;
  std::string id_;
  int first_year_ = 0;
  int last_year_ = 0;
  Date first_day_{0};  // first_year-01-01
  Date last_day_{0};   // last_year-12-31
  std::vector<std::string> sources_;
  std::vector<ListedDay> listed_;
  // working_before_[i]: working days among the first i covered days, so day i
  // works iff working_before_[i + 1] > working_before_[i]. Size: days + 1.
  std::vector<int32_t> working_before_;
  // The offsets of the working days, in order: working_days_[k] is the (k+1)-th.
  std::vector<int32_t> working_days_;
};

}  // namespace gongkai::rules
