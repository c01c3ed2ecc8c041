#include "ledger/rules/rule_set.h"

#include <algorithm>

#include <fmt/core.h>

namespace gongkai::rules {
namespace {

constexpr std::string_view kDeadlineIds[] = {
    "publish-proactive",
    "publish-after-confidentiality-review",
    "publish-time-critical",
    "publish-application-catalogue",
    "reply-application",
    "correction-notice",
    "third-party-answer",
    "co-producer-answer",
    "interagency-consultation-answer",
    "confidentiality-review-opinion",
    "website-publication-review",
    "archive-transfer-electronic",
    "archive-transfer-paper",
    "policy-interpretation",
    "pre-disclosure-period",
    "collective-decision-notice",
    "inquiry-consultation-answer",
    "inquiry-suggestion-answer",
    "inquiry-complaint-answer",
    "fee-payment",
    "annual-report-publication",
    "annual-report-submission",
    "yearly-review",
    "assessment-notice",
};

// A sorted vector's element with the given key, or nullptr.
template <typename T, typename Key>
const T* FindSorted(const std::vector<T>& items, std::string_view key, Key T::*member) {
  auto it = std::ranges::lower_bound(items, key, {}, [&](const T& item) { return std::string_view(item.*member); });
  return it != items.end() && (*it).*member == key ? &*it : nullptr;
}

// `base` with every element of `own` replacing the one with the same key, or
// added; the result is sorted by key.
template <typename T>
std::vector<T> MergeSorted(const std::vector<T>& base, const std::vector<T>& own, std::string T::*key) {
  std::vector<T> merged = own;
  for (const T& item : base) {
    if (!FindSorted(own, item.*key, key)) merged.push_back(item);
  }
  std::ranges::sort(merged, {}, key);
  return merged;
}

// Checks what only the whole (resolved) set can show.
Status CheckWhole(const RuleSet& set, const RuleSet& own) {
  for (const Finding& finding : set.findings) {
    for (const std::string& id : finding.breaches) {
      if (!set.FindDeadline(id)) {
        return Fail(ErrorCode::kMalformed,
                    "line {}: finding {} breaches deadline '{}', which rule set {} does not define", finding.line,
                    finding.kind, id, set.id);
      }
    }
  }
  for (const Deduction& deduction : set.deductions) {
    if (!set.FindSection(deduction.section)) {
      return Fail(ErrorCode::kMalformed, "line {}: deduct {}: unknown section '{}'", deduction.line, deduction.kind,
                  deduction.section);
    }
  }
  int32_t total = 0;
  for (const Section& section : set.sections) total += section.weight;
  if (total != 100) {
    // Only the file's own sections can have broken a resolved base's sum.
    int line = own.sections.empty() ? set.sections.back().line : own.sections.back().line;
    return Fail(ErrorCode::kMalformed, "line {}: the section weights sum to {}, not 100", line, total);
  }
  return {};
}

}  // namespace

std::string_view Name(ResponsibilityModel model) {
  switch (model) {
    case ResponsibilityModel::kGraded: return "graded";
    case ResponsibilityModel::kApproverAlone: return "approver-alone";
    case ResponsibilityModel::kStatutory: return "statutory";
  }
  return "statutory";
}

std::span<const std::string_view> KnownDeadlineIds() { return kDeadlineIds; }
bool IsKnownDeadlineId(std::string_view id) {
  return std::ranges::find(kDeadlineIds, id) != std::ranges::end(kDeadlineIds);
}
bool IsKnownFindingKind(std::string_view kind) { return ParseFindingKind(kind).has_value(); }

std::string_view DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kWithin: return "within";
    case Direction::kAtLeastBefore: return "at-least-before";
    case Direction::kAtLeastAfter: return "at-least-after";
  }
  return "?";
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kWorkingDays: return "wd";
    case Unit::kCalendarDays: return "days";
    case Unit::kDayOfNextMonth: return "day-of-next-month";
    case Unit::kDateOfNextYear: return "date-of-next-year";
  }
  return "?";
}

std::string_view TriggerName(Trigger trigger) {
  switch (trigger) {
    case Trigger::kFormation: return "formation";
    case Trigger::kConfidentialityClearance: return "confidentiality-clearance";
    case Trigger::kReceipt: return "receipt";
    case Trigger::kRequest: return "request";
    case Trigger::kFeeNotice: return "fee-notice";
    case Trigger::kPolicyIssued: return "policy-issued";
    case Trigger::kDraftPublished: return "draft-published";
    case Trigger::kMeeting: return "meeting";
    case Trigger::kAssessment: return "assessment";
    case Trigger::kYear: return "year";
  }
  return "?";
}

std::string_view PauseName(Pause pause) {
  switch (pause) {
    case Pause::kThirdParty: return "third-party";
    case Pause::kInteragency: return "interagency";
  }
  return "?";
}

