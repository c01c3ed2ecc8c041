#include "projections/acts.h"

#include <capnp/dynamic.h>

#include <algorithm>
#include <array>

#include "ledger/capnp_text.h"
#include "ledger/payload_check.h"

namespace gongkai::projections {
namespace {

using R = schema::Role;

std::string Decision(schema::ReviewDecision decision) {
  return decision == schema::ReviewDecision::APPROVE ? "approve" : "reject";
}

// The enumerant's schema name, e.g. "disclose", "partiallyDisclosed".
template <typename Enum>
std::string EnumName(Enum value) {
  KJ_IF_MAYBE(enumerant, capnp::toDynamic(value).getEnumerant()) {
    return enumerant->getProto().getName().cStr();
  }
  return std::to_string(static_cast<uint16_t>(value));
}

// Collects the acts of one entry.
class Collector {
 public:
  Collector(const EventRecord& record, const Roster& roster, std::string agency)
      : record_(record), roster_(roster), agency_(std::move(agency)) {}

  // The signer's act, in the role they held among `preferred` (else any).
  void Signer(std::string act, std::string opinion, std::initializer_list<R> preferred) {
    std::string person = roster_.SignerOf(record_.action);
    Add(std::move(act), person, std::move(opinion), preferred);
  }
  void Add(std::string act, const std::string& person, std::string opinion, std::initializer_list<R> preferred) {
    UnixMicros at = record_.action.business_time();
    acts_.push_back(ActRecord{record_.seq, at, std::string(record_.action.stream()), agency_, std::move(act),
                                person, roster_.RoleAt(person, at, preferred, agency_), std::move(opinion)});
  }
  void Collective(const std::string& act, schema::CollectiveDecision::Reader decision) {
    Signer(act, decision.getResult() == schema::CollectiveResult::ADOPTED ? "adopted" : "notAdopted",
           {R::PRINCIPAL});
    for (auto vote : decision.getVotes()) {
      Add(act + ".vote", std::string(TextView(vote.getPersonId())), EnumName(vote.getChoice()),
          {R::PRINCIPAL, R::LEADER_IN_CHARGE});
    }
  }
  std::vector<ActRecord> Take() { return std::move(acts_); }

