// Public inquiries (政民互动): received, answered, signed off.
#include "tools/simulator/planner.h"

namespace gongkai::sim::planning {

namespace {

// The finding kinds the simulator injects into inquiries.
constexpr std::array<std::string_view, 3> kInquiryViolations = {"late-inquiry-answer", "inquiry-not-signed-off",
                                                                 "recorded-after-deadline"};

}  // namespace

void Planner::PlanInquiry(size_t agency_index, size_t n) {
  ++plan_.counts.inquiries;
  const Agency& a = agency(agency_index);
  Subject s{Subject::kInquiry, fmt::format("{}-{}-q{:04}", a.id, options_.year, n + 1), a.id};
  BeginProcess();
  size_t handler = a.handlers[random_.Below(a.handlers.size())];
  size_t leader = a.leaders[random_.Below(a.leaders.size())];
  std::string_view violation = PickViolation(kInquiryViolations);
  Date last = violation.empty() ? rules::FromCivil(options_.year, 12, 10) : rules::FromCivil(options_.year, 10, 31);
  Date day = RandomWorkday(year_start_, last);
  static constexpr std::array<uint32_t, 3> kKindWeights = {60, 25, 15};
  auto kind = static_cast<schema::InquiryKind>(random_.Weighted(kKindWeights));
  std::string day_text = rules::FormatDate(day), citizen = Pseudonym(fmt::format("{}/citizen/{}", options_.seed, s.id));
  uint32_t received = Add(day, handler, InquiryFill(s, [=](schema::InquiryEvent::Builder e) {
    auto x = e.initReceived();
    x.setKind(kind);
    x.setReceivedDate(day_text);
    x.setCitizen(citizen);
    SetDigest(x.initMessageDigest(32), s.id + "/message");
  }));
  int max_days = kind == schema::InquiryKind::CONSULTATION ? kMaxNormalInquiryConsultation : kMaxNormalInquiryOther;
  Date answered_day = violation == "late-inquiry-answer"
                          ? Wd(day, static_cast<int>(random_.Between(kLateInquiryMin, kLateInquiryMax)))
                          : Wd(day, static_cast<int>(random_.Between(1, max_days)));
  auto answer = InquiryFill(s, [=](schema::InquiryEvent::Builder e) {
    SetDigest(e.initAnswered().initAnswerDigest(32), s.id + "/answer");
  });
  auto sign_off = InquiryFill(s, [](schema::InquiryEvent::Builder e) {
    e.initSignedOff().setDecision(schema::ReviewDecision::APPROVE);
  });
  if (violation == "recorded-after-deadline") {
    // Answered and signed off in time by the dates they bear, but entered
    // in the register after the loosest answer deadline had passed: the
    // answer claims a deadline its record cannot show met.
    Date recorded = Wd(day, static_cast<int>(random_.Between(kLateInquiryMin, kLateInquiryMax)));
    uint32_t answered = AddBackFilled(answered_day, recorded, handler, std::move(answer));
    AddBackFilled(answered_day, recorded, leader, std::move(sign_off));
    Inject(violation, s, agency_index, recorded, {answered}, Approval::kNone, handler, leader);
    return;
  }
  uint32_t answered = Add(answered_day, handler, std::move(answer));
  if (violation == "inquiry-not-signed-off") {
    Inject(violation, s, agency_index, answered_day, {answered}, Approval::kNone, handler, leader);
    return;
  }
  uint32_t signed_off = Add(answered_day, leader, std::move(sign_off));
  if (violation == "late-inquiry-answer") {
    // The leader signed the late answer off: leader and handler answer for it.
    Inject(violation, s, agency_index, answered_day, {received, signed_off}, Approval::kLeader, handler, leader);
  }
}

}  // namespace gongkai::sim::planning
