// gongkai score: the assessment (考核评议) of each agency's year from its
// findings under a rule set's scoring table (docs/SCORING.md), composed by
// score::ScoreYear. The result carries its digest (score::ScoreDigest, over
// its canonical form), which --record signs into the ledger as
// assessment.resultRecorded, tying the recorded result to the record it was
// computed from.
#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "ledger/bytes.h"
#include "ledger/hash.h"
#include "ledger/json.h"
#include "replay/score.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"

namespace gongkai::cli {
namespace {

using score::AgencyScore;

void PrintScore(Output& out, const AgencyScore& s, bool explain) {
  out.print("{}  {}  rule set {}  total {}  {}\n", s.agency, s.year, s.rule_set, s.total, s.grade);
  for (const auto& section : s.sections) {
    out.print("  {:<16} {:>3} / {:<3}{}\n", section.id, section.score, section.weight,
               section.deducted ? fmt::format("  −{} ({})", section.deducted, section.name)
                                : fmt::format("  ({})", section.name));
  }
  if (size_t provisional = s.ProvisionalDeductions()) {
    out.print("  provisional: {} of the deductions rest on due dates counted Monday to Friday in a year with no "
              "published calendar\n",
              provisional);
  }
  if (s.consecutive_fail) {
    out.print("  {} {} years in a row: rectification and 诫勉 (000 评议考核办法 第八条)\n", s.grade, s.failing_years);
  }
  if (explain) {
    for (const auto& d : s.deductions) {
      out.print("    −{:<2} {:<16} {}  {}  evidence {}{}\n", d.points, d.section, rules::FormatDate(d.finding->date),
                 d.finding->id, SeqList(d.finding->evidence), d.finding->provisional ? "  (provisional)" : "");
    }
    for (const auto* f : s.unscored) out.print("    not scored ({} deducts nothing for it): {}\n", s.rule_set, f->id);
  } else if (!s.deductions.empty() || !s.unscored.empty()) {
    out.print("  {} deductions{} (--explain lists them)\n", s.deductions.size(),
               s.unscored.empty() ? "" : fmt::format(", {} findings not scored", s.unscored.size()));
  }
}

Status QueryScore(const Args& args, QueryEnv& env) {
  Output& out = env.out;
  auto year_option = args.GetUint("year", 0);
  GK_RETURN_IF_ERROR(year_option);
  if (*year_option < score::kFirstAssessedYear || *year_option > score::kLastAssessedYear) {
    return Fail(ErrorCode::kInvalidArgument, "--year: a year the regulation was in force ({} or later)",
                score::kFirstAssessedYear);
  }
  const int year = static_cast<int>(*year_option);
  auto format = score::ParseScoreFormat(args.Get("format").value_or("text"));
  GK_RETURN_IF_ERROR(format);
  auto agency = args.Get("agency");
  if (args.Has("record") && !agency) return Fail(ErrorCode::kInvalidArgument, "--record needs --agency");
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  auto folded = session.Fold(agency, *point);
  GK_RETURN_IF_ERROR(folded);
  const projections::FindingsEngine& engine = folded->engine();

  const rules::RuleSet* what_if = nullptr;
  if (auto id = args.Get("rules")) {
    what_if = engine.FindRuleSet(*id);
    if (!what_if) return Fail(ErrorCode::kNotFound, "no rule set '{}' (shipped or published in this ledger)", *id);
  }
  auto assessment = score::ScoreYear(engine, year, agency ? std::vector<std::string>{*agency}
                                                          : std::vector<std::string>{}, what_if);
  GK_RETURN_IF_ERROR(assessment);
  const std::vector<AgencyScore>& scores = assessment->scores;
  const Digest digest = score::ScoreDigest(scores);
  if (args.Has("record")) {
    // Signed on this machine: a server refuses --record (local_options).
    if (!env.local) return Fail(ErrorCode::kInternal, "--record reached a server");
    return AppendSignedAction(args, *env.local, score::RecordScoreDraft(*args.Get("record"), scores.front(), digest));
  }
  if (*format == score::ScoreFormat::kJson) {
    for (const AgencyScore& s : scores) out.print("{}\n", score::ScoreJson(s));
  } else if (*format == score::ScoreFormat::kCsv) {
    out.print("agency,year,rule_set,section,name,weight,deducted,score\n");
    for (const AgencyScore& s : scores) {
      for (const auto& section : s.sections) {
        out.print("{},{},{},{},{},{},{},{}\n", s.agency, s.year, s.rule_set, section.id, section.name,
                   section.weight, section.deducted, section.score);
      }
      out.print("{},{},{},total,{},100,{},{}\n", s.agency, s.year, s.rule_set, s.grade, 100 - s.total, s.total);
    }
  } else {
    for (const AgencyScore& s : scores) PrintScore(out, s, args.Has("explain"));
  }
  if (*format != score::ScoreFormat::kJson) {
    out.print("{}digest {}\n", *format == score::ScoreFormat::kCsv ? "# " : "", ToHex(digest));
  }
  return {};
}

}  // namespace

std::vector<Command> ScoreCommands() {
  return {
      Command{"score", "--year Y [--agency G] [--rules ID] [--explain] [--format text|json|csv] [--as-of SEQ|TIME|DATE] [--record PLAN --key K]",
              "the assessment score and grade of each agency's year, with every deduction",
              "Scores each agency's findings dated in year Y (as of 31 December) under the\n"
              "scoring table of the rule set in force for it (or --rules ID, what-if): every\n"
              "deduction with its finding and evidence, each section's score within its\n"
              "weight, the total, the grade by the set's bands, and the flag for the failing\n"
              "grade in consecutive years. Prints a digest (SHA-256 of the JSON form) that\n"
              "ties a result to the record. --record PLAN signs the result of --agency into\n"
              "the ledger as assessment.resultRecorded of plan PLAN, with --key (an assessor).\n"
              "--as-of scores from the ledger as it stood then (docs/REPLAY.md).",
              {{"year", true, "Y the year assessed"},
               {"agency", true, "G only this agency"},
               {"rules", true, "ID score under this rule set"},
               {"explain", false, "list every deduction"},
               kAsOfOption,
               {"format", true, "F text (default), json or csv"},
               {"record", true, "PLAN record the result in the ledger"},
               {"key", true, "FILE the assessor's private key (with --record)"},
               {"at", true, "TIME business time of the record (default now)"},
               {"event-id", true, "ID the record's event id"}},
              nullptr, QueryScore,
              AgencyOptionScope,
              {"record", "key", "at", "event-id"}},
  };
}

}  // namespace gongkai::cli
