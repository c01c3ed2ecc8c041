// The projection runner: state equals a fold of every entry, whether built
// at once, in small catch-ups, across appends or after being killed; the
// ledger is never changed; a ledger other than the one projected is refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

#include "ledger/entry.h"
#include "ledger/ledger.h"
#include "ledger/registry_store.h"
#include "projections/acts.h"
#include "projections/event_record.h"
#include "projections/projection_db.h"
#include "projections/runner.h"
#include "tests/support/test_ledger.h"
#include "tests/support/simulated_county.h"

namespace gongkai::projections {
namespace {

using testing::TempDir;

std::string Simulated(const TempDir& dir, const std::string& name, uint64_t seed) {
  return testing::SimulateCounty(dir, name, seed, 2, 2024, 6000, 0.1);
}

// The approvals every entry records, folded in memory: what the store must hold.
std::vector<ActRecord> Folded(const Store& ledger) {
  Roster roster;
  std::vector<ActRecord> acts;
  Head head = *ReadHead(ledger);
  for (uint64_t seq = 0; seq < head.size; ++seq) {
    auto stored = ReadStoredAction(ledger, seq);
    EXPECT_TRUE(stored.has_value());
    EventRecord record{seq, 0, stored->action};
    EXPECT_TRUE(roster.Apply(record).has_value());
    for (ActRecord& act : ActsOf(record, roster)) acts.push_back(std::move(act));
  }
  // The store lists them by subject, then ledger order.
  std::stable_sort(acts.begin(), acts.end(), [](const ActRecord& a, const ActRecord& b) { return a.subject < b.subject; });
  return acts;
}

bool SameActs(const std::vector<ActRecord>& a, const std::vector<ActRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (EncodeActRecord(a[i]) != EncodeActRecord(b[i])) return false;
  }
  return true;
}

std::vector<ActRecord> Stored(const std::string& projection_dir) {
  auto db = ProjectionDb::Open(projection_dir);
  EXPECT_TRUE(db.has_value()) << db.error().ToString();
  auto all = (*db)->BySubjectPrefix("");
  EXPECT_TRUE(all.has_value());
  return *all;
}

// The by-person and by-agency tables hold the same acts as the by-subject
// one, each person's and agency's in (business time, seq) order.
void ExpectTimeOrderedTables(const std::string& projection_dir, std::vector<ActRecord> expected) {
  auto db = ProjectionDb::Open(projection_dir);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  std::ranges::stable_sort(expected, {}, [](const ActRecord& a) { return std::pair(a.business_time, a.seq); });
  std::set<std::string> people, agencies;
  for (const ActRecord& act : expected) {
    people.insert(act.person);
    agencies.insert(act.agency);
  }
  ASSERT_GT(people.size(), 10u);
  for (const std::string& person : people) {
    std::vector<ActRecord> own;
    std::ranges::copy_if(expected, std::back_inserter(own), [&](const ActRecord& a) { return a.person == person; });
    auto stored = (*db)->ByPerson(person, INT64_MIN, INT64_MAX);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(SameActs(*stored, own)) << person;
  }
  for (const std::string& agency : agencies) {
    std::vector<ActRecord> own;
    std::ranges::copy_if(expected, std::back_inserter(own), [&](const ActRecord& a) { return a.agency == agency; });
    auto stored = (*db)->ByAgency(agency, INT64_MIN, INT64_MAX);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(SameActs(*stored, own)) << agency;
  }
}

TEST(ProjectionRunner, RebuildEqualsSmallCatchUpsEqualsTheFold) {
  TempDir dir;
  std::string data = Simulated(dir, "sim", 21);
  auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  ASSERT_TRUE(ledger.has_value());
  Head before = *ReadHead(**ledger);
  std::vector<ActRecord> expected = Folded(**ledger);
  ASSERT_GT(expected.size(), 1000u);

  {
    auto db = ProjectionDb::Open(dir.Sub("rebuilt"));
    ASSERT_TRUE(db.has_value());
    auto report = Rebuild(**ledger, **db);
    ASSERT_TRUE(report.has_value()) << report.error().ToString();
    EXPECT_EQ(report->next_seq, before.size);
    EXPECT_EQ((*db)->active_generation(), 1u);
  }
  {
    auto db = ProjectionDb::Open(dir.Sub("incremental"));
    ASSERT_TRUE(db.has_value());
    RunOptions options{.batch_entries = 997, .max_batches = 1};
    uint64_t runs = 0;
    for (;;) {
      auto report = CatchUp(**ledger, **db, options);
      ASSERT_TRUE(report.has_value()) << report.error().ToString();
      ++runs;
      if (report->applied == 0) break;
    }
    EXPECT_GT(runs, 5u);
  }
  EXPECT_TRUE(SameActs(Stored(dir.Sub("rebuilt")), expected));
  EXPECT_TRUE(SameActs(Stored(dir.Sub("incremental")), expected));
  ExpectTimeOrderedTables(dir.Sub("rebuilt"), expected);
  ExpectTimeOrderedTables(dir.Sub("incremental"), expected);
  // The ledger was read, never written.
  Head after = *ReadHead(**ledger);
  EXPECT_EQ(after.size, before.size);
  EXPECT_EQ(after.last_hash, before.last_hash);
}

// A replay to a point (RunOptions::end) holds exactly the acts of the
// entries before it, whether rebuilt at once or caught up in small batches,
// and its digest says so.
TEST(ProjectionRunner, ReplayToAPointEqualsCatchingUpToItAndIsDigestedAlike) {
  TempDir dir;
  std::string data = Simulated(dir, "sim", 23);
  auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  ASSERT_TRUE(ledger.has_value());
  const uint64_t end = ReadHead(**ledger)->size / 2;
  std::vector<ActRecord> expected = Folded(**ledger);
  std::erase_if(expected, [&](const ActRecord& act) { return act.seq >= end; });
  ASSERT_GT(expected.size(), 500u);

  auto rebuilt = ProjectionDb::Open(dir.Sub("rebuilt"));
  ASSERT_TRUE(rebuilt.has_value());
  auto report = Rebuild(**ledger, **rebuilt, RunOptions{.end = end});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->next_seq, end);
  auto stepped = ProjectionDb::Open(dir.Sub("stepped"));
  ASSERT_TRUE(stepped.has_value());
  for (;;) {
    auto step = CatchUp(**ledger, **stepped, RunOptions{.batch_entries = 997, .max_batches = 1, .end = end});
    ASSERT_TRUE(step.has_value()) << step.error().ToString();
    if (step->applied == 0) break;
  }
  EXPECT_EQ((*stepped)->AppliedOf((*stepped)->active_generation())->next_seq, end);
  EXPECT_TRUE(SameActs(*(*rebuilt)->BySubjectPrefix(""), expected));
  auto content = (*rebuilt)->ContentOf();
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ(content->digest, (*stepped)->ContentOf()->digest);
  auto whole = ProjectionDb::Open(dir.Sub("whole"));
  ASSERT_TRUE(Rebuild(**ledger, **whole).has_value());
  EXPECT_NE(content->digest, (*whole)->ContentOf()->digest);
  EXPECT_EQ(content->rows[0], expected.size());
}

