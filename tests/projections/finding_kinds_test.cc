// One hand-built scenario (or more) per finding kind of docs/FINDINGS.md §3:
// that it is found with the right evidence, date, rule set and responsible
// people, and, where a near miss is sensible, that it is not found then.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "projections/findings.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/date.h"
#include "tests/projections/scenario.h"

namespace gongkai::projections {
namespace {

using rules::Date;
using schema::Role;
using Seqs = std::vector<uint64_t>;
using Lines = std::vector<std::string>;

// Jurisdictions of the local rule sets (data/rules/*.rules).
constexpr const char* kYuhuan = "浙江省台州市玉环市";                              // 002, from 2018-10-19
constexpr const char* kWeichang = "河北省承德市围场满族蒙古族自治县档案馆";        // 003, from 2020-03-13
constexpr const char* kZhongwei = "宁夏回族自治区中卫市科学技术局";                // 004, from 2018-11-09

Date Plus(Date day, int days) { return Date{day.days + days}; }

bool HasKind(const std::vector<Finding>& findings, std::string_view kind) {
  return std::ranges::any_of(findings, [&](const Finding& f) { return f.kind == kind; });
}

const DeadlineStatus* Deadline(const SubjectState& state, std::string_view name) {
  for (const DeadlineStatus& d : state.deadlines) {
    if (d.deadline == name) return &d;
  }
  ADD_FAILURE() << "no deadline " << name;
  return nullptr;
}

// ---- building blocks ----

void PolicyDrafted(schema::ItemEvent::Builder e) {
  Drafted(e);
  e.getDrafted().setIsPolicyDocument(true);
}
std::function<void(schema::ItemEvent::Builder)> ReportDrafted(int year) {
  return [year](schema::ItemEvent::Builder e) {
    Drafted(e);
    auto d = e.getDrafted();
    d.setTitle("政府信息公开工作年度报告");
    d.setCategory(schema::InfoCategory::ANNUAL_REPORT);
    d.setReportYear(static_cast<uint16_t>(year));
  };
}
uint64_t ReviewRequested(Scenario& s, Date day, const std::string& of) {
  return s.Item("h", day, [&](schema::ItemEvent::Builder e) {
    auto x = e.initConfidentialityReviewRequested();
    if (!of.empty()) x.setRequestedOf(of);
  });
}
uint64_t ReviewOpinion(Scenario& s, const std::string& reviewer, Date day, schema::ReviewOpinion opinion) {
  return s.Item(reviewer, day,
                [&](schema::ItemEvent::Builder e) { e.initConfidentialityOpinion().setOpinion(opinion); });
}
uint64_t Interpreted(Scenario& s, Date day) {
  return s.Item("h", day, [](schema::ItemEvent::Builder e) {
    auto x = e.initInterpretationPublished();
    x.setLocator("https://example.gov.cn/g-1-jd");
    x.initContentDigest(32);
  });
}

// A collective decision of the team p, l1, l2 on the item, held on `meeting`
// and recorded by p the day after: `present` vote `votes` in order (none
// recorded when empty); adopted however they voted.
uint64_t Decided(Scenario& s, Date meeting, const std::vector<std::string>& present,
                 const std::vector<schema::VoteChoice>& votes) {
  std::string notice = rules::FormatDate(Plus(meeting, -3));
  std::string held = rules::FormatDate(meeting);
  return s.Item("p", Plus(meeting, 1), [&](schema::ItemEvent::Builder e) {
    auto d = e.initCollectiveDecision();
    d.setConcerning("publication");
    d.setNoticeDate(notice);
    d.setMeetingDate(held);
    const std::vector<std::string> team = {"p", "l1", "l2"};
    auto should = d.initShouldAttend(static_cast<unsigned>(team.size()));
    for (unsigned i = 0; i < team.size(); ++i) should.set(i, team[i]);
    auto there = d.initPresent(static_cast<unsigned>(present.size()));
    for (unsigned i = 0; i < present.size(); ++i) there.set(i, present[i]);
    auto cast = d.initVotes(static_cast<unsigned>(votes.size()));
    for (unsigned i = 0; i < votes.size(); ++i) {
      cast[i].setPersonId(present[i]);
      cast[i].setChoice(votes[i]);
    }
    d.setResult(schema::CollectiveResult::ADOPTED);
  });
}

// The reply drafted by h and approved by l1 on `day`; returns the approval.
uint64_t ReplyApproved(Scenario& s, Date day) {
  s.Case("h", day, [](schema::CaseEvent::Builder e) { e.initReplyDrafted().initDraftDigest(32); });
  return s.Case("l1", day, [](schema::CaseEvent::Builder e) {
    e.initReplyApproved().setDecision(schema::ReviewDecision::APPROVE);
  });
}
// A standard reply issued by h on `day`, then changed by `adjust`.
uint64_t ReplyIssued(Scenario& s, Date day, const std::function<void(schema::ReplyIssued::Builder)>& adjust = {}) {
  return s.Case("h", day, [&](schema::CaseEvent::Builder e) {
    auto x = e.initReplyIssued();
    x.setLegalBasis("条例第三十六条");
    x.setReasons("依法答复");
    x.setRemedyStatement(true);
    x.initReplyDigest(32);
    if (adjust) adjust(x);
  });
}
uint64_t FeeNoticed(Scenario& s, Date day, uint64_t fen) {
  return s.Case("h", day, [&](schema::CaseEvent::Builder e) {
    auto x = e.initFeeNotice();
    x.setBasis(schema::FeeBasis::BY_PIECE);
    x.setQuantity(1);
    x.setAmountFen(fen);
  });
}
// A reconsideration (or a court) deciding on `decided`, recorded on `recorded`.
uint64_t ReviewDecided(Scenario& s, Date recorded, Date decided, schema::ReviewResult result, bool court = false) {
  std::string date = rules::FormatDate(decided);
  return s.Case("h", recorded, [&](schema::CaseEvent::Builder e) {
    if (court) {
      auto x = e.initLitigationDecided();
      x.setResult(result);
      x.initJudgmentDigest(32);
      x.setDecidedDate(date);
    } else {
      auto x = e.initReconsiderationDecided();
      x.setResult(result);
      x.initDecisionDigest(32);
      x.setDecidedDate(date);
    }
  });
}

uint64_t InquiryReceived(Scenario& s, Date day, schema::InquiryKind kind) {
  std::string date = rules::FormatDate(day);
  return s.Inquiry("h", day, [&](schema::InquiryEvent::Builder e) {
    auto x = e.initReceived();
    x.setKind(kind);
    x.setReceivedDate(date);
    x.setCitizen(std::string(64, 'c'));
    x.initMessageDigest(32);
  });
}
uint64_t InquiryAnswered(Scenario& s, Date day) {
  return s.Inquiry("h", day, [](schema::InquiryEvent::Builder e) { e.initAnswered().initAnswerDigest(32); });
}
uint64_t InquirySignedOff(Scenario& s, const std::string& who, Date day) {
  return s.Inquiry(who, day, [](schema::InquiryEvent::Builder e) {
    e.initSignedOff().setDecision(schema::ReviewDecision::APPROVE);
  });
}

// The scenario's Staff: handler h, leaders in charge l1 and l2, principal p.
class FindingKinds : public ::testing::Test {
 protected:
  void SetUp() override { Staff(s); }
  // A scenario whose agency "g" lies in `jurisdiction`, with the same staff.
  Scenario& In(const std::string& jurisdiction) {
    local_ = std::make_unique<Scenario>(jurisdiction);
    Staff(*local_);
    return *local_;
  }

