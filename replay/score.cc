#include "replay/score.h"

#include <fmt/core.h>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <algorithm>

#include "ledger/json_codec.h"

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

Result<Assessment> ScoreYear(const projections::FindingsEngine& engine, int year, std::vector<std::string> agencies,
                             const rules::RuleSet* what_if) {
  if (year < kFirstAssessedYear || year > kLastAssessedYear) {
    return Fail(ErrorCode::kInvalidArgument, "a year the regulation was in force ({} or later)", kFirstAssessedYear);
  }
  if (what_if && what_if->sections.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "rule set '{}' has no scoring table", what_if->id);
  }
  if (agencies.empty()) agencies = engine.Agencies();
  auto set_for = [&](const std::string& agency, int y) -> Result<const rules::RuleSet*> {
    if (what_if) return what_if;
    const rules::RuleSet* set = engine.RuleSetInForce(agency, rules::FromCivil(y, 12, 31));
    if (!set || set->sections.empty()) {
      return Fail(ErrorCode::kNotFound, "no rule set with a scoring table in force for {} in {}", agency, y);
    }
    return set;
  };
  // The years before, as far back as any consecutive-fail count reaches.
  int32_t reach = 1;
  for (const std::string& agency : agencies) {
    auto set = set_for(agency, year);
    GK_RETURN_IF_ERROR(set);
    reach = std::max(reach, (*set)->consecutive_fail_years.value_or(1));
  }
  Assessment assessment;
  for (int y = year - reach + 1; y <= year; ++y) {
    auto found = engine.Findings(rules::FromCivil(y, 12, 31));
    GK_RETURN_IF_ERROR(found);
    assessment.findings[y] = std::move(*found);
  }
  for (const std::string& agency : agencies) {
    std::vector<AgencyScore> years;
    for (int y = year - reach + 1; y <= year; ++y) {
      auto set = set_for(agency, y);
      GK_RETURN_IF_ERROR(set);
      years.push_back(ScoreAgency(agency, y, assessment.findings[y], **set, years));
    }
    assessment.scores.push_back(std::move(years.back()));
  }
  return assessment;
}

void ToSchema(const AgencyScore& score, schema::AgencyScore::Builder out) {
  out.setAgency(score.agency);
  out.setYear(static_cast<uint16_t>(score.year));
  out.setRuleSet(score.rule_set);
  out.setTotal(score.total);
  out.setGrade(score.grade);
  out.setFailing(score.failing);
  out.setFailingYears(score.failing_years);
  out.setConsecutiveFail(score.consecutive_fail);
  auto sections = out.initSections(static_cast<unsigned>(score.sections.size()));
  for (unsigned i = 0; i < sections.size(); ++i) {
    const SectionScore& section = score.sections[i];
    sections[i].setSection(section.id);
    sections[i].setName(section.name);
    sections[i].setWeight(section.weight);
    sections[i].setDeducted(section.deducted);
    sections[i].setScore(section.score);
  }
  auto deductions = out.initDeductions(static_cast<unsigned>(score.deductions.size()));
  for (unsigned i = 0; i < deductions.size(); ++i) {
    const DeductionLine& line = score.deductions[i];
    deductions[i].setFinding(line.finding->id);
    deductions[i].setKind(line.finding->kind);
    deductions[i].setDate(rules::FormatDate(line.finding->date));
    auto evidence = deductions[i].initEvidence(static_cast<unsigned>(line.finding->evidence.size()));
    for (unsigned k = 0; k < evidence.size(); ++k) evidence.set(k, line.finding->evidence[k]);
    deductions[i].setSection(line.section);
    deductions[i].setPoints(line.points);
    deductions[i].setProvisional(line.finding->provisional);
  }
  out.setProvisional(score.ProvisionalDeductions() > 0);
  auto unscored = out.initUnscored(static_cast<unsigned>(score.unscored.size()));
  for (unsigned i = 0; i < unscored.size(); ++i) unscored.set(i, score.unscored[i]->id);
}

size_t AgencyScore::ProvisionalDeductions() const {
  return std::ranges::count_if(deductions, [](const DeductionLine& d) { return d.finding->provisional; });
}

Digest ScoreDigest(std::span<const AgencyScore> scores) {
  capnp::MallocMessageBuilder message;
  auto sheet = message.initRoot<schema::ScoreSheet>();
  auto list = sheet.initScores(static_cast<unsigned>(scores.size()));
  for (unsigned i = 0; i < list.size(); ++i) ToSchema(scores[i], list[i]);
  kj::Array<capnp::word> words = capnp::canonicalize(sheet.asReader());
  auto bytes = words.asBytes();
  return Sha256(ByteView(bytes.begin(), bytes.size()));
}

std::string ScoreJson(const AgencyScore& score) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::AgencyScore>();
  ToSchema(score, root);
  return EncodeJson(root.asReader());
}

ActionDraft RecordScoreDraft(std::string plan, const AgencyScore& score, const Digest& digest) {
  return {fmt::format("result/{}/{}/{}", plan, score.agency, score.year), /*stream: assessment/PLAN*/ "",
          [plan, score, digest](schema::Action::Payload::Builder payload) -> Status {
            auto assessment = payload.initAssessment();
            assessment.setPlanId(plan);
            auto result = assessment.initResultRecorded();
            result.setAgency(score.agency);
            result.setYear(static_cast<uint16_t>(score.year));
            result.setScoreHundredths(static_cast<uint32_t>(score.total * 100));
            result.setGrade(score.grade);
            result.setReplayDigest(capnp::Data::Reader(digest.data(), digest.size()));
            return {};
          }};
}

Result<ScoreFormat> ParseScoreFormat(std::string_view name) {
  if (name == "text") return ScoreFormat::kText;
  if (name == "json") return ScoreFormat::kJson;
  if (name == "csv") return ScoreFormat::kCsv;
  return Fail(ErrorCode::kInvalidArgument, "unknown format '{}' (text, json or csv)", name);
}

}  // namespace gongkai::score
