// Extensions of the reply period (条例（2019）第三十三条第二款; docs/FINDINGS.md):
// valid only when approved by the head of the disclosure office, on or
// before the original due date, within the extension the rule set allows
// (20 wd under national-2019, all extensions together), with the applicant
// notified; a valid one extends by the days it grants, an invalid one
// extends nothing and is an invalid-extension finding of its approver.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

const Finding* Find(const std::vector<Finding>& findings, std::string_view kind) {
  auto it = std::ranges::find(findings, kind, &Finding::kind);
  return it == findings.end() ? nullptr : &*it;
}

class Extensions : public ::testing::Test {
 protected:
  void SetUp() override {
    Staff(s);
    s.Person("o", 16, {schema::Role::DISCLOSURE_OFFICE_HEAD});
    Received(s, receipt);
  }
  uint64_t Extend(const std::string& signer, Date day, int working_days, bool notified = true) {
    return s.Case(signer, day, [&](schema::CaseEvent::Builder e) {
      auto x = e.initExtensionApproved();
      x.setWorkingDays(static_cast<uint16_t>(working_days));
      x.setApplicantNotified(notified);
      x.setReason("申请内容复杂");
    });
  }
  void Reply(Date day) { Replied(s, day); }
  Date Due() {
    SubjectState state = s.State("case/g-c1", D(2024, 12, 31));
    auto reply = std::ranges::find(state.deadlines, "reply-application", &DeadlineStatus::deadline);
    EXPECT_NE(reply, state.deadlines.end());
    return reply == state.deadlines.end() ? Date{0} : reply->due;
  }
  // The one invalid-extension finding, checked to be the approver's.
  const Finding* Invalid(const std::vector<Finding>& findings, std::string_view approver, std::string_view fault) {
    const Finding* f = Find(findings, "invalid-extension");
    if (!f) {
      ADD_FAILURE() << "no invalid-extension";
      return nullptr;
    }
    EXPECT_EQ(f->article, "条例（2019）第三十三条第二款");
    EXPECT_EQ(f->attribution.responsible.size(), 1u);
    EXPECT_EQ(f->attribution.responsible[0].person, approver);
    EXPECT_NE(f->attribution.responsible[0].reason.find(fault), std::string::npos) << f->attribution.responsible[0].reason;
    return f;
  }

  Scenario s;
  const Date receipt = D(2024, 4, 8);   // Monday
  const Date original = D(2024, 5, 8);  // 20 wd later
};

TEST_F(Extensions, AValidExtensionExtendsByTheDaysItGrants) {
  Extend("o", D(2024, 4, 22), 10);
  EXPECT_EQ(Due(), WD(receipt, 30));
  Reply(WD(receipt, 30));
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(Find(findings, "late-reply"), nullptr);
  EXPECT_EQ(Find(findings, "invalid-extension"), nullptr);
}

TEST_F(Extensions, ADayAfterTheGrantedDaysTheReplyIsLate) {
  Extend("o", D(2024, 4, 22), 10);
  Reply(WD(receipt, 31));
  EXPECT_NE(Find(s.Findings(D(2024, 12, 31)), "late-reply"), nullptr);
}

TEST_F(Extensions, ApprovedByTheHandlerItExtendsNothing) {
  uint64_t seq = Extend("h", D(2024, 4, 22), 10);
  EXPECT_EQ(Due(), original);
  Reply(WD(original, 1));
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = Invalid(findings, "h", "not approved by the head of the disclosure office");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->date, D(2024, 4, 22));
  EXPECT_EQ(f->evidence.back(), seq);
  EXPECT_NE(Find(findings, "late-reply"), nullptr);
}

TEST_F(Extensions, ApprovedOnTheOriginalDueDateItCounts) {
  Extend("o", original, 20);
  EXPECT_EQ(Due(), WD(receipt, 40));
  EXPECT_EQ(Find(s.Findings(D(2024, 12, 31)), "invalid-extension"), nullptr);
}

TEST_F(Extensions, ApprovedTheDayAfterTheOriginalDueDateItExtendsNothing) {
  Extend("o", WD(original, 1), 20);
  EXPECT_EQ(Due(), original);
  Invalid(s.Findings(D(2024, 12, 31)), "o", "approved after the original due date 2024-05-08");
}

TEST_F(Extensions, LongerThanAllowedItExtendsNothing) {
  Extend("o", D(2024, 4, 22), 21);
  EXPECT_EQ(Due(), original);
  Invalid(s.Findings(D(2024, 12, 31)), "o", "21 wd in all, more than the 20 wd allowed");
}

TEST_F(Extensions, WithoutTellingTheApplicantItExtendsNothing) {
  Extend("o", D(2024, 4, 22), 10, /*notified=*/false);
  EXPECT_EQ(Due(), original);
  Invalid(s.Findings(D(2024, 12, 31)), "o", "the applicant was not notified");
}

TEST_F(Extensions, ExtensionsTogetherStayWithinTheAllowance) {
  Extend("o", D(2024, 4, 22), 10);
  Extend("o", D(2024, 4, 23), 10);
  uint64_t third = Extend("o", D(2024, 4, 24), 1);
  EXPECT_EQ(Due(), WD(receipt, 40));
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = Invalid(findings, "o", "21 wd in all, more than the 20 wd allowed");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence.back(), third);
}

}  // namespace
}  // namespace gongkai::projections
