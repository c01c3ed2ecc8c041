// gongkai project, replay, who-approved, approvals, timeline: the acts projection
// rebuilt from the signed events (docs/PROJECTIONS.md). The ledger is opened
// read-only; the projections live in DATA/projections and catch up before
// every query.
#include <fmt/core.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "ledger/bytes.h"
#include "ledger/json.h"
#include "projections/runner.h"
#include "projections/subject_loader.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "ledger/json_codec.h"
#include "tools/cli/progress.h"
#include "tools/cli/projection_io.h"
#include "tools/query/state.h"
#include "tools/query/acts.h"

namespace gongkai::cli {
namespace {

using projections::ActRecord;

Status RunProject(const Args& args, const Context& context) {
  auto ledger = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(ledger);
  auto dir = context.dir().projections();
  GK_RETURN_IF_ERROR(dir);
  auto db = projections::ProjectionDb::Open(*dir);
  GK_RETURN_IF_ERROR(db);
  Progress progress("project", args.Has("quiet"));
  projections::RunOptions options;
  options.progress = progress.Callback();
  auto report = args.Has("rebuild") ? projections::Rebuild(**ledger, **db, options)
                                    : projections::CatchUp(**ledger, **db, options);
  progress.Finish();
  GK_RETURN_IF_ERROR(report);
  fmt::print("projections at entry {} (generation {}): applied {} entries from {}\n", report->next_seq,
             report->generation, report->applied, report->from);
  return {};
}

// Rebuilds the projections as they stood at --as-of into a scratch store
// (--out DIR, else a temporary directory removed afterwards), never touching
// DATA/projections, and prints the digest of their content.
Status QueryReplay(const Args& args, QueryEnv& env) {
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  const Store& ledger = session.ledger();
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  std::string out = args.Get("out").value_or("");
  bool scratch = out.empty();
  if (scratch) {
    std::string parent = session.dir().scratch_parent();
    std::string pattern = parent + "/replay-XXXXXX";
    if (!mkdtemp(pattern.data())) return Fail(ErrorCode::kIo, "cannot create a scratch directory in {}", parent);
    out = pattern;
  } else if (std::filesystem::exists(out) && !std::filesystem::is_empty(out)) {
    return Fail(ErrorCode::kAlreadyExists, "--out {}: not empty (a replay writes a fresh store)", out);
  }
  struct RemoveScratch {
    std::string dir;
    ~RemoveScratch() {
      std::error_code ignored;
      if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
    }
  } remove_scratch{scratch ? out : std::string()};
  auto db = projections::ProjectionDb::Open(out);
  GK_RETURN_IF_ERROR(db);
  Progress progress("replay", args.Has("quiet") || !env.local);
  projections::RunOptions options;
  options.progress = progress.Callback();
  options.end = point->end;
  auto report = projections::Rebuild(ledger, **db, options);
  progress.Finish();
  GK_RETURN_IF_ERROR(report);
  auto content = (*db)->ContentOf();
  GK_RETURN_IF_ERROR(content);
  env.out.print("replay of entries 0..{} (as of {}): {} acts, {} by person, {} by agency\ndigest {}\n", point->end - 1,
             rules::FormatDate(point->judge), content->rows[0], content->rows[1], content->rows[2],
             ToHex(content->digest));
  return {};
}

void PrintApprovals(Output& out, const std::string& heading, std::vector<ActRecord> acts, bool json,
                    bool show_subject) {
  std::erase_if(acts, [](const ActRecord& act) { return !projections::IsApprovalAct(act.act); });
  if (json) {
    for (const ActRecord& act : acts) out.print("{}\n", ActJson(act));
    return;
  }
  out.print("{}: {} acts\n", heading, acts.size());
  PrintActs(out, acts, show_subject);
}

Result<std::string> ApprovedSubject(const Args& args) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "who-approved takes one ITEM");
  return query::SubjectOf(args.positional()[0], "item");
}

Status QueryWhoApproved(const Args& args, QueryEnv& env) {
  auto subject = ApprovedSubject(args);
  GK_RETURN_IF_ERROR(subject);
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto acts = query::ApprovalChain(session, *subject, *point);
  GK_RETURN_IF_ERROR(acts);
  PrintApprovals(env.out, *subject, std::move(*acts), args.Has("json"), false);
  return {};
}

