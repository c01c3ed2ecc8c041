// The subject loader: a subject folded alone from the acts index has the
// state and findings a fold of the whole ledger gives it.
#include "projections/subject_loader.h"

#include <gtest/gtest.h>
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "ledger/ledger.h"
#include "projections/entry_scan.h"
#include "projections/runner.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "tests/support/test_ledger.h"
#include "tests/support/simulated_county.h"

namespace gongkai::projections {
namespace {

using testing::TempDir;

// Everything StateOf gives, in one comparable text.
std::string Describe(const SubjectState& state) {
  std::string out = fmt::format("{} {} {} awaiting={}\n", state.subject, state.agency, state.rule_set, state.awaiting);
  for (const DeadlineStatus& d : state.deadlines) {
    out += fmt::format("  {} {} {} {} {} {}\n", d.deadline, d.trigger.days, d.due.days, projections::Name(d.state),
                       d.met_by.value_or(0), d.met_on.days);
  }
  for (const Finding& f : state.findings) {
    out += fmt::format("  {} {} {} {} {}", f.id, f.date.days, fmt::join(f.evidence, ","), f.rule_set,
                       f.attribution.approval);
    for (const Responsible& r : f.attribution.responsible) {
      out += fmt::format(" [{} {} {} {} {}]", r.person, r.role, r.share, r.rule, r.reason);
    }
    out += "\n";
  }
  return out;
}

class SubjectLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string data = testing::SimulateCounty(dir_, "sim", 17, 2, 2024, 5000, 0.2);
    auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
    ASSERT_TRUE(ledger.has_value());
    ledger_ = std::move(*ledger);
    auto db = ProjectionDb::Open(data + "/projections");
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    ASSERT_TRUE(CatchUp(*ledger_, *db_).has_value());
  }

  TempDir dir_;
  std::unique_ptr<Store> ledger_;
  std::unique_ptr<ProjectionDb> db_;
};

TEST_F(SubjectLoaderTest, EverySubjectHasTheStateAFullFoldGives) {
  FindingsEngine full(rules::RuleLibrary::Shipped(), rules::Calendar::Official());
  auto applied = ApplyEntries(*ledger_, UINT64_MAX, [&](const EventRecord& record) { return full.Apply(record); });
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();

  auto loader = SubjectLoader::Open(*ledger_, *db_);
  ASSERT_TRUE(loader.has_value()) << loader.error().ToString();
  size_t subjects = 0, deadlines = 0, findings = 0;
  for (rules::Date as_of : {rules::FromCivil(2024, 6, 30), rules::FromCivil(2025, 3, 31)}) {
    for (const std::string& subject : full.Subjects()) {
      auto expected = full.StateOf(subject, as_of);
      ASSERT_TRUE(expected.has_value() && expected->has_value()) << subject;
      ASSERT_TRUE((*loader)->Load(subject).has_value()) << subject;
      auto loaded = (*loader)->engine().StateOf(subject, as_of);
      ASSERT_TRUE(loaded.has_value() && loaded->has_value()) << subject;
      EXPECT_EQ(Describe(**loaded), Describe(**expected));
      ++subjects;
      deadlines += (*expected)->deadlines.size();
      findings += (*expected)->findings.size();
    }
  }
  // The comparison covered real work.
  EXPECT_GT(subjects, 500u);
  EXPECT_GT(deadlines, 500u);
  EXPECT_GT(findings, 20u);
}

TEST_F(SubjectLoaderTest, UnknownSubjectIsNotFound) {
  auto loader = SubjectLoader::Open(*ledger_, *db_);
  ASSERT_TRUE(loader.has_value());
  auto loaded = (*loader)->Load("case/no-such-case");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*loader)->ActsOf("case/no-such-case"), nullptr);
}

}  // namespace
}  // namespace gongkai::projections
