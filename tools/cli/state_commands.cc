// gongkai item, case, overdue: the state of items and application cases as
// of a date — their steps, who holds them, every deadline that applies under
// the rule set in force with its due date, and whether it was met, is
// pending or was missed (docs/PROJECTIONS.md, "State").
#include <fmt/core.h>

#include <algorithm>

#include "ledger/json_codec.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"
#include "tools/query/state.h"

namespace gongkai::cli {
namespace {

using projections::ActRecord;
using projections::DeadlineStatus;
using projections::SubjectState;

// The state of one item or case as of a date.
Result<std::string> SubjectArgument(const Args& args, std::string_view kind) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "{} takes one ID", kind);
  return query::SubjectOf(args.positional()[0], kind);
}

Status QuerySubject(const Args& args, QueryEnv& env, std::string_view kind) {
  auto subject = SubjectArgument(args, kind);
  GK_RETURN_IF_ERROR(subject);
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  const rules::Date as_of = point->judge;
  auto view = query::StateOf(session, *subject, *point);
  GK_RETURN_IF_ERROR(view);
  if (args.Has("json")) {
    capnp::MallocMessageBuilder message;
    query::ToSchema(*view, as_of, message.initRoot<schema::SubjectView>());
    out.print("{}\n", EncodeJson(message.getRoot<schema::SubjectView>().asReader()));
    return {};
  }
  const SubjectState& s = view->state;
  const ActRecord& current = view->steps[view->current];
  out.print("{}  agency {}  rule set {}  as of {}\n", view->subject, s.agency,
             s.rule_set.empty() ? "(none)" : s.rule_set, replay::DescribeJudged(*point));
  out.print("step      {} (seq {}, business time {}, by {})\n", current.act, current.seq,
             FormatTime(current.business_time).substr(0, 16), current.person);
  out.print("holder    {}{}\n", view->holder.empty() ? "(unknown)" : view->holder,
             s.awaiting.empty() ? "" : " (asked for the confidentiality review)");
  out.print("deadlines{}\n", s.deadlines.empty() ? " none applies yet" : "");
  for (const DeadlineStatus& d : s.deadlines) {
    out.print("  {:<36} from {}  due {}  {:<8}{}{}{}\n", d.deadline, rules::FormatDate(d.trigger),
               rules::FormatDate(d.due), projections::Name(d.state),
               d.met_by ? fmt::format("  seq {} on {}", *d.met_by, rules::FormatDate(d.met_on)) : "", DueNote(d),
               d.rule_set == s.rule_set ? "" : fmt::format(" (under {}, in force when its clock started)", d.rule_set));
  }
  out.print("findings{}\n", s.findings.empty() ? "  none" : "");
  for (const auto& f : s.findings) {
    out.print("  ");
    PrintFindingLine(out, f);
  }
  out.print("steps     {}\n", view->steps.size());
  PrintActs(out, view->steps, false);
  return {};
}

Status QueryItem(const Args& args, QueryEnv& env) { return QuerySubject(args, env, "item"); }
Status QueryCase(const Args& args, QueryEnv& env) { return QuerySubject(args, env, "case"); }

Result<query::ReadScope> ScopeOfSubject(const Args& args, query::QuerySession& session, std::string_view kind) {
  auto subject = SubjectArgument(args, kind);
  GK_RETURN_IF_ERROR(subject);
  return query::SubjectScope(session, *subject);
}
Result<query::ReadScope> ItemScope(const Args& args, query::QuerySession& session) {
  return ScopeOfSubject(args, session, "item");
}
Result<query::ReadScope> CaseScope(const Args& args, query::QuerySession& session) {
  return ScopeOfSubject(args, session, "case");
}

// Every deadline missed as of --as-of: due before it and still not met.
Status QueryOverdue(const Args& args, QueryEnv& env) {
  if (auto required = args.Require("as-of"); !required) return std::unexpected(required.error());
  auto agency = args.Get("agency");
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto overdue = query::Overdue(session, *point, agency);
  GK_RETURN_IF_ERROR(overdue);
  if (args.Has("json")) {
    for (const query::OverdueDeadline& o : *overdue) {
      capnp::MallocMessageBuilder message;
      query::ToSchema(o, message.initRoot<schema::OverdueDeadline>());
      out.print("{}\n", EncodeJson(message.getRoot<schema::OverdueDeadline>().asReader()));
    }
    return {};
  }
  out.print("{} deadlines overdue as of {}{}\n", overdue->size(), replay::DescribeJudged(*point),
             agency ? " in " + *agency : "");
  for (const query::OverdueDeadline& o : *overdue) {
    out.print("  due {}  {:>4} wd over  {:<36} {:<8} {}{}\n", rules::FormatDate(o.deadline.due), o.working_days_over,
               o.deadline.deadline, o.agency, o.subject, DueNote(o.deadline));
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
              details, {kAsOfOption, {"json", false, "one JSON object"}}, nullptr, QueryItem, ItemScope},
      Command{"case", "ID [--as-of SEQ|TIME|DATE] [--json]", "the state of an application case: step, holder, deadlines",
              details, {kAsOfOption, {"json", false, "one JSON object"}}, nullptr, QueryCase, CaseScope},
      Command{"overdue", "--as-of SEQ|TIME|DATE [--agency G] [--json]", "every deadline missed and still not met",
              "Every deadline of an item, case or inquiry whose due date lies before --as-of\n"
              "and that was not met by the end of that day, oldest first, with the working\n"
              "days it is over.",
              {{"as-of", true, "SEQ|TIME|DATE|business:DATE the point to judge at (docs/REPLAY.md)"},
               {"agency", true, "G only this agency"},
               {"json", false, "one JSON object per deadline"}},
              nullptr, QueryOverdue,
              AgencyOptionScope},
  };
}

}  // namespace gongkai::cli
