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

namespace gongkai::cli {

// The ledger and its projections, brought up to the ledger's head.
struct Projected {
  std::unique_ptr<Store> ledger;
  std::unique_ptr<projections::ProjectionDb> db;  // null when opened without them
};
Result<Projected> OpenProjected(const Context& context);
// What FoldSubjects(…, agency, …) needs: the projections only when an
// agency is named (its subjects come from the acts index); a fold of the
// whole ledger reads the ledger alone.
Result<Projected> OpenForFold(const Context& context, const std::optional<std::string>& agency);

// What a query about chosen subjects needs: the ledger and its projections,
// the point --as-of names (PointOption) and a loader with the context
// folded as it stood then.
struct SubjectQuery {
  Projected projected;
  projections::LedgerPoint point;
  std::unique_ptr<projections::SubjectLoader> loader;
};
Result<SubjectQuery> OpenSubjectQuery(const Args& args, const Context& context);

// The items, cases and inquiries a question is about, folded into a
// findings engine: those of `agency` (named by the acts index, each folded
// from its own entries), or with no agency every one, by a fold of the whole
// ledger (one sequential read beats reading every subject's entries).
// Errors: kNotFound for an agency without entries.
struct FoldedSubjects {
  std::unique_ptr<projections::FindingsEngine> whole;  // without an agency
  std::unique_ptr<projections::SubjectLoader> loader;  // with one
  const projections::FindingsEngine& engine() const { return whole ? *whole : loader->engine(); }
};
// kNotFound unless the person is in the key registry, or the agency has an
// act in the ledger: a misspelt name is an error, not an empty answer.
Status RequireKnownPerson(const Store& ledger, const std::string& person);
Status RequireKnownAgency(const projections::ProjectionDb& db, const std::string& agency);

Result<FoldedSubjects> FoldSubjects(const Projected& projected, const std::optional<std::string>& agency,
                                    uint64_t end);

// --from and --to (inclusive) as business times [from, to); unbounded
// where absent. Errors: kInvalidArgument for a bad date or --from after --to.
struct Period {
  UnixMicros from = INT64_MIN, to = INT64_MAX;
};
Result<Period> PeriodOption(const Args& args);

// --as-of: the ledger as it stood at a point (docs/REPLAY.md): SEQ (the
// entries before it), TIME (RFC 3339: those recorded by then) or DATE
// (those recorded by the end of that day, China Standard Time), judged as
// of that day; by default the whole ledger, judged on the day of its last
// entry (so an answer does not depend on when it is asked).
Result<projections::LedgerPoint> PointOption(const Args& args, const Store& ledger);
extern const OptionSpec kAsOfOption;

// "item/ID" for a bare ID, else the stream as given.
std::string SubjectOf(const std::string& id, std::string_view kind);

std::string ActJson(const projections::ActRecord& act);
// One line per act: seq, time, act, person, role, opinion (and subject).
void PrintActs(const std::vector<projections::ActRecord>& acts, bool show_subject);

std::string SeqList(const std::vector<uint64_t>& seqs);  // "3,7,12"
// Appends `element` to the comma-separated `list` (a JSON array's inside).
void AppendListElement(std::string& list, const std::string& element);
std::string FindingJson(const projections::Finding& finding);
// One line: date, kind, agency, subject, evidence and id.
void PrintFindingLine(const projections::Finding& finding);

}  // namespace gongkai::cli
