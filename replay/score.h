// Assessment scoring (考核评议): an agency's year scored from its findings
// under a rule set's table (docs/RULES.md, "Scoring"; docs/SCORING.md):
// every deduction linked to its finding and evidence, each section's
// subtotal within its weight, the total, the grade by the set's bands, and
// the flag for the failing grade in consecutive years (000 评议考核办法 第八条).
// Pure: the result depends only on the findings and the rule set given.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <map>

#include "ledger/admin_actions.h"
#include "ledger/hash.h"
#include "ledger/rules/rule_set.h"
#include "projections/finding.h"
#include "projections/findings.h"
#include "replay/score.capnp.h"

namespace gongkai::score {

struct DeductionLine {
  const projections::Finding* finding;  // points into the findings scored
  int32_t points = 0;
  std::string section;
};

struct SectionScore {
  std::string id, name;
  int32_t weight = 0;
  int32_t deducted = 0;  // the points of its deductions (may exceed the weight)
  int32_t score = 0;     // weight − deducted, never below 0
};

struct AgencyScore {
  std::string agency;
  int year = 0;
  std::string rule_set;
  std::vector<SectionScore> sections;  // in the set's order
  std::vector<DeductionLine> deductions;  // in the findings' order
  std::vector<const projections::Finding*> unscored;  // findings whose kind the table does not deduct
  int32_t total = 0;
  std::string grade;
  bool failing = false;
  // Years in a row, ending with this one, of the failing grade (as far as
  // the years scored before it reach), and whether that meets the set's
  // consecutive-fail count.
  int32_t failing_years = 0;
  bool consecutive_fail = false;

  // Deductions whose finding is provisional (projections::Finding): the
  // total may change once the calendar of their year is published.
  size_t ProvisionalDeductions() const;
};

// Scores `agency` for `year` from `findings` (those of that agency dated in
// that year; others are ignored) under `set` (resolved). `years_before` are
// the same agency's scores of the years just before, latest last (for the
// consecutive-fail flag); they may be empty.
AgencyScore ScoreAgency(const std::string& agency, int year, std::span<const projections::Finding> findings,
                        const rules::RuleSet& set, std::span<const AgencyScore> years_before = {});

// The year assessed for a set of agencies, with what the scores point into.
// Move-only: each deduction points into `findings`.
struct Assessment {
  Assessment() = default;
  Assessment(Assessment&&) = default;
  Assessment& operator=(Assessment&&) = default;
  Assessment(const Assessment&) = delete;
  Assessment& operator=(const Assessment&) = delete;

  // The findings of each year scored, as of its 31 December: the year
  // assessed and as many years before it as a consecutive-fail count reaches.
  std::map<int, std::vector<projections::Finding>> findings;
  std::vector<AgencyScore> scores;  // one per agency asked for, in that order
};

// Scores `year` for each of `agencies` (all the engine has seen when empty)
// under the rule set in force for each on 31 December, or `what_if` for all
// of them: the composition `gongkai score` and a server share.
Result<Assessment> ScoreYear(const projections::FindingsEngine& engine, int year, std::vector<std::string> agencies,
                             const rules::RuleSet* what_if = nullptr);

// The first and last years a score can be asked for: the national
// regulation was in force from 2008-05-01, so 2009 is its first whole year.
inline constexpr int kFirstAssessedYear = 2009;
inline constexpr int kLastAssessedYear = 2100;

// A score as data (replay/score.capnp), and the digest of a sheet of them:
// SHA-256 over the canonical Cap'n Proto form of a ScoreSheet.
void ToSchema(const AgencyScore& score, schema::AgencyScore::Builder out);
Digest ScoreDigest(std::span<const AgencyScore> scores);
// One line of JSON per score (the JSON codec's form of schema::AgencyScore).
std::string ScoreJson(const AgencyScore& score);

// How `gongkai score` prints: "text", "json" or "csv". Errors:
// kInvalidArgument for any other name.
enum class ScoreFormat { kText, kJson, kCsv };
Result<ScoreFormat> ParseScoreFormat(std::string_view name);

// The assessment.resultRecorded action that `score --record PLAN` signs:
// the agency's total and grade under `plan` with the digest of the scores
// it rests on (ScoreDigest); stream assessment/PLAN, event id
// result/PLAN/AGENCY/YEAR.
ActionDraft RecordScoreDraft(std::string plan, const AgencyScore& score, const Digest& digest);

}  // namespace gongkai::score
