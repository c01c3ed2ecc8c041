// The compact state the findings engine keeps per item, case and inquiry:
// only the events a finding or an attribution can rest on, each reduced to
// an Act. Acts are kept in ledger order (ascending seq) in every vector.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/schema/action.capnp.h"
#include "ledger/base/time.h"
#include "ledger/rules/date.h"

namespace gongkai::projections {

// One event that matters: its position, when it happened (business time and
// its China Standard Time date) and who signed it.
struct Act {
  uint64_t seq = 0;
  UnixMicros time = 0;     // business time: when the act says it happened
  rules::Date date{0};     // its day
  std::string signer;      // person id; empty when the key is unknown
  rules::Date recorded{0};  // the day the ledger recorded it (China Standard Time)
};

struct CollectiveRecord {
  Act act;
  rules::Date meeting{0};  // the formation date of what it approves
  std::vector<std::string> should_attend;
  std::vector<std::string> present;  // in the order recorded
  size_t votes = 0;                  // votes recorded (0: none recorded)
  size_t yes = 0;
  bool adopted = false;
  // Who voted no: a recorded vote against counts as the objection the
  // attribution rules speak of (004 §64(三)).
  std::vector<std::string> voted_against;
};

// The decision records of an item or a case (docs/EVENTS.md §4).
struct Decisions {
  std::vector<Act> sign_offs;  // approving signedOff / replyApproved by a leader in charge or principal
  std::vector<CollectiveRecord> collective;
  std::vector<Act> objections;  // objectionRecorded, by their signers
};

// What approved an act: the first approving sign-off or adopted collective
// decision (docs/EVENTS.md, "Approval and formation").
struct Approval {
  const Act* act = nullptr;                   // the approving event
  const CollectiveRecord* decision = nullptr;  // set when collective
  rules::Date formation{0};                    // sign-off: its date; collective: the meeting date
};

// The first approval among events dated on or before `as_of`.
std::optional<Approval> FirstApproval(const Decisions& decisions, rules::Date as_of);
// The first act dated on or before `as_of`, or nullptr.
const Act* First(const std::vector<Act>& acts, rules::Date as_of);
// Whether `person` recorded an objection before `seq`.
const Act* ObjectionBefore(const Decisions& decisions, const std::string& person, uint64_t seq);

// Whose staff signed a publication or an archive transfer of an item: the
// agency holding it (for a joint document, the lead agency), one of its
// co-producers (联合发文), or neither.
enum class ActOrigin : uint8_t { kHolder, kCoProducer, kOther };

struct ItemState {
  std::string agency;
  std::vector<std::string> co_producers;  // the first drafting's coProducers
  std::optional<Act> drafted;
  bool policy = false, annual_report = false, time_critical = false;
  int report_year = 0;
  schema::DisclosureAttribute attribute = schema::DisclosureAttribute::PROACTIVE;  // latest proposed or decided
  struct Request {
    Act act;
    std::string requested_of;
  };
  std::vector<Request> review_requests;
  struct Opinion {
    Act act;
    schema::ReviewOpinion opinion;
  };
  std::vector<Opinion> opinions;  // confidentialityOpinion and confidentialityDetermined
  Decisions decisions;
  // Publications signed by the holder's staff; by a co-producer's staff
  // (they discharge the duty only where the rule set's joint-duty says
  // any-producer). Publications by anyone else discharge nothing.
  std::vector<Act> publications, co_producer_publications, interpretations;
  struct Transfer {
    Act act;
    bool electronic = false;
    bool invalidity = false;
    bool by_co_producer = false;  // signed by a co-producer's staff (see publications)
    std::string archive;          // the receiving archive's agency id
    // The archive's answer that returned it, or passed it without all four
    // checks (archiveAccepted): from that day it discharges nothing.
    std::optional<Act> returned;
  };
  std::vector<Transfer> transfers;
  std::vector<Act> changes;  // amended, revoked: the transfer clock restarts
};

struct CaseState {
  std::string agency;
  std::optional<Act> received;
  rules::Date receipt{0};
  std::optional<Act> drafted;  // the first replyDrafted: its signer is the handler
  std::vector<Act> correction_notices;
  std::vector<rules::Date> corrections_received;
  std::vector<Act> closures;  // correctionLapsed, withdrawn: no reply is due any more
  struct Consultation {
    bool third_party = false;  // otherwise another agency
    std::string party;
    Act asked;
    std::optional<Act> answered;
  };
  std::vector<Consultation> consultations;
  struct Extension {
    Act act;  // its signer approved it
    int32_t working_days = 0;
    bool applicant_notified = false;
  };
  std::vector<Extension> extensions;
  Decisions decisions;
  struct Reply {
    Act act;
    schema::ReplyOutcome outcome;
    bool standard = true;  // legal basis, reasons and remedy statement all given
    uint64_t fee_fen = 0;
  };
  std::vector<Reply> replies;
  struct FeeNotice {
    Act act;
    uint64_t amount_fen = 0;
  };
  std::vector<FeeNotice> fee_notices;
  struct Review {
    Act act;
    rules::Date decided{0};
    bool corrected = false;
  };
  std::vector<Review> reviews;  // reconsideration and litigation decisions
  std::vector<Act> upheld_complaints;
};

struct InquiryState {
  std::string agency;
  std::optional<Act> received;
  rules::Date received_date{0};
  schema::InquiryKind kind = schema::InquiryKind::CONSULTATION;
  std::vector<Act> answers;
  std::vector<Act> sign_offs;  // approving, by a leader in charge or principal
};

// Folds one event into its subject. `by_leader`: the signer held the leader
// in charge or principal role at the act, so an approving sign-off counts.
// Errors: kMalformed for a date field that does not parse.
// `origin`: whose staff signed the act (used for publications and transfers).
Status FoldItem(ItemState& item, schema::ItemEvent::Reader event, const Act& act, bool by_leader, ActOrigin origin);
Status FoldCase(CaseState& c, schema::CaseEvent::Reader event, const Act& act, bool by_leader);
Status FoldInquiry(InquiryState& inquiry, schema::InquiryEvent::Reader event, const Act& act, bool by_leader);

}  // namespace gongkai::projections
