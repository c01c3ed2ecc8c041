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

#include "projections/finding.h"
#include "ledger/rules/rule_set.h"

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
};

// Scores `agency` for `year` from `findings` (those of that agency dated in
// that year; others are ignored) under `set` (resolved). `years_before` are
// the same agency's scores of the years just before, latest last (for the
// consecutive-fail flag); they may be empty.
AgencyScore ScoreAgency(const std::string& agency, int year, std::span<const projections::Finding> findings,
                        const rules::RuleSet& set, std::span<const AgencyScore> years_before = {});

}  // namespace gongkai::score
