// Archive acceptance (docs/FINDINGS.md, "Archive acceptance"): the receiving
// archive answers a transfer after its 四性检测 (authenticity, integrity,
// usability, security; DA/T 70, DA/T 93). A transfer it returns, or passes
// without all four checks recorded as passed, discharges nothing from the
// day of that answer; an answer by anyone but that archive's archivist
// changes nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

using Check = schema::RecordCheck;

class ArchiveAcceptance : public ::testing::Test {
 protected:
  // 天宁区 (000): electronic within 20 WD of formation, paper by the 10th.
  ArchiveAcceptance() : s("江苏省常州市天宁区") {
    Staff(s);
    s.Person("c", 14, {schema::Role::TRANSFER_CLERK});
    s.Person("a", 30, {schema::Role::ARCHIVIST}, "archive");
    s.Person("a2", 31, {schema::Role::ARCHIVIST}, "another-archive");
    s.Item("h", D(2024, 3, 4), Drafted);
    s.Item("l1", formed, SignedOff);
    s.Item("h", WD(formed, 1), Published);
    Transfer(s, "c", WD(formed, 2), schema::TransferForm::PAPER);
    electronic = Transfer(s, "c", WD(formed, 5), schema::TransferForm::ELECTRONIC);
  }

  uint64_t Answer(const std::string& archivist, Date day, bool accepted, Check integrity) {
    return s.Item(archivist, day, [&](schema::ItemEvent::Builder e) {
      auto x = e.initArchiveAccepted();
      x.setTransferSeq(electronic);
      x.setAuthenticity(Check::PASSED);
      x.setIntegrity(integrity);
      x.setUsability(Check::PASSED);
      x.setSecurity(Check::PASSED);
      x.setAccepted(accepted);
      x.initReportDigest(32);
    });
  }

  Scenario s;
  const Date formed = D(2024, 3, 5);
  uint64_t electronic = 0;
};

TEST_F(ArchiveAcceptance, AcceptedWithAllFourChecksPassedTheTransferStands) {
  Answer("a", WD(formed, 7), true, Check::PASSED);
  EXPECT_EQ(FindId(s.Findings(D(2024, 12, 31)), "missing-archive-transfer@item/g-1"), nullptr);
}

TEST_F(ArchiveAcceptance, AReturnedTransferDischargesNothing) {
  Answer("a", WD(formed, 7), false, Check::FAILED);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* missing = FindId(findings, "missing-archive-transfer@item/g-1");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->date, WD(formed, 21));
  EXPECT_EQ(missing->attribution.responsible[0].person, "c");
  // Before the archive answered, the transfer met the deadline.
  SubjectState before = s.State("item/g-1", WD(formed, 6));
  auto deadline = std::ranges::find(before.deadlines, "archive-transfer-electronic", &DeadlineStatus::deadline);
  ASSERT_NE(deadline, before.deadlines.end());
  EXPECT_EQ(deadline->state, DeadlineState::kMet);
}

TEST_F(ArchiveAcceptance, AcceptedWithACheckUnrecordedIsNoAcceptance) {
  Answer("a", WD(formed, 7), true, Check::UNRECORDED);
  EXPECT_NE(FindId(s.Findings(D(2024, 12, 31)), "missing-archive-transfer@item/g-1"), nullptr);
}

TEST_F(ArchiveAcceptance, OnlyTheReceivingArchivesArchivistAnswers) {
  Answer("a2", WD(formed, 7), false, Check::FAILED);  // another archive's
  Answer("h", WD(formed, 7), false, Check::FAILED);   // the agency's own handler
  EXPECT_EQ(FindId(s.Findings(D(2024, 12, 31)), "missing-archive-transfer@item/g-1"), nullptr);
}

TEST_F(ArchiveAcceptance, ATransferMadeAgainAfterTheReturnIsLateOnceTheDeadlinePassed) {
  Answer("a", WD(formed, 7), false, Check::FAILED);
  uint64_t again = Transfer(s, "c", WD(formed, 22), schema::TransferForm::ELECTRONIC);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* late = FindId(findings, "late-archive-transfer@item/g-1");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->evidence.back(), again);
  EXPECT_EQ(FindId(findings, "missing-archive-transfer@item/g-1"), nullptr);
}

}  // namespace
}  // namespace gongkai::projections
