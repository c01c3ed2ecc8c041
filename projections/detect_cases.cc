// Findings on application cases: replies, correction notices, fees,
// complaints and reviews (docs/FINDINGS.md).
#include "projections/detector.h"

#include <fmt/ranges.h>

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

// Extensions of the reply period (条例（2019）第三十三条第二款; 004 §35(二);
// 000 依申请公开 三; docs/FINDINGS.md): one extends the clock by the working
// days it grants only when approved by the head of the disclosure office
// (disclosureOfficeHead in the case's agency when approving), on or before
// the original due date, with the applicant notified, and with every valid
// extension together within the rule set's extension. Any other is itself an
// invalid-extension finding, the approver's, and extends nothing.
Status Detector::ApplyExtensions(const rules::RuleSet& set, const std::string& subject, const CaseState& c,
                                 Clock& clock) {
  const rules::Deadline* deadline = set.FindDeadline(clock.deadline);
  int32_t allowed = deadline && deadline->extension ? *deadline->extension : 0;
  auto original = Due(set, FindingKind::kLateReply, {&clock, 1});
  GK_RETURN_IF_ERROR(original);
  int32_t granted = 0;
  bool first = true;
  for (const CaseState::Extension& extension : c.extensions) {
    const Act& act = extension.act;
    if (act.date > as_of_) continue;
    std::vector<std::string> faults;
    if (!roster_.HoldsAny(act.signer, {Role::DISCLOSURE_OFFICE_HEAD}, act.time, c.agency)) {
      faults.push_back("not approved by the head of the disclosure office");
    }
    if (*original && act.date > (*original)->date) {
      faults.push_back(fmt::format("approved after the original due date {}", rules::FormatDate((*original)->date)));
    }
    if (allowed == 0) {
      faults.push_back(fmt::format("rule set {} allows no extension", set.id));
    } else if (granted + extension.working_days > allowed) {
      faults.push_back(fmt::format("{} wd in all, more than the {} wd allowed", granted + extension.working_days, allowed));
    }
    if (!extension.applicant_notified) faults.push_back("the applicant was not notified");
    if (faults.empty()) {
      granted += extension.working_days;
      continue;
    }
    Handler approver{act.signer, act.time,
                     fmt::format("approved an extension of {} wd (seq {}), which extends nothing: {}",
                                 extension.working_days, act.seq, fmt::join(faults, "; "))};
    Emit(FindingKind::kInvalidExtension, set, c.agency, subject, act.date, {c.received->seq, act.seq},
         AttributeNone({approver}, roster_, set), first ? "" : fmt::format("#{}", act.seq));
    first = false;
  }
  clock.extended = granted > 0;
  if (granted > 0) clock.extension_granted = granted;
  return {};
}

Status Detector::DetectCase(const std::string& subject, const CaseState& c) {
  if (!c.received || c.received->date > as_of_) return {};
  const Act& received = *c.received;
  const rules::RuleSet* set = engine_.RuleSetInForce(c.agency, c.receipt);
  if (!set) return {};
  Judging(c.agency, *set);
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
  Attribution by_approval = ByApproval(covering, handler, c.decisions, agency, *set);
  auto with = [covering](std::vector<uint64_t> seqs) {
    if (covering) seqs.push_back(covering->act->seq);
    return seqs;
  };

  // The reply clock: from receipt (or the corrected application), not
  // counting consultation time, extended when an extension was approved.
  Clock clock{"reply-application", c.receipt};
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
  GK_RETURN_IF_ERROR(ApplyExtensions(*set, subject, c, clock));
  auto due = Due(*set, FindingKind::kLateReply, {&clock, 1});
  GK_RETURN_IF_ERROR(due);
  Track(*due, reply ? &reply->act : nullptr, First(c.closures, as_of_) != nullptr);
  if (reply && *due && reply->act.date > (*due)->date) {
    EmitAgainst(**due, FindingKind::kLateReply, agency, subject, reply->act.date, with({received.seq, reply->act.seq}), by_approval);
  } else if (!reply && *due && (*due)->date < as_of_ && !First(c.closures, as_of_)) {
    EmitAgainst(**due, FindingKind::kLateReply, agency, subject, NextDay((*due)->date), {received.seq}, AttributeNone({handler}, roster_, *(*due)->set));
  }

  if (const Act* notice = First(c.correction_notices, as_of_)) {
    const Clock notice_clock{"correction-notice", c.receipt};
    auto notice_due = Due(*set, FindingKind::kLateCorrectionNotice, {&notice_clock, 1});
    GK_RETURN_IF_ERROR(notice_due);
    Track(*notice_due, notice);
    if (*notice_due && notice->date > (*notice_due)->date) {
      EmitAgainst(**notice_due, FindingKind::kLateCorrectionNotice, agency, subject, notice->date, {received.seq, notice->seq},
           AttributeNone({handler}, roster_, *(*notice_due)->set));
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
