// Responsibility for a finding (RULES.md §5; docs/FINDINGS.md §2), applied
// to what decided the act, with roles as held at the time, under the
// attribution rule of the finding's rule set (rules::Responsibility):
//
// graded (004 §64(一)–(三)):
// - nothing approved the act: the handler alone, primary, (一);
// - a leader's approving sign-off: that leader and the handler, primary,
//   (二); the handler's share is reduced when the handler recorded an
//   objection on the same stream before the approval;
// - an adopted collective decision: the principal (organisation.leadership-
//   Assigned, on the meeting date) and the handler primary, every other
//   member present secondary, (三); a member or handler who recorded an
//   objection on the same stream before the decision: reduced.
// approver-alone (003 责任追究制度 §6(一)): the handler alone, primary,
//   when nothing approved the act; otherwise the approving leader, or the
//   principal and the members present, primary, and not the handler.
// statutory (条例（2019）第五十三条, 条例（2007）第三十五条, 000 第十条, 002
//   第三十六条): the approving leader, or the principal and the members
//   present, in-charge; the handler direct. No shares, no reduction.
// No written rule: the same people as statutory, each `unattributed`, the
//   rule saying that the rule set has none.
// Under rules without a reduction, an objection is still named in the
// reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/rules/rule_set.h"
#include "projections/event_record.h"
#include "projections/finding.h"
#include "projections/subjects.h"

namespace gongkai::projections {

// The person who did the act, and the event that shows it.
struct Handler {
  std::string person;
  UnixMicros at = 0;  // when they acted (their role is the one held then)
  std::string did;    // e.g. "drafted the item (seq 12)"
};

// The agency's leadership team (领导班子) on a date, as
// organisation.leadershipAssigned / leadershipEnded record it: who held
// which position, in the order assigned.
struct Team {
  struct Member {
    std::string person;
    schema::LeadershipPosition position;
  };
  std::string agency;
  std::vector<Member> members;

  // The principal (the latest assigned in force); empty when none.
  std::string Principal() const;
  // The position `person` held ("principal", "leaderInCharge", "member");
  // empty when not on the team.
  std::string PositionOf(std::string_view person) const;
};

// "none": each handler alone (several only when the act has no signer and
// the role's holders answer for it, e.g. a transfer that never happened).
Attribution AttributeNone(const std::vector<Handler>& handlers, const Roster& roster, const rules::RuleSet& set);

// What approved the act (nullptr: nothing did). `team`: the agency's
// leadership team on the formation date; for a collective decision its
// principal answers as such, and each member present is named with the
// position held on the team (the roster's role for anyone not on it).
Attribution AttributeApproval(const Approval* approval, const Handler& handler, const Decisions& decisions,
                              const Team& team, const Roster& roster, const rules::RuleSet& set);

}  // namespace gongkai::projections
