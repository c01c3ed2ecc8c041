// The approvals projection: who drafted, reviewed, approved, signed off,
// voted, objected and published — when, in which role (as held at that
// time) and with which opinion. Stored twice by ProjectionDb: by subject
// (an item's or case's approval chain) and by person (everything they did in
// a period).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/action.h"
#include "ledger/bytes.h"
#include "ledger/error.h"
#include "ledger/time.h"
#include "projections/event_record.h"

namespace gongkai::projections {

struct ApprovalAct {
  uint64_t seq = 0;
  UnixMicros business_time = 0;
  std::string subject;   // the stream: "item/…", "case/…", "inquiry/…"
  std::string agency;    // the agency the subject belongs to
  std::string act;       // the event kind, e.g. "item.signedOff"; a vote is "item.collectiveDecision.vote"
  std::string person;    // who acted (for a vote: the member who voted)
  std::string role;      // the role they held at business time, e.g. "leaderInCharge"; empty if none
  std::string opinion;   // e.g. "approve", "reject", "disclose", "exempt", "yes", "no", "adopted";
                         // for an objection its statement
};

// The acts one entry records (none for events outside approval chains; a
// collective decision gives the chair's record and one per vote). Roles
// come from `roster`, which must hold the registry as of the entry.
std::vector<ApprovalAct> ApprovalActsOf(const EventRecord& record, const Roster& roster);

// The stored form of an act: length-prefixed fields (docs/PROJECTIONS.md).
Bytes EncodeApprovalAct(const ApprovalAct& act);
Result<ApprovalAct> DecodeApprovalAct(ByteView bytes);

}  // namespace gongkai::projections
