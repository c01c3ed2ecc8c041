// gongkai item, case, overdue: the state of items and application cases as
// of a date — their steps, who holds them, every deadline that applies under
// the rule set in force with its due date, and whether it was met, is
// pending or was missed (docs/PROJECTIONS.md, "State").
#include <fmt/core.h>

#include <algorithm>

#include "ledger/json.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "ledger/json_codec.h"
#include "tools/cli/projection_io.h"
#include "tools/query/state.h"

namespace gongkai::cli {
namespace {

using projections::ActRecord;
using projections::DeadlineStatus;
using projections::SubjectState;


// The state of one item or case as of a date.
Status RunSubject(const Args& args, const Context& context, std::string_view kind) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "{} takes one ID", kind);
  std::string subject = SubjectOf(args.positional()[0], kind);
  auto session = OpenSession(context);
  GK_RETURN_IF_ERROR(session);
  auto point = PointOption(args, (*session)->ledger());
  GK_RETURN_IF_ERROR(point);
  const rules::Date as_of = point->judge;
  auto loaded = (*session)->SubjectsAt(*point);
  GK_RETURN_IF_ERROR(loaded);
  auto& loader = *loaded;
  GK_RETURN_IF_ERROR(loader->Load(subject));
  auto state = loader->engine().StateOf(subject, as_of);
  GK_RETURN_IF_ERROR(state);
  if (!*state) return Fail(ErrorCode::kNotFound, "'{}' is not an item, case or inquiry", subject);
  std::vector<ActRecord> steps = *loader->ActsOf(subject);
  std::erase_if(steps, [&](const ActRecord& act) { return rules::DateOf(act.business_time) > as_of; });
  if (steps.empty()) return Fail(ErrorCode::kNotFound, "'{}' has no step on or before {}", subject, rules::FormatDate(as_of));
  // The current step is the last entry's first act (not a vote).
  const ActRecord* current = &steps.back();
  while (current != steps.data() && (current - 1)->seq == current->seq) --current;
  const std::string& holder = (*state)->awaiting.empty() ? current->person : (*state)->awaiting;
  const SubjectState& s = **state;

  if (args.Has("json")) {
    capnp::MallocMessageBuilder message;
    auto view = message.initRoot<schema::SubjectView>();
    view.setSubject(subject);
    view.setAgency(s.agency);
    view.setRuleSet(s.rule_set);
    view.setAsOf(rules::FormatDate(as_of));
    query::ToSchema(*current, view.initStep());
    view.setHolder(holder);
    auto deadlines = view.initDeadlines(static_cast<unsigned>(s.deadlines.size()));
    for (unsigned i = 0; i < deadlines.size(); ++i) query::ToSchema(s.deadlines[i], deadlines[i]);
    auto findings = view.initFindings(static_cast<unsigned>(s.findings.size()));
    for (unsigned i = 0; i < findings.size(); ++i) query::ToSchema(s.findings[i], findings[i]);
    auto acts = view.initSteps(static_cast<unsigned>(steps.size()));
    for (unsigned i = 0; i < acts.size(); ++i) query::ToSchema(steps[i], acts[i]);
    fmt::print("{}\n", EncodeJson(view.asReader()));
    return {};
  }
  fmt::print("{}  agency {}  rule set {}  as of {}\n", subject, s.agency, s.rule_set.empty() ? "(none)" : s.rule_set,
             rules::FormatDate(as_of));
  fmt::print("step      {} (seq {}, business time {}, by {})\n", current->act, current->seq,
             FormatTime(current->business_time).substr(0, 16), current->person);
  fmt::print("holder    {}{}\n", holder.empty() ? "(unknown)" : holder,
             s.awaiting.empty() ? "" : " (asked for the confidentiality review)");
  fmt::print("deadlines{}\n", s.deadlines.empty() ? " none applies yet" : "");
  for (const DeadlineStatus& d : s.deadlines) {
    fmt::print("  {:<36} from {}  due {}  {:<8}{}\n", d.deadline, rules::FormatDate(d.trigger),
               rules::FormatDate(d.due), projections::Name(d.state),
               d.met_by ? fmt::format("  seq {} on {}", *d.met_by, rules::FormatDate(d.met_on)) : "");
  }
  fmt::print("findings{}\n", s.findings.empty() ? "  none" : "");
  for (const auto& f : s.findings) {
    fmt::print("  ");
    PrintFindingLine(f);
  }
  fmt::print("steps     {}\n", steps.size());
  PrintActs(steps, false);
  return {};
}

