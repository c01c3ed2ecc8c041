// Joint documents (联合发文; docs/FINDINGS.md, "Joint documents"): the lead
// agency — the agency holding the item — answers for its publication
// (条例（2019）第十条第三款; 001 第六条) and its archive transfer (000
// 移送管理办法 第五条). A co-producer's publication or transfer does not
// discharge that duty unless the rule set's `joint-duty` says any producer's
// does; the findings go to the lead agency's staff, each named with the role
// held and the agency it was held in.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

constexpr const char* kTianning = "江苏省常州市天宁区";  // 000: the lead unit transfers (移送管理办法 第五条)

void JointlyDrafted(schema::ItemEvent::Builder e) {
  Drafted(e);
  auto d = e.getDrafted();
  d.initCoProducers(1).set(0, "g2");
  d.setLeadAgency("g");
}

class JointDocuments : public ::testing::Test {
 protected:
  // Agency g leads, g2 co-produces, g3 has nothing to do with the item;
  // `rule_set`, when given, is published (for 2020 on) before anything else.
  explicit JointDocuments(const char* jurisdiction = kTianning, const std::string& rule_set = {}) : s(jurisdiction) {
    if (!rule_set.empty()) s.PublishRuleSet("test-joint", rule_set, D(2020, 1, 1));
    Staff(s);
    s.Person("c", 14, {schema::Role::TRANSFER_CLERK});
    s.Person("h2", 20, {schema::Role::HANDLER}, "g2");
    s.Person("c2", 21, {schema::Role::TRANSFER_CLERK}, "g2");
    s.Person("h3", 22, {schema::Role::HANDLER}, "g3");
    s.Item("h", D(2024, 3, 4), JointlyDrafted);
    approved = s.Item("l1", formed, SignedOff);
  }

  Scenario s;
  const Date formed = D(2024, 3, 5);
  uint64_t approved = 0;
};

TEST_F(JointDocuments, ACoProducersPublicationDoesNotDischargeTheLeadAgencys) {
  s.Item("h2", WD(formed, 1), Published);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* late = FindId(findings, "late-publication@item/g-1");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule_set, "000-tianning+national-2019");
  EXPECT_EQ(late->date, WD(formed, 21));  // the day after the 20 WD passed
  ASSERT_EQ(late->attribution.responsible.size(), 1u);
  const Responsible& handler = late->attribution.responsible[0];
  EXPECT_EQ(handler.person, "h");
  EXPECT_EQ(handler.role, "handler");
  EXPECT_EQ(handler.agency, "g");
  SubjectState state = s.State("item/g-1", D(2024, 12, 31));
  auto publish = std::ranges::find(state.deadlines, "publish-proactive", &DeadlineStatus::deadline);
  ASSERT_NE(publish, state.deadlines.end());
  EXPECT_EQ(publish->state, DeadlineState::kMissed);
}

TEST_F(JointDocuments, TheLeadAgencysOwnPublicationDischargesIt) {
  s.Item("h2", WD(formed, 1), Published);
  s.Item("h", WD(formed, 20), Published);
  EXPECT_EQ(FindId(s.Findings(D(2024, 12, 31)), "late-publication@item/g-1"), nullptr);
}

TEST_F(JointDocuments, APublicationByAnAgencyThatDidNotProduceItDischargesNothing) {
  s.Item("h3", WD(formed, 1), Published);
  EXPECT_NE(FindId(s.Findings(D(2024, 12, 31)), "late-publication@item/g-1"), nullptr);
}

TEST_F(JointDocuments, ACoProducersTransferDoesNotDischargeTheLeadUnitsUnder000) {
  s.Item("h", WD(formed, 1), Published);
  Transfer(s, "c2", WD(formed, 2), schema::TransferForm::ELECTRONIC);
  Transfer(s, "c", WD(formed, 2), schema::TransferForm::PAPER);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* missing = FindId(findings, "missing-archive-transfer@item/g-1");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->date, WD(formed, 21));
  ASSERT_EQ(missing->attribution.responsible.size(), 1u);
  EXPECT_EQ(missing->attribution.responsible[0].person, "c");
  EXPECT_EQ(missing->attribution.responsible[0].agency, "g");
  EXPECT_EQ(FindId(findings, "missing-archive-transfer@item/g-1#paper"), nullptr);  // c's paper copy counts

  // The near miss: the lead unit's own clerk transfers on the last day.
  Transfer(s, "c", WD(formed, 20), schema::TransferForm::ELECTRONIC);
  EXPECT_EQ(FindId(s.Findings(D(2024, 12, 31)), "missing-archive-transfer@item/g-1"), nullptr);
}

// A jurisdiction whose rule set says any producer's publication discharges
// the duty (none of the shipped ones does).
class AnyProducerDischarges : public JointDocuments {
 protected:
  AnyProducerDischarges()
      : JointDocuments("cn-test-joint",
                       "ruleset test-joint\ntitle 测试联合发文\njurisdiction cn-test-joint\neffective 2020-01-01\n"
                       "base national-2019\njoint-duty publication any-producer 测试办法 第一条\n") {}
};

TEST_F(AnyProducerDischarges, ACoProducersPublicationDischargesIt) {
  s.Item("h2", WD(formed, 1), Published);
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(FindId(findings, "late-publication@item/g-1"), nullptr);
  SubjectState state = s.State("item/g-1", D(2024, 12, 31));
  EXPECT_EQ(state.rule_set, "test-joint");
  auto publish = std::ranges::find(state.deadlines, "publish-proactive", &DeadlineStatus::deadline);
  ASSERT_NE(publish, state.deadlines.end());
  EXPECT_EQ(publish->state, DeadlineState::kMet);
}

TEST_F(AnyProducerDischarges, AnAgencyThatDidNotProduceItStillDischargesNothing) {
  s.Item("h3", WD(formed, 1), Published);
  EXPECT_NE(FindId(s.Findings(D(2024, 12, 31)), "late-publication@item/g-1"), nullptr);
}

}  // namespace
}  // namespace gongkai::projections