Result<query::ReadScope> WhoApprovedScope(const Args& args, query::QuerySession& session) {
  auto subject = ApprovedSubject(args);
  GK_RETURN_IF_ERROR(subject);
  return query::SubjectScope(session, *subject);
}

Status QueryApprovals(const Args& args, QueryEnv& env) {
  auto actor = args.Require("actor");
  GK_RETURN_IF_ERROR(actor);
  auto period = PeriodOption(args);
  GK_RETURN_IF_ERROR(period);
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto acts = query::ApprovalsBy(session, *actor, *period, *point);
  GK_RETURN_IF_ERROR(acts);
  PrintApprovals(env.out, *actor, std::move(*acts), args.Has("json"), true);
  return {};
}

Result<query::ReadScope> ApprovalsScope(const Args& args, query::QuerySession& session) {
  auto actor = args.Require("actor");
  GK_RETURN_IF_ERROR(actor);
  return query::PersonScope(session, *actor);
}

// Whose steps --item, --case, --actor or --agency asks for (exactly one).
Result<query::StepsOf> TimelineOf(const Args& args) {
  int chosen = 0;
  for (const char* option : {"item", "case", "actor", "agency"}) chosen += args.Has(option) ? 1 : 0;
  if (chosen != 1) return Fail(ErrorCode::kInvalidArgument, "timeline takes one of --item, --case, --actor, --agency");
  if (args.Has("item") || args.Has("case")) {
    return query::StepsOf{query::StepsOf::Kind::kSubject, args.Has("item")
                                                              ? query::SubjectOf(*args.Get("item"), "item")
                                                              : query::SubjectOf(*args.Get("case"), "case")};
  }
  if (args.Has("actor")) return query::StepsOf{query::StepsOf::Kind::kPerson, *args.Get("actor")};
  return query::StepsOf{query::StepsOf::Kind::kAgency, *args.Get("agency")};
}

Result<query::ReadScope> TimelineScope(const Args& args, query::QuerySession& session) {
  auto of = TimelineOf(args);
  GK_RETURN_IF_ERROR(of);
  switch (of->kind) {
    case query::StepsOf::Kind::kSubject: return query::SubjectScope(session, of->name);
    case query::StepsOf::Kind::kPerson: return query::PersonScope(session, of->name);
    case query::StepsOf::Kind::kAgency: return query::AgencyScope(of->name);
  }
  return Fail(ErrorCode::kInternal, "unknown timeline kind");
}

Status QueryTimeline(const Args& args, QueryEnv& env) {
  auto of_option = TimelineOf(args);
  GK_RETURN_IF_ERROR(of_option);
  const query::StepsOf& of = *of_option;
  auto period = PeriodOption(args);
  GK_RETURN_IF_ERROR(period);
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto timeline = query::TimelineOf(session, of, *period, *point);
  GK_RETURN_IF_ERROR(timeline);
  const std::vector<query::TimelineStep>& steps = timeline->steps;

  bool by_subject = args.Has("item") || args.Has("case");
  if (args.Has("json")) {
    for (const query::TimelineStep& step : steps) {
      capnp::MallocMessageBuilder message;
      query::ToSchema(step, message.initRoot<schema::TimelineStep>());
      env.out.print("{}\n", EncodeJson(message.getRoot<schema::TimelineStep>().asReader()));
    }
    return {};
  }
  env.out.print("{}: {} steps as of {}\n", of.name, steps.size(), replay::DescribeJudged(*point));
  if (!steps.empty()) {
    env.out.print("{:>8}  {:<16}  {:>4}  {:<36} {:<16} {}\n", "SEQ", "BUSINESS TIME", "+WD", "ACT", "PERSON",
               by_subject ? "ROLE" : "ROLE                     SUBJECT");
  }
  for (const query::TimelineStep& step : steps) {
    const ActRecord& act = step.act;
    env.out.print("{:>8}  {}  {:>4}  {:<36} {:<16} {}{}{}\n", act.seq, FormatTime(act.business_time).substr(0, 16),
               step.working_days ? fmt::format("+{}", *step.working_days) : "", act.act, act.person,
               by_subject ? act.role : fmt::format("{:<24}", act.role.empty() ? "(no role)" : act.role),
               by_subject ? "" : " " + act.subject, RecordedNote(act));
    for (const projections::DeadlineStatus& d : step.meets) {
      env.out.print("{:>34}meets {} (due {}): {}\n", "", d.deadline, DueText(d), projections::Name(d.state));
    }
  }
  for (const projections::DeadlineStatus& d : timeline->deadlines) {
    if (d.met_by) continue;
    env.out.print("          open: {} from {} due {} {}\n", d.deadline, rules::FormatDate(d.trigger), DueText(d),
               projections::Name(d.state));
  }
  return {};
}

}  // namespace

