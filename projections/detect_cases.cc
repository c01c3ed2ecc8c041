// Findings on application cases: replies, correction notices, fees,
// complaints and reviews (docs/FINDINGS.md).
#include "projections/detector.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;

namespace {

bool IsWithheld(schema::ReplyOutcome outcome) {
  using O = schema::ReplyOutcome;
  switch (outcome) {
    case O::WITHHELD_STATE_SECRET:
    case O::WITHHELD_PROHIBITED_BY_LAW:
    case O::WITHHELD_SECURITY_STABILITY:
    case O::WITHHELD_THIRD_PARTY_RIGHTS:
    case O::WITHHELD_INTERNAL_AFFAIRS:
    case O::WITHHELD_PROCESS_INFORMATION:
    case O::WITHHELD_ENFORCEMENT_FILE:
    case O::WITHHELD_ADMINISTRATIVE_QUERY:
      return true;
    default:
      return false;
  }
}

}  // namespace

Status Detector::DetectCase(const std::string& subject, const CaseState& c) {
  if (!c.received || c.received->date > as_of_) return {};
  const Act& received = *c.received;
  const rules::RuleSet* set = engine_.RuleSetInForce(c.agency, c.receipt);
  if (!set) return {};
  rule_set_ = set;
  const std::string& agency = c.agency;
  bool drafted = c.drafted && c.drafted->date <= as_of_;
  const Act& handler_act = drafted ? *c.drafted : received;
  Handler handler{handler_act.signer, handler_act.time,
                  fmt::format("{} (seq {})", drafted ? "drafted the reply" : "received the application",
                              handler_act.seq)};
  DetectCollective(*set, agency, subject, c.decisions, handler);

  const CaseState::Reply* reply = nullptr;
  for (const CaseState::Reply& r : c.replies) {
    if (r.act.date <= as_of_) {
      reply = &r;
      break;
    }
  }
  std::optional<Approval> approval = FirstApproval(c.decisions, as_of_);
  const Approval* covering = approval && reply && approval->act->seq < reply->act.seq ? &*approval : nullptr;
  Attribution by_approval = ByApproval(covering, handler, c.decisions, agency);
  auto with = [covering](std::vector<uint64_t> seqs) {
    if (covering) seqs.push_back(covering->act->seq);
    return seqs;
  };

  // The reply clock: from receipt (or the corrected application), not
  // counting consultation time, extended when an extension was approved.
  Clock clock{"reply-application", c.receipt};
  clock.extended = First(c.extensions, as_of_) != nullptr;
  for (Date corrected : c.corrections_received) {
    if (corrected <= as_of_) clock.restart = corrected;
  }
  for (const CaseState::Consultation& consultation : c.consultations) {
    if (consultation.asked.date > as_of_) continue;
    Date end = consultation.answered && consultation.answered->date <= as_of_ ? consultation.answered->date : as_of_;
    auto days = engine_.calendar().WorkingDaysBetween(consultation.asked.date, end);
    GK_RETURN_IF_ERROR(days);
    (consultation.third_party ? clock.paused_third_party : clock.paused_interagency) += *days;
  }
  auto due = Due(*set, FindingKind::kLateReply, {&clock, 1});
  GK_RETURN_IF_ERROR(due);
  Track(*due, reply ? &reply->act : nullptr, First(c.closures, as_of_) != nullptr);
  if (reply && *due && reply->act.date > (*due)->date) {
    EmitAgainst(**due, FindingKind::kLateReply, *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}), by_approval);
  } else if (!reply && *due && (*due)->date < as_of_ && !First(c.closures, as_of_)) {
    EmitAgainst(**due, FindingKind::kLateReply, *set, agency, subject, NextDay((*due)->date), {received.seq}, AttributeNone({handler}, roster_, *rule_set_));
  }

  if (const Act* notice = First(c.correction_notices, as_of_)) {
    const Clock notice_clock{"correction-notice", c.receipt};
    auto notice_due = Due(*set, FindingKind::kLateCorrectionNotice, {&notice_clock, 1});
    GK_RETURN_IF_ERROR(notice_due);
    Track(*notice_due, notice);
    if (*notice_due && notice->date > (*notice_due)->date) {
      EmitAgainst(**notice_due, FindingKind::kLateCorrectionNotice, *set, agency, subject, notice->date, {received.seq, notice->seq},
           AttributeNone({handler}, roster_, *rule_set_));
    }
  }

  if (reply) {
    if (!reply->standard) {
      Emit(FindingKind::kNonstandardReply, *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}),
           by_approval);
    }
    if (reply->fee_fen > 0) {
      uint64_t noticed = 0;
      for (const CaseState::FeeNotice& notice : c.fee_notices) {
        if (notice.act.seq < reply->act.seq) noticed += notice.amount_fen;
      }
      if (noticed == 0 || reply->fee_fen > noticed) {
        Emit(FindingKind::kUnlawfulFee, *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}),
             by_approval);
      }
    }
    for (const CaseState::Review& review : c.reviews) {
      if (!review.corrected || review.act.date > as_of_ || review.act.seq < reply->act.seq) continue;
      if (IsWithheld(reply->outcome)) {
        Emit(FindingKind::kWithheldInformation, *set, agency, subject, review.decided, {reply->act.seq, review.act.seq},
             by_approval);
      }
      Emit(FindingKind::kReplyCorrectedOnReview, *set, agency, subject, review.decided, {reply->act.seq, review.act.seq},
           by_approval);
      break;
    }
  }
  if (const Act* complaint = First(c.upheld_complaints, as_of_)) {
    std::vector<uint64_t> evidence{complaint->seq};
    if (reply) evidence.push_back(reply->act.seq);
    Emit(FindingKind::kVerifiedComplaint, *set, agency, subject, complaint->date, std::move(evidence), by_approval);
  }
  return {};
}

}  // namespace gongkai::projections