std::string DescribePeriod(const Deadline& d) {
  switch (d.unit) {
    case Unit::kDayOfNextMonth: return fmt::format("by day {} of next month", d.day);
    case Unit::kDateOfNextYear: return fmt::format("by {:02}-{:02} of next year", d.month, d.day);
    case Unit::kWorkingDays:
    case Unit::kCalendarDays: break;
  }
  switch (d.direction) {
    case Direction::kWithin: return fmt::format("within {} {}", d.count, UnitName(d.unit));
    case Direction::kAtLeastBefore: return fmt::format("at-least {} {} before", d.count, UnitName(d.unit));
    case Direction::kAtLeastAfter: return fmt::format("at-least {} {} after", d.count, UnitName(d.unit));
  }
  return "?";
}

const Deadline* RuleSet::FindDeadline(std::string_view id) const { return FindSorted(deadlines, id, &Deadline::id); }
const Finding* RuleSet::FindFinding(std::string_view kind) const { return FindSorted(findings, kind, &Finding::kind); }
const Deduction* RuleSet::FindDeduction(std::string_view kind) const {
  return FindSorted(deductions, kind, &Deduction::kind);
}

const JointRule* RuleSet::JointRuleFor(JointDuty duty) const {
  auto it = std::ranges::find(joint_rules, duty, &JointRule::duty);
  return it == joint_rules.end() ? nullptr : &*it;
}

std::string_view Name(JointDuty duty) {
  switch (duty) {
    case JointDuty::kPublication: return "publication";
    case JointDuty::kArchiveTransfer: return "archive-transfer";
  }
  return "?";
}

std::string_view Name(JointDischarge discharge) {
  switch (discharge) {
    case JointDischarge::kLeadAgency: return "lead-agency";
    case JointDischarge::kAnyProducer: return "any-producer";
  }
  return "?";
}

const Section* RuleSet::FindSection(std::string_view id) const {
  auto it = std::ranges::find(sections, id, &Section::id);
  return it == sections.end() ? nullptr : &*it;
}

const std::string& RuleSet::GradeFor(int32_t score) const {
  score = std::clamp(score, 0, 100);
  auto it = std::ranges::find_if(bands, [&](const Band& band) { return score >= band.min && score <= band.max; });
  return it->grade;  // a resolved set's bands cover 0..100
}

Result<RuleSet> ResolveRuleSet(const RuleSet& own, const RuleSet* base) {
  if (own.base.empty() != (base == nullptr) || (base && base->id != own.base)) {
    return Fail(ErrorCode::kInvalidArgument, "rule set {} has base '{}', resolved over '{}'", own.id, own.base,
                base ? base->id : "");
  }
  RuleSet set = own;
  if (base) {
    set.deadlines = MergeSorted(base->deadlines, own.deadlines, &Deadline::id);
    set.findings = MergeSorted(base->findings, own.findings, &Finding::kind);
    set.deductions = MergeSorted(base->deductions, own.deductions, &Deduction::kind);
    set.sections = base->sections;
    for (const Section& section : own.sections) {
      auto it = std::ranges::find(set.sections, section.id, &Section::id);
      if (it == set.sections.end()) {
        set.sections.push_back(section);
      } else {
        *it = section;
      }
    }
    if (own.grades.empty()) {
      set.grades = base->grades;
      set.bands = base->bands;
    }
    if (!own.consecutive_fail_years) set.consecutive_fail_years = base->consecutive_fail_years;
    if (!own.record_lag_working_days) set.record_lag_working_days = base->record_lag_working_days;
    if (!own.responsibility) set.responsibility = base->responsibility;
    for (const JointRule& inherited : base->joint_rules) {
      if (!own.JointRuleFor(inherited.duty)) set.joint_rules.push_back(inherited);
    }
    std::ranges::sort(set.joint_rules, {}, &JointRule::duty);
  }
  if (!set.consecutive_fail_years) set.consecutive_fail_years = 0;
  if (!set.record_lag_working_days) set.record_lag_working_days = 0;
  if (auto status = CheckWhole(set, own); !status) return std::unexpected(status.error());
  return set;
}

std::string RebasedId(std::string_view book, std::string_view base) { return fmt::format("{}+{}", book, base); }

Result<RuleSet> RebaseRuleSet(const RuleSet& own, const RuleSet& base) {
  if (!own.rebase || own.rebase->base != base.id) {
    return Fail(ErrorCode::kInvalidArgument, "rule set {} is not rebased on '{}'", own.id, base.id);
  }
  RuleSet book = own;
  book.id = RebasedId(own.id, base.id);
  book.rebased_from = own.id;
  book.base = base.id;
  book.effective_from = own.rebase->from;
  book.rebase.reset();
  std::erase_if(book.deadlines, [](const Deadline& d) { return d.statutory; });
  std::erase_if(book.findings, [](const Finding& f) { return f.statutory; });
  return ResolveRuleSet(book, &base);
}

}  // namespace gongkai::rules