Status RunItem(const Args& args, const Context& context) { return RunSubject(args, context, "item"); }
Status RunCase(const Args& args, const Context& context) { return RunSubject(args, context, "case"); }

// Every deadline missed as of --as-of: due before it and still not met.
Status RunOverdue(const Args& args, const Context& context) {
  if (auto required = args.Require("as-of"); !required) return std::unexpected(required.error());
  auto agency = args.Get("agency");
  auto session = OpenSession(context);
  GK_RETURN_IF_ERROR(session);
  auto point = PointOption(args, (*session)->ledger());
  GK_RETURN_IF_ERROR(point);
  const rules::Date as_of = point->judge;
  auto overdue = query::Overdue(**session, *point, agency);
  GK_RETURN_IF_ERROR(overdue);
  if (args.Has("json")) {
    for (const query::OverdueDeadline& o : *overdue) {
      capnp::MallocMessageBuilder message;
      auto row = message.initRoot<schema::OverdueDeadline>();
      row.setSubject(o.subject);
      row.setAgency(o.agency);
      query::ToSchema(o.deadline, row.initDeadline());
      row.setWorkingDaysOver(o.working_days_over);
      fmt::print("{}\n", EncodeJson(row.asReader()));
    }
    return {};
  }
  fmt::print("{} deadlines overdue as of {}{}\n", overdue->size(), rules::FormatDate(as_of),
             agency ? " in " + *agency : "");
  for (const query::OverdueDeadline& o : *overdue) {
    fmt::print("  due {}  {:>4} wd over  {:<36} {:<8} {}\n", rules::FormatDate(o.deadline.due), o.working_days_over,
               o.deadline.deadline, o.agency, o.subject);
  }
  return {};
}

}  // namespace

std::vector<Command> StateCommands() {
  const std::string details =
      "As of the point --as-of names: the current step and who holds it (the reviewer a\n"
      "pending confidentiality review waits for, else whoever acted last), every\n"
      "deadline that applies under the rule set in force with the day its clock\n"
      "started and its due date on the working-day calendar (consultation time not\n"
      "counted, restarted on correction, extended when approved), and whether it was\n"
      "met, met late, is pending, was missed or no longer applies (closed); then the\n"
      "findings on it and every step. ID may also be a stream such as inquiry/ID.";
  return {
      Command{"item", "ID [--as-of SEQ|TIME|DATE] [--json]", "the state of an information item: step, holder, deadlines",
              details, {kAsOfOption, {"json", false, "one JSON object"}}, RunItem},
      Command{"case", "ID [--as-of SEQ|TIME|DATE] [--json]", "the state of an application case: step, holder, deadlines",
              details, {kAsOfOption, {"json", false, "one JSON object"}}, RunCase},
      Command{"overdue", "--as-of SEQ|TIME|DATE [--agency G] [--json]", "every deadline missed and still not met",
              "Every deadline of an item, case or inquiry whose due date lies before --as-of\n"
              "and that was not met by the end of that day, oldest first, with the working\n"
              "days it is over.",
              {{"as-of", true, "SEQ|TIME|DATE the point to judge at (docs/REPLAY.md)"},
               {"agency", true, "G only this agency"},
               {"json", false, "one JSON object per deadline"}},
              RunOverdue},
  };
}

}  // namespace gongkai::cli
