// Findings on the transfer of published items to the archive.
#include "projections/detector.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;

// Archive transfer (000 移送办法 §7–§9; 004 §61–§62): of a formed, published
// item within the deadlines from its formation, and again from each change.
// Where the rule set's missing-archive-transfer breaches the paper deadline
// (000 §9 and 004 §61 require paper and electronic copies), a formed item
// with no paper copy by that deadline is a finding too ("#paper").
namespace {
bool PaperRequired(const rules::RuleSet& set) {
  const rules::Finding* missing = set.FindFinding(rules::FindingKind::kMissingArchiveTransfer);
  return missing && std::ranges::find(missing->breaches, "archive-transfer-paper") != missing->breaches.end();
}
}  // namespace

Status Detector::DetectTransfers(const rules::RuleSet& set, const std::string& subject, const ItemState& item,
                                 const Approval& approval) {
  const std::string& agency = item.agency;
  auto clerk = [&](const Act& transfer, const DueDay& due) {
    return AttributeNone({{transfer.signer, transfer.time, fmt::format("made the transfer (seq {})", transfer.seq)}},
                         roster_, *due.set);
  };
  // A co-producer's transfer discharges the lead agency's duty only where
  // the rule set says any producer's does (000 移送管理办法 第五条: the lead
  // agency transfers).
  bool co_producers_discharge = Discharges(set, rules::JointDuty::kArchiveTransfer);
  // `trigger`: the formation or change; `after`: only transfers after this seq count.
  auto check = [&](const Act& trigger, Date from, std::optional<uint64_t> after, std::string suffix) -> Status {
    const ItemState::Transfer* electronic = nullptr;
    const ItemState::Transfer* paper = nullptr;
    for (const ItemState::Transfer& t : item.transfers) {
      if (t.act.date > as_of_ || (after && t.act.seq <= *after) || (!after && t.invalidity)) continue;
      if (t.by_co_producer && !co_producers_discharge) continue;
      if (t.returned && t.returned->date <= as_of_) continue;  // the archive returned it
      if (t.electronic && !electronic) electronic = &t;
      if (!t.electronic && !paper) paper = &t;
    }
    const Clock electronic_clock{"archive-transfer-electronic", from};
    if (electronic) {
      auto due = Due(set, FindingKind::kLateArchiveTransfer, {&electronic_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, &electronic->act);
      if (*due && electronic->act.date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLateArchiveTransfer, agency, subject, electronic->act.date, {trigger.seq, electronic->act.seq},
             clerk(electronic->act, **due), suffix);
        return {};
      }
    } else {
      auto due = Due(set, FindingKind::kMissingArchiveTransfer, {&electronic_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (*due && (*due)->date < as_of_) {
        EmitAgainst(**due, FindingKind::kMissingArchiveTransfer, agency, subject, NextDay((*due)->date), {trigger.seq},
             AttributeNone(Holders(Role::TRANSFER_CLERK, agency, NextDay((*due)->date), "transfer clerk of the agency"),
                           roster_, *(*due)->set),
             suffix);
        return {};
      }
    }
    if (after) return {};
    const Clock paper_clock{"archive-transfer-paper", from};
    if (paper) {
      auto due = Due(set, FindingKind::kLateArchiveTransfer, {&paper_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, &paper->act);
      if (*due && paper->act.date > (*due)->date) {
        EmitAgainst(**due, FindingKind::kLateArchiveTransfer, agency, subject, paper->act.date, {trigger.seq, paper->act.seq},
             clerk(paper->act, **due), suffix);
      }
    } else if (PaperRequired(StepSet(set, from))) {
      auto due = Due(set, FindingKind::kMissingArchiveTransfer, {&paper_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (*due && (*due)->date < as_of_) {
        EmitAgainst(**due, FindingKind::kMissingArchiveTransfer, agency, subject, NextDay((*due)->date), {trigger.seq},
                    AttributeNone(Holders(Role::TRANSFER_CLERK, agency, NextDay((*due)->date),
                                          "transfer clerk of the agency (paper copy)"),
                                  roster_, *(*due)->set),
                    "#paper");
      }
    }
    return {};
  };
  GK_RETURN_IF_ERROR(check(*approval.act, approval.formation, std::nullopt, ""));
  for (const Act& change : item.changes) {
    if (change.date > as_of_ || change.seq < approval.act->seq) continue;
    GK_RETURN_IF_ERROR(check(change, change.date, change.seq, fmt::format("#{}", change.seq)));
  }
  return {};
}

}  // namespace gongkai::projections
