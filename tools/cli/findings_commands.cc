// gongkai findings, responsibility: the violations of the rules that the
// signed events show, and who answers for each (docs/FINDINGS.md). Findings
// fold every entry of the ledger (opened read-only) into the findings
// engine; responsibility folds only the finding's subject (SubjectLoader).
// The answer is a function of the entries and the as-of date alone.
#include <fmt/core.h>

#include <algorithm>

#include "ledger/json.h"
#include "projections/findings.h"
#include "ledger/rules/rule_set.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"
#include "tools/query/findings.h"

namespace gongkai::cli {
namespace {

using projections::Finding;

Status QueryFindings(const Args& args, QueryEnv& env) {
  Output& out = env.out;
  query::FindingFilter filter{args.Get("agency"), args.Get("kind"), std::nullopt};
  if (args.Has("year")) {
    auto parsed = args.GetUint("year", 0);
    GK_RETURN_IF_ERROR(parsed);
    filter.year = static_cast<int>(*parsed);
  }
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto findings = query::FindingsAsOf(session, *point, filter);
  GK_RETURN_IF_ERROR(findings);
  if (args.Has("json")) {
    for (const Finding& f : *findings) out.print("{}\n", FindingJson(f));
    return {};
  }
  out.print("{} findings as of {}\n", findings->size(), replay::DescribeJudged(*point));
  for (const Finding& f : *findings) PrintFindingLine(out, f);
  return {};
}

Status QueryResponsibility(const Args& args, QueryEnv& env) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "responsibility takes one FINDING id");
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  // Only the finding's subject is folded (with the registry, agencies and
  // reference streams), from the projections' index.
  auto finding = query::FindingById(session, args.positional()[0], *point);
  GK_RETURN_IF_ERROR(finding);
  const Finding* found = &*finding;
  if (args.Has("json")) {
    out.print("{}\n", FindingJson(*found));
    return {};
  }
  out.print("finding     {}\nkind        {}\nrule        {} {}\nagency      {}\nsubject     {}\ndate        {}\n"
             "evidence    {}\ndecided by  {}\nresponsible (person, role held in agency, share, rule; then why)\n",
             found->id, found->kind, found->rule_set, found->article, found->agency, found->subject,
             rules::FormatDate(found->date), SeqList(found->evidence), found->attribution.approval);
  for (const auto& r : found->attribution.responsible) {
    out.print("  {:<22} {:<24} {:<10} {}\n      {}\n", r.person, r.agency.empty() ? r.role : r.role + " in " + r.agency,
              r.share, r.rule, r.reason);
  }
  return {};
}

// A finding's id is KIND@SUBJECT[#SEQ]: its subject's agency reads it.
Result<query::ReadScope> ResponsibilityScope(const Args& args, query::QuerySession& session) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "responsibility takes one FINDING id");
  const std::string& id = args.positional()[0];
  auto at = id.find('@');
  if (at == std::string::npos) return query::LedgerScope();  // the query refuses the malformed id
  std::string subject = id.substr(at + 1);
  if (auto hash = subject.find('#'); hash != std::string::npos) subject.resize(hash);
  return query::SubjectScope(session, subject);
}

}  // namespace

std::vector<Command> FindingsCommands() {
  return {
      Command{"findings", "[--agency G] [--year Y] [--kind K] [--as-of SEQ|TIME|DATE] [--json]",
              "the rule violations the signed events show (docs/FINDINGS.md)",
              "Every finding of docs/RULES.md that the events show, under the rule set in force\n"
              "for the agency: its kind, date, agency, subject and the sequence numbers that\n"
              "prove it. An absence (a reply never issued, a transfer never made) is a finding\n"
              "once its deadline has passed as of --as-of.",
              {{"agency", true, "G only this agency"},
               {"year", true, "Y only findings dated in this year"},
               {"kind", true, "K only this kind"},
               kAsOfOption,
               {"json", false, "one JSON object per finding"}},
              nullptr, QueryFindings,
              AgencyOptionScope},
      Command{"responsibility", "FINDING [--as-of SEQ|TIME|DATE] [--json]",
              "who is responsible for a finding, under RULES.md §5",
              "The attribution of one finding (its id from 'gongkai findings'): what decided\n"
              "the act (no one, a leader, the leadership team), and each responsible person\n"
              "with the role held at the time, the share (primary, secondary, reduced), the\n"
              "rule applied and the reason, naming the sequence numbers it rests on.",
              {kAsOfOption, {"json", false, "one JSON object"}},
              nullptr, QueryResponsibility, ResponsibilityScope},
  };
}

}  // namespace gongkai::cli
