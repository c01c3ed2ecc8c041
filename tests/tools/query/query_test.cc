// The query layer called directly, as a server would: each answer against
// what the engine or the projections give, and each refusal's code.
#include <gtest/gtest.h>

#include <algorithm>

#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "projections/entry_scan.h"
#include "replay/score.h"
#include "tests/support/simulated_county.h"
#include "tools/query/acts.h"
#include "tools/query/findings.h"
#include "tools/query/session.h"
#include "tools/query/state.h"

namespace gongkai::query {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    data_ = new std::string(testing::SimulateCounty(*dir_, "county", 17, 2, 2025, 3000, 0.1));
  }
  static void TearDownTestSuite() {
    delete data_;
    delete dir_;
  }
  std::unique_ptr<QuerySession> Open() {
    auto session = QuerySession::Open(DataDir(*data_));
    EXPECT_TRUE(session.has_value()) << session.error().ToString();
    return std::move(*session);
  }
  static testing::TempDir* dir_;
  static std::string* data_;
};
testing::TempDir* QueryTest::dir_ = nullptr;
std::string* QueryTest::data_ = nullptr;

TEST_F(QueryTest, FindingsEqualTheWholeFoldFilteredAndOneFindingIsFoundByItsId) {
  auto session = Open();
  auto point = session->Point(std::nullopt);
  ASSERT_TRUE(point.has_value());
  projections::FindingsEngine engine(rules::RuleLibrary::Shipped(), rules::Calendar::Official());
  ASSERT_TRUE(projections::ApplyEntries(session->ledger(), point->end,
                                        [&](const projections::EventRecord& r) { return engine.Apply(r); }));
  auto all = engine.Findings(point->judge);
  ASSERT_TRUE(all.has_value());
  ASSERT_FALSE(all->empty());

  auto everything = FindingsAsOf(*session, *point, {});
  ASSERT_TRUE(everything.has_value());
  EXPECT_EQ(everything->size(), all->size());
  const projections::Finding& first = all->front();
  auto of_agency = FindingsAsOf(*session, *point, {first.agency, first.kind, std::nullopt});
  ASSERT_TRUE(of_agency.has_value());
  size_t expected = std::ranges::count_if(
      *all, [&](const projections::Finding& f) { return f.agency == first.agency && f.kind == first.kind; });
  EXPECT_EQ(of_agency->size(), expected);

  auto found = FindingById(*session, first.id, *point);
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_EQ(found->evidence, first.evidence);
  EXPECT_EQ(found->attribution.responsible.size(), first.attribution.responsible.size());

  EXPECT_EQ(FindingsAsOf(*session, *point, {std::nullopt, "no-such-kind", std::nullopt}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(FindingsAsOf(*session, *point, {"no-such-agency", std::nullopt, std::nullopt}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(FindingById(*session, "nonsense", *point).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FindingById(*session, first.kind + "@item/none", *point).error().code, ErrorCode::kNotFound);
}

TEST_F(QueryTest, ApprovalsAndStepsComeFromTheActsProjection) {
  auto session = Open();
  auto point = session->Point(std::nullopt);
  ASSERT_TRUE(point.has_value());
  auto db = session->Projections();
  ASSERT_TRUE(db.has_value());
  auto acts = (*db)->BySubjectPrefix("item/");
  ASSERT_TRUE(acts.has_value());
  auto signed_off = std::ranges::find_if(*acts, [](const projections::ActRecord& a) { return a.act == "item.signedOff"; });
  ASSERT_NE(signed_off, acts->end());

  auto chain = ApprovalChain(*session, signed_off->subject, *point);
  ASSERT_TRUE(chain.has_value());
  EXPECT_TRUE(std::ranges::any_of(*chain, [&](const projections::ActRecord& a) { return a.seq == signed_off->seq; }));
  // As the ledger stood before the sign-off, the chain does not hold it.
  auto before = session->Point(std::to_string(signed_off->seq));
  ASSERT_TRUE(before.has_value());
  auto earlier = ApprovalChain(*session, signed_off->subject, *before);
  if (earlier) {
    EXPECT_TRUE(std::ranges::none_of(*earlier, [&](const projections::ActRecord& a) { return a.seq >= signed_off->seq; }));
  }

  auto by_person = ApprovalsBy(*session, signed_off->person, {}, *point);
  ASSERT_TRUE(by_person.has_value());
  EXPECT_TRUE(std::ranges::any_of(*by_person, [&](const projections::ActRecord& a) { return a.seq == signed_off->seq; }));
  EXPECT_EQ(ApprovalsBy(*session, "nobody", {}, *point).error().code, ErrorCode::kNotFound);

  auto steps = Steps(*session, {StepsOf::Kind::kSubject, signed_off->subject}, {}, *point);
  ASSERT_TRUE(steps.has_value());
  EXPECT_TRUE(std::ranges::is_sorted(*steps, {}, &projections::ActRecord::seq));
  auto period = ParsePeriod("2025-03-01", "2025-03-31");
  ASSERT_TRUE(period.has_value());
  auto agency_steps = Steps(*session, {StepsOf::Kind::kAgency, signed_off->agency}, *period, *point);
  ASSERT_TRUE(agency_steps.has_value());
  for (const auto& act : *agency_steps) {
    EXPECT_GE(act.business_time, period->from);
    EXPECT_LT(act.business_time, period->to);
  }
  EXPECT_EQ(Steps(*session, {StepsOf::Kind::kSubject, "item/none"}, {}, *point).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Steps(*session, {StepsOf::Kind::kAgency, "none"}, {}, *point).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ParsePeriod("2025-04-01", "2025-03-01").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(QueryTest, AStateAndATimelineAgreeOnTheStepsAndTheDeadlinesMet) {
  auto session = Open();
  auto point = session->Point(std::nullopt);
  ASSERT_TRUE(point.has_value());
  auto db = session->Projections();
  ASSERT_TRUE(db.has_value());
  auto acts = (*db)->BySubjectPrefix("case/");
  ASSERT_TRUE(acts.has_value() && !acts->empty());
  const std::string subject = acts->back().subject;

  auto view = StateOf(*session, subject, *point);
  ASSERT_TRUE(view.has_value()) << view.error().ToString();
  EXPECT_EQ(view->subject, subject);
  ASSERT_LT(view->current, view->steps.size());
  EXPECT_FALSE(view->holder.empty());
  EXPECT_EQ(view->steps[view->current].seq, view->steps.back().seq);

  auto timeline = TimelineOf(*session, {StepsOf::Kind::kSubject, subject}, {}, *point);
  ASSERT_TRUE(timeline.has_value());
  ASSERT_EQ(timeline->steps.size(), view->steps.size());
  EXPECT_FALSE(timeline->steps.front().working_days.has_value());  // the first step has no previous one
  size_t met = 0;
  for (const TimelineStep& step : timeline->steps) {
    for (const auto& deadline : step.meets) {
      EXPECT_EQ(deadline.met_by, step.act.seq);
      ++met;
    }
  }
  EXPECT_EQ(met, static_cast<size_t>(std::ranges::count_if(view->state.deadlines,
                                                           [](const auto& d) { return d.met_by.has_value(); })));
  EXPECT_EQ(timeline->deadlines.size(), view->state.deadlines.size());

  EXPECT_EQ(SubjectOf("7", "case"), "case/7");
  EXPECT_EQ(SubjectOf("inquiry/7", "case"), "inquiry/7");
  EXPECT_EQ(StateOf(*session, "case/none", *point).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(StateOf(*session, "person/none", *point).error().code, ErrorCode::kNotFound);
}

TEST_F(QueryTest, ScoresAreComposedOnceAndTheirDigestIsStable) {
  auto session = Open();
  auto point = session->Point(std::nullopt);
  ASSERT_TRUE(point.has_value());
  auto folded = session->Fold(std::nullopt, *point);
  ASSERT_TRUE(folded.has_value());
  auto assessment = score::ScoreYear(folded->engine(), 2025, {});
  ASSERT_TRUE(assessment.has_value()) << assessment.error().ToString();
  ASSERT_EQ(assessment->scores.size(), 2u);
  auto again = score::ScoreYear(folded->engine(), 2025, {assessment->scores[1].agency});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(score::ScoreDigest(again->scores), score::ScoreDigest(std::span(assessment->scores).subspan(1)));
  EXPECT_NE(score::ScoreDigest(again->scores), score::ScoreDigest(assessment->scores));
  EXPECT_EQ(score::ScoreYear(folded->engine(), 2005, {}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gongkai::query
