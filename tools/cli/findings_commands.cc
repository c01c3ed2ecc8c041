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

namespace gongkai::cli {
namespace {

using projections::Finding;

// Every finding as of --as-of, of the agency named (or of every agency).
Result<std::vector<Finding>> FindingsOf(const Context& context, const Args& args, rules::Date* as_of_out) {
  auto projected = OpenForFold(context, args.Get("agency"));
  GK_RETURN_IF_ERROR(projected);
  auto point = PointOption(args, *projected->ledger);
  GK_RETURN_IF_ERROR(point);
  auto folded = FoldSubjects(*projected, args.Get("agency"), point->end);
  GK_RETURN_IF_ERROR(folded);
  *as_of_out = point->judge;
  return folded->engine().Findings(point->judge);
}

Status RunFindings(const Args& args, const Context& context) {
  rules::Date as_of{0};
  auto findings = FindingsOf(context, args, &as_of);
  GK_RETURN_IF_ERROR(findings);
  std::optional<int> year;
  if (args.Has("year")) {
    auto parsed = args.GetUint("year", 0);
    GK_RETURN_IF_ERROR(parsed);
    year = static_cast<int>(*parsed);
  }
  auto agency = args.Get("agency"), kind = args.Get("kind");
  if (kind && !rules::IsKnownFindingKind(*kind)) {
    return Fail(ErrorCode::kNotFound, "no finding kind '{}' (docs/FINDINGS.md lists them; 'gongkai rules show' names "
                "those of a rule set)", *kind);
  }
  std::vector<const Finding*> shown;
  for (const Finding& f : *findings) {
    if ((agency && f.agency != *agency) || (kind && f.kind != *kind) || (year && rules::Year(f.date) != *year)) {
      continue;
    }
    shown.push_back(&f);
  }
  if (args.Has("json")) {
    for (const Finding* f : shown) fmt::print("{}\n", FindingJson(*f));
    return {};
  }
  fmt::print("{} findings as of {}\n", shown.size(), rules::FormatDate(as_of));
  for (const Finding* f : shown) {
    PrintFindingLine(*f);
  }
  return {};
}

// The subject a finding id names: "<kind>@<subject>" or "<kind>@<subject>#<seq>".
std::optional<std::string> SubjectOfFinding(const std::string& id) {
  size_t at = id.find('@');
  if (at == std::string::npos || at == 0) return std::nullopt;
  std::string subject = id.substr(at + 1);
  if (size_t hash = subject.rfind('#'); hash != std::string::npos) subject.resize(hash);
  if (subject.find('/') == std::string::npos) return std::nullopt;
  return subject;
}

Status RunResponsibility(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "responsibility takes one FINDING id");
  const std::string& id = args.positional()[0];
  auto subject = SubjectOfFinding(id);
  if (!subject) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a finding id (KIND@SUBJECT, as 'gongkai findings' lists them)",
                id);
  }
  // Only the finding's subject is folded (with the registry, agencies and
  // reference streams), from the projections' index.
  auto query = OpenSubjectQuery(args, context);
  GK_RETURN_IF_ERROR(query);
  const rules::Date as_of = query->point.judge;
  auto state = Result<std::optional<projections::SubjectState>>(std::nullopt);
  if (auto loaded = query->loader->Load(*subject); !loaded && loaded.error().code != ErrorCode::kNotFound) {
    return loaded;
  } else if (loaded) {
    state = query->loader->engine().StateOf(*subject, as_of);
    GK_RETURN_IF_ERROR(state);
  }
  const Finding* found = nullptr;
  if (*state) {
    for (const Finding& f : (*state)->findings) {
      if (f.id == id) found = &f;
    }
  }
  if (!found) {
    return Fail(ErrorCode::kNotFound, "no finding '{}' as of {} ('gongkai findings' lists them)", id,
                rules::FormatDate(as_of));
  }
  if (args.Has("json")) {
    fmt::print("{}\n", FindingJson(*found));
    return {};
  }
  fmt::print("finding     {}\nkind        {}\nrule        {} {}\nagency      {}\nsubject     {}\ndate        {}\n"
             "evidence    {}\ndecided by  {}\nresponsible (person, role held, share, rule; then why)\n",
             found->id, found->kind, found->rule_set, found->article, found->agency, found->subject,
             rules::FormatDate(found->date), SeqList(found->evidence), found->attribution.approval);
  for (const auto& r : found->attribution.responsible) {
    fmt::print("  {:<22} {:<24} {:<10} {}\n      {}\n", r.person, r.role, r.share, r.rule, r.reason);
  }
  return {};
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
              RunFindings},
      Command{"responsibility", "FINDING [--as-of SEQ|TIME|DATE] [--json]",
              "who is responsible for a finding, under RULES.md §5",
              "The attribution of one finding (its id from 'gongkai findings'): what decided\n"
              "the act (no one, a leader, the leadership team), and each responsible person\n"
              "with the role held at the time, the share (primary, secondary, reduced), the\n"
              "rule applied and the reason, naming the sequence numbers it rests on.",
              {kAsOfOption, {"json", false, "one JSON object"}},
              RunResponsibility},
  };
}

}  // namespace gongkai::cli
