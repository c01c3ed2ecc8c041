// What the projection commands share: opening the ledger (read-only) with
// its projections caught up, date options, and printing acts and findings.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/store.h"
#include "projections/acts.h"
#include "projections/finding.h"
#include "replay/ledger_point.h"
#include "projections/projection_db.h"
#include "projections/subject_loader.h"
#include "ledger/rules/date.h"
#include "tools/cli/command.h"
#include "tools/query/results.h"
#include "tools/query/session.h"

namespace gongkai::cli {

using query::ActJson;
using query::FindingJson;

// Opens the data directory for a query (tools/query/session.h).
Result<std::unique_ptr<query::QuerySession>> OpenSession(const Context& context);

// --from and --to (inclusive) as business times (query::ParsePeriod).
Result<query::Period> PeriodOption(const Args& args);

// --as-of SEQ|TIME|DATE (replay::ParseLedgerPoint; docs/REPLAY.md).
Result<replay::LedgerPoint> PointOption(const Args& args, const query::QuerySession& session);
extern const OptionSpec kAsOfOption;

// The read scopes several query commands share (Command::scope): the
// agency --agency names, else every agency's; every agency's; the ledger's
// public face (query/access.h).
Result<query::ReadScope> AgencyOptionScope(const Args& args, query::QuerySession& session);
Result<query::ReadScope> EverythingScope(const Args& args, query::QuerySession& session);
Result<query::ReadScope> PublicScope(const Args& args, query::QuerySession& session);

// One line per act: seq, time, act, person, role, opinion (and subject).
void PrintActs(Output& out, const std::vector<projections::ActRecord>& acts, bool show_subject);

std::string SeqList(const std::vector<uint64_t>& seqs);  // "3,7,12"
// "  (recorded late: 2027-02-10T09:12)" for an act recorded later than its
// rule set's record-lag after its day (query::MarkRecording); else "".
std::string RecordedNote(const projections::ActRecord& act);
// One line: date, kind, agency, subject, evidence and id, marked
// "(provisional)" when judged against a provisional due date.
void PrintFindingLine(Output& out, const projections::Finding& finding);
// What every listing says of how a due date was counted: " (provisional)"
// when it counted a year with no published calendar (Monday to Friday);
// " (moved from 2027-01-04 by calendar ID at seq N)" or " (confirmed by
// calendar ID at seq N)" once a calendar published since settled it; else "".
std::string DueNote(const projections::DeadlineStatus& deadline);
// The due date followed by its DueNote.
std::string DueText(const projections::DeadlineStatus& deadline);

}  // namespace gongkai::cli
