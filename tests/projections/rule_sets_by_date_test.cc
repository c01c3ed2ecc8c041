// Rule sets by the date of each step (docs/FINDINGS.md, "Rule sets by the
// date of each step"; docs/RULES.md, "A book outliving its regulation"):
// - a local book written under the 2007 regulation and still in force is
//   read over the 2019 regulation from 2019-05-15: what it only restates of
//   the 2007 regulation (004 第三十五条（二）: 15 + 15 WD) yields to 条例（2019）
//   第三十三条 (20 + 20 WD), its own stricter rules stand;
// - a step is judged by the rules in force when its clock started, not by
//   those of the day that selected the subject's rule set.
// Each with the near miss on both sides of the boundary.
#include <gtest/gtest.h>

#include <algorithm>

#include "ledger/rules/rule_library.h"
#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

constexpr const char* kYuhuan = "浙江省台州市玉环市";              // 002, from 2018-10-19
constexpr const char* kZhongwei = "宁夏回族自治区中卫市科学技术局";  // 004, from 2018-11-09

// An application to the bureau (004) received on `receipt` and answered on
// `replied`, as case/`id`.
void ReceivedAndReplied(Scenario& s, const std::string& id, Date receipt, Date replied) {
  Received(s, receipt, id);
  Replied(s, replied, id);
}

class BookOutlivingItsRegulation : public ::testing::Test {
 protected:
  void SetUp() override { Staff(s); }
  Scenario s{kZhongwei};
};

// Received the day before the 2019 regulation: the bureau's own 15 WD.
TEST_F(BookOutlivingItsRegulation, BeforeTheDayTheBooksRestatedPeriodCounts) {
  const Date receipt = D(2019, 5, 14);
  ReceivedAndReplied(s, "g-on-time", receipt, WD(receipt, 15));
  ReceivedAndReplied(s, "g-late", receipt, WD(receipt, 16));
  auto findings = s.Findings(D(2019, 12, 31));
  EXPECT_EQ(FindId(findings, "late-reply@case/g-on-time"), nullptr);
  const Finding* late = FindId(findings, "late-reply@case/g-late");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule_set, "004-zhongwei-science");
  EXPECT_EQ(late->article, "中卫市科技局政务信息公开制度 第三十五条（二）");
}

// Received on the day: the applicant is owed the 2019 regulation's 20 WD;
// the bureau's attribution rule (004 §64) still applies.
TEST_F(BookOutlivingItsRegulation, FromTheDayTheRegulationsPeriodIsOwed) {
  const Date receipt = D(2019, 5, 15);
  ReceivedAndReplied(s, "g-16", receipt, WD(receipt, 16));
  ReceivedAndReplied(s, "g-20", receipt, WD(receipt, 20));
  ReceivedAndReplied(s, "g-21", receipt, WD(receipt, 21));
  auto findings = s.Findings(D(2019, 12, 31));
  EXPECT_EQ(FindId(findings, "late-reply@case/g-16"), nullptr);
  EXPECT_EQ(FindId(findings, "late-reply@case/g-20"), nullptr);
  const Finding* late = FindId(findings, "late-reply@case/g-21");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule_set, "004-zhongwei-science+national-2019");
  EXPECT_EQ(late->article, "条例（2019）第三十三条");
  EXPECT_EQ(Shares(*late), (std::vector<std::string>{"h handler primary 004 §64(一)"}));

  SubjectState state = s.State("case/g-21", D(2019, 12, 31));
  EXPECT_EQ(state.rule_set, "004-zhongwei-science+national-2019");
  ASSERT_FALSE(state.deadlines.empty());
  EXPECT_EQ(state.deadlines[0].due, WD(receipt, 20));
}

