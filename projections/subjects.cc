#include "projections/subjects.h"

#include <string_view>

#include "ledger/capnp_text.h"

namespace gongkai::projections {
namespace {

Result<rules::Date> DateField(capnp::Text::Reader text, const Act& act, std::string_view field) {
  auto date = rules::ParseDate(TextView(text));
  if (!date) return FailAt(act.seq, ErrorCode::kMalformed, "{} is not a date", field);
  return *date;
}

Status FoldCollective(Decisions& decisions, schema::CollectiveDecision::Reader d, const Act& act) {
  auto meeting = DateField(d.getMeetingDate(), act, "collectiveDecision.meetingDate");
  GK_RETURN_IF_ERROR(meeting);
  CollectiveRecord record{act, *meeting, {}, {}, d.getVotes().size(), 0,
                          d.getResult() == schema::CollectiveResult::ADOPTED};
  for (auto person : d.getShouldAttend()) record.should_attend.push_back(TextString(person));
  for (auto person : d.getPresent()) record.present.push_back(TextString(person));
  for (auto vote : d.getVotes()) {
    record.yes += vote.getChoice() == schema::VoteChoice::YES;
    if (vote.getChoice() == schema::VoteChoice::NO) record.voted_against.push_back(TextString(vote.getPersonId()));
  }
  decisions.collective.push_back(std::move(record));
  return {};
}

}  // namespace

std::optional<Approval> FirstApproval(const Decisions& decisions, rules::Date as_of) {
  const Act* sign_off = First(decisions.sign_offs, as_of);
  const CollectiveRecord* collective = nullptr;
  for (const CollectiveRecord& d : decisions.collective) {
    if (d.adopted && d.act.date <= as_of) {
      collective = &d;
      break;
    }
  }
  if (collective && (!sign_off || collective->act.seq < sign_off->seq)) {
    return Approval{&collective->act, collective, collective->meeting};
  }
  if (sign_off) return Approval{sign_off, nullptr, sign_off->date};
  return std::nullopt;
}

const Act* First(const std::vector<Act>& acts, rules::Date as_of) {
  for (const Act& act : acts) {
    if (act.date <= as_of) return &act;
  }
  return nullptr;
}

const Act* ObjectionBefore(const Decisions& decisions, const std::string& person, uint64_t seq) {
  for (const Act& objection : decisions.objections) {
    if (objection.seq < seq && objection.signer == person) return &objection;
  }
  return nullptr;
}

Status FoldItem(ItemState& item, schema::ItemEvent::Reader event, const Act& act, bool by_leader, ActOrigin origin) {
  using E = schema::ItemEvent;
  item.agency = TextString(event.getAgency());
  switch (event.which()) {
    case E::DRAFTED: {
      if (item.drafted) break;  // the first drafting names the handler
      auto d = event.getDrafted();
      item.drafted = act;
      item.policy = d.getIsPolicyDocument();
      item.time_critical = d.getTimeCritical();
      item.annual_report = d.getCategory() == schema::InfoCategory::ANNUAL_REPORT;
      item.report_year = d.getReportYear();
      for (auto co_producer : d.getCoProducers()) item.co_producers.push_back(TextString(co_producer));
      item.attribute = d.getProposedAttribute();
      break;
    }
    case E::SECTION_REVIEWED:
      item.attribute = event.getSectionReviewed().getProposedAttribute();
      break;
    case E::CONFIDENTIALITY_REVIEW_REQUESTED:
      item.review_requests.push_back({act, TextString(event.getConfidentialityReviewRequested().getRequestedOf())});
      break;
    case E::CONFIDENTIALITY_OPINION:
      item.opinions.push_back({act, event.getConfidentialityOpinion().getOpinion()});
      break;
    case E::CONFIDENTIALITY_DETERMINED:
      item.opinions.push_back({act, event.getConfidentialityDetermined().getOpinion()});
      break;
    case E::SIGNED_OFF: {
      auto s = event.getSignedOff();
      if (s.getDecision() != schema::ReviewDecision::APPROVE || !by_leader) break;
      if (item.decisions.sign_offs.empty()) item.attribute = s.getAttribute();
      item.decisions.sign_offs.push_back(act);
      break;
    }
    case E::OBJECTION_RECORDED:
      item.decisions.objections.push_back(act);
      break;
    case E::COLLECTIVE_DECISION:
      return FoldCollective(item.decisions, event.getCollectiveDecision(), act);
    case E::PUBLISHED:
      if (origin == ActOrigin::kHolder) item.publications.push_back(act);
      if (origin == ActOrigin::kCoProducer) item.co_producer_publications.push_back(act);
      break;
    case E::INTERPRETATION_PUBLISHED:
      item.interpretations.push_back(act);
      break;
    case E::TRANSFERRED_TO_ARCHIVE: {
      auto t = event.getTransferredToArchive();
      if (origin == ActOrigin::kOther) break;
      item.transfers.push_back({act, t.getForm() == schema::TransferForm::ELECTRONIC, t.getInvalidityNotice(),
                                origin == ActOrigin::kCoProducer, TextString(t.getArchive()), std::nullopt});
      break;
    }
    case E::AMENDED:
    case E::REVOKED:
      item.changes.push_back(act);
      break;
    case E::RECLASSIFIED:
      item.attribute = event.getReclassified().getNewAttribute();
      break;
    default:
      break;
  }
  return {};
}

Status FoldCase(CaseState& c, schema::CaseEvent::Reader event, const Act& act, bool by_leader) {
  using E = schema::CaseEvent;
  c.agency = TextString(event.getAgency());
  switch (event.which()) {
    case E::RECEIVED: {
      if (c.received) break;
      auto receipt = DateField(event.getReceived().getReceiptDate(), act, "application.received.receiptDate");
      GK_RETURN_IF_ERROR(receipt);
      c.received = act;
      c.receipt = *receipt;
      break;
    }
    case E::CORRECTION_REQUESTED:
      c.correction_notices.push_back(act);
      break;
    case E::CORRECTION_RECEIVED: {
      auto date = DateField(event.getCorrectionReceived().getReceiptDate(), act,
                            "application.correctionReceived.receiptDate");
      GK_RETURN_IF_ERROR(date);
      c.corrections_received.push_back(*date);
      break;
    }
    case E::CORRECTION_LAPSED:
    case E::WITHDRAWN:
      c.closures.push_back(act);
      break;
    case E::THIRD_PARTY_CONSULTED:
      c.consultations.push_back({true, TextString(event.getThirdPartyConsulted().getThirdParty()), act, std::nullopt});
      break;
    case E::AGENCY_CONSULTED:
      c.consultations.push_back({false, TextString(event.getAgencyConsulted().getConsultedAgency()), act, std::nullopt});
      break;
    case E::THIRD_PARTY_ANSWERED:
    case E::AGENCY_ANSWERED: {
      bool third = event.which() == E::THIRD_PARTY_ANSWERED;
      std::string party = third ? TextString(event.getThirdPartyAnswered().getThirdParty())
                                : TextString(event.getAgencyAnswered().getConsultedAgency());
      for (auto& consultation : c.consultations) {
        if (consultation.third_party == third && consultation.party == party && !consultation.answered) {
          consultation.answered = act;
          break;
        }
      }
      break;
    }
    case E::EXTENSION_APPROVED: {
      auto extension = event.getExtensionApproved();
      c.extensions.push_back({act, extension.getWorkingDays(), extension.getApplicantNotified()});
      break;
    }
    case E::REPLY_DRAFTED:
      if (!c.drafted) c.drafted = act;
      break;
    case E::REPLY_APPROVED:
      if (event.getReplyApproved().getDecision() == schema::ReviewDecision::APPROVE && by_leader) {
        c.decisions.sign_offs.push_back(act);
      }
      break;
    case E::OBJECTION_RECORDED:
      c.decisions.objections.push_back(act);
      break;
    case E::COLLECTIVE_DECISION:
      return FoldCollective(c.decisions, event.getCollectiveDecision(), act);
    case E::REPLY_ISSUED: {
      auto r = event.getReplyIssued();
      bool standard = r.getLegalBasis().size() > 0 && r.getReasons().size() > 0 && r.getRemedyStatement();
      c.replies.push_back({act, r.getOutcome(), standard, r.getFeeFen()});
      break;
    }
    case E::FEE_NOTICE:
      c.fee_notices.push_back({act, event.getFeeNotice().getAmountFen()});
      break;
    case E::RECONSIDERATION_DECIDED:
    case E::LITIGATION_DECIDED: {
      bool reconsideration = event.which() == E::RECONSIDERATION_DECIDED;
      auto result = reconsideration ? event.getReconsiderationDecided().getResult()
                                    : event.getLitigationDecided().getResult();
      auto decided = DateField(reconsideration ? event.getReconsiderationDecided().getDecidedDate()
                                               : event.getLitigationDecided().getDecidedDate(),
                               act, "decidedDate");
      GK_RETURN_IF_ERROR(decided);
      c.reviews.push_back({act, *decided, result == schema::ReviewResult::CORRECTED});
      break;
    }
    case E::COMPLAINT_VERIFIED:
      if (event.getComplaintVerified().getUpheld()) c.upheld_complaints.push_back(act);
      break;
    default:
      break;
  }
  return {};
}

Status FoldInquiry(InquiryState& inquiry, schema::InquiryEvent::Reader event, const Act& act, bool by_leader) {
  using E = schema::InquiryEvent;
  inquiry.agency = TextString(event.getAgency());
  switch (event.which()) {
    case E::RECEIVED: {
      if (inquiry.received) break;
      auto r = event.getReceived();
      auto date = DateField(r.getReceivedDate(), act, "inquiry.received.receivedDate");
      GK_RETURN_IF_ERROR(date);
      inquiry.received = act;
      inquiry.received_date = *date;
      inquiry.kind = r.getKind();
      break;
    }
    case E::ANSWERED:
      inquiry.answers.push_back(act);
      break;
    case E::SIGNED_OFF:
      if (event.getSignedOff().getDecision() == schema::ReviewDecision::APPROVE && by_leader) {
        inquiry.sign_offs.push_back(act);
      }
      break;
    default:
      break;
  }
  return {};
}

}  // namespace gongkai::projections
