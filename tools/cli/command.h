// A `gongkai` subcommand: its name, help, options and what it runs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/data_dir.h"
#include "ledger/base/error.h"
#include "tools/cli/args.h"
#include "tools/cli/output.h"
#include "tools/query/access.h"
#include "tools/query/session.h"

namespace gongkai::cli {

// Settings shared by every subcommand (the global options). The layout of
// the data directory is ledger/data_dir.h.
struct Context {
  std::string data_dir = "./gongkai-data";
  // --server URL: run against `gongkai serve` instead of the data directory
  // (the commands that can: kRemoteCommands).
  std::optional<std::string> server;
  // --identity FILE: the private key that signs requests to a server (reads
  // are authenticated; docs/SERVER.md, "Who may read what").
  std::optional<std::string> identity;
  DataDir dir() const { return DataDir(data_dir); }
  std::string store_dir() const { return dir().ledger(); }
  std::string log_key_path() const { return dir().log_key(); }
  std::string log_public_key_path() const { return dir().log_public_key(); }
};

// What a query command runs with: a query session, where its answer goes,
// and the command line's context, or null when a server runs it.
// The session is opened on first use, so that a command refuses bad
// arguments before it looks for a ledger.
struct QueryEnv {
  std::function<Result<query::QuerySession*>()> open_session;
  Output& out;
  const Context* local;
  Result<query::QuerySession*> Session() const { return open_session(); }
};

struct Command {
  std::string name;
  std::string usage;     // arguments after the name, e.g. "SEQ [--json]"
  std::string summary;   // one line
  std::string details;   // paragraphs shown by --help
  std::vector<OptionSpec> options;
  std::function<Status(const Args&, const Context&)> run;
  // A query (tools/query) instead of `run`: it prints its answer through
  // env.out, so that it runs the same on the command line, on a server
  // (GET PREFIX/query/NAME) and through `gongkai --server URL NAME`.
  std::function<Status(const Args&, QueryEnv&)> query = nullptr;
  // What the query reads, for a server to decide whether the reader may.
  std::function<Result<query::ReadScope>(const Args&, query::QuerySession&)> scope = nullptr;
  // Options a server refuses (they name files on the machine that runs
  // the command, or sign with a key that must stay there).
  std::vector<std::string> local_options = {};
};

// The commands besides the queries that run against a server with --server
// (docs/SERVER.md): appends, and the commands that sign an action with
// --key and append it (the key stays here), and verify.
inline const std::vector<std::string> kRemoteCommands = {"append", "register-agency", "register", "add-key", "revoke-key",
                                                         "role",   "calendar",        "rules",    "verify"};

// Every command, in the order of the help (tools/cli/commands.cc).
std::vector<Command> AllCommands();

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
