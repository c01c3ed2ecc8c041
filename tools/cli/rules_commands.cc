// gongkai rules, gongkai deadline: the rule sets (规则集) and the deadlines
// they set, computed on the official working-day calendar. Only
// `rules publish` needs a ledger.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "ledger/rules/calendar.h"
#include "ledger/rules/deadline.h"
#include "ledger/rules/rule_library.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/query/reference.h"

namespace gongkai::cli {
namespace {

using rules::Deadline;
using rules::RuleLibrary;
using rules::RuleSet;

// Prints one table row without the padding of its last column.
template <typename... Args>
void PrintRow(fmt::format_string<Args...> format, Args&&... args) {
  std::string row = fmt::format(format, std::forward<Args>(args)...);
  row.erase(row.find_last_not_of(' ') + 1);
  fmt::print("{}\n", row);
}

// "extension 20 wd; pause third-party interagency; restart correction", or "".
std::string DescribeOptions(const Deadline& d) {
  std::vector<std::string> parts;
  if (d.extension) parts.push_back(fmt::format("extension {} {}", *d.extension, rules::UnitName(d.unit)));
  if (!d.pauses.empty()) {
    std::vector<std::string_view> pauses;
    for (rules::Pause pause : d.pauses) pauses.push_back(rules::PauseName(pause));
    parts.push_back(fmt::format("pause {}", fmt::join(pauses, " ")));
  }
  if (d.restarts_on_correction) parts.push_back("restart correction");
  if (d.statutory) parts.push_back("statutory");
  return fmt::format("{}", fmt::join(parts, "; "));
}

Status RunList(const std::vector<std::string>& words, bool json) {
  if (!words.empty()) return Fail(ErrorCode::kInvalidArgument, "rules list takes no arguments");
  StdoutOutput out;
  if (!json) PrintRow("{:<34} {:<10}  {:<15} {:<40} {}", "ID", "EFFECTIVE", "BASE", "JURISDICTION", "TITLE");
  for (const auto& [id, set] : RuleLibrary::Shipped().sets()) {
    if (json) {
      PrintJson<schema::RuleSetSummary>(out, set);
    } else {
      PrintRow("{:<34} {:<10}  {:<15} {:<40} {}", id, rules::FormatDate(set.effective_from),
               set.base.empty() ? "-" : set.base, set.jurisdiction, set.title);
    }
  }
  return {};
}

void PrintSet(const RuleSet& set) {
  std::vector<std::string_view> selectors = query::Selectors(set);
  fmt::print("rule set      {}\ntitle         {}\njurisdiction  {}\n", set.id, set.title, set.jurisdiction);
  fmt::print("effective     {} (selected by {})\n", rules::FormatDate(set.effective_from),
             selectors.empty() ? "nothing: a base only" : fmt::format("{}", fmt::join(selectors, " and ")));
  fmt::print("base          {}\n", set.base.empty() ? "-" : set.base);
  if (set.rebase) {
    fmt::print("rebase        {} (read as {} from then: its statutory deadlines yield to the regulation)\n",
               query::DescribeRebase(set), rules::RebasedId(set.id, set.rebase->base));
  }
  if (!set.rebased_from.empty()) {
    fmt::print("read from     {}, over {} from its rebase date (statutory deadlines yield)\n", set.rebased_from,
               set.base);
  }

  fmt::print("\ndeadlines ({})\n", set.deadlines.size());
  for (const Deadline& d : set.deadlines) {
    std::string options = DescribeOptions(d);
    PrintRow("  {:<38} {:<24} from {:<26} {}", d.id, rules::DescribePeriod(d), rules::TriggerName(d.trigger),
             options);
    PrintRow("  {:<38} {}", "", d.source);
  }
  fmt::print("\nfindings ({})\n", set.findings.size());
  for (const rules::Finding& f : set.findings) {
    const rules::Deduction* deduction = set.FindDeduction(f.kind);
    std::string score = deduction ? fmt::format("-{} {}", deduction->points, deduction->section) : "not scored";
    std::string breaches = f.breaches.empty() ? "" : fmt::format("breaches {}", fmt::join(f.breaches, " "));
    if (f.statutory) breaches += breaches.empty() ? "statutory" : "; statutory";
    PrintRow("  {:<40} {:<18} {}", f.kind, score, breaches);
    PrintRow("  {:<40} {}", "", f.source);
  }
  fmt::print("\nscoring: sections (weight, the points a section can lose)\n");
  for (const rules::Section& s : set.sections) fmt::print("  {:<18} {:>3}  {}\n", s.id, s.weight, s.name);
  fmt::print("\nscoring: deductions per occurrence\n");
  for (const rules::Deduction& d : set.deductions) {
    PrintRow("  {:<40} -{:<3} {:<16} {}", d.kind, d.points, d.section,
             set.FindFinding(d.kind) ? "" : "(no such finding in this rule set)");
  }
  fmt::print("\ngrades\n");
  for (const rules::Band& b : set.bands) fmt::print("  {:>3}..{:<3}  {}\n", b.min, b.max, b.grade);
  int32_t years = set.consecutive_fail_years.value_or(0);
  if (years) {
    fmt::print("  {} {} years in a row raises the consecutive-fail flag\n", set.FailingGrade(), years);
  } else {
    fmt::print("  no consecutive-fail flag\n");
  }
  if (set.responsibility) {
    fmt::print("\nresponsibility: {} under {} (docs/FINDINGS.md §2)\n", rules::Name(set.responsibility->model),
               set.responsibility->source);
  } else {
    fmt::print("\nresponsibility: no written attribution rule\n");
  }
  fmt::print("\njoint documents (联合发文): whose act discharges the lead agency's duty\n");
  for (rules::JointDuty duty : {rules::JointDuty::kPublication, rules::JointDuty::kArchiveTransfer}) {
    const rules::JointRule* rule = set.JointRuleFor(duty);
    fmt::print("  {:<18} {}\n", rules::Name(duty),
               rule ? fmt::format("{} under {}", rules::Name(rule->discharge), rule->source)
                    : "lead-agency (no written rule: a co-producer's act discharges nothing)");
  }
  int32_t lag = set.record_lag_working_days.value_or(0);
  if (lag) {
    fmt::print("\nacts recorded more than {} working days after the day they bear are marked\n", lag);
  } else {
    fmt::print("\nacts are never marked for being recorded late\n");
  }
}

Status RunShow(const std::vector<std::string>& words, bool json) {
  if (words.size() != 1) return Fail(ErrorCode::kInvalidArgument, "rules show takes one rule-set ID");
  auto set = RuleLibrary::Shipped().Find(words[0]);
  GK_RETURN_IF_ERROR(set);
  if (json) {
    StdoutOutput out;
    PrintJson<schema::RuleSetView>(out, **set);
  } else {
    PrintSet(**set);
  }
  return {};
}

Status RunCheck(const std::vector<std::string>& words, bool json) {
  if (words.size() != 1) return Fail(ErrorCode::kInvalidArgument, "rules check takes one FILE");
  const std::string& path = words[0];
  auto text = ReadInput(path);
  GK_RETURN_IF_ERROR(text);
  auto parsed = rules::ParseRuleSet(*text);
  if (!parsed) return Fail(parsed.error().code, "{}: {}", path, parsed.error().message);
  auto set = RuleLibrary::Shipped().Resolve(*parsed);
  if (!set) return Fail(set.error().code, "{}: {}", path, set.error().message);
  if (parsed->rebase) {
    auto rebased = RuleLibrary::Shipped().ResolveRebased(*parsed);
    if (!rebased) return Fail(rebased.error().code, "{}: {}", path, rebased.error().message);
  }
  if (json) {
    StdoutOutput out;
    PrintJson<schema::RuleSetView>(out, *set);
  } else {
    fmt::print("ok: {} ({} deadlines, {} findings, {} sections; base {})\n", set->id, set->deadlines.size(),
               set->findings.size(), set->sections.size(), set->base.empty() ? "none" : set->base);
  }
  return {};
}

// Records a rule set in the ledger (reference.ruleSetPublished): a shipped
// one by id, or a file, checked first as `rules check` does.
Status RunPublish(const std::vector<std::string>& words, const Args& args, const Context& context) {
  if (words.size() != 1) return Fail(ErrorCode::kInvalidArgument, "rules publish takes one ID or FILE");
  std::string text;
  auto shipped = std::ranges::find_if(rules::ShippedRuleFiles(), [&](const rules::RuleFile& file) {
    auto parsed = rules::ParseRuleSet(file.text);
    return parsed && parsed->id == words[0];
  });
  if (shipped != rules::ShippedRuleFiles().end()) {
    text = shipped->text;
  } else {
    auto read = ReadInput(words[0]);
    if (!read) return Fail(read.error().code, "'{}' is neither a shipped rule set nor a readable file: {}", words[0],
                           read.error().message);
    text = std::move(*read);
  }
  auto parsed = rules::ParseRuleSet(text);
  if (!parsed) return Fail(parsed.error().code, "{}: {}", words[0], parsed.error().message);
  auto set = RuleLibrary::Shipped().Resolve(*parsed);
  if (!set) return Fail(set.error().code, "{}: {}", words[0], set.error().message);
  return AppendSignedAction(args, context, ReferenceDraft(ReferenceKind::kRuleSet, parsed->id, text));
}

Status RunRules(const Args& args, const Context& context) {
  const auto& positional = args.positional();
  if (positional.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "rules needs a subcommand: list, show, check or publish");
  }
  std::vector<std::string> words(positional.begin() + 1, positional.end());
  bool json = args.Has("json");
  if (positional[0] == "list") return RunList(words, json);
  if (positional[0] == "show") return RunShow(words, json);
  if (positional[0] == "check") return RunCheck(words, json);
  if (positional[0] == "publish") return RunPublish(words, args, context);
  return Fail(ErrorCode::kInvalidArgument, "unknown rules subcommand '{}' (list, show, check or publish)",
              positional[0]);
}

Status RunDeadline(const Args& args, const Context&) {
  const auto& positional = args.positional();
  if (positional.size() != 2) return Fail(ErrorCode::kInvalidArgument, "deadline takes KIND DATE");
  const std::string& kind = positional[0];
  if (!rules::IsKnownDeadlineId(kind)) {
    return Fail(ErrorCode::kInvalidArgument, "unknown deadline '{}' (gongkai deadline --help lists them)", kind);
  }
  auto trigger = rules::ParseDate(positional[1]);
  GK_RETURN_IF_ERROR(trigger);
  rules::DeadlineOptions options;
  options.extended = args.Has("extended");
  auto paused = args.GetUint("paused", 0);
  GK_RETURN_IF_ERROR(paused);
  if (*paused > static_cast<uint64_t>(rules::kMaxDays)) {
    return Fail(ErrorCode::kInvalidArgument, "--paused must be at most {}, got {}", rules::kMaxDays, *paused);
  }
  options.paused_working_days = static_cast<int32_t>(*paused);
  if (auto restart = args.Get("restart")) {
    auto date = rules::ParseDate(*restart);
    if (!date) return Fail(date.error().code, "--restart: {}", date.error().message);
    options.restart = *date;
  }

  const RuleLibrary& library = RuleLibrary::Shipped();
  auto set = args.Get("rules") ? library.Find(*args.Get("rules")) : library.NationalFor(*trigger);
  GK_RETURN_IF_ERROR(set);
  auto due = rules::ComputeDeadline(**set, kind, *trigger, rules::Calendar::Official(), options);
  if (!due && due.error().code == ErrorCode::kNotFound) {
    std::vector<std::string_view> defining;
    for (const auto& [id, other] : library.sets()) {
      if (other.FindDeadline(kind)) defining.push_back(id);
    }
    return Fail(ErrorCode::kNotFound, "{} ({}; choose one with --rules)", due.error().message,
                defining.empty() ? std::string("no shipped rule set defines it")
                                 : fmt::format("defined in {}", fmt::join(defining, ", ")));
  }
  GK_RETURN_IF_ERROR(due);
  if (args.Has("json")) {
    capnp::MallocMessageBuilder message;
    auto answer = message.initRoot<schema::DeadlineAnswer>();
    query::ToSchema(**set, kind, *trigger, *due, answer);
    fmt::print("{}\n", EncodeJson(answer.asReader()));
  } else {
    fmt::print("{}\n{}\n", rules::FormatDate(due->date), due->explanation);
  }
  return {};
}

std::string DeadlineHelp() {
  std::string ids;
  for (std::string_view id : rules::KnownDeadlineIds()) ids += fmt::format("  {}\n", id);
  return "Prints the date, then one line saying how it was computed (rule set, article,\n"
         "the count). DATE is the trigger: the day the application was received, the\n"
         "item formed, the request or fee notice received, the meeting held, any day of\n"
         "the year concerned… (docs/RULES.md, \"Triggers\"); it never counts itself.\n"
         "For most deadlines the date is the last day on time; for a minimum before an\n"
         "event (collective-decision-notice, assessment-notice) the last day the act may\n"
         "happen; for a minimum period after (pre-disclosure-period) its last day.\n"
         "\n"
         "Without --rules, the national rule set in force on DATE is used: national-2007\n"
         "before 2019-05-15, national-2019 from that day, so\n"
         "  gongkai deadline reply-application 2019-05-14   → 15 working days (2007)\n"
         "  gongkai deadline reply-application 2019-05-15   → 20 working days (2019)\n"
         "Local deadlines need a local rule set, e.g. --rules 004-zhongwei-science for\n"
         "the inquiry answers ('gongkai rules list' shows them all).\n"
         "\n"
         "Working days follow the official calendar (2016–2026; 'gongkai calendar'); a\n"
         "count into a later year is Monday to Friday and marked provisional.\n"
         "--extended adds the extension (only where the rule set has one); --paused N\n"
         "adds N working days during which the clock stood still (consulting a third\n"
         "party or another agency, only where the rule set pauses); --restart DATE\n"
         "counts from the receipt of the corrected application (national-2019).\n"
         "\n"
         "KIND is one of:\n" +
         ids;
}

}  // namespace