  Scenario s;  // under the national rule set in force
  std::unique_ptr<Scenario> local_;
};

const Lines kLeaderAndHandler = {"l1 leaderInCharge primary 004 §64(二)", "h handler primary 004 §64(二)"};
const Lines kHandlerAlone = {"h handler primary 004 §64(一)"};
// Under the national rule sets (statutory: 条例（2019）第五十三条, no shares).
const Lines kNationalHandlerAlone = {"h handler direct 条例（2019）第五十三条"};
const Lines kNationalLeaderAndHandler = {"l1 leaderInCharge in-charge 条例（2019）第五十三条",
                                         "h handler direct 条例（2019）第五十三条"};
// A collective decision of the whole team p, l1, l2, prepared by h.
const Lines kTeam = {"p principal primary 004 §64(三)", "h handler primary 004 §64(三)",
                     "l1 leaderInCharge secondary 004 §64(三)", "l2 leaderInCharge secondary 004 §64(三)"};

// ---- items: approval ----

TEST_F(FindingKinds, ApprovalAfterPublicationIsTheHandlersAlone) {
  uint64_t drafted = s.Item("h", D(2024, 3, 4), Drafted);
  uint64_t published = s.Item("h", D(2024, 3, 5), Published);
  uint64_t approved = s.Item("l1", D(2024, 3, 6), SignedOff);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "approval-after-publication",
                                   {.evidence = {published, approved}, .date = D(2024, 3, 5),
                                    .rule_set = "national-2019", .approval = "none", .shares = kNationalHandlerAlone});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "approval-after-publication@item/g-1");
  EXPECT_EQ(f->agency, "g");
  EXPECT_EQ(f->article, "条例（2019）第十七条（先审查后公开）");
  // The late approval covers nothing: the publication was also unreviewed.
  ExpectFinding(findings, "published-without-review", {.evidence = {drafted, published}});
  // Before the approval happened, only the missing review shows.
  auto before = s.Findings(D(2024, 3, 5));
  EXPECT_FALSE(HasKind(before, "approval-after-publication"));
  EXPECT_TRUE(HasKind(before, "published-without-review"));
}

TEST_F(FindingKinds, ApprovalBeforePublicationIsNoApprovalAfterPublication) {
  s.Item("h", D(2024, 3, 4), Drafted);
  s.Item("l1", D(2024, 3, 5), SignedOff);
  s.Item("h", D(2024, 3, 6), Published);
  s.Item("l2", D(2024, 3, 7), SignedOff);  // a second approval after publication changes nothing
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "approval-after-publication"));
  EXPECT_FALSE(HasKind(findings, "published-without-review"));
}

TEST_F(FindingKinds, JointDocumentIsApprovedOnlyByALeaderOfTheLeadAgency) {
  s.Person("l3", 17, {Role::LEADER_IN_CHARGE}, "g2");
  uint64_t drafted = s.Item("h", D(2024, 3, 4), [](schema::ItemEvent::Builder e) {
    Drafted(e);
    auto d = e.getDrafted();
    d.initCoProducers(1).set(0, "g2");
    d.setLeadAgency("g");
  });
  uint64_t by_g2 = s.Item("l3", D(2024, 3, 5), SignedOff);  // the co-producer's leader: no approval for g
  uint64_t by_g = s.Item("l1", D(2024, 3, 6), SignedOff);
  uint64_t published = s.Item("h", D(2024, 3, 7), Published);
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "published-without-confidentiality-review",
                                   {.evidence = {by_g, published}, .rule_set = "national-2019", .approval = "leader",
                                    .shares = kNationalLeaderAndHandler});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->agency, "g");
  EXPECT_NE(f->attribution.responsible[0].reason.find(fmt::format("seq {}", by_g)), std::string::npos);
  EXPECT_NE(f->attribution.responsible[1].reason.find(fmt::format("seq {}", drafted)), std::string::npos);
  // g's sign-off came before the publication, so it was reviewed, and in order.
  EXPECT_FALSE(HasKind(findings, "published-without-review"));
  EXPECT_FALSE(HasKind(findings, "approval-after-publication"));
  for (const Finding& any : findings) {
    EXPECT_EQ(std::ranges::find(any.evidence, by_g2), any.evidence.end()) << any.id;
    for (const Responsible& r : any.attribution.responsible) EXPECT_NE(r.person, "l3") << any.id;
  }
  // The item is formed by g's sign-off, not g2's.
  SubjectState state = s.State("item/g-1", D(2024, 12, 31));
  const DeadlineStatus* publish = Deadline(state, "publish-proactive");
  ASSERT_NE(publish, nullptr);
  EXPECT_EQ(publish->trigger, D(2024, 3, 6));
}

// ---- items: collective decisions (004 §30) ----

