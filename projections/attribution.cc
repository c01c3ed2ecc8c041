#include "projections/attribution.h"

#include <fmt/core.h>

#include <algorithm>

namespace gongkai::projections {
namespace {

using rules::ResponsibilityModel;
using schema::Role;

// How one rule set attributes: its model (none: no written rule) and the
// text each responsible person's `rule` cites, by which clause applies.
class Rule {
 public:
  explicit Rule(const rules::RuleSet& set) : set_(set), written_(set.responsibility) {}

  std::optional<ResponsibilityModel> model() const {
    return written_ ? std::optional(written_->model) : std::nullopt;
  }
  // The citation for what decided the act: graded rules name the clause
  // ("(一)" nothing, "(二)" a leader, "(三)" a collective decision).
  std::string Cite(std::string_view clause) const {
    if (!written_) return fmt::format("no written attribution rule (rule set {})", set_.id);
    if (written_->model == ResponsibilityModel::kGraded) return fmt::format("{}{}", written_->source, clause);
    return written_->source;
  }
  // The share of a leader (in charge, approving or deciding) and of the
  // handler, before any reduction.
  std::string_view LeaderShare(bool principal_or_approver) const {
    if (!written_) return "unattributed";
    switch (written_->model) {
      case ResponsibilityModel::kGraded: return principal_or_approver ? "primary" : "secondary";
      case ResponsibilityModel::kApproverAlone: return "primary";
      case ResponsibilityModel::kStatutory: return "in-charge";
    }
    return "in-charge";
  }
  std::string_view HandlerShare() const {
    if (!written_) return "unattributed";
    return written_->model == ResponsibilityModel::kStatutory ? "direct" : "primary";
  }
  bool Reduces() const { return model() == ResponsibilityModel::kGraded; }
  // Whether the handler answers for an act a leader approved.
  bool HandlerAnswersForApproval() const { return model() != ResponsibilityModel::kApproverAlone; }

 private:
  const rules::RuleSet& set_;
  const std::optional<rules::Responsibility>& written_;
};

// One responsible person, named with the role they held at `at` (the first
// of `preferred` held, else any) and the agency they held it in.
Responsible Named(const Roster& roster, const std::string& person, UnixMicros at,
                  std::initializer_list<Role> preferred, std::string_view share, std::string rule,
                  std::string reason) {
  Roster::HeldRole held = roster.HeldAt(person, at, preferred);
  return {.person = person, .role = std::move(held.role), .agency = std::move(held.agency),
          .share = std::string(share), .rule = std::move(rule), .reason = std::move(reason)};
}

// An objection `person` recorded before `decided`, or their vote against
// the collective decision `decision` (when one decided): the share reduced
// where the rule reduces, named in the reason either way.
void NoteObjection(Responsible& r, const Rule& rule, const Decisions& decisions, uint64_t decided,
                   const CollectiveRecord* decision = nullptr) {
  std::string objected;
  if (const Act* objection = ObjectionBefore(decisions, r.person, decided)) {
    objected = fmt::format("objected before it (seq {})", objection->seq);
  } else if (decision && std::ranges::find(decision->voted_against, r.person) != decision->voted_against.end()) {
    objected = fmt::format("voted against it (seq {})", decided);
  }
  if (objected.empty()) return;
  if (rule.Reduces()) {
    r.share = "reduced";
    r.reason += "; " + objected;
  } else {
    r.reason += fmt::format("; {}, which this rule does not reduce", objected);
  }
}

std::string_view PositionName(schema::LeadershipPosition position) {
  switch (position) {
    case schema::LeadershipPosition::PRINCIPAL: return "principal";
    case schema::LeadershipPosition::LEADER_IN_CHARGE: return "leaderInCharge";
    case schema::LeadershipPosition::MEMBER: return "member";
  }
  return "?";
}

}  // namespace

std::string Team::Principal() const {
  std::string principal;
  for (const Member& m : members) {
    if (m.position == schema::LeadershipPosition::PRINCIPAL) principal = m.person;
  }
  return principal;
}

std::string Team::PositionOf(std::string_view person) const {
  std::string position;
  for (const Member& m : members) {
    if (m.person == person) position = PositionName(m.position);
  }
  return position;
}

Attribution AttributeNone(const std::vector<Handler>& handlers, const Roster& roster, const rules::RuleSet& set) {
  Rule rule(set);
  Attribution attribution{"none", {}};
  for (const Handler& handler : handlers) {
    attribution.responsible.push_back(Named(roster, handler.person, handler.at, {Role::HANDLER}, rule.HandlerShare(),
                                            rule.Cite("(一)"),
                                            fmt::format("{}; no approval covers the act", handler.did)));
  }
  return attribution;
}

Attribution AttributeApproval(const Approval* approval, const Handler& handler, const Decisions& decisions,
                              const Team& team, const Roster& roster, const rules::RuleSet& set) {
  if (!approval) return AttributeNone({handler}, roster, set);
  Rule rule(set);
  const Act& decided = *approval->act;
  auto handler_entry = [&](std::string_view clause, std::string_view approved_by) {
    Responsible r = Named(roster, handler.person, handler.at, {Role::HANDLER}, rule.HandlerShare(), rule.Cite(clause),
                          fmt::format("{}; {} (seq {})", handler.did, approved_by, decided.seq));
    NoteObjection(r, rule, decisions, decided.seq);
    return r;
  };
  if (!approval->decision) {
    Attribution attribution{"leader", {}};
    attribution.responsible.push_back(Named(roster, decided.signer, decided.time,
                                            {Role::LEADER_IN_CHARGE, Role::PRINCIPAL}, rule.LeaderShare(true),
                                            rule.Cite("(二)"), fmt::format("approved the act (seq {})", decided.seq)));
    if (rule.HandlerAnswersForApproval()) {
      attribution.responsible.push_back(handler_entry("(二)", "approved by the leader"));
    }
    return attribution;
  }
  Attribution attribution{"collective", {}};
  const CollectiveRecord& d = *approval->decision;
  // A member of the team answers in the position held on it.
  auto on_team = [&](Responsible r) {
    if (std::string position = team.PositionOf(r.person); !position.empty()) {
      r.role = std::move(position);
      r.agency = team.agency;
    }
    return r;
  };
  std::string principal = team.Principal();
  if (!principal.empty()) {
    attribution.responsible.push_back(on_team(
        Named(roster, principal, decided.time, {Role::PRINCIPAL}, rule.LeaderShare(true), rule.Cite("(三)"),
              fmt::format("principal leader when the team decided collectively (seq {}, meeting {})", decided.seq,
                          rules::FormatDate(d.meeting)))));
  }
  if (rule.HandlerAnswersForApproval()) attribution.responsible.push_back(handler_entry("(三)", "decided collectively"));
  for (const std::string& member : d.present) {
    if (member == principal || member == handler.person) continue;
    Responsible r = Named(roster, member, decided.time, {Role::LEADER_IN_CHARGE, Role::PRINCIPAL},
                          rule.LeaderShare(false), rule.Cite("(三)"),
                          fmt::format("member present at the collective decision (seq {})", decided.seq));
    NoteObjection(r, rule, decisions, decided.seq, &d);
    attribution.responsible.push_back(on_team(std::move(r)));
  }
  return attribution;
}

}  // namespace gongkai::projections
