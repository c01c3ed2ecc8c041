// The acts projection: every step of every subject (an item, a case, an
// inquiry, an agency, an accountability or assessment procedure, a
// reference stream) — who acted, when, in which role (as held at that time)
// and with which opinion. Stored three ways by ProjectionDb: by subject (its
// timeline and approval chain), by person (everything they did in a
// period) and by agency (everything done in an agency in a period).
//
// Approvals are the acts of approval chains (IsApprovalAct): drafting,
// reviews, clearances, sign-offs, votes, objections, publication and reply.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/action.h"
#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "projections/event_record.h"

namespace gongkai::projections {

struct ActRecord {
  uint64_t seq = 0;
  UnixMicros business_time = 0;
  std::string subject;   // the stream: "item/…", "case/…", "inquiry/…", "agency/…", …
  std::string agency;    // the agency the subject belongs to; empty for reference streams
  std::string act;       // the event kind, e.g. "item.signedOff"; a vote is "item.collectiveDecision.vote"
  std::string person;    // who acted (for a vote: the member who voted)
  std::string role;      // the role they held at business time, e.g. "leaderInCharge"; empty if none
  std::string opinion;   // for approval acts: e.g. "approve", "reject", "disclose", "exempt", "yes",
                         // "adopted"; for an objection its statement; empty for other acts
  // Two clocks (docs/FINDINGS.md): when the ledger recorded the entry, and
  // whether that was more than the record-lag of the rule set in force
  // after the day the act bears. Not in the stored form: the query layer
  // fills them from the ledger (query::MarkRecording); 0 and false until then.
  UnixMicros recorded_time = 0;
  bool recorded_late = false;
};

// The acts one entry records: one per entry outside the key registry (a
// collective decision adds one per vote); none for registry events. Roles
// come from `roster`, which must hold the registry as of the entry.
std::vector<ActRecord> ActsOf(const EventRecord& record, const Roster& roster);

// Whether `act` (an ActRecord::act) belongs to an approval chain.
bool IsApprovalAct(std::string_view act);

// The stored form of an act: length-prefixed fields (docs/PROJECTIONS.md).
Bytes EncodeActRecord(const ActRecord& act);
void AppendActRecord(const ActRecord& act, Bytes& out);  // EncodeActRecord, appended to `out`
Result<ActRecord> DecodeActRecord(ByteView bytes);
// DecodeActRecord into `act`, reusing its strings' storage.
Status DecodeActRecordInto(ByteView bytes, ActRecord& act);

}  // namespace gongkai::projections