TEST_F(FindingKinds, CollectiveDecisionWithoutQuorumWhenYesVotesAreNotMoreThanHalfTheTeam) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  uint64_t decided = Decided(z, D(2024, 3, 7), {"p", "l1", "l2"},
                             {schema::VoteChoice::YES, schema::VoteChoice::NO, schema::VoteChoice::ABSTAIN});
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "collective-decision-without-quorum",
                                   {.evidence = {decided},
                                    .date = D(2024, 3, 7),  // the meeting, not the day it was recorded
                                    .rule_set = "004-zhongwei-science+national-2019", .approval = "collective",
                                    // l1 voted against: reduced, as an objection would be.
                                    .shares = {"p principal primary 004 §64(三)", "h handler primary 004 §64(三)",
                                               "l1 leaderInCharge reduced 004 §64(三)",
                                               "l2 leaderInCharge secondary 004 §64(三)"}});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "collective-decision-without-quorum@item/g-1");
  EXPECT_EQ(f->article, "中卫市科技局政务信息公开制度 第三十条（六）（赞成超过应到会成员半数）");
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-votes"));
}

TEST_F(FindingKinds, CollectiveDecisionCarriedByMoreThanHalfTheTeamIsNoFinding) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  Decided(z, D(2024, 3, 7), {"p", "l1", "l2"},
          {schema::VoteChoice::YES, schema::VoteChoice::YES, schema::VoteChoice::NO});
  auto findings = z.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-quorum"));
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-votes"));
}

// The members answer in the positions they held on the leadership team
// (organisation.leadershipAssigned), each named with the agency; someone
// present but not on the team keeps the role the registry gives.
TEST_F(FindingKinds, CollectiveDecisionMembersAnswerInTheirPositionsOnTheTeam) {
  Scenario& z = In(kZhongwei);
  z.OnTeam("l1", schema::LeadershipPosition::MEMBER);  // a leader in charge by role, a plain member of the team
  z.Item("h", D(2024, 3, 4), Drafted);
  Decided(z, D(2024, 3, 7), {"p", "l1", "l2"}, {});
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "collective-decision-without-votes", {.approval = "collective"});
  ASSERT_NE(f, nullptr);
  std::vector<std::string> named;
  for (const Responsible& r : f->attribution.responsible) named.push_back(r.person + " " + r.role + " " + r.agency);
  EXPECT_EQ(named, (std::vector<std::string>{"p principal g", "h handler g", "l1 member g", "l2 leaderInCharge g"}));
}

TEST_F(FindingKinds, CollectiveDecisionWithoutVotesIsFoundOnTheMeetingDate) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  uint64_t decided = Decided(z, D(2024, 3, 7), {"p", "l1", "l2"}, {});
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "collective-decision-without-votes",
                {.evidence = {decided}, .date = D(2024, 3, 7), .rule_set = "004-zhongwei-science+national-2019",
                 .approval = "collective", .shares = kTeam});
  // The whole team was present: no votes recorded is not itself a lack of quorum.
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-quorum"));
}

TEST_F(FindingKinds, CollectiveDecisionWithoutVotesAndMostOfTheTeamAbsentLacksQuorumToo) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  uint64_t decided = Decided(z, D(2024, 3, 7), {"p"}, {});
  auto findings = z.Findings(D(2024, 12, 31));
  for (std::string_view kind : {"collective-decision-without-votes", "collective-decision-without-quorum"}) {
    ExpectFinding(findings, kind,
                  {.evidence = {decided}, .date = D(2024, 3, 7),
                   .shares = {"p principal primary 004 §64(三)", "h handler primary 004 §64(三)"}});
  }
}

TEST_F(FindingKinds, SecondFlawedCollectiveDecisionIsIdentifiedByItsSeq) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  Decided(z, D(2024, 3, 7), {"p", "l1", "l2"}, {});
  uint64_t second = Decided(z, D(2024, 3, 14), {"p", "l1", "l2"}, {});
  std::vector<std::string> ids;
  for (const Finding& f : z.Findings(D(2024, 12, 31))) {
    if (f.kind == "collective-decision-without-votes") ids.push_back(f.id);
  }
  EXPECT_EQ(ids, (Lines{"collective-decision-without-votes@item/g-1",
                        fmt::format("collective-decision-without-votes@item/g-1#{}", second)}));
}

TEST_F(FindingKinds, CollectiveDecisionFlawsAreNotFoundWhereTheRuleSetDoesNotDefineThem) {
  s.Item("h", D(2024, 3, 4), Drafted);
  Decided(s, D(2024, 3, 7), {"p"}, {});
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_EQ(s.State("item/g-1", D(2024, 12, 31)).rule_set, "national-2019");
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-votes"));
  EXPECT_FALSE(HasKind(findings, "collective-decision-without-quorum"));
}

// ---- items: confidentiality review timing (003: 5 WD from the request) ----

TEST_F(FindingKinds, LateConfidentialityReviewIsTheReviewerWhoGaveTheOpinion) {
  Scenario& w = In(kWeichang);
  w.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  w.Item("h", D(2024, 3, 4), Drafted);
  Date asked = D(2024, 3, 5);
  uint64_t request = ReviewRequested(w, asked, "r");
  Date answered = WD(asked, 6);
  uint64_t opinion = ReviewOpinion(w, "r", answered, schema::ReviewOpinion::DISCLOSE);
  auto findings = w.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "late-confidentiality-review",
                                   {.evidence = {request, opinion}, .date = answered,
                                    .rule_set = "003-weichang-archive", .approval = "none",
                                    .shares = {"r confidentialityReviewer primary 003 责任追究制度 §6(一)"}});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "late-confidentiality-review@item/g-1");
}

TEST_F(FindingKinds, ConfidentialityOpinionOnTheFifthWorkingDayIsOnTime) {
  Scenario& w = In(kWeichang);
  w.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  w.Item("h", D(2024, 3, 4), Drafted);
  Date asked = D(2024, 3, 5);
  ReviewRequested(w, asked, "r");
  ReviewOpinion(w, "r", WD(asked, 5), schema::ReviewOpinion::DISCLOSE);
  EXPECT_FALSE(HasKind(w.Findings(D(2024, 12, 31)), "late-confidentiality-review"));
}

