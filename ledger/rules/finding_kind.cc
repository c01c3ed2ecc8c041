#include "ledger/rules/finding_kind.h"

#include <algorithm>
#include <array>
#include <utility>

namespace gongkai::rules {
namespace {

constexpr std::array<std::pair<FindingKind, std::string_view>, 25> kNames = {{
    {FindingKind::kLatePublication, "late-publication"},
    {FindingKind::kPublishedWithoutReview, "published-without-review"},
    {FindingKind::kPublishedWithoutConfidentialityReview, "published-without-confidentiality-review"},
    {FindingKind::kPublishedExemptInformation, "published-exempt-information"},
    {FindingKind::kApprovalAfterPublication, "approval-after-publication"},
    {FindingKind::kLateReply, "late-reply"},
    {FindingKind::kLateCorrectionNotice, "late-correction-notice"},
    {FindingKind::kWithheldInformation, "withheld-information"},
    {FindingKind::kUnlawfulFee, "unlawful-fee"},
    {FindingKind::kLateArchiveTransfer, "late-archive-transfer"},
    {FindingKind::kMissingArchiveTransfer, "missing-archive-transfer"},
    {FindingKind::kNonstandardReply, "nonstandard-reply"},
    {FindingKind::kReplyCorrectedOnReview, "reply-corrected-on-review"},
    {FindingKind::kVerifiedComplaint, "verified-complaint"},
    {FindingKind::kLateInquiryAnswer, "late-inquiry-answer"},
    {FindingKind::kInquiryNotSignedOff, "inquiry-not-signed-off"},
    {FindingKind::kMissingInterpretation, "missing-interpretation"},
    {FindingKind::kLateInterpretation, "late-interpretation"},
    {FindingKind::kCollectiveDecisionWithoutQuorum, "collective-decision-without-quorum"},
    {FindingKind::kCollectiveDecisionWithoutVotes, "collective-decision-without-votes"},
    {FindingKind::kLateConfidentialityReview, "late-confidentiality-review"},
    {FindingKind::kLateAnnualReport, "late-annual-report"},
    {FindingKind::kMissingAnnualReport, "missing-annual-report"},
    {FindingKind::kRecordedAfterDeadline, "recorded-after-deadline"},
    {FindingKind::kInvalidExtension, "invalid-extension"},
}};

constexpr std::array<FindingKind, kNames.size()> kAll = [] {
  std::array<FindingKind, kNames.size()> all{};
  for (size_t i = 0; i < kNames.size(); ++i) all[i] = kNames[i].first;
  return all;
}();

}  // namespace

std::string_view Name(FindingKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<FindingKind> ParseFindingKind(std::string_view name) {
  for (const auto& [kind, n] : kNames) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::span<const FindingKind> AllFindingKinds() { return kAll; }

}  // namespace gongkai::rules
