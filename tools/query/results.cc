#include "tools/query/results.h"

#include <capnp/message.h>

#include "ledger/base/time.h"
#include "ledger/json_codec.h"

namespace gongkai::query {
namespace {

schema::DeadlineState SchemaState(projections::DeadlineState state) {
  switch (state) {
    case projections::DeadlineState::kMet: return schema::DeadlineState::MET;
    case projections::DeadlineState::kLate: return schema::DeadlineState::LATE;
    case projections::DeadlineState::kPending: return schema::DeadlineState::PENDING;
    case projections::DeadlineState::kMissed: return schema::DeadlineState::MISSED;
    case projections::DeadlineState::kClosed: return schema::DeadlineState::CLOSED;
  }
  return schema::DeadlineState::PENDING;
}

}  // namespace

void ToSchema(const projections::ActRecord& act, schema::Act::Builder out) {
  out.setSeq(act.seq);
  out.setTime(FormatTime(act.business_time));
  out.setSubject(act.subject);
  out.setAgency(act.agency);
  out.setAct(act.act);
  out.setPerson(act.person);
  out.setRole(act.role);
  out.setOpinion(act.opinion);
  if (act.recorded_time != 0) out.setRecorded(FormatTime(act.recorded_time));
  out.setRecordedLate(act.recorded_late);
}

void ToSchema(const projections::DeadlineStatus& d, schema::Deadline::Builder out) {
  out.setDeadline(d.deadline);
  out.setRuleSet(d.rule_set);
  out.setTrigger(rules::FormatDate(d.trigger));
  out.setDue(rules::FormatDate(d.due));
  out.setState(SchemaState(d.state));
  if (d.met_by) {
    out.getMetBy().setSeq(*d.met_by);
    out.setMetOn(rules::FormatDate(d.met_on));
  } else {
    out.getMetBy().setNotMet();
  }
  if (d.provisional) {
    out.getCalendar().setProvisional();
  } else if (d.settled) {
    auto settled = out.getCalendar().initSettled();
    settled.setProvisionalDue(rules::FormatDate(d.settled->provisional_due));
    settled.setCalendarSeq(d.settled->calendar_seq);
    settled.setCalendar(d.settled->calendar);
  } else {
    out.getCalendar().setPublished();
  }
}

void ToSchema(const projections::Finding& f, schema::Finding::Builder out) {
  out.setId(f.id);
  out.setKind(f.kind);
  out.setAgency(f.agency);
  out.setSubject(f.subject);
  out.setDate(rules::FormatDate(f.date));
  auto evidence = out.initEvidence(static_cast<unsigned>(f.evidence.size()));
  for (unsigned i = 0; i < evidence.size(); ++i) evidence.set(i, f.evidence[i]);
  out.setRuleSet(f.rule_set);
  out.setArticle(f.article);
  out.setApproval(f.attribution.approval);
  auto responsible = out.initResponsible(static_cast<unsigned>(f.attribution.responsible.size()));
  for (unsigned i = 0; i < responsible.size(); ++i) {
    const projections::Responsible& r = f.attribution.responsible[i];
    responsible[i].setPerson(r.person);
    responsible[i].setRole(r.role);
    responsible[i].setShare(r.share);
    responsible[i].setRule(r.rule);
    responsible[i].setReason(r.reason);
    responsible[i].setAgency(r.agency);
  }
  out.setProvisional(f.provisional);
}

std::string ActJson(const projections::ActRecord& act) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Act>();
  ToSchema(act, root);
  return EncodeJson(root.asReader());
}

std::string FindingJson(const projections::Finding& finding) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Finding>();
  ToSchema(finding, root);
  return EncodeJson(root.asReader());
}

}  // namespace gongkai::query