TEST_F(FindingKinds, UnansweredReviewRequestIsTheNamedReviewersTheDayAfterItsDeadline) {
  Scenario& w = In(kWeichang);
  w.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  w.Person("r2", 16, {Role::CONFIDENTIALITY_REVIEWER});
  w.Item("h", D(2024, 3, 4), Drafted);
  Date asked = D(2024, 3, 5);
  uint64_t request = ReviewRequested(w, asked, "r");
  Date due = WD(asked, 5);
  EXPECT_FALSE(HasKind(w.Findings(due), "late-confidentiality-review"));
  auto findings = w.Findings(Plus(due, 1));
  ExpectFinding(findings, "late-confidentiality-review",
                {.evidence = {request}, .date = Plus(due, 1),
                 .shares = {"r confidentialityReviewer primary 003 责任追究制度 §6(一)"}});
}

TEST_F(FindingKinds, UnansweredReviewRequestNamingNobodyIsEveryReviewerOfTheAgencys) {
  Scenario& w = In(kWeichang);
  w.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  w.Person("r2", 16, {Role::CONFIDENTIALITY_REVIEWER});
  w.Person("rx", 18, {Role::CONFIDENTIALITY_REVIEWER}, "another-agency");
  w.Item("h", D(2024, 3, 4), Drafted);
  Date asked = D(2024, 3, 5);
  uint64_t request = ReviewRequested(w, asked, "");
  auto findings = w.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-confidentiality-review",
                {.evidence = {request}, .date = Plus(WD(asked, 5), 1),
                 .shares = {"r confidentialityReviewer primary 003 责任追究制度 §6(一)",
                            "r2 confidentialityReviewer primary 003 责任追究制度 §6(一)"}});
}

// ---- items: publication timing ----

TEST_F(FindingKinds, LatePublicationIsTheHandlersAfterTwentyWorkingDaysFromFormation) {
  s.Item("h", D(2024, 4, 1), Drafted);
  Date formed = D(2024, 4, 8);
  uint64_t approved = s.Item("l1", formed, SignedOff);
  Date on = WD(formed, 21);
  uint64_t published = s.Item("h", on, Published);
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-publication",
                {.evidence = {approved, published}, .date = on, .rule_set = "national-2019",
                 .approval = "none",  // the delay is the handler's, though l1 approved
                 .shares = kNationalHandlerAlone});
}

TEST_F(FindingKinds, PublicationOnTheTwentiethWorkingDayIsOnTime) {
  s.Item("h", D(2024, 4, 1), Drafted);
  Date formed = D(2024, 4, 8);
  s.Item("l1", formed, SignedOff);
  s.Item("h", WD(formed, 20), Published);
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "late-publication"));
}

TEST_F(FindingKinds, UnpublishedProactiveItemIsLateTheDayAfterItsDeadline) {
  s.Item("h", D(2024, 4, 1), Drafted);
  Date formed = D(2024, 4, 8);
  uint64_t approved = s.Item("l1", formed, SignedOff);
  Date due = WD(formed, 20);
  EXPECT_FALSE(HasKind(s.Findings(due), "late-publication"));
  auto findings = s.Findings(Plus(due, 1));
  ExpectFinding(findings, "late-publication", {.evidence = {approved}, .date = Plus(due, 1), .shares = kNationalHandlerAlone});
}

TEST_F(FindingKinds, ItemApprovedForDisclosureOnApplicationIsNeverLateForPublication) {
  s.Item("h", D(2024, 4, 1), Drafted);
  s.Item("l1", D(2024, 4, 8), [](schema::ItemEvent::Builder e) {
    auto x = e.initSignedOff();
    x.setDecision(schema::ReviewDecision::APPROVE);
    x.setAttribute(schema::DisclosureAttribute::ON_APPLICATION);
  });
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "late-publication"));
}

TEST_F(FindingKinds, Under004PublicationIsDueTenWorkingDaysAfterTheConfidentialityClearance) {
  Scenario& z = In(kZhongwei);
  z.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  z.Item("h", D(2024, 4, 1), Drafted);
  Date cleared = D(2024, 4, 2);
  ReviewOpinion(z, "r", cleared, schema::ReviewOpinion::DISCLOSE);
  uint64_t approved = z.Item("l1", D(2024, 4, 8), SignedOff);
  Date on = WD(cleared, 11);  // well within 20 WD of the formation
  uint64_t published = z.Item("h", on, Published);
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-publication",
                {.evidence = {approved, published}, .date = on, .rule_set = "004-zhongwei-science+national-2019",
                 .shares = kHandlerAlone});
  SubjectState state = z.State("item/g-1", D(2024, 12, 31));
  const DeadlineStatus* publish = Deadline(state, "publish-after-confidentiality-review");
  ASSERT_NE(publish, nullptr);
  EXPECT_EQ(publish->due, WD(cleared, 10));
  EXPECT_EQ(publish->state, DeadlineState::kLate);
}

TEST_F(FindingKinds, Under004ATimeCriticalItemIsDueTheDayItIsCleared) {
  Scenario& z = In(kZhongwei);
  z.Person("r", 15, {Role::CONFIDENTIALITY_REVIEWER});
  z.Item("h", D(2024, 4, 1), [](schema::ItemEvent::Builder e) {
    Drafted(e);
    e.getDrafted().setTimeCritical(true);
  });
  Date cleared = D(2024, 4, 2);
  ReviewOpinion(z, "r", cleared, schema::ReviewOpinion::DISCLOSE);
  uint64_t approved = z.Item("l1", cleared, SignedOff);
  uint64_t published = z.Item("h", Plus(cleared, 1), Published);
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-publication", {.evidence = {approved, published}, .date = Plus(cleared, 1)});
}

// ---- items: policy interpretation (004: 3 days; 002: the same day) ----

TEST_F(FindingKinds, LateInterpretationIsTheHandlersAfterThreeDays) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), PolicyDrafted);
  z.Item("l1", D(2024, 3, 5), SignedOff);
  Date issued = D(2024, 3, 6);
  uint64_t published = z.Item("h", issued, Published);
  uint64_t interpretation = Interpreted(z, Plus(issued, 4));
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-interpretation",
                {.evidence = {published, interpretation}, .date = Plus(issued, 4), .rule_set = "004-zhongwei-science+national-2019",
                 .approval = "none", .shares = kHandlerAlone});
  EXPECT_FALSE(HasKind(findings, "missing-interpretation"));
}