std::vector<Command> RulesCommands() {
  return {
      Command{"rules", "(list | show ID | check FILE | publish (ID | FILE) --key K) [--json]",
              "the rule sets (规则集): deadlines, findings, scoring",
              "list        the shipped rule sets: id, effective date, base, jurisdiction, title\n"
              "show ID     one rule set with its base resolved: deadlines, findings with their\n"
              "            articles, scoring sections, deductions and grade bands\n"
              "check FILE  parse and validate a rule-set file ('-' for standard input) over the\n"
              "            shipped rule sets (its base must be one of them); prints 'ok: …', or\n"
              "            the first error as 'FILE: line N: …' and exits 1\n"
              "publish X   record a shipped rule set (by id) or a rule-set file in the ledger of\n"
              "            --data, signed with --key by an administrator or assessor, so that\n"
              "            scoring and replay years later use exactly these rules\n"
              "\n"
              "A rule set is a text file (format in docs/RULES.md, \"Rule sets\"): versioned data\n"
              "with an effective date and a jurisdiction, which may name a base and override\n"
              "only what differs. Shipped: national-2007 and national-2019 (the 条例, switching\n"
              "on 2019-05-15), default-scoring (the default points and grades, their base), and\n"
              "the local rules of seeds 000–004. --json prints one JSON object (per line for list).",
              {{"json", false, "JSON output"},
               {"key", true, "FILE publish: the signer's private key (administrator or assessor)"},
               {"at", true, "TIME publish: business time (default now)"},
               {"event-id", true, "ID publish: event id (default rules/ID)"}},
              RunRules},
      Command{"deadline", "KIND DATE [--rules ID] [--extended] [--paused N] [--restart DATE] [--json]",
              "the due date of a deadline under a rule set", DeadlineHelp(),
              {{"rules", true, "ID the rule set (default: the national one in force on DATE)"},
               {"extended", false, "the extension was granted"},
               {"paused", true, "N working days not counted (third-party or interagency consultation)"},
               {"restart", true, "DATE the corrected application was received (the clock restarts)"},
               {"json", false, "one JSON object"}},
              RunDeadline},
  };
}

}  // namespace gongkai::cli
