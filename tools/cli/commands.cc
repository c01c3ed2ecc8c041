#include "tools/cli/command.h"

namespace gongkai::cli {

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {KeyCommands(), LedgerCommands(), RegistryCommands(), InspectCommands(), AuditCommands(),
                     CalendarCommands(), RulesCommands(), SimulateCommands(), ProjectionCommands(), StateCommands(),
                     FindingsCommands(), ReportCommands(), ScoreCommands(), ServeCommands()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

}  // namespace gongkai::cli
