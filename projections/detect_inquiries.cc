// Findings on public inquiries (政民互动): answers and their sign-off.
#include "projections/detector.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;

namespace {

std::string_view InquiryDeadline(schema::InquiryKind kind) {
  switch (kind) {
    case schema::InquiryKind::CONSULTATION:
      return "inquiry-consultation-answer";
    case schema::InquiryKind::SUGGESTION:
      return "inquiry-suggestion-answer";
    case schema::InquiryKind::COMPLAINT:
      return "inquiry-complaint-answer";
  }
  return "inquiry-consultation-answer";
}

}  // namespace

Status Detector::DetectInquiry(const std::string& subject, const InquiryState& inquiry) {
  if (!inquiry.received || inquiry.received->date > as_of_) return {};
  const Act& received = *inquiry.received;
  const rules::RuleSet* set = engine_.RuleSetInForce(inquiry.agency, inquiry.received_date);
  if (!set) return {};
  Judging(inquiry.agency, *set);
  const std::string& agency = inquiry.agency;
  const Act* answer = First(inquiry.answers, as_of_);
  const Act* last_answer = nullptr;
  for (const Act& a : inquiry.answers) {
    if (a.date <= as_of_) last_answer = &a;
  }
  auto sign_off_after = [&](const Act& a) -> const Act* {
    for (const Act& s : inquiry.sign_offs) {
      if (s.seq > a.seq && s.date <= as_of_) return &s;
    }
    return nullptr;
  };
  const Clock clock{InquiryDeadline(inquiry.kind), inquiry.received_date};
  auto due = Due(*set, FindingKind::kLateInquiryAnswer, {&clock, 1});
  GK_RETURN_IF_ERROR(due);
  Track(*due, answer);
  if (answer && *due && answer->date > (*due)->date) {
    Handler handler{answer->signer, answer->time, fmt::format("answered the inquiry (seq {})", answer->seq)};
    if (const Act* sign_off = sign_off_after(*answer)) {
      Approval approval{sign_off, nullptr, sign_off->date};
      EmitAgainst(**due, FindingKind::kLateInquiryAnswer, agency, subject, answer->date, {received.seq, sign_off->seq},
           AttributeApproval(&approval, handler, Decisions{}, Team{agency, {}}, roster_, *(*due)->set));
    } else {
      EmitAgainst(**due, FindingKind::kLateInquiryAnswer, agency, subject, answer->date, {received.seq, answer->seq},
           AttributeNone({handler}, roster_, *(*due)->set));
    }
  } else if (!answer && *due && (*due)->date < as_of_) {
    Handler handler{received.signer, received.time, fmt::format("received the inquiry (seq {})", received.seq)};
    EmitAgainst(**due, FindingKind::kLateInquiryAnswer, agency, subject, NextDay((*due)->date), {received.seq},
         AttributeNone({handler}, roster_, *(*due)->set));
  }
  if (last_answer && !sign_off_after(*last_answer)) {
    Handler handler{last_answer->signer, last_answer->time,
                    fmt::format("answered the inquiry (seq {})", last_answer->seq)};
    Emit(FindingKind::kInquiryNotSignedOff, *set, agency, subject, last_answer->date, {last_answer->seq},
         AttributeNone({handler}, roster_, *rule_set_));
  }
  return {};
}

}  // namespace gongkai::projections
