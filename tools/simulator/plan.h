// The simulator's plan: every action of the county-year as a step (when,
// who, what), and the violations injected into it with their ground truth.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ledger/schema/action.capnp.h"
#include "ledger/base/time.h"
#include "ledger/rules/calendar.h"
#include "tools/simulator/county.h"
#include "tools/simulator/random.h"

namespace gongkai::sim {

namespace timing {
// Normal timing stays inside the tightest deadline of every shipped rule
// set and every injected lateness lies beyond the loosest, so the ground
// truth holds under any of them (tests/tools/simulator_test.cc checks these
// numbers against the rule library). Working days unless named otherwise.
inline constexpr int kMaxNormalPublish = 4;                 // formation → publication (tightest: 004 §6, 10)
inline constexpr int kMaxNormalReply = 12;                  // start → reply, plus paused days (2007: 15)
inline constexpr int kMaxNormalCorrectionNotice = 3;        // receipt → correction notice (2019 §30: 7)
inline constexpr int kMaxNormalOpinion = 4;                 // request → confidentiality opinion (003: 5)
inline constexpr int kMaxNormalTransfer = 8;                // publication → electronic transfer (20 after formation)
inline constexpr int kMaxNormalConsultationAnswer = 2;      // inter-agency consultation (001: 3)
inline constexpr int kMaxNormalInquiryConsultation = 2;     // 004 §44: 3
inline constexpr int kMaxNormalInquiryOther = 12;           // 004 §44: 15
inline constexpr int kCollectiveNotice = 3;                 // notice → meeting (004 §30: at least 2)
inline constexpr int kPreDisclosureDays = 10;               // calendar days open (004 §21: normally 7)
inline constexpr int kLatePublishMin = 30, kLatePublishMax = 45;            // > 20 everywhere
inline constexpr int kLateReplyMin = 41, kLateReplyMax = 50;                // > 20 + 20 extension
inline constexpr int kLateCorrectionMin = 8, kLateCorrectionMax = 10;       // > 7; reply still ≤ 15 from receipt
inline constexpr int kLateTransferMin = 30, kLateTransferMax = 40;          // > 20
inline constexpr int kLateOpinionMin = 9, kLateOpinionMax = 12;             // > 5
inline constexpr int kLateInquiryMin = 20, kLateInquiryMax = 30;            // > 15
inline constexpr int kLateInterpretationMin = 8, kLateInterpretationMax = 15;  // calendar days, > 3
// Annual reports on the year before: published by 25 January (条例 §49:
// departments by 31 January); late ones in April (after 31 March).

}  // namespace timing

using FillPayload = std::function<void(schema::Action::Payload::Builder)>;

// One planned action. Steps are appended in order of business time (ties
// by id); the stream is derived from the payload (or given, for registry
// events), the event id is "<stream>#<version>".
struct Step {
  UnixMicros time;         // when the ledger records it (steps are appended in this order)
  uint32_t id;             // index in Plan::steps: the order of planning
  size_t actor;            // index into County::persons
  std::string stream;      // only for payloads without a domain stream
  FillPayload fill;
  UnixMicros business_time = 0;  // when the act says it happened; 0: at `time`
};

struct Responsible {
  size_t person;
  std::string share;       // primary | secondary | reduced
  std::string rule;        // the attribution rule, e.g. "004 §64(二)"
};

// One injected violation and its ground truth (docs/SIMULATOR.md).
struct Violation {
  std::string kind;        // a finding kind of docs/RULES.md
  size_t agency;
  std::string subject;     // the stream of the item, case or inquiry
  rules::Date date;        // the day the violation occurred (or the deadline passed)
  std::vector<uint32_t> evidence;  // step ids; their sequence numbers go in the manifest
  std::string approval;    // none | leader | collective: what decided the act
  std::vector<Responsible> responsible;
};

struct PlanCounts {
  size_t items = 0, cases = 0, inquiries = 0, annual_reports = 0;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<Violation> violations;
  PlanCounts counts;
};

struct PlanOptions {
  int year;
  size_t items_per_agency;
  size_t cases_per_agency;
  size_t inquiries_per_agency;
  double violation_rate;
  uint64_t seed;
  // The finding kinds the county's rule set defines: only those are injected.
  std::function<bool(std::string_view kind)> finding_applies;
};

// Plans the county-year: a few carried-in applications from December of
// the year before, each department's annual report on the year before, then
// the year's items, applications and inquiries.
// Steps after 31 December of the year are left out: those processes are
// still open when the year ends (carried over).
Result<Plan> PlanYear(const County& county, const rules::Calendar& calendar, const PlanOptions& options,
                      Random& random);

}  // namespace gongkai::sim