TEST_F(FindingKinds, InterpretationOnTheThirdDayIsOnTime) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), PolicyDrafted);
  z.Item("l1", D(2024, 3, 5), SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Interpreted(z, D(2024, 3, 9));
  auto findings = z.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "late-interpretation"));
  EXPECT_FALSE(HasKind(findings, "missing-interpretation"));
}

TEST_F(FindingKinds, Under002TheInterpretationIsDueTheSameDay) {
  Scenario& y = In(kYuhuan);
  y.Item("h", D(2024, 3, 4), PolicyDrafted);
  y.Item("l1", D(2024, 3, 5), SignedOff);
  uint64_t published = y.Item("h", D(2024, 3, 6), Published);
  uint64_t interpretation = Interpreted(y, D(2024, 3, 7));
  auto findings = y.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-interpretation", {.evidence = {published, interpretation}, .rule_set = "002-yuhuan+national-2019"});
}

TEST_F(FindingKinds, MissingInterpretationIsDatedOnThePublicationOnceItsDeadlinePassed) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), PolicyDrafted);
  uint64_t approved = z.Item("l1", D(2024, 3, 5), SignedOff);
  Date issued = D(2024, 3, 6);
  uint64_t published = z.Item("h", issued, Published);
  EXPECT_FALSE(HasKind(z.Findings(Plus(issued, 3)), "missing-interpretation"));
  auto findings = z.Findings(Plus(issued, 4));
  const Finding* f = ExpectFinding(findings, "missing-interpretation",
                                   {.evidence = {published}, .date = issued, .rule_set = "004-zhongwei-science+national-2019",
                                    .approval = "leader",  // what approved the publication
                                    .shares = kLeaderAndHandler});
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->attribution.responsible[0].reason.find(fmt::format("seq {}", approved)), std::string::npos);
}

TEST_F(FindingKinds, ItemThatIsNoPolicyDocumentNeedsNoInterpretation) {
  Scenario& z = In(kZhongwei);
  z.Item("h", D(2024, 3, 4), Drafted);
  z.Item("l1", D(2024, 3, 5), SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  EXPECT_FALSE(HasKind(z.Findings(D(2024, 12, 31)), "missing-interpretation"));
}

// ---- items: the annual report ----

TEST_F(FindingKinds, LateAnnualReportUnderThe2019RegulationIsDueOn31January) {
  s.Item("h", D(2024, 1, 8), ReportDrafted(2023));
  uint64_t approved = s.Item("p", D(2024, 1, 15), SignedOff);
  uint64_t published = s.Item("h", D(2024, 2, 1), Published);
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-annual-report",
                {.evidence = {approved, published}, .date = D(2024, 2, 1), .rule_set = "national-2019",
                 .approval = "leader", .shares = {"p principal in-charge 条例（2019）第五十三条", "h handler direct 条例（2019）第五十三条"}});
  EXPECT_FALSE(HasKind(findings, "missing-annual-report"));
}

TEST_F(FindingKinds, AnnualReportPublishedOn31JanuaryIsOnTime) {
  s.Item("h", D(2024, 1, 8), ReportDrafted(2023));
  s.Item("p", D(2024, 1, 15), SignedOff);
  s.Item("h", D(2024, 1, 31), Published);
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "late-annual-report"));
  EXPECT_FALSE(HasKind(findings, "missing-annual-report"));
}

TEST_F(FindingKinds, UnderThe2007RegulationTheAnnualReportIsDueOn31March) {
  s.Item("h", D(2018, 1, 8), ReportDrafted(2017));
  uint64_t approved = s.Item("p", D(2018, 1, 15), SignedOff);
  uint64_t published = s.Item("h", D(2018, 4, 2), Published);
  // February would have been late under the 2019 regulation, not under this one.
  EXPECT_FALSE(HasKind(s.Findings(D(2018, 3, 31)), "missing-annual-report"));
  auto findings = s.Findings(D(2018, 12, 31));
  ExpectFinding(findings, "late-annual-report",
                {.evidence = {approved, published}, .date = D(2018, 4, 2), .rule_set = "national-2007"});
}

TEST_F(FindingKinds, MissingAnnualReportIsTheDraftersAndDatedOnItsDueDate) {
  uint64_t drafted = s.Item("h", D(2024, 1, 8), ReportDrafted(2023));
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 1, 31)), "missing-annual-report"));
  auto findings = s.Findings(D(2024, 2, 1));
  ExpectFinding(findings, "missing-annual-report",
                {.evidence = {drafted}, .date = D(2024, 1, 31), .rule_set = "national-2019", .approval = "none",
                 .shares = kNationalHandlerAlone});
}

TEST_F(FindingKinds, MissingAnnualReportBecomesALateOneOncePublished) {
  s.Item("h", D(2024, 1, 8), ReportDrafted(2023));
  uint64_t published = s.Item("h", D(2024, 2, 5), Published);  // no approval before it
  EXPECT_TRUE(HasKind(s.Findings(D(2024, 2, 4)), "missing-annual-report"));
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "missing-annual-report"));
  ExpectFinding(findings, "late-annual-report", {.evidence = {published}, .approval = "none", .shares = kNationalHandlerAlone});
}

// ---- items: archive transfer (004: electronic within 20 WD, paper by the 10th) ----

TEST_F(FindingKinds, LateArchiveTransferIsTheClerksWhenMadeAfterTwentyWorkingDays) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  uint64_t approved = z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Date on = WD(formed, 21);
  uint64_t transfer = Transfer(z, "c", on, schema::TransferForm::ELECTRONIC);
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "late-archive-transfer",
                                   {.evidence = {approved, transfer}, .date = on, .rule_set = "004-zhongwei-science+national-2019",
                                    .approval = "none", .shares = {"c transferClerk primary 004 §64(一)"}});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "late-archive-transfer@item/g-1");
  EXPECT_FALSE(HasKind(findings, "missing-archive-transfer"));
}

