#include "tools/simulator/plan.h"

#include "tools/simulator/planner.h"

namespace gongkai::sim {

Result<Plan> PlanYear(const County& county, const rules::Calendar& calendar, const PlanOptions& options,
                      Random& random) {
  return planning::Planner(county, calendar, options, random).Run();
}

}  // namespace gongkai::sim
