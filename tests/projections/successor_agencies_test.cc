// Successor agencies (docs/FINDINGS.md, "Successor agencies"): when an agency
// merges into another or is abolished in its favour, the successor takes
// over its records and duties from the day recorded: its staff act for the
// old agency's items, and a duty missed after that day is its staff's.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

class SuccessorAgencies : public ::testing::Test {
 protected:
  // 天宁区 (000): the electronic transfer is due within 20 WD of formation.
  SuccessorAgencies() : s("江苏省常州市天宁区") {
    Staff(s);
    s.Person("c", 14, {schema::Role::TRANSFER_CLERK});
    s.Person("h9", 40, {schema::Role::HANDLER}, "g9");
    s.Person("c9", 41, {schema::Role::TRANSFER_CLERK}, "g9");
    s.Item("h", D(2024, 3, 4), Drafted);
    s.Item("l1", formed, SignedOff);
  }

  Scenario s;
  const Date formed = D(2024, 3, 5);
};

TEST_F(SuccessorAgencies, ADutyMissedAfterTheMergerIsTheSuccessorsStaffs) {
  s.MergeInto("g9", WD(formed, 3));
  s.Item("h9", WD(formed, 4), Published);  // the successor's handler publishes for g
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(FindId(findings, "late-publication@item/g-1"), nullptr);
  const Finding* missing = FindId(findings, "missing-archive-transfer@item/g-1");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->agency, "g");  // the record is still g's
  ASSERT_EQ(missing->attribution.responsible.size(), 1u);
  EXPECT_EQ(missing->attribution.responsible[0].person, "c9");
  EXPECT_EQ(missing->attribution.responsible[0].agency, "g9");
}

TEST_F(SuccessorAgencies, BeforeTheMergerTheSuccessorsStaffDoNotActForTheAgency) {
  s.MergeInto("g9", WD(formed, 30));
  s.Item("h9", WD(formed, 4), Published);  // not yet g's successor: discharges nothing
  s.Item("h", WD(formed, 25), Published);   // g's own, late
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* late = FindId(findings, "late-publication@item/g-1");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->date, WD(formed, 25));
  // The transfer deadline passed before the merger: g's own clerk answers.
  const Finding* missing = FindId(findings, "missing-archive-transfer@item/g-1");
  ASSERT_NE(missing, nullptr);
  ASSERT_EQ(missing->attribution.responsible.size(), 1u);
  EXPECT_EQ(missing->attribution.responsible[0].person, "c");
  EXPECT_EQ(missing->attribution.responsible[0].agency, "g");
}

}  // namespace
}  // namespace gongkai::projections