TEST_F(FindingKinds, ArchiveTransferOnTheTwentiethWorkingDayIsOnTime) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Transfer(z, "c", WD(formed, 20), schema::TransferForm::ELECTRONIC);
  Transfer(z, "c", D(2024, 4, 10), schema::TransferForm::PAPER);  // the 10th: on time
  auto findings = z.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "late-archive-transfer"));
  EXPECT_FALSE(HasKind(findings, "missing-archive-transfer"));
}

// 004 §61 (and 000 §9) require a paper copy as well as the electronic one:
// none by the 10th of the month after formation is a finding of its own,
// "#paper", the agency's transfer clerks'; the day before, nothing yet.
TEST_F(FindingKinds, MissingPaperCopyIsFoundWhereTheRuleSetRequiresBothForms) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  uint64_t approved = z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Transfer(z, "c", WD(formed, 5), schema::TransferForm::ELECTRONIC);
  EXPECT_FALSE(HasKind(z.Findings(D(2024, 4, 10)), "missing-archive-transfer"));
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "missing-archive-transfer",
                                   {.evidence = {approved}, .date = D(2024, 4, 11),
                                    .rule_set = "004-zhongwei-science+national-2019", .approval = "none",
                                    .shares = {"c transferClerk primary 004 §64(一)"}});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "missing-archive-transfer@item/g-1#paper");
  // Under a rule set that asks for no paper copy (national-2019), none is due.
  s.Person("c", 14, {Role::TRANSFER_CLERK});
  s.Item("h", D(2024, 3, 4), Drafted);
  s.Item("l1", formed, SignedOff);
  s.Item("h", D(2024, 3, 6), Published);
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "missing-archive-transfer"));
}

TEST_F(FindingKinds, LatePaperTransferIsCheckedAgainstTheTenthOfTheNextMonth) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  uint64_t approved = z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Transfer(z, "c", WD(formed, 5), schema::TransferForm::ELECTRONIC);
  uint64_t paper = Transfer(z, "c", D(2024, 4, 11), schema::TransferForm::PAPER);
  EXPECT_FALSE(HasKind(z.Findings(D(2024, 4, 10)), "late-archive-transfer"));
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-archive-transfer",
                {.evidence = {approved, paper}, .date = D(2024, 4, 11),
                 .shares = {"c transferClerk primary 004 §64(一)"}});
}

TEST_F(FindingKinds, TransferAfterAnAmendmentIsTimedFromTheAmendment) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Transfer(z, "c", WD(formed, 3), schema::TransferForm::ELECTRONIC);
  Date changed = D(2024, 6, 3);
  uint64_t amended = z.Item("h", changed, [](schema::ItemEvent::Builder e) {
    auto x = e.initAmended();
    x.initContentDigest(32);
    x.setReason("数据更新");
  });
  Date on = WD(changed, 21);
  uint64_t transfer = Transfer(z, "c", on, schema::TransferForm::ELECTRONIC);
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "late-archive-transfer", {.evidence = {amended, transfer}, .date = on});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, fmt::format("late-archive-transfer@item/g-1#{}", amended));
}

TEST_F(FindingKinds, MissingArchiveTransferIsEveryTransferClerkOfTheAgencys) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Person("c2", 16, {Role::TRANSFER_CLERK});
  z.Person("cx", 18, {Role::TRANSFER_CLERK}, "another-agency");
  z.Item("h", D(2024, 3, 4), Drafted);
  Date formed = D(2024, 3, 5);
  uint64_t approved = z.Item("l1", formed, SignedOff);
  z.Item("h", D(2024, 3, 6), Published);
  Transfer(z, "c", D(2024, 4, 8), schema::TransferForm::PAPER);  // paper only: the electronic text is still due
  Date due = WD(formed, 20);
  EXPECT_FALSE(HasKind(z.Findings(due), "missing-archive-transfer"));
  auto findings = z.Findings(Plus(due, 1));
  ExpectFinding(findings, "missing-archive-transfer",
                {.evidence = {approved}, .date = Plus(due, 1), .rule_set = "004-zhongwei-science+national-2019",
                 .shares = {"c transferClerk primary 004 §64(一)", "c2 transferClerk primary 004 §64(一)"}});
}

TEST_F(FindingKinds, UnpublishedItemNeedsNoArchiveTransfer) {
  Scenario& z = In(kZhongwei);
  z.Person("c", 14, {Role::TRANSFER_CLERK});
  z.Item("h", D(2024, 3, 4), Drafted);
  z.Item("l1", D(2024, 3, 5), SignedOff);
  EXPECT_FALSE(HasKind(z.Findings(D(2024, 12, 31)), "missing-archive-transfer"));
}

// ---- applications ----

TEST_F(FindingKinds, LateCorrectionNoticeIsTheHandlersAfterSevenWorkingDays) {
  Date receipt = D(2024, 4, 8);
  uint64_t received = Received(s, receipt);
  Date on = WD(receipt, 8);
  uint64_t notice = s.Case("h", on, [](schema::CaseEvent::Builder e) {
    auto x = e.initCorrectionRequested();
    x.initItems(1).set(0, "请明确所需信息");
    x.setPeriodWorkingDays(10);
  });
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "late-correction-notice",
                                   {.evidence = {received, notice}, .date = on, .rule_set = "national-2019",
                                    .approval = "none", .shares = kNationalHandlerAlone});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "late-correction-notice@case/g-c1");
}

TEST_F(FindingKinds, CorrectionNoticeOnTheSeventhWorkingDayIsOnTime) {
  Date receipt = D(2024, 4, 8);
  Received(s, receipt);
  s.Case("h", WD(receipt, 7), [](schema::CaseEvent::Builder e) {
    auto x = e.initCorrectionRequested();
    x.initItems(1).set(0, "请明确所需信息");
    x.setPeriodWorkingDays(10);
  });
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "late-correction-notice"));
}

