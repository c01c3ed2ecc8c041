// Deadline computation on the shipped rule sets and the official calendar:
// the 2019-05-15 switch, National Day with and without extension, paused
// third-party time, a correction restarting the clock, the paper transfer by
// the 10th, minimum periods before and after, fixed dates, and the refusals.
#include <gtest/gtest.h>

#include "ledger/rules/deadline.h"
#include "ledger/rules/rule_library.h"
#include "tests/ledger/rules/dates.h"

namespace gongkai::rules {
namespace {

const RuleSet& Rules(std::string_view id) {
  auto set = RuleLibrary::Shipped().Find(id);
  EXPECT_TRUE(set.has_value()) << id;
  return **set;
}

DueDate Due(std::string_view rules, std::string_view deadline, std::string_view trigger,
            const DeadlineOptions& options = {}) {
  auto due = ComputeDeadline(Rules(rules), deadline, D(trigger), Calendar::Official(), options);
  EXPECT_TRUE(due.has_value()) << rules << " " << deadline << " " << trigger << ": " << due.error().message;
  return due.value_or(DueDate{Date{0}, Direction::kWithin, false, ""});
}

std::string DueText(std::string_view rules, std::string_view deadline, std::string_view trigger,
                    const DeadlineOptions& options = {}) {
  return FormatDate(Due(rules, deadline, trigger, options).date);
}

// The national set in force on the day of receipt decides.
std::string NationalReply(std::string_view received) {
  auto rules = RuleLibrary::Shipped().NationalFor(D(received));
  EXPECT_TRUE(rules.has_value());
  auto due = ComputeDeadline(**rules, "reply-application", D(received), Calendar::Official());
  EXPECT_TRUE(due.has_value());
  return FormatDate(due->date);
}

void ExpectError(std::string_view rules, std::string_view deadline, std::string_view trigger,
                 const DeadlineOptions& options, ErrorCode code, std::string_view message) {
  auto due = ComputeDeadline(Rules(rules), deadline, D(trigger), Calendar::Official(), options);
  ASSERT_FALSE(due.has_value()) << FormatDate(due->date);
  EXPECT_EQ(due.error().code, code) << due.error().message;
  EXPECT_EQ(due.error().message, message);
}

TEST(Deadline, ReplySwitchesOn20190515) {
  // Tuesday 2019-05-14: 2007, 15 WD. Wednesday 2019-05-15: 2019, 20 WD (7 June
  // 2019, 端午节, is off).
  EXPECT_EQ(NationalReply("2019-05-14"), "2019-06-04");
  EXPECT_EQ(NationalReply("2019-05-15"), "2019-06-13");
}

TEST(Deadline, ReceivedTheFridayBeforeNationalDay) {
  // 2019-09-27 is a Friday; 09-29 (Sunday) is a 调休 working day, 10-01..07 are
  // off, 10-12 (Saturday) is a working day.
  EXPECT_EQ(DueText("national-2019", "reply-application", "2019-09-27"), "2019-10-30");
  EXPECT_EQ(DueText("national-2019", "reply-application", "2019-09-27", {.extended = true}), "2019-11-27");
  EXPECT_EQ(DueText("national-2007", "reply-application", "2019-09-27"), "2019-10-23");
  EXPECT_EQ(DueText("national-2007", "reply-application", "2019-09-27", {.extended = true}), "2019-11-13");
  DueDate due = Due("national-2019", "reply-application", "2019-09-27", {.extended = true});
  EXPECT_EQ(due.direction, Direction::kWithin);
  EXPECT_EQ(due.explanation,
            "national-2019 reply-application (条例（2019）第三十三条、第三十条): 20 wd + 20 wd extension after "
            "2019-09-27 → due 2019-11-27");
}

TEST(Deadline, ThirdPartyTimeIsNotCounted) {
  EXPECT_EQ(DueText("national-2019", "reply-application", "2019-09-27", {.paused_working_days = 5}), "2019-11-06");
  DueDate due = Due("national-2007", "reply-application", "2019-09-27", {.extended = true, .paused_working_days = 3});
  EXPECT_EQ(FormatDate(due.date), "2019-11-18");
  EXPECT_NE(due.explanation.find("15 wd + 15 wd extension + 3 paused wd after 2019-09-27"), std::string::npos)
      << due.explanation;
}

TEST(Deadline, CorrectionRestartsTheClock) {
  DueDate due = Due("national-2019", "reply-application", "2019-09-27", {.restart = D("2019-10-08")});
  EXPECT_EQ(FormatDate(due.date), "2019-11-04");
  EXPECT_NE(due.explanation.find("after 2019-10-08 (restarted on the correction; received 2019-09-27)"),
            std::string::npos)
      << due.explanation;
  // The correction notice itself: 7 WD from receipt.
  EXPECT_EQ(DueText("national-2019", "correction-notice", "2019-09-27"), "2019-10-12");  // a 调休 Saturday
}

TEST(Deadline, LocalRulesKeepTheirOwnValues) {
  // 天宁区 (2016) and 中卫科技局 (2018) wrote 15 + 15 WD, kept after 2019-05-15.
  EXPECT_EQ(DueText("000-tianning", "reply-application", "2019-09-27"), "2019-10-23");
  EXPECT_EQ(DueText("004-zhongwei-science", "reply-application", "2019-09-27", {.extended = true}), "2019-11-13");
  EXPECT_EQ(DueText("004-zhongwei-science", "publish-after-confidentiality-review", "2019-09-27"), "2019-10-16");
  EXPECT_EQ(DueText("004-zhongwei-science", "publish-time-critical", "2019-09-27"), "2019-09-27");
  EXPECT_EQ(DueText("003-weichang-archive", "confidentiality-review-opinion", "2020-04-30"), "2020-05-11");
  EXPECT_EQ(DueText("003-weichang-archive", "website-publication-review", "2020-04-30"), "2020-05-07");
  EXPECT_EQ(DueText("001-city", "interagency-consultation-answer", "2020-01-17"), "2020-01-21");  // 01-19 调休
  EXPECT_EQ(DueText("004-zhongwei-science", "inquiry-consultation-answer", "2020-03-06"), "2020-03-11");
  EXPECT_EQ(DueText("004-zhongwei-science", "inquiry-complaint-answer", "2020-03-06"), "2020-03-27");
}

TEST(Deadline, PaperTransferByThe10thOfNextMonth) {
  EXPECT_EQ(DueText("000-tianning", "archive-transfer-paper", "2020-03-15"), "2020-04-10");
  EXPECT_EQ(DueText("000-tianning", "archive-transfer-paper", "2020-03-31"), "2020-04-10");
  EXPECT_EQ(DueText("004-zhongwei-science", "archive-transfer-paper", "2019-12-02"), "2020-01-10");
  EXPECT_EQ(Due("000-tianning", "archive-transfer-paper", "2020-03-15").explanation,
            "000-tianning archive-transfer-paper (天宁区移送管理办法 第七条): by day 10 of the month after 2020-03-15 → "
            "due 2020-04-10");
  EXPECT_EQ(DueText("000-tianning", "archive-transfer-electronic", "2020-03-15"), "2020-04-13");
}

TEST(Deadline, MinimumBeforeTheMeeting) {
  DueDate due = Due("004-zhongwei-science", "collective-decision-notice", "2020-03-05");  // a Thursday
  EXPECT_EQ(due.direction, Direction::kAtLeastBefore);
  EXPECT_EQ(FormatDate(due.date), "2020-03-03");
  EXPECT_EQ(DueText("004-zhongwei-science", "collective-decision-notice", "2020-03-09"), "2020-03-05");
  // Meeting on 2019-10-08, the first day after National Day: the notice goes
  // out by Sunday 09-29, a 调休 working day (then 09-30 and 10-08 count).
  EXPECT_EQ(DueText("004-zhongwei-science", "collective-decision-notice", "2019-10-08"), "2019-09-29");
  EXPECT_EQ(DueText("003-weichang-archive", "assessment-notice", "2020-12-20"), "2020-12-05");
}

TEST(Deadline, MinimumPeriodAfterAndCalendarDays) {
  DueDate due = Due("004-zhongwei-science", "pre-disclosure-period", "2020-03-01");
  EXPECT_EQ(due.direction, Direction::kAtLeastAfter);
  EXPECT_EQ(FormatDate(due.date), "2020-03-08");
  EXPECT_NE(due.explanation.find("at least 7 days after 2020-03-01 → the period ends 2020-03-08"), std::string::npos);
  EXPECT_EQ(DueText("004-zhongwei-science", "policy-interpretation", "2020-02-28"), "2020-03-02");
  EXPECT_EQ(DueText("002-yuhuan", "policy-interpretation", "2020-02-28"), "2020-02-28");
}

TEST(Deadline, FixedDatesOfTheNextYear) {
  EXPECT_EQ(DueText("national-2019", "annual-report-submission", "2020-06-01"), "2021-01-31");
  EXPECT_EQ(DueText("national-2019", "annual-report-publication", "2020-06-01"), "2021-03-31");
  EXPECT_EQ(DueText("004-zhongwei-science", "yearly-review", "2018-12-31"), "2019-03-31");
  // Fixed dates need no calendar: years the calendar does not cover work.
  EXPECT_EQ(DueText("national-2019", "annual-report-publication", "2030-06-01"), "2031-03-31");
}

TEST(Deadline, Refusals) {
  ExpectError("national-2019", "inquiry-consultation-answer", "2020-01-02", {}, ErrorCode::kNotFound,
              "rule set national-2019 has no deadline 'inquiry-consultation-answer'");
  ExpectError("national-2019", "correction-notice", "2020-01-02", {.extended = true}, ErrorCode::kInvalidArgument,
              "correction-notice in national-2019 has no extension");
  ExpectError("national-2019", "correction-notice", "2020-01-02", {.paused_working_days = 2},
              ErrorCode::kInvalidArgument, "correction-notice in national-2019 counts every working day (no time is paused)");
  ExpectError("national-2019", "reply-application", "2020-01-02", {.paused_working_days = -1},
              ErrorCode::kInvalidArgument, "paused working days must not be negative, got -1");
  ExpectError("national-2007", "reply-application", "2019-01-02", {.restart = D("2019-01-10")},
              ErrorCode::kInvalidArgument, "reply-application in national-2007 does not restart on a correction");
  ExpectError("national-2019", "reply-application", "2020-01-10", {.restart = D("2020-01-02")},
              ErrorCode::kInvalidArgument, "the correction (2020-01-02) cannot come before the receipt (2020-01-10)");
  auto before = ComputeDeadline(Rules("national-2019"), "reply-application", D("2015-12-20"), Calendar::Official());
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code, ErrorCode::kOutOfRange);
}

// An extension counts the days granted, up to the deadline's extension.
TEST(Deadline, AnExtensionCountsTheDaysGranted) {
  DueDate part = Due("national-2019", "reply-application", "2019-09-27", {.extended = true, .extension_granted = 10});
  EXPECT_EQ(FormatDate(part.date), FormatDate(*Calendar::Official().AddWorkingDays(D("2019-09-27"), 30)));
  EXPECT_NE(part.explanation.find("20 wd + 10 wd extension (of 20) after 2019-09-27"), std::string::npos)
      << part.explanation;
  ExpectError("national-2019", "reply-application", "2019-09-27", {.extended = true, .extension_granted = 21},
              ErrorCode::kInvalidArgument, "an extension of 21 wd is not 1..20 (reply-application in national-2019)");
}

// An application received today (2026-12-07) is due in 2027, a year the
// shipped calendar does not publish: counted Monday to Friday and marked
// provisional; a period ending by 2026-12-31 is not.
TEST(Deadline, PastThePublishedYearsTheDueDateIsProvisional) {
  DueDate due = Due("national-2019", "reply-application", "2026-12-07");
  // Dec 8–11 (4), 14–18 (9), 21–25 (14), 28–31 (18), Jan 1 (19), Jan 4 (20).
  EXPECT_EQ(FormatDate(due.date), "2027-01-04");
  EXPECT_TRUE(due.provisional);
  EXPECT_EQ(due.explanation,
            "national-2019 reply-application (条例（2019）第三十三条、第三十条): 20 wd after 2026-12-07 → due 2027-01-04; "
            "provisional: 2027 counted Monday to Friday (no published calendar for it yet)");
  EXPECT_FALSE(Due("national-2019", "correction-notice", "2026-12-07").provisional);
  // Calendar days are not counted on the calendar: never provisional.
  EXPECT_FALSE(Due("004-zhongwei-science", "policy-interpretation", "2026-12-30").provisional);
  // A minimum before an event in 2027 counts back through 2027's days.
  DueDate notice = Due("004-zhongwei-science", "collective-decision-notice", "2027-01-05");
  EXPECT_TRUE(notice.provisional);

  // Published later, the 2027 calendar settles it: 元旦 off moves it a day.
  auto next = Calendar::Parse("calendar made-up-2027\ncovers 2027 2027\noff 2027-01-01 元旦\n");
  ASSERT_TRUE(next.has_value());
  Calendar settled = Calendar::Official().MergedWith(*next);
  auto final_due = ComputeDeadline(Rules("national-2019"), "reply-application", D("2026-12-07"), settled);
  ASSERT_TRUE(final_due.has_value());
  EXPECT_EQ(FormatDate(final_due->date), "2027-01-05");
  EXPECT_FALSE(final_due->provisional);
}

}  // namespace
}  // namespace gongkai::rules
