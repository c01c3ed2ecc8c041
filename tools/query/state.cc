#include "tools/query/state.h"

#include <algorithm>

namespace gongkai::query {

Result<std::vector<OverdueDeadline>> Overdue(QuerySession& session, const replay::LedgerPoint& point,
                                             const std::optional<std::string>& agency) {
  auto folded = session.Fold(agency, point);
  GK_RETURN_IF_ERROR(folded);
  const projections::FindingsEngine& engine = folded->engine();
  std::vector<OverdueDeadline> overdue;
  for (const std::string& subject : engine.Subjects()) {
    auto state = engine.StateOf(subject, point.judge);
    GK_RETURN_IF_ERROR(state);
    if (!*state) continue;
    for (const projections::DeadlineStatus& d : (*state)->deadlines) {
      if (d.state != projections::DeadlineState::kMissed) continue;
      auto days = engine.calendar().WorkingDaysBetween(d.due, point.judge);
      overdue.push_back({subject, (*state)->agency, d, days ? *days : 0});
    }
  }
  std::ranges::stable_sort(overdue, {}, [](const OverdueDeadline& o) { return o.deadline.due.days; });
  return overdue;
}

}  // namespace gongkai::query
