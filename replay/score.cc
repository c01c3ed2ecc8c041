#include "replay/score.h"

#include <algorithm>

namespace gongkai::score {

AgencyScore ScoreAgency(const std::string& agency, int year, std::span<const projections::Finding> findings,
                        const rules::RuleSet& set, std::span<const AgencyScore> years_before) {
  AgencyScore result;
  result.agency = agency;
  result.year = year;
  result.rule_set = set.id;
  for (const rules::Section& section : set.sections) {
    result.sections.push_back({section.id, section.name, section.weight, 0, section.weight});
  }
  for (const projections::Finding& finding : findings) {
    if (finding.agency != agency || rules::Year(finding.date) != year) continue;
    const rules::Deduction* deduction = set.FindDeduction(finding.kind);
    auto section = deduction ? std::ranges::find(result.sections, deduction->section, &SectionScore::id)
                             : result.sections.end();
    if (section == result.sections.end()) {
      result.unscored.push_back(&finding);
      continue;
    }
    result.deductions.push_back({&finding, deduction->points, deduction->section});
    section->deducted += deduction->points;
    section->score = std::max(0, section->weight - section->deducted);
  }
  for (const SectionScore& section : result.sections) result.total += section.score;
  result.grade = set.GradeFor(result.total);
  result.failing = result.grade == set.FailingGrade();
  if (result.failing) {
    result.failing_years = 1;
    for (auto before = years_before.rbegin(); before != years_before.rend() && before->failing; ++before) {
      ++result.failing_years;
    }
  }
  int32_t needed = set.consecutive_fail_years.value_or(0);
  result.consecutive_fail = needed > 0 && result.failing_years >= needed;
  return result;
}

}  // namespace gongkai::score
