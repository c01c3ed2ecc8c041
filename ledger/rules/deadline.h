// Computing a deadline's date from a rule set, the trigger date and the
// working-day calendar (docs/RULES.md, "Computing a deadline").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/date.h"
#include "ledger/rules/rule_set.h"

namespace gongkai::rules {

// The longest period, extension or pause in days a rule set or a question
// may name: ten years; longer ones are typos.
inline constexpr int32_t kMaxDays = 3650;

struct DeadlineOptions {
  bool extended = false;            // the extension was granted (the deadline must have one)
  std::optional<int32_t> extension_granted;  // with `extended`: the units granted, 1..the deadline's
                                             // extension; none: all of it
  int32_t paused_working_days = 0;  // working days the clock stood still, of the kinds the
                                    // deadline's `pause` names (it must name some)
  std::optional<Date> restart;      // receipt of the corrected application, on or after the
                                    // trigger (the deadline must restart on correction)
};

struct DueDate {
  // kWithin: the last day the act is on time. kAtLeastBefore: the last day the
  // act may happen. kAtLeastAfter: the last day of the minimum period.
  Date date;
  Direction direction;
  // Working days of a year with no published calendar were counted (Monday
  // to Friday): the date may move once that year's calendar is published.
  bool provisional = false;
  // One line: rule set, deadline, source, the count and the result, e.g.
  // "national-2019 reply-application (条例（2019）第三十三条): 20 wd + 20 wd
  // extension after 2019-09-27 → due 2019-11-29", ending in "; provisional:
  // …" naming the years counted Monday to Friday when it is provisional.
  std::string explanation;
};

// Errors: kNotFound when the rule set has no such deadline; kInvalidArgument
// for an option the deadline does not allow (or a negative pause, a restart
// before the trigger); kOutOfRange when a working day counted lies before the
// calendar's first year.
Result<DueDate> ComputeDeadline(const RuleSet& rules, std::string_view deadline_id, Date trigger,
                                const Calendar& calendar, const DeadlineOptions& options = {});

}  // namespace gongkai::rules
