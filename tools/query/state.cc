#include "tools/query/state.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "tools/query/results.h"

namespace gongkai::query {

using projections::ActRecord;

std::string SubjectOf(const std::string& id, std::string_view kind) {
  return id.find('/') == std::string::npos ? fmt::format("{}/{}", kind, id) : id;
}

Result<SubjectView> StateOf(QuerySession& session, const std::string& subject, const replay::LedgerPoint& point) {
  auto loader = session.SubjectsAt(point);
  GK_RETURN_IF_ERROR(loader);
  GK_RETURN_IF_ERROR((*loader)->Load(subject));
  auto state = (*loader)->engine().StateOf(subject, point.judge);
  GK_RETURN_IF_ERROR(state);
  if (!*state) return Fail(ErrorCode::kNotFound, "'{}' is not an item, case or inquiry", subject);
  SubjectView view{subject, std::move(**state), *(*loader)->ActsOf(subject), 0, {}};
  std::erase_if(view.steps, [&](const ActRecord& act) { return rules::DateOf(act.business_time) > point.judge; });
  if (view.steps.empty()) {
    return Fail(ErrorCode::kNotFound, "'{}' has no step on or before {}", subject, rules::FormatDate(point.judge));
  }
  GK_RETURN_IF_ERROR(MarkRecording(session, point, view.steps));
  view.current = view.steps.size() - 1;
  while (view.current > 0 && view.steps[view.current - 1].seq == view.steps[view.current].seq) --view.current;
  view.holder = view.state.awaiting.empty() ? view.steps[view.current].person : view.state.awaiting;
  return view;
}

void ToSchema(const SubjectView& view, rules::Date as_of, schema::SubjectView::Builder out) {
  out.setSubject(view.subject);
  out.setAgency(view.state.agency);
  out.setRuleSet(view.state.rule_set);
  out.setAsOf(rules::FormatDate(as_of));
  ToSchema(view.steps[view.current], out.initStep());
  out.setHolder(view.holder);
  auto deadlines = out.initDeadlines(static_cast<unsigned>(view.state.deadlines.size()));
  for (unsigned i = 0; i < deadlines.size(); ++i) ToSchema(view.state.deadlines[i], deadlines[i]);
  auto findings = out.initFindings(static_cast<unsigned>(view.state.findings.size()));
  for (unsigned i = 0; i < findings.size(); ++i) ToSchema(view.state.findings[i], findings[i]);
  auto steps = out.initSteps(static_cast<unsigned>(view.steps.size()));
  for (unsigned i = 0; i < steps.size(); ++i) ToSchema(view.steps[i], steps[i]);
}

Result<Timeline> TimelineOf(QuerySession& session, const StepsOf& of, const Period& period,
                            const replay::LedgerPoint& point) {
  auto acts = Steps(session, of, period, point);
  GK_RETURN_IF_ERROR(acts);
  auto loader = session.SubjectsAt(point);
  GK_RETURN_IF_ERROR(loader);
  projections::SubjectLoader& subjects = **loader;
  std::map<std::string, projections::SubjectState, std::less<>> states;
  Timeline timeline;
  for (ActRecord& act : *acts) {
    TimelineStep step{std::move(act), std::nullopt, {}};
    const std::string& subject = step.act.subject;
    if (projections::HasSubjectState(subject)) {
      GK_RETURN_IF_ERROR(subjects.Load(subject));
      if (!states.contains(subject)) {
        auto state = subjects.engine().StateOf(subject, point.judge);
        GK_RETURN_IF_ERROR(state);
        if (*state) states.emplace(subject, std::move(**state));
      }
      // The previous step is the last act of an earlier entry.
      const std::vector<ActRecord>& all = *subjects.ActsOf(subject);
      auto self = std::ranges::find_if(all, [&](const ActRecord& a) { return a.seq == step.act.seq; });
      if (self != all.begin() && self != all.end()) {
        auto previous = std::prev(self);
        while (previous != all.begin() && previous->seq == step.act.seq) --previous;
        if (previous->seq != step.act.seq) {
          auto days = subjects.engine().calendar().WorkingDaysBetween(rules::DateOf(previous->business_time),
                                                                      rules::DateOf(step.act.business_time));
          GK_RETURN_IF_ERROR(days);
          step.working_days = *days;
        }
      }
      if (auto state = states.find(subject); state != states.end()) {
        for (const auto& deadline : state->second.deadlines) {
          if (deadline.met_by == step.act.seq) step.meets.push_back(deadline);
        }
      }
    }
    timeline.steps.push_back(std::move(step));
  }
  if (of.kind == StepsOf::Kind::kSubject) {
    if (auto state = states.find(of.name); state != states.end()) timeline.deadlines = state->second.deadlines;
  }
  return timeline;
}

void ToSchema(const TimelineStep& step, schema::TimelineStep::Builder out) {
  ToSchema(step.act, out.initAct());
  if (step.working_days) {
    out.getSincePrevious().setWorkingDays(*step.working_days);
  } else {
    out.getSincePrevious().setFirst();
  }
  auto meets = out.initMeets(static_cast<unsigned>(step.meets.size()));
  for (unsigned i = 0; i < meets.size(); ++i) ToSchema(step.meets[i], meets[i]);
}

void ToSchema(const OverdueDeadline& overdue, schema::OverdueDeadline::Builder out) {
  out.setSubject(overdue.subject);
  out.setAgency(overdue.agency);
  ToSchema(overdue.deadline, out.initDeadline());
  out.setWorkingDaysOver(overdue.working_days_over);
}

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
