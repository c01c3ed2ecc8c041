// The county simulator: determinism, a ledger that verifies, a ground truth
// whose evidence points at the right events, and timing constants that keep
// normal processes inside, and violations outside, every shipped rule set.
#include <gtest/gtest.h>

#include <capnp/message.h>

#include <map>

#include "ledger/entry.h"
#include "ledger/payload_check.h"
#include "ledger/store.h"
#include "ledger/verifier.h"
#include "ledger/rules/rule_library.h"
#include "tests/support/ground_truth.h"
#include "tests/support/test_ledger.h"
#include "tools/simulator/plan.h"
#include "tools/simulator/simulator.h"

namespace gongkai::sim {
namespace {

using testing::ReadFile;
using testing::TempDir;

SimulationOptions Small(const std::string& dir, uint64_t seed = 11) {
  SimulationOptions options;
  options.seed = seed;
  options.agencies = 2;
  options.year = 2024;
  options.events = 6000;
  options.violation_rate = 0.2;  // many violations in a small ledger
  options.checkpoint_every = 1000;
  options.data_dir = dir;
  return options;
}

SimulationSummary MustSimulate(const SimulationOptions& options) {
  auto summary = Simulate(options, nullptr);
  EXPECT_TRUE(summary.has_value()) << summary.error().ToString();
  return summary.value_or(SimulationSummary{});
}

TEST(Simulator, SameSeedGivesTheSameLedgerByteForByte) {
  TempDir dir;
  SimulationSummary first = MustSimulate(Small(dir.Sub("a")));
  SimulationSummary second = MustSimulate(Small(dir.Sub("b")));
  SimulationSummary other = MustSimulate(Small(dir.Sub("c"), 12));
  EXPECT_GT(first.entries, 5000u);
  EXPECT_EQ(first.entries, second.entries);
  EXPECT_EQ(first.head_hash, second.head_hash);
  EXPECT_NE(first.head_hash, other.head_hash);
  // The manifests are identical too (they hold the head hash and every seq).
  EXPECT_EQ(ReadFile(first.manifest_path), ReadFile(second.manifest_path));
}

// The event kind of the last evidence entry of each violation kind.
const std::map<std::string, std::string>& ActOfKind() {
  static const std::map<std::string, std::string> kAct = {
      {"late-publication", "item.published"},
      {"published-without-review", "item.published"},
      {"published-without-confidentiality-review", "item.published"},
      {"published-exempt-information", "item.published"},
      {"approval-after-publication", "item.signedOff"},
      {"late-archive-transfer", "item.transferredToArchive"},
      {"missing-interpretation", "item.published"},
      {"late-interpretation", "item.interpretationPublished"},
      {"collective-decision-without-quorum", "item.collectiveDecision"},
      {"collective-decision-without-votes", "item.collectiveDecision"},
      {"late-confidentiality-review", "item.confidentialityOpinion"},
      {"late-reply", "application.replyIssued"},
      {"late-correction-notice", "application.correctionRequested"},
      {"nonstandard-reply", "application.replyIssued"},
      {"unlawful-fee", "application.replyIssued"},
      {"verified-complaint", "application.complaintVerified"},
      {"late-inquiry-answer", "inquiry.signedOff"},
      {"inquiry-not-signed-off", "inquiry.answered"},
      {"late-annual-report", "item.published"},
      {"missing-annual-report", "item.drafted"},
  };
  return kAct;
}

TEST(Simulator, LedgerVerifiesAndEvidencePointsAtTheViolatingEvents) {
  TempDir dir;
  SimulationSummary summary = MustSimulate(Small(dir.Sub("sim")));
  auto store = Store::Open(dir.Sub("sim") + "/ledger", Store::Mode::kReadOnly);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  auto report = VerifyLedger(**store, VerifyOptions{});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->checked, summary.entries);

