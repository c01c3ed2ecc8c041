#include "ledger/rules/deadline.h"

#include <fmt/core.h>

#include <utility>

namespace gongkai::rules {
namespace {

// The last day D with at least n working days in (D, event]: the latest day
// an act may happen that must precede `event` by n working days.
Result<Date> WorkingDaysBefore(const Calendar& calendar, Date event, int32_t n) {
  if (n == 0) return event;
  int32_t found = 0;
  for (Date day = event;; --day.days) {
    auto working = calendar.IsWorkingDay(day);
    GK_RETURN_IF_ERROR(working);
    if (*working && ++found == n) return Date{day.days - 1};
  }
}

Date AddDays(Date date, int32_t n) { return Date{date.days + n}; }

// "; provisional: 2027 counted Monday to Friday (no published calendar for
// it yet)" for the unpublished years among the days in (from, to].
std::string ProvisionalNote(const Calendar& calendar, Date from, Date to) {
  std::string years;
  for (int year = Year(Date{from.days + 1}); year <= Year(to); ++year) {
    if (!calendar.Publishes(year)) years += fmt::format("{}{}", years.empty() ? "" : ", ", year);
  }
  return fmt::format("; provisional: {} counted Monday to Friday (no published calendar for it yet)", years);
}

}  // namespace

Result<DueDate> ComputeDeadline(const RuleSet& rules, std::string_view deadline_id, Date trigger,
                                const Calendar& calendar, const DeadlineOptions& options) {
  const Deadline* d = rules.FindDeadline(deadline_id);
  if (!d) return Fail(ErrorCode::kNotFound, "rule set {} has no deadline '{}'", rules.id, deadline_id);
  if (options.extended && !d->extension) {
    return Fail(ErrorCode::kInvalidArgument, "{} in {} has no extension", d->id, rules.id);
  }
  if (options.extended && options.extension_granted &&
      (*options.extension_granted < 1 || *options.extension_granted > *d->extension)) {
    return Fail(ErrorCode::kInvalidArgument, "an extension of {} {} is not 1..{} ({} in {})", *options.extension_granted,
                UnitName(d->unit), *d->extension, d->id, rules.id);
  }
  if (options.paused_working_days < 0) {
    return Fail(ErrorCode::kInvalidArgument, "paused working days must not be negative, got {}",
                options.paused_working_days);
  }
  if (options.paused_working_days > 0 && d->pauses.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "{} in {} counts every working day (no time is paused)", d->id, rules.id);
  }
  if (options.restart && !d->restarts_on_correction) {
    return Fail(ErrorCode::kInvalidArgument, "{} in {} does not restart on a correction", d->id, rules.id);
  }
  if (options.restart && *options.restart < trigger) {
    return Fail(ErrorCode::kInvalidArgument, "the correction ({}) cannot come before the receipt ({})",
                FormatDate(*options.restart), FormatDate(trigger));
  }

  Date start = options.restart.value_or(trigger);
  std::string from = FormatDate(start);
  if (options.restart) from += fmt::format(" (restarted on the correction; received {})", FormatDate(trigger));
  std::string head = fmt::format("{} {} ({})", rules.id, d->id, d->source);
  std::string_view unit = UnitName(d->unit);
  auto add = [&](int32_t n) -> Result<Date> {
    return d->unit == Unit::kWorkingDays ? calendar.AddWorkingDays(start, n) : AddDays(start, n);
  };

  Result<Date> date = start;
  std::string how;
  switch (d->unit) {
    case Unit::kDayOfNextMonth: {
      int year = Year(start), month = Month(start) + 1;
      if (month == 13) ++year, month = 1;
      date = FromCivil(year, month, d->day);
      how = fmt::format("by day {} of the month after {} → due {}", d->day, from, FormatDate(*date));
      break;
    }
    case Unit::kDateOfNextYear:
      date = FromCivil(Year(start) + 1, d->month, d->day);
      how = fmt::format("by {:02}-{:02} of the year after {} → due {}", d->month, d->day, Year(start),
                        FormatDate(*date));
      break;
    case Unit::kWorkingDays:
    case Unit::kCalendarDays:
      switch (d->direction) {
        case Direction::kWithin: {
          int32_t n = d->count;
          std::string count = fmt::format("{} {}", d->count, unit);
          if (options.extended) {
            int32_t granted = options.extension_granted.value_or(*d->extension);
            n += granted;
            count += granted == *d->extension ? fmt::format(" + {} {} extension", granted, unit)
                                              : fmt::format(" + {} {} extension (of {})", granted, unit, *d->extension);
          }
          if (options.paused_working_days > 0) {
            n += options.paused_working_days;
            count += fmt::format(" + {} paused wd", options.paused_working_days);
          }
          date = add(n);
          GK_RETURN_IF_ERROR(date);
          how = fmt::format("{} after {} → due {}", count, from, FormatDate(*date));
          break;
        }
        case Direction::kAtLeastBefore:
          date = d->unit == Unit::kWorkingDays ? WorkingDaysBefore(calendar, start, d->count)
                                               : AddDays(start, -d->count);
          GK_RETURN_IF_ERROR(date);
          how = fmt::format("at least {} {} before {} → no later than {}", d->count, unit, from, FormatDate(*date));
          break;
        case Direction::kAtLeastAfter:
          date = add(d->count);
          GK_RETURN_IF_ERROR(date);
          how = fmt::format("at least {} {} after {} → the period ends {}", d->count, unit, from, FormatDate(*date));
          break;
      }
      break;
  }
  DueDate due{*date, d->direction, false, fmt::format("{}: {}", head, how)};
  if (d->unit == Unit::kWorkingDays) {
    // The working days counted lie in (start, date] forwards, (date, start] backwards.
    auto [first, last] = d->direction == Direction::kAtLeastBefore ? std::pair{*date, start} : std::pair{start, *date};
    if (calendar.AnyProvisional(first, last)) {
      due.provisional = true;
      due.explanation += ProvisionalNote(calendar, first, last);
    }
  }
  return due;
}

}  // namespace gongkai::rules