TEST_F(FindingKinds, UnderThe2007RegulationNoCorrectionNoticeIsLate) {
  Date receipt = D(2018, 6, 4);
  Received(s, receipt);
  s.Case("h", WD(receipt, 12), [](schema::CaseEvent::Builder e) {
    auto x = e.initCorrectionRequested();
    x.initItems(1).set(0, "请明确所需信息");
    x.setPeriodWorkingDays(10);
  });
  EXPECT_EQ(s.State("case/g-c1", D(2018, 12, 31)).rule_set, "national-2007");
  EXPECT_FALSE(HasKind(s.Findings(D(2018, 12, 31)), "late-correction-notice"));
}

TEST_F(FindingKinds, NonstandardReplyIsTheApprovingLeadersAndTheHandlers) {
  uint64_t received = Received(s, D(2024, 4, 8));
  uint64_t approved = ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) { x.setReasons(""); });
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "nonstandard-reply",
                                   {.evidence = {received, approved, issued}, .date = D(2024, 4, 15),
                                    .rule_set = "national-2019", .approval = "leader", .shares = kNationalLeaderAndHandler});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "nonstandard-reply@case/g-c1");
}

TEST_F(FindingKinds, ReplyWithoutARemedyStatementIsNonstandardToo) {
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued =
      ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) { x.setRemedyStatement(false); });
  auto findings = s.Findings(D(2024, 12, 31));
  const Finding* f = Only(findings, "nonstandard-reply");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence.back(), issued);
}

TEST_F(FindingKinds, ReplyWithBasisReasonsAndRemediesIsStandard) {
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  ReplyIssued(s, D(2024, 4, 15));
  EXPECT_TRUE(s.Findings(D(2024, 12, 31)).empty());
}

TEST_F(FindingKinds, UnlawfulFeeIsAFeeChargedWithoutAFeeNotice) {
  uint64_t received = Received(s, D(2024, 4, 8));
  uint64_t approved = ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) { x.setFeeFen(5000); });
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "unlawful-fee",
                {.evidence = {received, approved, issued}, .date = D(2024, 4, 15), .rule_set = "national-2019",
                 .approval = "leader", .shares = kNationalLeaderAndHandler});
}

TEST_F(FindingKinds, UnlawfulFeeIsAFeeAboveTheNoticedAmount) {
  uint64_t received = Received(s, D(2024, 4, 8));
  FeeNoticed(s, D(2024, 4, 10), 3000);
  uint64_t approved = ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) { x.setFeeFen(5000); });
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "unlawful-fee", {.evidence = {received, approved, issued}});
}

TEST_F(FindingKinds, FeeWithinTheNoticedAmountIsLawful) {
  Received(s, D(2024, 4, 8));
  FeeNoticed(s, D(2024, 4, 10), 3000);
  FeeNoticed(s, D(2024, 4, 11), 2000);
  ReplyApproved(s, D(2024, 4, 15));
  ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) { x.setFeeFen(5000); });
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "unlawful-fee"));
}

TEST_F(FindingKinds, ReplyCorrectedOnReconsiderationIsDatedOnTheDecision) {
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) {
    x.setOutcome(schema::ReplyOutcome::UNAVAILABLE_NOT_HELD);
  });
  uint64_t decided = ReviewDecided(s, D(2024, 7, 1), D(2024, 6, 25), schema::ReviewResult::CORRECTED);
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "reply-corrected-on-review",
                {.evidence = {issued, decided}, .date = D(2024, 6, 25), .rule_set = "national-2019",
                 .approval = "leader", .shares = kNationalLeaderAndHandler});
  // Nothing was withheld.
  EXPECT_FALSE(HasKind(findings, "withheld-information"));
  // Not yet known before the decision was recorded.
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 6, 30)), "reply-corrected-on-review"));
}

TEST_F(FindingKinds, WithheldInformationIsAWithholdingReplyACourtCorrected) {
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) {
    x.setOutcome(schema::ReplyOutcome::WITHHELD_INTERNAL_AFFAIRS);
  });
  uint64_t decided = ReviewDecided(s, D(2024, 9, 2), D(2024, 8, 28), schema::ReviewResult::CORRECTED, true);
  auto findings = s.Findings(D(2024, 12, 31));
  for (std::string_view kind : {"withheld-information", "reply-corrected-on-review"}) {
    const Finding* f = ExpectFinding(findings, kind,
                                     {.evidence = {issued, decided}, .date = D(2024, 8, 28),
                                      .rule_set = "national-2019", .approval = "leader", .shares = kNationalLeaderAndHandler});
    ASSERT_NE(f, nullptr);
  }
  EXPECT_EQ(Only(findings, "withheld-information")->article, "条例（2019）第三十六条、第五十三条");
}

TEST_F(FindingKinds, WithholdingUpheldOnReviewIsNoFinding) {
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  ReplyIssued(s, D(2024, 4, 15), [](schema::ReplyIssued::Builder x) {
    x.setOutcome(schema::ReplyOutcome::WITHHELD_INTERNAL_AFFAIRS);
  });
  ReviewDecided(s, D(2024, 7, 1), D(2024, 6, 25), schema::ReviewResult::UPHELD);
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "withheld-information"));
  EXPECT_FALSE(HasKind(findings, "reply-corrected-on-review"));
}

uint64_t ComplaintVerified(Scenario& s, Date day, bool upheld) {
  return s.Case("v", day, [&](schema::CaseEvent::Builder e) {
    auto x = e.initComplaintVerified();
    x.setUpheld(upheld);
    x.initFindingDigest(32);
  });
}

TEST_F(FindingKinds, VerifiedComplaintIsOnWhatApprovedTheReply) {
  s.Person("v", 19, {Role::SUPERVISION});
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  uint64_t issued = ReplyIssued(s, D(2024, 4, 15));
  uint64_t verified = ComplaintVerified(s, D(2024, 6, 3), true);
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "verified-complaint",
                {.evidence = {issued, verified}, .date = D(2024, 6, 3), .rule_set = "national-2019",
                 .approval = "leader", .shares = kNationalLeaderAndHandler});
}

TEST_F(FindingKinds, VerifiedComplaintWithoutAReplyIsTheHandlersAlone) {
  s.Person("v", 19, {Role::SUPERVISION});
  Received(s, D(2024, 4, 8));
  uint64_t verified = ComplaintVerified(s, D(2024, 4, 12), true);
  auto findings = s.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "verified-complaint", {.evidence = {verified}, .approval = "none", .shares = kNationalHandlerAlone});
}