  testing::GroundTruth manifest;
  testing::ReadGroundTruth(summary.manifest_path, manifest);
  auto head_hash = manifest.header.getHeadHash();
  EXPECT_EQ(ToHex(ByteView(head_hash.begin(), head_hash.size())), ToHex(summary.head_hash));
  EXPECT_EQ(manifest.header.getCounts().getViolations(), summary.violations);
  const auto& violations = manifest.violations;
  ASSERT_EQ(violations.size(), summary.violations);
  ASSERT_GT(violations.size(), 20u);
  std::map<std::string, int> approvals;
  for (auto violation : violations) {
    std::string kind = violation.getKind().cStr();
    std::string subject = violation.getSubject().cStr();
    approvals[violation.getApproval().cStr()]++;
    auto evidence = violation.getEvidence();
    ASSERT_GT(evidence.size(), 0u) << kind;
    uint64_t last_seq = 0;
    for (uint64_t seq : evidence) {
      ASSERT_LT(seq, summary.entries);
      EXPECT_GE(seq, last_seq) << kind << ": evidence is in ledger order";
      last_seq = seq;
      auto stored = (*store)->Get(Family::kEntries, SeqKey(seq));
      ASSERT_TRUE(stored.has_value() && stored->has_value());
      auto split = SplitStoredEntry(AsBytes(**stored));
      ASSERT_TRUE(split.has_value());
      auto entry = DecodeEntry(split->record);
      ASSERT_TRUE(entry.has_value());
      auto action = Action::Parse(entry->action);
      ASSERT_TRUE(action.has_value());
      EXPECT_EQ(action->stream(), subject) << kind << " evidence entry " << seq;
    }
    auto it = ActOfKind().find(kind);
    if (it != ActOfKind().end()) {
      auto stored = (*store)->Get(Family::kEntries, SeqKey(last_seq));
      auto entry = DecodeEntry(SplitStoredEntry(AsBytes(**stored))->record);
      auto action = Action::Parse(entry->action);
      EXPECT_EQ(EventKindName(action->reader()), it->second) << kind;
    }
    auto responsible = violation.getResponsible();
    ASSERT_GT(responsible.size(), 0u) << kind;
    EXPECT_EQ(std::string_view(responsible[0].getShare().cStr()), "primary");
  }
  // Every attribution rule of RULES.md §5 is exercised.
  EXPECT_GT(approvals["none"], 0);
  EXPECT_GT(approvals["leader"], 0);
  EXPECT_GT(approvals["collective"], 0);
}

// Normal timing is inside every shipped rule set's deadline, lateness
// outside it: the ground truth does not depend on which set judges it.
TEST(Simulator, TimingKeepsInsideAndOutsideEveryShippedDeadline) {
  using namespace timing;
  const auto& library = rules::RuleLibrary::Shipped();
  struct Bound {
    std::string_view deadline;
    int normal_max;
    int late_min;
  };
  const Bound kBounds[] = {
      {"publish-proactive", kMaxNormalPublish, kLatePublishMin},
      {"correction-notice", kMaxNormalCorrectionNotice, kLateCorrectionMin},
      {"confidentiality-review-opinion", kMaxNormalOpinion, kLateOpinionMin},
      {"archive-transfer-electronic", kMaxNormalPublish + kMaxNormalTransfer, kLateTransferMin},
      {"interagency-consultation-answer", kMaxNormalConsultationAnswer, INT32_MAX},
      {"inquiry-consultation-answer", kMaxNormalInquiryConsultation, kLateInquiryMin},
      {"inquiry-suggestion-answer", kMaxNormalInquiryOther, kLateInquiryMin},
      {"inquiry-complaint-answer", kMaxNormalInquiryOther, kLateInquiryMin},
      {"publish-after-confidentiality-review", kMaxNormalPublish + 1 + 3, kLatePublishMin},
  };
  for (const auto& [id, set] : library.sets()) {
    for (const Bound& bound : kBounds) {
      const rules::Deadline* deadline = set.FindDeadline(bound.deadline);
      if (!deadline) continue;
      ASSERT_EQ(deadline->unit, rules::Unit::kWorkingDays) << id << " " << bound.deadline;
      EXPECT_LE(bound.normal_max, deadline->count) << id << " " << bound.deadline;
      EXPECT_GT(bound.late_min, deadline->count + deadline->extension.value_or(0)) << id << " " << bound.deadline;
    }
    if (const rules::Deadline* reply = set.FindDeadline("reply-application")) {
      EXPECT_LE(kMaxNormalReply, reply->count) << id;
      EXPECT_GT(kLateReplyMin, reply->count + reply->extension.value_or(0)) << id;
    }
    if (const rules::Deadline* notice = set.FindDeadline("collective-decision-notice")) {
      EXPECT_GE(kCollectiveNotice, notice->count) << id;
    }
    if (const rules::Deadline* comment = set.FindDeadline("pre-disclosure-period")) {
      EXPECT_GE(kPreDisclosureDays, comment->count) << id;
    }
    if (const rules::Deadline* interpretation = set.FindDeadline("policy-interpretation")) {
      EXPECT_GT(kLateInterpretationMin, interpretation->count) << id;
    }
  }
}

TEST(Simulator, RefusesBadOptionsWithTheirOwnErrors) {
  TempDir dir;
  SimulationOptions options = Small(dir.Sub("x"));
  options.year = 2026;
  EXPECT_EQ(Simulate(options, nullptr).error().code, ErrorCode::kOutOfRange);
  options = Small(dir.Sub("x"));
  options.agencies = 0;
  EXPECT_EQ(Simulate(options, nullptr).error().code, ErrorCode::kInvalidArgument);
  options = Small(dir.Sub("x"));
  options.violation_rate = 1.5;
  EXPECT_EQ(Simulate(options, nullptr).error().code, ErrorCode::kInvalidArgument);
  options = Small(dir.Sub("x"));
  options.events = 200;
  MustSimulate(options);
  auto again = Simulate(options, nullptr);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace gongkai::sim
