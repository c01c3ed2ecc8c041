// Assessment scoring: hand-computed scores under the default table (via
// national-2019) and under 003's grades, section caps, what is ignored, and
// the consecutive-fail flag.
#include "replay/score.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <sstream>

#include "ledger/ledger.h"
#include "projections/entry_scan.h"
#include "projections/findings.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "tests/projections/scenario.h"
#include "tests/support/simulated_county.h"
#include "tests/support/ground_truth.h"

namespace gongkai::score {
namespace {

using projections::Finding;
using rules::FromCivil;

Finding Found(std::string kind, std::string agency, rules::Date date, uint64_t seq) {
  Finding f;
  f.id = kind + "@case/" + std::to_string(seq);
  f.kind = std::move(kind);
  f.agency = std::move(agency);
  f.subject = "case/" + std::to_string(seq);
  f.date = date;
  f.evidence = {seq};
  return f;
}

const rules::RuleSet& Set(std::string_view id) {
  auto set = rules::RuleLibrary::Shipped().Find(id);
  EXPECT_TRUE(set.has_value()) << id;
  return **set;
}

const SectionScore& Section(const AgencyScore& s, std::string_view id) {
  auto it = std::ranges::find(s.sections, id, &SectionScore::id);
  EXPECT_NE(it, s.sections.end()) << id;
  return *it;
}

std::vector<Finding> Year2024() {
  return {
      Found("late-reply", "g", FromCivil(2024, 3, 1), 10),
      Found("late-reply", "g", FromCivil(2024, 5, 1), 20),
      Found("published-exempt-information", "g", FromCivil(2024, 6, 1), 30),
      Found("missing-annual-report", "g", FromCivil(2024, 3, 31), 40),
      Found("late-publication", "g", FromCivil(2024, 7, 1), 50),
      Found("late-reply", "other", FromCivil(2024, 3, 1), 60),  // another agency
      Found("late-reply", "g", FromCivil(2023, 12, 31), 70),    // another year
  };
}

TEST(Score, DeductionsUnderTheDefaultTable) {
  std::vector<Finding> findings = Year2024();
  AgencyScore s = ScoreAgency("g", 2024, findings, Set("national-2019"));
  EXPECT_EQ(s.rule_set, "national-2019");
  EXPECT_EQ(Section(s, "applications").score, 25 - 6 - 6);
  EXPECT_EQ(Section(s, "confidentiality").score, 15 - 6);
  EXPECT_EQ(Section(s, "annual-report").score, 0);
  EXPECT_EQ(Section(s, "proactive").score, 25 - 5);
  EXPECT_EQ(Section(s, "organisation").score, 10);
  EXPECT_EQ(s.total, 100 - 12 - 6 - 10 - 5);
  EXPECT_EQ(s.grade, "不合格");
  EXPECT_TRUE(s.failing);
  EXPECT_EQ(s.failing_years, 1);
  EXPECT_FALSE(s.consecutive_fail);
  ASSERT_EQ(s.deductions.size(), 5u);
  EXPECT_EQ(s.deductions[0].finding->id, "late-reply@case/10");
  EXPECT_EQ(s.deductions[0].points, 6);
  EXPECT_EQ(s.deductions[0].section, "applications");
  EXPECT_TRUE(s.unscored.empty());
}

// A deduction for a finding judged against a provisional due date (a year
// with no published calendar) is marked, in the score and its JSON.
TEST(Score, ProvisionalDeductionsAreCountedAndMarked) {
  std::vector<Finding> findings = Year2024();
  EXPECT_EQ(ScoreAgency("g", 2024, findings, Set("national-2019")).ProvisionalDeductions(), 0u);
  EXPECT_EQ(ScoreJson(ScoreAgency("g", 2024, findings, Set("national-2019"))).find("\"provisional\":true"),
            std::string::npos);
  findings[1].provisional = true;
  AgencyScore s = ScoreAgency("g", 2024, findings, Set("national-2019"));
  EXPECT_EQ(s.ProvisionalDeductions(), 1u);
  std::string json = ScoreJson(s);
  EXPECT_NE(json.find("\"points\":6,\"provisional\":true"), std::string::npos) << json;
  EXPECT_TRUE(json.ends_with("\"provisional\":true}")) << json;
}

TEST(Score, ASectionLosesNoMoreThanItsWeight) {
  std::vector<Finding> findings;
  for (uint64_t i = 0; i < 5; ++i) findings.push_back(Found("late-reply", "g", FromCivil(2024, 3, 1), i));
  AgencyScore s = ScoreAgency("g", 2024, findings, Set("national-2019"));
  EXPECT_EQ(Section(s, "applications").deducted, 30);
  EXPECT_EQ(Section(s, "applications").score, 0);
  EXPECT_EQ(s.total, 75);
  EXPECT_EQ(s.grade, "合格");
}

TEST(Score, FailingTwoYearsInARowRaisesTheFlag) {
  std::vector<Finding> findings = Year2024();
  const rules::RuleSet& set = Set("national-2019");
  AgencyScore before = ScoreAgency("g", 2023, findings, set);
  EXPECT_EQ(before.total, 100 - 6);  // 2023 holds one late reply
  EXPECT_FALSE(before.failing);
  EXPECT_FALSE(ScoreAgency("g", 2024, findings, set, {&before, 1}).consecutive_fail);
  before.failing = true;
  AgencyScore s = ScoreAgency("g", 2024, findings, set, {&before, 1});
  EXPECT_EQ(s.failing_years, 2);
  EXPECT_TRUE(s.consecutive_fail);
}

TEST(Score, TheOtherGradeSchemeAndNoFlag) {
  // 003 grades 优秀 合格 基本合格 不合格 and raises no consecutive-fail flag.
  std::vector<Finding> findings = {Found("late-reply", "g", FromCivil(2024, 3, 1), 1),
                                   Found("late-reply", "g", FromCivil(2024, 4, 1), 2),
                                   Found("published-exempt-information", "g", FromCivil(2024, 6, 1), 3),
                                   Found("late-publication", "g", FromCivil(2024, 7, 1), 4),
                                   Found("late-annual-report", "g", FromCivil(2024, 4, 1), 5)};
  const rules::RuleSet& set = Set("003-weichang-archive");
  AgencyScore s = ScoreAgency("g", 2024, findings, set);
  EXPECT_EQ(s.total, 100 - 12 - 6 - 5 - 5);
  EXPECT_EQ(s.grade, "基本合格");
  AgencyScore national = ScoreAgency("g", 2024, findings, Set("national-2019"));
  EXPECT_EQ(national.total, s.total);
  EXPECT_EQ(national.grade, "合格");
  std::vector<Finding> worse = findings;
  for (uint64_t i = 10; i < 14; ++i) worse.push_back(Found("published-exempt-information", "g", FromCivil(2024, 8, 1), i));
  AgencyScore failing = ScoreAgency("g", 2024, worse, set);
  EXPECT_EQ(failing.grade, "不合格");
  EXPECT_FALSE(ScoreAgency("g", 2024, worse, set, {&failing, 1}).consecutive_fail);
}

TEST(Score, KindsTheTableDoesNotDeductAreListedNotScored) {
  std::vector<Finding> findings = {Found("no-such-kind", "g", FromCivil(2024, 3, 1), 1)};
  AgencyScore s = ScoreAgency("g", 2024, findings, Set("national-2019"));
  EXPECT_EQ(s.total, 100);
  EXPECT_EQ(s.grade, "优秀");
  ASSERT_EQ(s.unscored.size(), 1u);
  EXPECT_EQ(s.unscored[0]->id, "no-such-kind@case/1");
}

// On a simulated county-year, each agency's score from the engine's
// findings is the score its ground-truth manifest implies.
TEST(ScoreSimulated, EqualsWhatTheGroundTruthImplies) {
  testing::TempDir dir;
  std::string data = testing::SimulateCounty(dir, "sim", 12, 3, 2024, 9000, 0.2);
  auto store = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  ASSERT_TRUE(store.has_value());
  projections::FindingsEngine engine(rules::RuleLibrary::Shipped(), rules::Calendar::Official());
  auto applied = projections::ApplyEntries(
      **store, UINT64_MAX, [&](const projections::EventRecord& record) { return engine.Apply(record); });
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  const rules::Date year_end = FromCivil(2024, 12, 31);
  auto found = engine.Findings(year_end);
  ASSERT_TRUE(found.has_value());

  // The manifest, as a third party reads it.
  testing::GroundTruth manifest;
  testing::ReadGroundTruth(data + "/ground-truth.jsonl", manifest);
  std::vector<Finding> truth;
  for (schema::sim::Violation::Reader violation : manifest.violations) {
    Finding f;
    f.id = violation.getId().cStr();
    f.kind = violation.getKind().cStr();
    f.agency = violation.getAgency().cStr();
    f.date = *rules::ParseDate(violation.getDate().cStr());
    truth.push_back(std::move(f));
  }
  ASSERT_GT(truth.size(), 20u);

  size_t deductions = 0;
  for (const std::string& agency : engine.Agencies()) {
    const rules::RuleSet* set = engine.RuleSetInForce(agency, year_end);
    ASSERT_NE(set, nullptr);
    AgencyScore from_engine = ScoreAgency(agency, 2024, *found, *set);
    AgencyScore from_truth = ScoreAgency(agency, 2024, truth, *set);
    EXPECT_EQ(from_engine.total, from_truth.total) << agency;
    EXPECT_EQ(from_engine.grade, from_truth.grade) << agency;
    ASSERT_EQ(from_engine.sections.size(), from_truth.sections.size());
    for (size_t i = 0; i < from_engine.sections.size(); ++i) {
      EXPECT_EQ(from_engine.sections[i].deducted, from_truth.sections[i].deducted)
          << agency << " " << from_engine.sections[i].id;
    }
    EXPECT_EQ(from_engine.deductions.size(), from_truth.deductions.size()) << agency;
    deductions += from_engine.deductions.size();
  }
  EXPECT_GT(deductions, 20u);
}

// The 2019-05-15 switch: an application received before it is answered
// under the 2007 regulation (15 working days), one received after it under
// the 2019 regulation (20); the year's score deducts the one late reply.
TEST(ScoreScenario, TheRegulationInForceOnReceiptDecidesWhatIsLate) {
  projections::Scenario s;
  projections::Staff(s);
  const rules::Calendar& calendar = rules::Calendar::Official();
  auto application = [&](const std::string& id, rules::Date receipt) {
    std::string date = rules::FormatDate(receipt);
    s.Case("h", receipt, [&](schema::CaseEvent::Builder e) {
      auto x = e.initReceived();
      x.setReceiptDate(date);
      x.setApplicant(std::string(64, 'a'));
      x.initRequestDigest(32);
      x.setItemCount(1);
    }, id);
    Replied(s, *calendar.AddWorkingDays(receipt, 17), id);
  };
  application("before", FromCivil(2019, 5, 6));
  application("after", FromCivil(2019, 5, 20));
  auto findings = s.Findings(FromCivil(2019, 12, 31));
  const Finding* late = projections::Only(findings, "late-reply");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->subject, "case/before");
  EXPECT_EQ(late->rule_set, "national-2007");
  const rules::RuleSet* set = s.engine().RuleSetInForce("g", FromCivil(2019, 12, 31));
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->id, "national-2019");
  AgencyScore score = ScoreAgency("g", 2019, findings, *set);
  EXPECT_EQ(score.total, 94);
  ASSERT_EQ(score.deductions.size(), 1u);
  EXPECT_EQ(score.deductions[0].finding->subject, "case/before");
  EXPECT_EQ(score.grade, "优秀");
}

}  // namespace
}  // namespace gongkai::score