TEST_F(FindingKinds, ComplaintNotUpheldIsNoFinding) {
  s.Person("v", 19, {Role::SUPERVISION});
  Received(s, D(2024, 4, 8));
  ReplyApproved(s, D(2024, 4, 15));
  ReplyIssued(s, D(2024, 4, 15));
  ComplaintVerified(s, D(2024, 6, 3), false);
  EXPECT_FALSE(HasKind(s.Findings(D(2024, 12, 31)), "verified-complaint"));
}

// ---- inquiries (004: consultations 3 WD, suggestions and complaints 15 WD) ----

TEST_F(FindingKinds, LateInquiryAnswerSignedOffIsTheLeadersAndTheAnsweringHandlers) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  uint64_t received = InquiryReceived(z, asked, schema::InquiryKind::CONSULTATION);
  Date on = WD(asked, 4);
  InquiryAnswered(z, on);
  uint64_t signed_off = InquirySignedOff(z, "l1", on);
  auto findings = z.Findings(D(2024, 12, 31));
  const Finding* f = ExpectFinding(findings, "late-inquiry-answer",
                                   {.evidence = {received, signed_off}, .date = on, .rule_set = "004-zhongwei-science+national-2019",
                                    .approval = "leader", .shares = kLeaderAndHandler});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "late-inquiry-answer@inquiry/g-q1");
  EXPECT_EQ(f->agency, "g");
  EXPECT_FALSE(HasKind(findings, "inquiry-not-signed-off"));
}

TEST_F(FindingKinds, ConsultationAnsweredOnTheThirdWorkingDayIsOnTime) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  InquiryReceived(z, asked, schema::InquiryKind::CONSULTATION);
  InquiryAnswered(z, WD(asked, 3));
  InquirySignedOff(z, "l1", WD(asked, 3));
  EXPECT_TRUE(z.Findings(D(2024, 12, 31)).empty());
}

TEST_F(FindingKinds, ComplaintInquiryIsDueInFifteenWorkingDays) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  uint64_t received = InquiryReceived(z, asked, schema::InquiryKind::COMPLAINT);
  Date on = WD(asked, 16);
  InquiryAnswered(z, on);
  uint64_t signed_off = InquirySignedOff(z, "l1", on);
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-inquiry-answer", {.evidence = {received, signed_off}});
  SubjectState state = z.State("inquiry/g-q1", D(2024, 12, 31));
  const DeadlineStatus* answer = Deadline(state, "inquiry-complaint-answer");
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->trigger, asked);
  EXPECT_EQ(answer->due, WD(asked, 15));
  EXPECT_EQ(answer->state, DeadlineState::kLate);
}

TEST_F(FindingKinds, LateInquiryAnswerWithoutSignOffIsTheHandlersAlone) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  uint64_t received = InquiryReceived(z, asked, schema::InquiryKind::SUGGESTION);
  Date on = WD(asked, 16);
  uint64_t answer = InquiryAnswered(z, on);
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "late-inquiry-answer",
                {.evidence = {received, answer}, .date = on, .approval = "none", .shares = kHandlerAlone});
}

TEST_F(FindingKinds, UnansweredInquiryIsTheReceiversTheDayAfterItsDeadline) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  uint64_t received = InquiryReceived(z, asked, schema::InquiryKind::CONSULTATION);
  Date due = WD(asked, 3);
  EXPECT_FALSE(HasKind(z.Findings(due), "late-inquiry-answer"));
  auto findings = z.Findings(Plus(due, 1));
  ExpectFinding(findings, "late-inquiry-answer",
                {.evidence = {received}, .date = Plus(due, 1), .shares = kHandlerAlone});
}

TEST_F(FindingKinds, InquiryNotSignedOffUntilALeaderSignsIsTheAnsweringHandlers) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  InquiryReceived(z, asked, schema::InquiryKind::CONSULTATION);
  Date on = WD(asked, 1);
  uint64_t answer = InquiryAnswered(z, on);
  InquirySignedOff(z, "h", on);  // the handler's own sign-off approves nothing
  Date signed_on = WD(asked, 10);
  InquirySignedOff(z, "l1", signed_on);
  auto findings = z.Findings(Plus(signed_on, -1));
  const Finding* f = ExpectFinding(findings, "inquiry-not-signed-off",
                                   {.evidence = {answer}, .date = on, .rule_set = "004-zhongwei-science+national-2019",
                                    .approval = "none", .shares = kHandlerAlone});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "inquiry-not-signed-off@inquiry/g-q1");
  EXPECT_FALSE(HasKind(findings, "late-inquiry-answer"));
  // Once the leader signed off, it is no finding.
  EXPECT_FALSE(HasKind(z.Findings(signed_on), "inquiry-not-signed-off"));
}

TEST_F(FindingKinds, SignOffBeforeARehandledAnswerDoesNotCoverIt) {
  Scenario& z = In(kZhongwei);
  Date asked = D(2024, 4, 8);
  InquiryReceived(z, asked, schema::InquiryKind::SUGGESTION);
  InquiryAnswered(z, WD(asked, 2));
  InquirySignedOff(z, "l1", WD(asked, 2));
  z.Inquiry("h", WD(asked, 5), [](schema::InquiryEvent::Builder e) {
    e.initRehandled().setReason("申请人不满意");
  });
  uint64_t again = InquiryAnswered(z, WD(asked, 6));
  auto findings = z.Findings(D(2024, 12, 31));
  ExpectFinding(findings, "inquiry-not-signed-off", {.evidence = {again}, .date = WD(asked, 6)});
}

TEST_F(FindingKinds, InquiryFindingsAreNotFoundWhereTheRuleSetDoesNotDefineThem) {
  Date asked = D(2024, 4, 8);
  InquiryReceived(s, asked, schema::InquiryKind::CONSULTATION);
  InquiryAnswered(s, WD(asked, 10));
  auto findings = s.Findings(D(2024, 12, 31));
  EXPECT_FALSE(HasKind(findings, "late-inquiry-answer"));
  EXPECT_FALSE(HasKind(findings, "inquiry-not-signed-off"));
}

}  // namespace
}  // namespace gongkai::projections
