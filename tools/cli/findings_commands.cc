// gongkai findings, responsibility: the violations of the rules that the
// signed events show, and who answers for each (docs/FINDINGS.md). Computed
// by folding every entry of the ledger (opened read-only) into the findings
// engine; the answer is a function of the entries and the as-of date alone.
#include <fmt/core.h>

#include <algorithm>

#include "ledger/json.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "projections/entry_scan.h"
#include "projections/findings.h"
#include "replay/calendar.h"
#include "replay/rule_library.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"

namespace gongkai::cli {
namespace {

using projections::Finding;

// Every finding of the ledger as of `as_of` (default: the day of the last
// recorded entry, so the answer does not depend on when it is asked).
Result<std::vector<Finding>> FindingsOf(const Context& context, const std::optional<std::string>& as_of_text,
                                        rules::Date* as_of_out) {
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  if (!store) return std::unexpected(store.error());
  auto head = ReadHead(**store);
  if (!head) return std::unexpected(head.error());
  rules::Date as_of = rules::DateOf(head->last_recorded);
  if (as_of_text) {
    auto date = rules::ParseDate(*as_of_text);
    if (!date) return Fail(ErrorCode::kInvalidArgument, "--as-of: {}", date.error().message);
    as_of = *date;
  }
  projections::FindingsEngine engine(rules::RuleLibrary::Shipped(), rules::Calendar::Official());
  auto scanned = projections::ScanEntries(**store, 0, head->size,
                                          [&](const projections::EventRecord& record, const Digest&) -> Result<bool> {
                                            if (auto s = engine.Apply(record); !s) return std::unexpected(s.error());
                                            return true;
                                          });
  if (!scanned) return std::unexpected(scanned.error());
  *as_of_out = as_of;
  return engine.Findings(as_of);
}

std::string Seqs(const std::vector<uint64_t>& seqs) {
  std::string out;
  for (uint64_t seq : seqs) out += fmt::format("{}{}", out.empty() ? "" : ",", seq);
  return out;
}

std::string FindingJson(const Finding& f) {
  std::string responsible;
  for (const auto& r : f.attribution.responsible) {
    responsible += fmt::format("{}{{\"person\":{},\"role\":{},\"share\":{},\"rule\":{},\"reason\":{}}}",
                               responsible.empty() ? "" : ",", JsonString(r.person), JsonString(r.role),
                               JsonString(r.share), JsonString(r.rule), JsonString(r.reason));
  }
  return fmt::format(
      "{{\"id\":{},\"kind\":{},\"agency\":{},\"subject\":{},\"date\":\"{}\",\"evidence\":[{}],\"ruleSet\":{},"
      "\"article\":{},\"approval\":{},\"responsible\":[{}]}}",
      JsonString(f.id), JsonString(f.kind), JsonString(f.agency), JsonString(f.subject), rules::FormatDate(f.date),
      Seqs(f.evidence), JsonString(f.rule_set), JsonString(f.article), JsonString(f.attribution.approval),
      responsible);
}

Status RunFindings(const Args& args, const Context& context) {
  rules::Date as_of{0};
  auto findings = FindingsOf(context, args.Get("as-of"), &as_of);
  if (!findings) return std::unexpected(findings.error());
  std::optional<int> year;
  if (args.Has("year")) {
    auto parsed = args.GetUint("year", 0);
    if (!parsed) return std::unexpected(parsed.error());
    year = static_cast<int>(*parsed);
  }
  auto agency = args.Get("agency"), kind = args.Get("kind");
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
    fmt::print("{}  {:<40} {:<8} {:<28} evidence {}  ({})\n", rules::FormatDate(f->date), f->kind, f->agency,
               f->subject, Seqs(f->evidence), f->id);
  }
  return {};
}

Status RunResponsibility(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "responsibility takes one FINDING id");
  const std::string& id = args.positional()[0];
  rules::Date as_of{0};
  auto findings = FindingsOf(context, args.Get("as-of"), &as_of);
  if (!findings) return std::unexpected(findings.error());
  auto found = std::ranges::find_if(*findings, [&](const Finding& f) { return f.id == id; });
  if (found == findings->end()) {
    return Fail(ErrorCode::kNotFound, "no finding '{}' as of {} ('gongkai findings' lists them)", id,
                rules::FormatDate(as_of));
  }
  if (args.Has("json")) {
    fmt::print("{}\n", FindingJson(*found));
    return {};
  }
  fmt::print("finding     {}\nkind        {} ({} {})\nagency      {}\nsubject     {}\ndate        {}\n"
             "evidence    {}\ndecided by  {}\n",
             found->id, found->kind, found->rule_set, found->article, found->agency, found->subject,
             rules::FormatDate(found->date), Seqs(found->evidence), found->attribution.approval);
  for (const auto& r : found->attribution.responsible) {
    fmt::print("  {:<22} {:<24} {:<10} {}  {}\n", r.person, r.role, r.share, r.rule, r.reason);
  }
  return {};
}

const OptionSpec kAsOf{"as-of", true, "DATE judge as of the end of this day (default: the last entry's day)"};

}  // namespace

std::vector<Command> FindingsCommands() {
  return {
      Command{"findings", "[--agency G] [--year Y] [--kind K] [--as-of DATE] [--json]",
              "the rule violations the signed events show (docs/FINDINGS.md)",
              "Every finding of docs/RULES.md that the events show, under the rule set in force\n"
              "for the agency: its kind, date, agency, subject and the sequence numbers that\n"
              "prove it. An absence (a reply never issued, a transfer never made) is a finding\n"
              "once its deadline has passed as of --as-of.",
              {{"agency", true, "G only this agency"},
               {"year", true, "Y only findings dated in this year"},
               {"kind", true, "K only this kind"},
               kAsOf,
               {"json", false, "one JSON object per finding"}},
              RunFindings},
      Command{"responsibility", "FINDING [--as-of DATE] [--json]",
              "who is responsible for a finding, under RULES.md §5",
              "The attribution of one finding (its id from 'gongkai findings'): what decided\n"
              "the act (no one, a leader, the leadership team), and each responsible person\n"
              "with the role held at the time, the share (primary, secondary, reduced), the\n"
              "rule applied and the reason, naming the sequence numbers it rests on.",
              {kAsOf, {"json", false, "one JSON object"}},
              RunResponsibility},
  };
}

}  // namespace gongkai::cli