 private:
  const EventRecord& record_;
  const Roster& roster_;
  std::string agency_;
  std::vector<ActRecord> acts_;
};

// The agency of an event outside items, cases and inquiries; empty for
// reference streams (calendar, rule sets).
std::string OtherAgency(schema::Action::Payload::Reader payload) {
  if (payload.isOrganisation()) return std::string(TextView(payload.getOrganisation().getAgencyId()));
  if (payload.isAccountability()) return std::string(TextView(payload.getAccountability().getAgency()));
  if (payload.isAssessment()) {
    auto e = payload.getAssessment();
    if (e.isSelfInspectionSubmitted()) return std::string(TextView(e.getSelfInspectionSubmitted().getAgency()));
    if (e.isResultRecorded()) return std::string(TextView(e.getResultRecorded().getAgency()));
    if (e.isGradeApproved()) return std::string(TextView(e.getGradeApproved().getAgency()));
  }
  return {};
}

void PutString(Bytes& out, std::string_view text) {
  uint8_t length[4];
  PutBigEndian(length, text.size(), 4);
  out.insert(out.end(), length, length + 4);
  out.insert(out.end(), text.begin(), text.end());
}

}  // namespace

std::vector<ActRecord> ActsOf(const EventRecord& record, const Roster& roster) {
  auto payload = record.action.reader().getPayload();
  std::string act = EventKindName(record.action.reader());
  if (payload.isItem()) {
    auto e = payload.getItem();
    Collector c(record, roster, std::string(TextView(e.getAgency())));
    switch (e.which()) {
      case schema::ItemEvent::DRAFTED: c.Signer(act, EnumName(e.getDrafted().getProposedAttribute()), {R::HANDLER}); break;
      case schema::ItemEvent::SECTION_REVIEWED:
        c.Signer(act, Decision(e.getSectionReviewed().getDecision()), {R::SECTION_HEAD});
        break;
      case schema::ItemEvent::CONFIDENTIALITY_OPINION:
        c.Signer(act, EnumName(e.getConfidentialityOpinion().getOpinion()),
                 {R::CONFIDENTIALITY_REVIEWER, R::LEADING_GROUP_OFFICE, R::DISCLOSURE_OFFICE_HEAD, R::SECTION_HEAD,
                  R::LEADER_IN_CHARGE});
        break;
      case schema::ItemEvent::CONFIDENTIALITY_DETERMINED:
        c.Signer(act, EnumName(e.getConfidentialityDetermined().getOpinion()), {R::CONFIDENTIALITY_REVIEWER});
        break;
      case schema::ItemEvent::CONSULTATION_ANSWERED:
        c.Signer(act, EnumName(e.getConsultationAnswered().getAnswer()), {});
        break;
      case schema::ItemEvent::SIGNED_OFF:
        c.Signer(act, Decision(e.getSignedOff().getDecision()), {R::LEADER_IN_CHARGE, R::PRINCIPAL});
        break;
      case schema::ItemEvent::OBJECTION_RECORDED:
        c.Signer(act, std::string(TextView(e.getObjectionRecorded().getStatement())), {});
        break;
      case schema::ItemEvent::COLLECTIVE_DECISION: c.Collective(act, e.getCollectiveDecision()); break;
      case schema::ItemEvent::PUBLISHED: c.Signer(act, EnumName(e.getPublished().getChannel()), {R::HANDLER}); break;
      case schema::ItemEvent::REVOKED: c.Signer(act, "revoke", {R::HANDLER}); break;
      case schema::ItemEvent::RECLASSIFIED:
        c.Signer(act, EnumName(e.getReclassified().getNewAttribute()), {});
        break;
      default: c.Signer(act, "", {}); break;
    }
    return c.Take();
  }
  if (payload.isApplication()) {
    auto e = payload.getApplication();
    Collector c(record, roster, std::string(TextView(e.getAgency())));
    switch (e.which()) {
      case schema::CaseEvent::REPLY_DRAFTED: c.Signer(act, EnumName(e.getReplyDrafted().getOutcome()), {R::HANDLER}); break;
      case schema::CaseEvent::REPLY_REVIEWED:
        c.Signer(act, Decision(e.getReplyReviewed().getDecision()), {R::SECTION_HEAD});
        break;
      case schema::CaseEvent::REPLY_APPROVED:
        c.Signer(act, Decision(e.getReplyApproved().getDecision()), {R::LEADER_IN_CHARGE, R::PRINCIPAL});
        break;
      case schema::CaseEvent::REPLY_ISSUED: c.Signer(act, EnumName(e.getReplyIssued().getOutcome()), {R::HANDLER}); break;
      case schema::CaseEvent::EXTENSION_APPROVED:
        c.Signer(act, fmt::format("+{} wd", e.getExtensionApproved().getWorkingDays()), {R::DISCLOSURE_OFFICE_HEAD, R::LEADING_GROUP_OFFICE});
        break;
      case schema::CaseEvent::FEE_WAIVED: c.Signer(act, "waive", {}); break;
      case schema::CaseEvent::OBJECTION_RECORDED:
        c.Signer(act, std::string(TextView(e.getObjectionRecorded().getStatement())), {});
        break;
      case schema::CaseEvent::COLLECTIVE_DECISION: c.Collective(act, e.getCollectiveDecision()); break;
      default: c.Signer(act, "", {}); break;
    }
    return c.Take();
  }
  if (payload.isInquiry()) {
    auto e = payload.getInquiry();
    Collector c(record, roster, std::string(TextView(e.getAgency())));
    if (e.isAnswered()) {
      c.Signer(act, "answer", {R::HANDLER});
    } else if (e.isSignedOff()) {
      c.Signer(act, Decision(e.getSignedOff().getDecision()), {R::LEADER_IN_CHARGE});
    } else {
      c.Signer(act, "", {});
    }
    return c.Take();
  }
  if (IsRegistryPayload(record.action.kind())) return {};
  // Agencies, accountability, assessment and reference streams: the step alone.
  Collector c(record, roster, OtherAgency(payload));
  c.Signer(act, "", {});
  return c.Take();
}

bool IsApprovalAct(std::string_view act) {
  // Sorted, for binary search.
  static constexpr std::array<std::string_view, 23> kApprovalActs = {
      "application.collectiveDecision",
      "application.collectiveDecision.vote",
      "application.extensionApproved",
      "application.feeWaived",
      "application.objectionRecorded",
      "application.replyApproved",
      "application.replyDrafted",
      "application.replyIssued",
      "application.replyReviewed",
      "inquiry.answered",
      "inquiry.signedOff",
      "item.collectiveDecision",
      "item.collectiveDecision.vote",
      "item.confidentialityDetermined",
      "item.confidentialityOpinion",
      "item.consultationAnswered",
      "item.drafted",
      "item.objectionRecorded",
      "item.published",
      "item.reclassified",
      "item.revoked",
      "item.sectionReviewed",
      "item.signedOff",
  };
  return std::ranges::binary_search(kApprovalActs, act);
}

// Stored form: seq (8, big-endian) ‖ business time (8, big-endian, two's
// complement) ‖ six strings (subject, agency, act, person, role, opinion),
// each a 4-byte big-endian length and UTF-8 bytes.
void AppendActRecord(const ActRecord& act, Bytes& out) {
  size_t at = out.size();
  out.resize(at + 16);
  PutBigEndian(out.data() + at, act.seq, 8);
  PutBigEndian(out.data() + at + 8, static_cast<uint64_t>(act.business_time), 8);
  for (const std::string* field : {&act.subject, &act.agency, &act.act, &act.person, &act.role, &act.opinion}) {
    PutString(out, *field);
  }
}

Bytes EncodeActRecord(const ActRecord& act) {
  Bytes out;
  AppendActRecord(act, out);
  return out;
}

Result<ActRecord> DecodeActRecord(ByteView bytes) {
  ActRecord act;
  if (auto s = DecodeActRecordInto(bytes, act); !s) return std::unexpected(s.error());
  return act;
}

Status DecodeActRecordInto(ByteView bytes, ActRecord& act) {
  if (bytes.size() < 16) return Fail(ErrorCode::kCorruption, "act record of {} bytes", bytes.size());
  act.seq = GetBigEndian(bytes.data(), 8);
  act.business_time = static_cast<UnixMicros>(GetBigEndian(bytes.data() + 8, 8));
  size_t at = 16;
  for (std::string* field : {&act.subject, &act.agency, &act.act, &act.person, &act.role, &act.opinion}) {
    if (bytes.size() - at < 4) return Fail(ErrorCode::kCorruption, "act record truncated");
    size_t length = GetBigEndian(bytes.data() + at, 4);
    at += 4;
    if (bytes.size() - at < length) return Fail(ErrorCode::kCorruption, "act record truncated");
    field->assign(reinterpret_cast<const char*>(bytes.data() + at), length);
    at += length;
  }
  if (at != bytes.size()) return Fail(ErrorCode::kCorruption, "act record has {} trailing bytes", bytes.size() - at);
  return {};
}

}  // namespace gongkai::projections
