// The kinds of finding gongkai detects (docs/RULES.md, "Findings"), as
// typed values: detectors name them by enumerator, rule sets and reports by
// their names ("late-reply", ...). A rule set defines which of them are
// violations under it, and how each is scored.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace gongkai::rules {

enum class FindingKind : uint8_t {
  kLatePublication,
  kPublishedWithoutReview,
  kPublishedWithoutConfidentialityReview,
  kPublishedExemptInformation,
  kApprovalAfterPublication,
  kLateReply,
  kLateCorrectionNotice,
  kWithheldInformation,
  kUnlawfulFee,
  kLateArchiveTransfer,
  kMissingArchiveTransfer,
  kNonstandardReply,
  kReplyCorrectedOnReview,
  kVerifiedComplaint,
  kLateInquiryAnswer,
  kInquiryNotSignedOff,
  kMissingInterpretation,
  kLateInterpretation,
  kCollectiveDecisionWithoutQuorum,
  kCollectiveDecisionWithoutVotes,
  kLateConfidentialityReview,
  kLateAnnualReport,
  kMissingAnnualReport,
  kRecordedAfterDeadline,
  kInvalidExtension,
};

// "late-reply" for kLateReply, ...
std::string_view Name(FindingKind kind);
// The kind of a name; none for a name no detector produces.
std::optional<FindingKind> ParseFindingKind(std::string_view name);
// Every kind, in the order of docs/RULES.md.
std::span<const FindingKind> AllFindingKinds();

}  // namespace gongkai::rules
