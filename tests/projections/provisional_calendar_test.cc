// A calendar that never stops (docs/RULES.md, "Provisional years"): a
// deadline running past the last published year is counted Monday to Friday
// and marked provisional in the state and the findings; once the year's
// calendar is published to the ledger it is counted again, and the due date
// shows the calendar that moved (or confirmed) it. The made-up 2027 calendar
// has one holiday, 元旦 on Friday 2027-01-01.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

constexpr const char* kMadeUp2027 =
    "calendar made-up-2027\n"
    "covers 2027 2027\n"
    "source https://example.org/2027-notice\n"
    "off 2027-01-01 元旦\n";

const DeadlineStatus& Reply(const SubjectState& state) {
  static const DeadlineStatus none;
  for (const DeadlineStatus& d : state.deadlines) {
    if (d.deadline == "reply-application") return d;
  }
  ADD_FAILURE() << "no reply-application deadline";
  return none;
}

bool HasKind(const std::vector<Finding>& findings, std::string_view kind) {
  return std::ranges::any_of(findings, [&](const Finding& f) { return f.kind == kind; });
}

class ProvisionalCalendar : public ::testing::Test {
 protected:
  void SetUp() override { Staff(s); }
  Scenario s;
};

// Received today, 2026-12-07: 20 working days end in 2027. Dec 8–11 (4),
// 14–18 (9), 21–25 (14), 28–31 (18), Jan 1 (19), Jan 4 (20).
TEST_F(ProvisionalCalendar, ADeadlineIntoAnUnpublishedYearIsProvisional) {
  Received(s, D(2026, 12, 7));
  SubjectState today = s.State("case/g-c1", D(2026, 12, 7));
  const DeadlineStatus& reply = Reply(today);
  EXPECT_EQ(reply.due, D(2027, 1, 4));
  EXPECT_TRUE(reply.provisional);
  EXPECT_FALSE(reply.settled.has_value());
  EXPECT_EQ(reply.state, DeadlineState::kPending);

  // Near miss: on the provisional due date nothing is late yet.
  EXPECT_FALSE(HasKind(s.Findings(D(2027, 1, 4)), "late-reply"));
  auto findings = s.Findings(D(2027, 1, 5));
  const Finding* late = Only(findings, "late-reply");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->date, D(2027, 1, 5));
  EXPECT_TRUE(late->provisional);
}

TEST_F(ProvisionalCalendar, PublishingTheYearMovesTheDueDateAndSaysWhy) {
  Received(s, D(2026, 12, 7));
  uint64_t published = s.PublishCalendar("made-up-2027", kMadeUp2027, D(2026, 12, 20));
  SubjectState state = s.State("case/g-c1", D(2027, 1, 5));
  const DeadlineStatus& reply = Reply(state);
  EXPECT_EQ(reply.due, D(2027, 1, 5));  // 元旦 is off: one day later
  EXPECT_FALSE(reply.provisional);
  ASSERT_TRUE(reply.settled.has_value());
  EXPECT_EQ(reply.settled->provisional_due, D(2027, 1, 4));
  EXPECT_EQ(reply.settled->calendar_seq, published);
  EXPECT_EQ(reply.settled->calendar, "made-up-2027");
  EXPECT_EQ(reply.state, DeadlineState::kPending);
  // The finding the provisional count gave on 2027-01-05 is gone; a day later
  // it is found, and no longer provisional.
  EXPECT_FALSE(HasKind(s.Findings(D(2027, 1, 5)), "late-reply"));
  auto findings = s.Findings(D(2027, 1, 6));
  const Finding* late = Only(findings, "late-reply");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->date, D(2027, 1, 6));
  EXPECT_FALSE(late->provisional);
}

TEST_F(ProvisionalCalendar, ADueDateTheCalendarDoesNotMoveIsConfirmed) {
  // From 2027-01-04: 20 weekdays, no holiday among them either way.
  Received(s, D(2027, 1, 4));
  uint64_t published = s.PublishCalendar("made-up-2027", kMadeUp2027, D(2027, 1, 4));
  SubjectState state = s.State("case/g-c1", D(2027, 1, 4));
  const DeadlineStatus& reply = Reply(state);
  EXPECT_EQ(reply.due, D(2027, 2, 1));
  EXPECT_FALSE(reply.provisional);
  ASSERT_TRUE(reply.settled.has_value());
  EXPECT_EQ(reply.settled->provisional_due, D(2027, 2, 1));
  EXPECT_EQ(reply.settled->calendar_seq, published);
}

TEST_F(ProvisionalCalendar, ADeadlineWithinThePublishedYearsIsNeitherProvisionalNorSettled) {
  Received(s, D(2026, 11, 2));
  s.PublishCalendar("made-up-2027", kMadeUp2027, D(2026, 12, 20));
  SubjectState state = s.State("case/g-c1", D(2026, 12, 31));
  const DeadlineStatus& reply = Reply(state);
  EXPECT_EQ(reply.due, D(2026, 11, 30));
  EXPECT_FALSE(reply.provisional);
  EXPECT_FALSE(reply.settled.has_value());
}

}  // namespace
}  // namespace gongkai::projections