std::vector<Command> ProjectionCommands() {
  return {
      Command{"project", "[--rebuild] [--quiet]", "bring the projections up to the ledger's head",
              "The projections (docs/PROJECTIONS.md) live in DATA/projections and are rebuilt\n"
              "from the signed events alone; the ledger is opened read-only and never changed.\n"
              "Without options, applies the entries appended since the last run (queries do\n"
              "this themselves). --rebuild builds everything again from entry 0 into fresh\n"
              "tables and switches to them only when complete.",
              {{"rebuild", false, "rebuild from entry 0"}, {"quiet", false, "no progress lines"}},
              RunProject},
      Command{"replay", "[--as-of SEQ|TIME|DATE] [--out DIR] [--quiet]",
              "rebuild the projections as they stood at a point, and print their digest",
              "Rebuilds every projection from entry 0 up to the point --as-of names (before\n"
              "entry SEQ, or the entries recorded by TIME or by the end of DATE; default: all)\n"
              "into a scratch store — DIR with --out, else a temporary directory removed\n"
              "afterwards — never touching DATA/projections, and prints the row counts and\n"
              "the SHA-256 digest of the result (docs/REPLAY.md). The same ledger and point\n"
              "give the same digest on any machine, in any year; entries appended later never\n"
              "change it.",
              {kAsOfOption, {"out", true, "DIR keep the replayed store here (must be empty)"},
               {"quiet", false, "no progress lines"}},
              nullptr, QueryReplay, EverythingScope, {"out"}},
      Command{"who-approved", "ITEM [--as-of SEQ|TIME|DATE] [--json]", "the approval chain of an item (or case/ID)",
              "Who drafted, reviewed, cleared, approved, signed off, voted, objected and\n"
              "published: each act with its sequence number, business time, the person, the\n"
              "role they held at that time and their opinion. ITEM is an item id, or a stream\n"
              "such as case/ID.",
              {kAsOfOption, {"json", false, "one JSON object per act"}},
              nullptr, QueryWhoApproved, WhoApprovedScope},
      Command{"approvals", "--actor PERSON [--from DATE] [--to DATE] [--as-of SEQ|TIME|DATE] [--json]",
              "everything a person approved, reviewed, voted on or objected to in a period",
              "Every approval act of PERSON with business time from --from up to and including\n"
              "--to (dates YYYY-MM-DD, China Standard Time), in time order.",
              {{"actor", true, "PERSON the person id"},
               {"from", true, "DATE first day"},
               {"to", true, "DATE last day"},
               kAsOfOption,
               {"json", false, "one JSON object per act"}},
              nullptr, QueryApprovals, ApprovalsScope},
      Command{"timeline", "(--item ID | --case ID | --actor A | --agency G) [--from --to] [--as-of SEQ|TIME|DATE] [--json]",
              "the ordered steps of an item, a case, a person or an agency",
              "Every step (signed event) in order: its sequence number, business time, the\n"
              "working days since the previous step of the same item or case, the act, who\n"
              "did it in which role, and each deadline the step met, with its due date and\n"
              "whether it was met in time. For an item or a case, the deadlines still open\n"
              "follow. Steps dated after --as-of are left out.",
              {{"item", true, "ID an item"},
               {"case", true, "ID an application case"},
               {"actor", true, "A a person id"},
               {"agency", true, "G an agency id"},
               {"from", true, "DATE first day"},
               {"to", true, "DATE last day"},
               kAsOfOption,
               {"json", false, "one JSON object per step"}},
              nullptr, QueryTimeline, TimelineScope},
  };
}

}  // namespace gongkai::cli
