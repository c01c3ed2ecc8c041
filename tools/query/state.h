// Where subjects stand as of a point: the overdue deadlines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "projections/findings.h"
#include "tools/query/session.h"

namespace gongkai::query {

struct OverdueDeadline {
  std::string subject, agency;
  projections::DeadlineStatus deadline;  // its state is kMissed
  int32_t working_days_over = 0;         // working days from its due date to the day judged
};

// Every deadline missed as of the day `point` is judged at (due before it,
// still not met), of `agency`'s subjects or of all; oldest due date first.
// Errors: kNotFound for an agency without entries.
Result<std::vector<OverdueDeadline>> Overdue(QuerySession& session, const replay::LedgerPoint& point,
                                             const std::optional<std::string>& agency);

}  // namespace gongkai::query
