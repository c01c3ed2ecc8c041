// Two clocks (docs/FINDINGS.md, "Two clocks"): an act says when it happened
// (business time) and the ledger says when it was recorded. An act dated on
// or before the due date it meets but recorded after it is a finding
// (recorded-after-deadline) citing the deadline's article, attributed to
// whoever signed it; one recorded on the due date is not (the near miss).
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

const Finding* Find(const std::vector<Finding>& findings, std::string_view kind) {
  auto it = std::ranges::find(findings, kind, &Finding::kind);
  return it == findings.end() ? nullptr : &*it;
}

class TwoClocks : public ::testing::Test {
 protected:
  void SetUp() override { Staff(s); }

  // A standard reply to case/g-c1, dated `dated`.
  uint64_t Reply(Date dated) { return Replied(s, dated); }

  Scenario s;
  // Received Monday 2024-04-08: 20 working days end Wednesday 2024-05-08
  // (Sunday 2024-04-28 worked, 劳动节 2024-05-01..05 off).
  const Date receipt = D(2024, 4, 8);
  const Date due = D(2024, 5, 8);
};

TEST_F(TwoClocks, TheCalendarGivesTheDueDateTheTestsAssume) {
  EXPECT_EQ(rules::Calendar::Official().AddWorkingDays(receipt, 20), due);
}

TEST_F(TwoClocks, AReplyDatedOnTimeButRecordedAfterTheDueDateIsAFinding) {
  Received(s, receipt);
  s.RecordNextOn(D(2024, 5, 20));
  uint64_t reply = Reply(due);
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(Find(findings, "late-reply"), nullptr);  // by the date it bears, on time
  const Finding* f = Find(findings, "recorded-after-deadline");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, fmt::format("recorded-after-deadline@case/g-c1#{}", reply));
  EXPECT_EQ(f->date, D(2024, 5, 20));
  EXPECT_EQ(f->evidence, (std::vector<uint64_t>{reply}));
  EXPECT_EQ(f->rule_set, "national-2019");
  EXPECT_EQ(f->article, "条例（2019）第三十三条、第三十条（登记晚于期限）");
  ASSERT_EQ(f->attribution.responsible.size(), 1u);
  EXPECT_EQ(f->attribution.responsible[0].person, "h");
  EXPECT_NE(f->attribution.responsible[0].reason.find("recorded on 2024-05-20 the act dated 2024-05-08"),
            std::string::npos)
      << f->attribution.responsible[0].reason;
  // Judged as of a day before it was recorded, the record held nothing yet.
  EXPECT_EQ(Find(s.Findings(D(2024, 5, 19)), "recorded-after-deadline"), nullptr);
}

TEST_F(TwoClocks, ARecordMadeOnTheDueDateIsNoFinding) {
  Received(s, receipt);
  s.RecordNextOn(due);
  Reply(D(2024, 5, 7));
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(Find(findings, "recorded-after-deadline"), nullptr);
  EXPECT_EQ(Find(findings, "late-reply"), nullptr);
}

TEST_F(TwoClocks, AReplyLateByItsOwnDateIsALateReplyOnly) {
  Received(s, receipt);
  s.RecordNextOn(D(2024, 5, 20));
  Reply(D(2024, 5, 9));
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_NE(Find(findings, "late-reply"), nullptr);
  EXPECT_EQ(Find(findings, "recorded-after-deadline"), nullptr);
}

// Under 004 (中卫市科技局), whose electronic transfer is due 20 working days
// after formation: the clerk who records it late answers for it.
TEST_F(TwoClocks, AnArchiveTransferRecordedLateIsFoundToo) {
  Scenario z("宁夏回族自治区中卫市科学技术局");
  Staff(z);
  z.Person("c", 15, {schema::Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  z.Item("l1", D(2024, 3, 5), SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  SubjectState state = z.State("item/g-1", D(2024, 3, 6));
  auto transfer = std::ranges::find(state.deadlines, "archive-transfer-electronic", &DeadlineStatus::deadline);
  ASSERT_NE(transfer, state.deadlines.end());
  z.RecordNextOn(Date{transfer->due.days + 30});
  uint64_t seq = z.Item("c", transfer->due, [](schema::ItemEvent::Builder e) {
    auto x = e.initTransferredToArchive();
    x.setForm(schema::TransferForm::ELECTRONIC);
    x.setArchive("archive");
    x.initTransferListDigest(32);
  });
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = Find(findings, "recorded-after-deadline");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence, (std::vector<uint64_t>{seq}));
  EXPECT_EQ(f->rule_set, "004-zhongwei-science+national-2019");
  EXPECT_EQ(f->attribution.responsible[0].person, "c");
  EXPECT_EQ(Find(findings, "late-archive-transfer"), nullptr);
}

}  // namespace
}  // namespace gongkai::projections
