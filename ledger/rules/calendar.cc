#include "ledger/rules/calendar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <fmt/core.h>

#include "ledger/base/text_check.h"
#include "ledger/rules/embedded_data.h"
#include "ledger/rules/lexer.h"

namespace gongkai::rules {
namespace {

using lexer::IsIdentifier;
using lexer::TakeField;
using lexer::TrimLeft;

constexpr const char* kWeekdayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

// Monday-to-Friday arithmetic for the days no notice covers. A week is
// counted from a Monday: day 0 (1970-01-01) is a Thursday, so `days + 3` is a
// multiple of 7 exactly on Mondays.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The Monday-to-Friday days up to and including `days`, counted from an
// arbitrary fixed Monday (only differences are meaningful).
int64_t WeekdaysThrough(int64_t days) {
  int64_t m = days + 3;
  int64_t weeks = FloorDiv(m, 7);
  return 5 * weeks + std::min<int64_t>(m - 7 * weeks + 1, 5);
}

// The Monday-to-Friday day d with WeekdaysThrough(d) == rank.
int64_t WeekdayOfRank(int64_t rank) {
  int64_t weeks = FloorDiv(rank - 1, 5);
  return 7 * weeks + (rank - 1 - 5 * weeks) - 3;
}

// A four-digit year 0001..9999, or 0.
int ParseYear(std::string_view text) {
  if (text.size() != 4 || !std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) return 0;
  return (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
}

}  // namespace

Result<Calendar> Calendar::Parse(std::string_view text) {
  Calendar calendar;
  calendar.text_ = text;
  // The directives come in this order: calendar, covers, sources, days.
  enum class Stage { kStart, kNamed, kCovered, kDays } stage = Stage::kStart;
  size_t line_number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (HasControlCharacter(line, /*allow_tab=*/true)) return Fail(ErrorCode::kMalformed, "line {}: control character", line_number);
    std::string_view rest = TrimLeft(line);
    if (rest.empty() || rest.front() == '#') continue;
    std::string_view directive = TakeField(rest);
    auto extra = [&]() -> Status {
      if (std::string_view more = TrimLeft(rest); !more.empty()) {
        return Fail(ErrorCode::kMalformed, "line {}: unexpected '{}' after '{}'", line_number, more, directive);
      }
      return {};
    };

    if (directive == "calendar") {
      if (stage != Stage::kStart) {
        return Fail(ErrorCode::kMalformed, "line {}: a second 'calendar' line", line_number);
      }
      calendar.id_ = TakeField(rest);
      if (!IsIdentifier(calendar.id_)) {
        return Fail(ErrorCode::kMalformed, "line {}: 'calendar' needs a name of letters, digits, '-', '_' or '.'",
                    line_number);
      }
      if (auto s = extra(); !s) return std::unexpected(s.error());
      stage = Stage::kNamed;
    } else if (stage == Stage::kStart) {
      return Fail(ErrorCode::kMalformed, "line {}: expected 'calendar ID' first, found '{}'", line_number, directive);
    } else if (directive == "covers") {
      if (stage != Stage::kNamed) return Fail(ErrorCode::kMalformed, "line {}: a second 'covers' line", line_number);
      calendar.first_year_ = ParseYear(TakeField(rest));
      calendar.last_year_ = ParseYear(TakeField(rest));
      if (calendar.first_year_ == 0 || calendar.last_year_ == 0 || calendar.first_year_ > calendar.last_year_) {
        return Fail(ErrorCode::kMalformed, "line {}: 'covers' needs two years FIRST LAST (0001..9999, FIRST ≤ LAST)",
                    line_number);
      }
      if (auto s = extra(); !s) return std::unexpected(s.error());
      calendar.first_day_ = FromCivil(calendar.first_year_, 1, 1);
      calendar.last_day_ = FromCivil(calendar.last_year_, 12, 31);
      calendar.published_.assign(calendar.last_year_ - calendar.first_year_ + 1, true);
      stage = Stage::kCovered;
    } else if (stage == Stage::kNamed) {
      return Fail(ErrorCode::kMalformed, "line {}: expected 'covers FIRST LAST' after the calendar line, found '{}'",
                  line_number, directive);
    } else if (directive == "source") {
      if (stage != Stage::kCovered) {
        return Fail(ErrorCode::kMalformed, "line {}: 'source' lines come before the first day", line_number);
      }
      std::string_view url = TakeField(rest);
      if (url.empty()) return Fail(ErrorCode::kMalformed, "line {}: 'source' needs a URL", line_number);
      if (auto s = extra(); !s) return std::unexpected(s.error());
      calendar.sources_.emplace_back(url);
    } else if (directive == "off" || directive == "work") {
      stage = Stage::kDays;
      std::string_view date_text = TakeField(rest);
      std::string_view name = TrimLeft(rest);
      if (date_text.empty() || name.empty()) {
        return Fail(ErrorCode::kMalformed, "line {}: '{}' needs a date and a holiday name", line_number, directive);
      }
      auto date = ParseDate(date_text);
      if (!date) return Fail(ErrorCode::kMalformed, "line {}: {}", line_number, date.error().message);
      if (!calendar.InSpan(*date)) {
        return Fail(ErrorCode::kMalformed, "line {}: {} is outside the covered years {}–{}", line_number, date_text,
                    calendar.first_year_, calendar.last_year_);
      }
      if (!calendar.listed_.empty()) {
        Date previous = calendar.listed_.back().date;
        if (*date == previous) return Fail(ErrorCode::kMalformed, "line {}: {} is listed twice", line_number, date_text);
        if (*date < previous) {
          return Fail(ErrorCode::kMalformed, "line {}: {} comes after {} (days must be in increasing order)",
                      line_number, date_text, FormatDate(previous));
        }
      }
      bool working = directive == "work";
      if (working && Weekday(*date) <= 5) {
        return Fail(ErrorCode::kMalformed,
                    "line {}: 'work' on {}, a {} (only a Saturday or Sunday can be made a working day)", line_number,
                    date_text, kWeekdayNames[Weekday(*date) - 1]);
      }
      calendar.listed_.push_back(ListedDay{*date, working, std::string(name)});
    } else {
      return Fail(ErrorCode::kMalformed, "line {}: unknown directive '{}' (calendar, covers, source, off or work)",
                  line_number, directive);
    }
  }
  if (stage == Stage::kStart || stage == Stage::kNamed) {
    return Fail(ErrorCode::kMalformed, "line {}: the calendar ends before its '{}' line", line_number + 1,
                stage == Stage::kStart ? "calendar ID" : "covers FIRST LAST");
  }
  calendar.BuildIndex();
  return calendar;
}

void Calendar::BuildIndex() {
  int32_t days = last_day_.days - first_day_.days + 1;
  working_before_.reserve(days + 1);
  working_before_.push_back(0);
  auto listed = listed_.begin();
  for (int32_t i = 0; i < days; ++i) {
    Date date{first_day_.days + i};
    bool working = Weekday(date) <= 5;
    if (listed != listed_.end() && listed->date == date) working = (listed++)->working;
    if (working) working_days_.push_back(i);
    working_before_.push_back(static_cast<int32_t>(working_days_.size()));
  }
}

const Calendar& Calendar::Official() {
  static const Calendar official = [] {
    auto parsed = Parse(embedded::OfficialCalendarText());
    if (!parsed) {  // the tests parse the shipped file, so this is a broken build
      fmt::print(stderr, "the shipped working-day calendar does not parse: {}\n", parsed.error().message);
      std::abort();
    }
    return std::move(*parsed);
  }();
  return official;
}

Calendar Calendar::MergedWith(const Calendar& update) const {
  Calendar merged;
  merged.id_ = update.id_;
  merged.first_year_ = std::min(first_year_, update.first_year_);
  merged.last_year_ = std::max(last_year_, update.last_year_);
  merged.first_day_ = FromCivil(merged.first_year_, 1, 1);
  merged.last_day_ = FromCivil(merged.last_year_, 12, 31);
  for (int year = merged.first_year_; year <= merged.last_year_; ++year) {
    merged.published_.push_back(Publishes(year) || update.Publishes(year));
  }
  for (const ListedDay& day : listed_) {
    if (!update.Publishes(Year(day.date))) merged.listed_.push_back(day);
  }
  merged.listed_.insert(merged.listed_.end(), update.listed_.begin(), update.listed_.end());
  std::ranges::stable_sort(merged.listed_, {}, &ListedDay::date);
  merged.sources_ = sources_;
  for (const std::string& source : update.sources_) {
    if (std::ranges::find(merged.sources_, source) == merged.sources_.end()) merged.sources_.push_back(source);
  }
  merged.BuildIndex();
  return merged;
}

bool Calendar::Publishes(int year) const {
  return year >= first_year_ && year <= last_year_ && published_[year - first_year_];
}

bool Calendar::AnyProvisional(Date from, Date to) const {
  if (to <= from) return false;
  for (int year = Year(Date{from.days + 1}); year <= Year(to); ++year) {
    if (!Publishes(year)) return true;
  }
  return false;
}

std::string Calendar::Coverage() const {
  std::string coverage;
  for (int year = first_year_; year <= last_year_; ++year) {
    if (!Publishes(year) || Publishes(year - 1)) continue;
    int last = year;
    while (Publishes(last + 1)) ++last;
    if (!coverage.empty()) coverage += ", ";
    coverage += last == year ? fmt::format("{}", year) : fmt::format("{}–{}", year, last);
  }
  return coverage;
}

Status Calendar::CheckCounted(Date date) const {
  if (date >= first_day_) return {};
  return Fail(ErrorCode::kOutOfRange, "no published working-day calendar for {} (the calendar {} covers {})",
              Year(date), id_, Coverage());
}

int64_t Calendar::WorkingThrough(Date date) const {
  if (date <= last_day_) return working_before_[date.days - first_day_.days + 1];
  return static_cast<int64_t>(working_days_.size()) + WeekdaysThrough(date.days) - WeekdaysThrough(last_day_.days);
}

Result<Date> Calendar::WorkingDayOfRank(int64_t rank) const {
  int64_t indexed = static_cast<int64_t>(working_days_.size());
  if (rank <= indexed) return Date{first_day_.days + working_days_[rank - 1]};
  int64_t days = WeekdayOfRank(WeekdaysThrough(last_day_.days) + rank - indexed);
  if (days > FromCivil(9999, 12, 31).days) {
    return Fail(ErrorCode::kOutOfRange, "the answer would fall after 9999-12-31");
  }
  return Date{static_cast<int32_t>(days)};
}

Result<bool> Calendar::IsWorkingDay(Date date) const {
  GK_RETURN_IF_ERROR(CheckCounted(date));
  if (date > last_day_) return Weekday(date) <= 5;
  int32_t offset = date.days - first_day_.days;
  return working_before_[offset + 1] > working_before_[offset];
}

Result<std::string_view> Calendar::HolidayName(Date date) const {
  GK_RETURN_IF_ERROR(CheckCounted(date));
  auto listed = std::ranges::lower_bound(listed_, date, {}, &ListedDay::date);
  if (listed == listed_.end() || listed->date != date) return std::string_view();
  return std::string_view(listed->name);
}

Result<Date> Calendar::AddWorkingDays(Date from, int32_t n) const {
  if (n < 0) return Fail(ErrorCode::kInvalidArgument, "a number of working days to add must not be negative, got {}", n);
  GK_RETURN_IF_ERROR(CheckCounted(from));
  if (n == 0) return from;
  return WorkingDayOfRank(WorkingThrough(from) + n);
}

Result<int32_t> Calendar::WorkingDaysBetween(Date from, Date to) const {
  GK_RETURN_IF_ERROR(CheckCounted(from));
  GK_RETURN_IF_ERROR(CheckCounted(to));
  if (to <= from) return 0;
  return static_cast<int32_t>(WorkingThrough(to) - WorkingThrough(from));
}

}  // namespace gongkai::rules