// A ledger that publishes the book under its id without the rebase line
// reads it as written: the shipped derived reading is not borrowed.
TEST_F(BookOutlivingItsRegulation, ABookPublishedWithoutTheRebaseIsReadAsWritten) {
  const rules::RuleSet& shipped = *rules::RuleLibrary::Shipped().Find("004-zhongwei-science").value();
  std::string text = shipped.text;
  size_t rebase = text.find("rebase national-2019 from 2019-05-15\n");
  ASSERT_NE(rebase, std::string::npos);
  text.erase(rebase, std::string_view("rebase national-2019 from 2019-05-15\n").size());
  for (size_t statutory; (statutory = text.find("  statutory\n")) != std::string::npos;) {
    text.erase(statutory, std::string_view("  statutory\n").size());
  }
  s.PublishRuleSet("004-zhongwei-science", text, D(2019, 5, 20));
  const Date receipt = D(2019, 6, 3);
  ReceivedAndReplied(s, "g-16", receipt, WD(receipt, 16));
  auto findings = s.Findings(D(2019, 12, 31));
  const Finding* late = FindId(findings, "late-reply@case/g-16");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule_set, "004-zhongwei-science");
}

// ---- a step by the rules in force when its clock started ----

// Yuhuan's book (002 第十条: the interpretation the same day as the policy)
// takes effect 2018-10-19; before it, the 2007 regulation sets no
// interpretation deadline. The item is formed on 2018-10-10, under the 2007
// regulation, so the item's rule set is national-2007; the interpretation's
// clock starts with the publication.
class StepsByTheirOwnDate : public ::testing::Test {
 protected:
  void SetUp() override { Staff(s); }

  void PolicyFormedAndPublished(Date published) {
    s.Item("h", D(2018, 10, 8), [](schema::ItemEvent::Builder e) {
      Drafted(e);
      e.getDrafted().setIsPolicyDocument(true);
    });
    s.Item("h", D(2018, 10, 9), [](schema::ItemEvent::Builder e) {
      e.initConfidentialityOpinion().setOpinion(schema::ReviewOpinion::DISCLOSE);
    });
    s.Item("l1", formed, SignedOff);
    s.Item("h", published, Published);
    s.Item("h", WD(published, 1), [](schema::ItemEvent::Builder e) {
      auto x = e.initInterpretationPublished();
      x.setLocator("https://example.gov.cn/g-1-jd");
      x.initContentDigest(32);
    });
  }

  Scenario s{kYuhuan};
  const Date formed = D(2018, 10, 10);
};

TEST_F(StepsByTheirOwnDate, AnInterpretationWhoseClockStartsUnderTheLocalBookIsJudgedByIt) {
  PolicyFormedAndPublished(D(2018, 10, 19));  // the book's first day
  auto findings = s.Findings(D(2018, 12, 31));
  const Finding* late = FindId(findings, "late-interpretation@item/g-1");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule_set, "002-yuhuan");
  SubjectState state = s.State("item/g-1", D(2018, 12, 31));
  EXPECT_EQ(state.rule_set, "national-2007");  // selected by the formation
  auto interpretation = std::ranges::find(state.deadlines, "policy-interpretation", &DeadlineStatus::deadline);
  ASSERT_NE(interpretation, state.deadlines.end());
  EXPECT_EQ(interpretation->rule_set, "002-yuhuan");
  EXPECT_EQ(interpretation->due, D(2018, 10, 19));
  EXPECT_EQ(interpretation->state, DeadlineState::kLate);
  auto publish = std::ranges::find(state.deadlines, "publish-proactive", &DeadlineStatus::deadline);
  ASSERT_NE(publish, state.deadlines.end());
  EXPECT_EQ(publish->rule_set, "national-2007");  // its clock started at the formation
}

TEST_F(StepsByTheirOwnDate, TheDayBeforeTheBookTheSameStepIsNotItsToJudge) {
  PolicyFormedAndPublished(D(2018, 10, 18));
  auto findings = s.Findings(D(2018, 12, 31));
  EXPECT_EQ(FindId(findings, "late-interpretation@item/g-1"), nullptr);
  EXPECT_EQ(FindId(findings, "missing-interpretation@item/g-1"), nullptr);
}

}  // namespace
}  // namespace gongkai::projections
