#include "projections/attribution.h"

#include <fmt/core.h>

namespace gongkai::projections {
namespace {

using schema::Role;

constexpr std::string_view kRuleNone = "004 §64(一)";
constexpr std::string_view kRuleLeader = "004 §64(二)";
constexpr std::string_view kRuleCollective = "004 §64(三)";

std::string HandlerRole(const Roster& roster, const Handler& handler) {
  return roster.RoleAt(handler.person, handler.at, {Role::HANDLER});
}

}  // namespace

Attribution AttributeNone(const std::vector<Handler>& handlers, const Roster& roster) {
  Attribution attribution{"none", {}};
  for (const Handler& handler : handlers) {
    attribution.responsible.push_back({handler.person, HandlerRole(roster, handler), "primary",
                                       std::string(kRuleNone),
                                       fmt::format("{}; no approval covers the act", handler.did)});
  }
  return attribution;
}

Attribution AttributeApproval(const Approval* approval, const Handler& handler, const Decisions& decisions,
                              const std::string& principal, const Roster& roster) {
  if (!approval) return AttributeNone({handler}, roster);
  const Act& decided = *approval->act;
  auto handler_entry = [&](std::string_view rule, std::string_view approved_by) {
    Responsible r{handler.person, HandlerRole(roster, handler), "primary", std::string(rule),
                  fmt::format("{}; {} (seq {})", handler.did, approved_by, decided.seq)};
    if (const Act* objection = ObjectionBefore(decisions, handler.person, decided.seq)) {
      r.share = "reduced";
      r.reason += fmt::format("; objected before it (seq {})", objection->seq);
    }
    return r;
  };
  if (!approval->decision) {
    Attribution attribution{"leader", {}};
    attribution.responsible.push_back(
        {decided.signer, roster.RoleAt(decided.signer, decided.time, {Role::LEADER_IN_CHARGE, Role::PRINCIPAL}),
         "primary", std::string(kRuleLeader), fmt::format("approved the act (seq {})", decided.seq)});
    attribution.responsible.push_back(handler_entry(kRuleLeader, "approved by the leader"));
    return attribution;
  }
  Attribution attribution{"collective", {}};
  const CollectiveRecord& d = *approval->decision;
  if (!principal.empty()) {
    attribution.responsible.push_back(
        {principal, roster.RoleAt(principal, decided.time, {Role::PRINCIPAL}), "primary",
         std::string(kRuleCollective),
         fmt::format("principal leader when the team decided collectively (seq {}, meeting {})", decided.seq,
                     rules::FormatDate(d.meeting))});
  }
  attribution.responsible.push_back(handler_entry(kRuleCollective, "decided collectively"));
  for (const std::string& member : d.present) {
    if (member == principal || member == handler.person) continue;
    Responsible r{member, roster.RoleAt(member, decided.time, {Role::LEADER_IN_CHARGE, Role::PRINCIPAL}),
                  "secondary", std::string(kRuleCollective),
                  fmt::format("member present at the collective decision (seq {})", decided.seq)};
    if (const Act* objection = ObjectionBefore(decisions, member, decided.seq)) {
      r.share = "reduced";
      r.reason += fmt::format("; objected before it (seq {})", objection->seq);
    }
    attribution.responsible.push_back(std::move(r));
  }
  return attribution;
}

}  // namespace gongkai::projections