TEST(ProjectionRunner, CatchesUpAfterAppendsWithRolesAsHeld) {
  TempDir dir;
  std::string data = Simulated(dir, "sim", 22);
  std::string projection_dir = dir.Sub("projections");
  {
    auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
    auto db = ProjectionDb::Open(projection_dir);
    ASSERT_TRUE(CatchUp(**ledger, **db).has_value());
  }
  // The administrator signs off an item: recorded (not judged), in the role
  // the administrator held.
  auto admin = PrivateKey::FromPemFile(data + "/keys/admin.pem");
  ASSERT_TRUE(admin.has_value());
  {
    auto ledger = Ledger::Open(data + "/ledger");
    ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
    testing::ActionSpec spec{"extra-sign-off", "item/x-1"};
    spec.ledger = (*ledger)->origin();
    spec.business_time = (*ledger)->head().last_recorded;
    auto receipt = (*ledger)->Append(testing::Signed(*admin, testing::BuildAction(*admin, spec, [](auto p) {
      auto item = p.initItem();
      item.setItemId("x-1");
      item.setAgency("a01");
      item.initSignedOff().setDecision(schema::ReviewDecision::APPROVE);
    })));
    ASSERT_TRUE(receipt.has_value()) << receipt.error().ToString();
  }
  auto ledger = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  auto db = ProjectionDb::Open(projection_dir);
  auto report = CatchUp(**ledger, **db);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->applied, 1u);
  auto chain = (*db)->BySubject("item/x-1");
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ(chain->size(), 1u);
  EXPECT_EQ((*chain)[0].act, "item.signedOff");
  EXPECT_EQ((*chain)[0].role, "administrator");
  EXPECT_EQ((*chain)[0].opinion, "approve");
}

TEST(ProjectionRunner, RefusesALedgerOtherThanTheOneProjected) {
  TempDir dir;
  std::string first = Simulated(dir, "a", 23), second = Simulated(dir, "b", 24);
  auto a = Store::Open(first + "/ledger", Store::Mode::kReadOnly);
  auto b = Store::Open(second + "/ledger", Store::Mode::kReadOnly);
  auto db = ProjectionDb::Open(dir.Sub("projections"));
  RunOptions options{.batch_entries = 1000, .max_batches = 1};
  ASSERT_TRUE(CatchUp(**a, **db, options).has_value());
  auto other = CatchUp(**b, **db, options);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kCorruption);
  EXPECT_NE(other.error().message.find("built from another ledger"), std::string::npos) << other.error().message;
  // A rebuild starts over from the ledger it is given.
  ASSERT_TRUE(Rebuild(**b, **db).has_value());
  EXPECT_TRUE(SameActs(*(*db)->BySubjectPrefix(""), Folded(**b)));
}

// `gongkai project` killed with SIGKILL at random moments: every restart
// resumes from its last committed batch, and the end state is the fold.
TEST(ProjectionRunner, KilledDuringCatchUpResumesWithoutDoubleCounting) {
  TempDir dir;
  sim::SimulationOptions options;
  options.seed = 25;
  options.agencies = 3;
  options.year = 2024;
  options.events = 60000;
  options.data_dir = dir.Sub("sim");
  ASSERT_TRUE(sim::Simulate(options, nullptr).has_value());
  std::mt19937 random(25);
  int killed = 0;
  for (int attempt = 0; attempt < 12; ++attempt) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      execl(GONGKAI_BINARY, GONGKAI_BINARY, "--data", options.data_dir.c_str(), "project", "--quiet", nullptr);
      _exit(127);
    }
    usleep(std::uniform_int_distribution<int>(1'000, 250'000)(random));
    killed += kill(child, SIGKILL) == 0;
    int status = 0;
    waitpid(child, &status, 0);
  }
  EXPECT_GT(killed, 0);
  auto ledger = Store::Open(options.data_dir + "/ledger", Store::Mode::kReadOnly);
  auto db = ProjectionDb::Open(options.data_dir + "/projections");
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto report = CatchUp(**ledger, **db);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->next_seq, ReadHead(**ledger)->size);
  EXPECT_TRUE(SameActs(*(*db)->BySubjectPrefix(""), Folded(**ledger)));
}

}  // namespace
}  // namespace gongkai::projections
