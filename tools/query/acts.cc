#include "tools/query/acts.h"

#include <algorithm>

#include "tools/query/entries.h"

namespace gongkai::query {

using projections::ActRecord;

Result<std::vector<ActRecord>> ApprovalChain(QuerySession& session, const std::string& subject,
                                             const replay::LedgerPoint& point) {
  auto db = session.Projections();
  GK_RETURN_IF_ERROR(db);
  auto acts = (*db)->BySubject(subject);
  GK_RETURN_IF_ERROR(acts);
  std::erase_if(*acts, [&](const ActRecord& act) { return act.seq >= point.end; });
  if (std::ranges::none_of(*acts, [](const ActRecord& act) { return projections::IsApprovalAct(act.act); })) {
    return Fail(ErrorCode::kNotFound, "no approval chain for '{}' in this ledger", subject);
  }
  GK_RETURN_IF_ERROR(MarkRecording(session, point, *acts));
  return acts;
}

Result<std::vector<ActRecord>> ApprovalsBy(QuerySession& session, const std::string& person, const Period& period,
                                           const replay::LedgerPoint& point) {
  GK_RETURN_IF_ERROR(session.RequireKnownPerson(person));
  auto db = session.Projections();
  GK_RETURN_IF_ERROR(db);
  std::vector<ActRecord> acts;
  GK_RETURN_IF_ERROR((*db)->VisitByPerson(person, period.from, period.to, [&](const ActRecord& act) -> Status {
    if (act.seq < point.end && projections::IsApprovalAct(act.act)) acts.push_back(act);
    return {};
  }));
  GK_RETURN_IF_ERROR(MarkRecording(session, point, acts));
  return acts;
}

Result<std::vector<ActRecord>> Steps(QuerySession& session, const StepsOf& of, const Period& period,
                                     const replay::LedgerPoint& point) {
  auto db = session.Projections();
  GK_RETURN_IF_ERROR(db);
  Result<std::vector<ActRecord>> acts = std::vector<ActRecord>{};
  switch (of.kind) {
    case StepsOf::Kind::kSubject:
      acts = (*db)->BySubject(of.name);
      if (acts && acts->empty()) return Fail(ErrorCode::kNotFound, "no entry of '{}' in this ledger", of.name);
      break;
    case StepsOf::Kind::kPerson:
      GK_RETURN_IF_ERROR(session.RequireKnownPerson(of.name));
      acts = (*db)->ByPerson(of.name, period.from, period.to);
      break;
    case StepsOf::Kind::kAgency:
      GK_RETURN_IF_ERROR(session.RequireKnownAgency(of.name));
      acts = (*db)->ByAgency(of.name, period.from, period.to);
      break;
  }
  GK_RETURN_IF_ERROR(acts);
  std::erase_if(*acts, [&](const ActRecord& act) {
    return act.seq >= point.end || act.business_time < period.from || act.business_time >= period.to ||
           rules::DateOf(act.business_time) > point.judge;
  });
  GK_RETURN_IF_ERROR(MarkRecording(session, point, *acts));
  return acts;
}

Status MarkRecording(QuerySession& session, const replay::LedgerPoint& point, std::vector<ActRecord>& acts) {
  if (acts.empty()) return {};
  auto loader = session.SubjectsAt(point);
  GK_RETURN_IF_ERROR(loader);
  const projections::FindingsEngine& engine = (*loader)->engine();
  // One read for the listing: the distinct entries, ascending.
  std::vector<uint64_t> seqs;
  for (const ActRecord& act : acts) seqs.push_back(act.seq);
  std::ranges::sort(seqs);
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  auto recorded = RecordedTimesOf(session.ledger(), seqs);
  GK_RETURN_IF_ERROR(recorded);
  for (ActRecord& act : acts) {
    act.recorded_time = (*recorded)[std::ranges::lower_bound(seqs, act.seq) - seqs.begin()];
    rules::Date dated = rules::DateOf(act.business_time);
    const rules::RuleSet* set = act.agency.empty() ? nullptr : engine.RuleSetInForce(act.agency, dated);
    int32_t lag = set ? set->record_lag_working_days.value_or(0) : 0;
    if (lag == 0) continue;
    auto days = engine.calendar().WorkingDaysBetween(dated, rules::DateOf(act.recorded_time));
    act.recorded_late = days && *days > lag;
  }
  return {};
}

}  // namespace gongkai::query
