// The law as data, as query results (tools/query/results.capnp): a rule
// set, a computed deadline, and the working-day calendar's answers. The
// command line prints these values as text or as JSON; a server answers
// with them.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/deadline.h"
#include "ledger/rules/rule_set.h"
#include "tools/query/results.capnp.h"

namespace gongkai::query {

// What selects the set as the one in force: "receipt", "formation".
std::vector<std::string_view> Selectors(const rules::RuleSet& set);
// "national-2019 from 2019-05-15" for a book with a rebase line, else "".
std::string DescribeRebase(const rules::RuleSet& set);

// A rule set's identity, as `rules list` shows it; the whole rule set.
void ToSchema(const rules::RuleSet& set, schema::RuleSetSummary::Builder out);
void ToSchema(const rules::RuleSet& set, schema::RuleSetView::Builder out);

// A deadline computed under `set` from `trigger` (rules::ComputeDeadline).
void ToSchema(const rules::RuleSet& set, std::string_view deadline, rules::Date trigger, const rules::DueDate& due,
              schema::DeadlineAnswer::Builder out);

// Whether `date` is a working day, and the holiday (or 调休) that makes it so.
Status CalendarDay(const rules::Calendar& calendar, rules::Date date, schema::CalendarDay::Builder out);
// The date `working_days` working days after `from` (its `to`).
Status CalendarAdd(const rules::Calendar& calendar, rules::Date from, int32_t working_days,
                   schema::CalendarCount::Builder out);
// The working days after `from` up to and including `to`.
Status CalendarBetween(const rules::Calendar& calendar, rules::Date from, rules::Date to,
                       schema::CalendarCount::Builder out);

}  // namespace gongkai::query
