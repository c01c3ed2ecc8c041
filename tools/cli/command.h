// A `gongkai` subcommand: its name, help, options and what it runs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/data_dir.h"
#include "ledger/base/error.h"
#include "tools/cli/args.h"

namespace gongkai::cli {

// Settings shared by every subcommand (the global options). The layout of
// the data directory is ledger/data_dir.h.
struct Context {
  std::string data_dir = "./gongkai-data";
  // --server URL: run against `gongkai serve` instead of the data directory
  // (the commands that can: kRemoteCommands).
  std::optional<std::string> server;
  DataDir dir() const { return DataDir(data_dir); }
  std::string store_dir() const { return dir().ledger(); }
  std::string log_key_path() const { return dir().log_key(); }
  std::string log_public_key_path() const { return dir().log_public_key(); }
};

struct Command {
  std::string name;
  std::string usage;     // arguments after the name, e.g. "SEQ [--json]"
  std::string summary;   // one line
  std::string details;   // paragraphs shown by --help
  std::vector<OptionSpec> options;
  std::function<Status(const Args&, const Context&)> run;
};

// The commands that run against a server with --server (docs/SERVER.md).
inline const std::vector<std::string> kRemoteCommands = {"append", "verify"};

// Each file under tools/cli/ contributes its commands here.
std::vector<Command> KeyCommands();       // keygen
std::vector<Command> LedgerCommands();    // init, sign, append, verify
std::vector<Command> RegistryCommands();  // register, add-key, revoke-key, role
std::vector<Command> InspectCommands();   // show, log, stats
std::vector<Command> AuditCommands();     // checkpoint, prove, check-proof, witness
std::vector<Command> CalendarCommands();  // calendar
std::vector<Command> RulesCommands();     // rules, deadline
std::vector<Command> SimulateCommands();  // simulate
std::vector<Command> ProjectionCommands();  // project, replay, who-approved, approvals, timeline
std::vector<Command> StateCommands();       // item, case, overdue
std::vector<Command> FindingsCommands();    // findings, responsibility
std::vector<Command> ReportCommands();      // report
std::vector<Command> ScoreCommands();       // score
std::vector<Command> ServeCommands();       // serve

}  // namespace gongkai::cli
