// Queries over the acts projection: who approved a subject, what a person
// approved, and the steps of a subject, a person or an agency.
#pragma once

#include <string>
#include <vector>

#include "projections/acts.h"
#include "tools/query/session.h"

namespace gongkai::query {

// The acts of `subject` ("item/…", "case/…") recorded before `point`, when
// any of them approves (projections::IsApprovalAct): its approval chain.
// Errors: kNotFound when none approves.
Result<std::vector<projections::ActRecord>> ApprovalChain(QuerySession& session, const std::string& subject,
                                                          const replay::LedgerPoint& point);

// The approving acts `person` did in `period`, recorded before `point`.
// Errors: kNotFound for a person not in the key registry.
Result<std::vector<projections::ActRecord>> ApprovalsBy(QuerySession& session, const std::string& person,
                                                        const Period& period, const replay::LedgerPoint& point);

// Whose steps a timeline lists.
struct StepsOf {
  enum class Kind { kSubject, kPerson, kAgency } kind;
  std::string name;  // "item/…" or "case/…", a person id, an agency
};
// The acts of `of`, recorded before `point`, with business time in
// `period` and on or before the day `point` is judged at; in time order
// (ledger order for a subject). Errors: kNotFound for a subject without
// entries, an unknown person or an agency without entries.
Result<std::vector<projections::ActRecord>> Steps(QuerySession& session, const StepsOf& of, const Period& period,
                                                  const replay::LedgerPoint& point);

// Fills each act's recorded_time from its ledger entry, and recorded_late
// where the working days from the day the act bears to the day it was
// recorded exceed the record-lag of the rule set in force for its agency on
// that day (rules::RuleSet::record_lag_working_days; the calendar and rule
// sets as of `point`). Every query above returns its acts marked.
Status MarkRecording(QuerySession& session, const replay::LedgerPoint& point,
                     std::vector<projections::ActRecord>& acts);

}  // namespace gongkai::query
