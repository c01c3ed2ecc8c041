// Rule sets (规则集): the versioned data that says which deadlines apply,
// which findings (violations) count, and how an agency is scored and graded.
//
// A rule set is a UTF-8 text file (format: docs/RULES.md, "Rule sets"). It is
// published into the ledger with its exact text, so a replay years later uses
// the same rules. A file may name a `base` and override only what differs;
// ParseRuleSet reads one file, ResolveRuleSet lays it over its resolved base
// (RuleLibrary does both for the shipped files).
//
// Identifiers (deadline ids, finding kinds, triggers) are closed lists: the
// rest of the project computes and detects by these names, so a name outside
// the lists is a typo, refused with the line it is on.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/rules/date.h"
#include "ledger/rules/finding_kind.h"

namespace gongkai::rules {

// How the computed date bounds the act.
enum class Direction {
  kWithin,         // the act is due on or before the computed date
  kAtLeastBefore,  // the act must precede the trigger by the period: the computed
                   // date is the last day the act may happen
  kAtLeastAfter,   // a minimum period after the trigger (a comment period): the
                   // computed date is its last day; the follow-up comes after it
};

// How the period is measured. The day of the trigger never counts.
enum class Unit {
  kWorkingDays,     // `count` working days of the official calendar
  kCalendarDays,    // `count` calendar days
  kDayOfNextMonth,  // the `day`-th (1..28) of the month after the trigger's
  kDateOfNextYear,  // `month`-`day` of the year after the trigger's
};

// The event that starts a deadline's clock (docs/RULES.md, "Triggers").
enum class Trigger {
  kFormation,                 // the item is formed (signed) or changed
  kConfidentialityClearance,  // the item passed its confidentiality review
  kReceipt,                   // an application is received (条例（2019）第三十一条)
  kRequest,                   // a request (for an opinion, a review, an answer to an
                              // inquiry) reaches the one who must answer
  kFeeNotice,                 // the fee notice reaches the applicant
  kPolicyIssued,              // the policy document is issued
  kDraftPublished,            // the draft of a major decision is pre-disclosed
  kMeeting,                   // the meeting that takes a collective decision
  kAssessment,                // the on-site assessment of a unit
  kYear,                      // any day of the year reported on or reviewed
};

// Time during which a deadline's clock stands still.
enum class Pause {
  kThirdParty,   // consulting a third party
  kInteragency,  // consulting other agencies
};

struct Deadline {
  std::string id;  // one of KnownDeadlineIds()
  Direction direction = Direction::kWithin;
  Unit unit = Unit::kWorkingDays;
  int32_t count = 0;  // kWorkingDays, kCalendarDays: the number of days (0 = the same day)
  int month = 0;      // kDateOfNextYear: 1..12
  int day = 0;        // kDayOfNextMonth: 1..28; kDateOfNextYear: a day every year has
  Trigger trigger = Trigger::kFormation;
  std::optional<int32_t> extension;  // further days of `unit` when an extension is granted
  std::vector<Pause> pauses;         // kinds of time not counted (working days only)
  bool restarts_on_correction = false;  // the clock restarts on receipt of a corrected application
  // The block restates the regulation the book was written under (a period
  // owed to the applicant): once the book is rebased (RuleSet::rebase), the
  // regulation in force governs it instead and the block is dropped.
  bool statutory = false;
  std::string source;                   // the article(s) it comes from
  int line = 0;  // line of the `deadline` line in the file that defined it
};

struct Finding {
  std::string kind;                   // the name of a FindingKind (finding_kind.h)
  std::string source;                 // the article(s) that make it a violation
  std::vector<std::string> breaches;  // deadlines whose breach it reports, sorted
  bool statutory = false;             // as Deadline::statutory
  int line = 0;
};

// A part of the assessment: its score is `weight` minus the deductions of its
// findings, never below 0. The weights of a resolved rule set sum to 100.
struct Section {
  std::string id;
  std::string name;  // Chinese, as printed on the assessment sheet
  int32_t weight = 0;
  int line = 0;
};

// Points taken from `section` for each occurrence of a finding kind.
struct Deduction {
  std::string kind;
  int32_t points = 0;
  std::string section;
  int line = 0;
};

// Who answers for a finding (docs/FINDINGS.md §2), as the rule book of the
// jurisdiction writes it; the `source` is cited in every attribution.
enum class ResponsibilityModel : uint8_t {
  // 004 §64(一)–(三): the handler alone; the approving leader and the
  // handler; the principal and the handler primary, the other members
  // present secondary; an objection before the approval reduces.
  kGraded,
  // 003 责任追究制度 §6(一): the handler alone when no leader approved;
  // otherwise the leaders who approved or decided, alone.
  kApproverAlone,
  // 条例（2019）第五十三条, 条例（2007）第三十五条 and the local books that
  // repeat them: the leaders responsible (直接负责的主管人员 / 负有责任的领导
  // 人员) and the directly responsible staff (直接责任人员), without shares.
  kStatutory,
};
struct Responsibility {
  ResponsibilityModel model = ResponsibilityModel::kStatutory;
  std::string source;  // e.g. "004 §64", "条例（2019）第五十三条"
  int line = 0;
};
// "graded", "approver-alone", "statutory".
std::string_view Name(ResponsibilityModel model);

// The duties of a joint document (联合发文) that the lead agency (主办 /
// 牵头单位, the agency holding the item) answers for.
enum class JointDuty : uint8_t {
  kPublication,      // 条例（2019）第十条第三款; 001 第六条
  kArchiveTransfer,  // 000 移送管理办法 第五条
};
// Whose act discharges a joint duty: the lead agency's staff alone (a
// co-producer's act does not discharge it), or any producing agency's.
enum class JointDischarge : uint8_t { kLeadAgency, kAnyProducer };
struct JointRule {
  JointDuty duty = JointDuty::kPublication;
  JointDischarge discharge = JointDischarge::kLeadAgency;
  std::string source;  // the article
  int line = 0;
};
// "publication", "archive-transfer"; "lead-agency", "any-producer".
std::string_view Name(JointDuty duty);
std::string_view Name(JointDischarge discharge);

// Total scores min..max (inclusive, integers) earn `grade`.
struct Band {
  int32_t min = 0;
  int32_t max = 0;
  std::string grade;
  int line = 0;
};

// A book written under one regulation and still in force under the next:
// from `from`, it is read over `base` instead of its own base (its
// `statutory` deadlines yielding to the new regulation's) as the derived
// rule set RebasedId(book id, base) (docs/RULES.md, "A book outliving its
// regulation").
struct Rebase {
  std::string base;
  Date from{0};
  int line = 0;
};

struct RuleSet {
  std::string id;            // letters, digits, '-', '_', '.'; shipped as data/rules/ID.rules
  std::string title;
  std::string jurisdiction;  // kNationalJurisdiction for the national regulation
  Date effective_from{0};
  // What selects this set as the one in force: an application's date of
  // receipt, an item's date of formation. Neither: a base only.
  bool selects_by_receipt = true;
  bool selects_by_formation = true;
  std::string base;  // id of the rule set this one overrides; empty for none
  std::optional<Rebase> rebase;  // the file's own; never inherited, cleared in the derived set
  // For a set derived by a rebase (RebaseRuleSet): the id of the book it
  // was derived from, whose file it is; empty for a set read from a file.
  std::string rebased_from;

  std::vector<Deadline> deadlines;    // sorted by id, unique
  std::vector<Finding> findings;      // sorted by kind, unique
  std::vector<Section> sections;      // in the order written (a base's first), unique ids
  std::vector<Deduction> deductions;  // sorted by kind, unique
  std::vector<std::string> grades;    // best first; the last is the failing grade
  std::vector<Band> bands;            // best first; together exactly 0..100
  // Years in a row of the failing grade that raise the consecutive-fail flag
  // (000 评议考核办法 第八条); 0 = no such flag. Unset only in a file that
  // leaves it to its base; a resolved set always has it.
  std::optional<int32_t> consecutive_fail_years;
  // An act recorded more than this many working days after the day it bears
  // is marked in every listing of acts (docs/FINDINGS.md, "Two clocks");
  // 0 = never marked. Unset only in a file that leaves it to its base.
  std::optional<int32_t> record_lag_working_days;
  // The attribution rule; none when neither the file nor its base has one
  // (findings then say that no written rule attributes them).
  std::optional<Responsibility> responsibility;
  // `joint-duty` lines, by duty (at most one each); a duty with none is
  // the lead agency's alone (JointRuleFor).
  std::vector<JointRule> joint_rules;

  // The exact text this set was parsed from (what the ledger records). A
  // resolved set keeps its own file's text; its base has its own.
  std::string text;

  const Deadline* FindDeadline(std::string_view id) const;
  const Finding* FindFinding(std::string_view kind) const;
  const Finding* FindFinding(FindingKind kind) const { return FindFinding(Name(kind)); }
  const Section* FindSection(std::string_view id) const;
  const Deduction* FindDeduction(std::string_view kind) const;
  // The rule for `duty`; nullptr when the set writes none (the lead
  // agency's staff alone discharge it).
  const JointRule* JointRuleFor(JointDuty duty) const;
  // The grade of a total score, clamped to 0..100 (resolved sets only).
  const std::string& GradeFor(int32_t score) const;
  const std::string& FailingGrade() const { return grades.back(); }
};

inline constexpr std::string_view kNationalJurisdiction = "全国";

// The closed vocabularies, in documentation order (docs/RULES.md); the
// finding kinds are FindingKind's names.
std::span<const std::string_view> KnownDeadlineIds();
bool IsKnownDeadlineId(std::string_view id);
bool IsKnownFindingKind(std::string_view kind);

// The words the file format uses: "within", "wd", "receipt", "third-party"…
std::string_view DirectionName(Direction direction);
std::string_view UnitName(Unit unit);
std::string_view TriggerName(Trigger trigger);
std::string_view PauseName(Pause pause);
// The period as the file writes it: "within 20 wd", "at-least 2 wd before",
// "by day 10 of next month", "by 03-31 of next year".
std::string DescribePeriod(const Deadline& deadline);

// One file's own content. Every error is kMalformed, "line N: …". A file
// without `base` is complete and checked as a whole here; a file with one is
// checked on its own here and as a whole by ResolveRuleSet.
Result<RuleSet> ParseRuleSet(std::string_view text);

// `own` (as parsed) laid over `base`, its base resolved (nullptr when
// own.base is empty), then checked as a whole. Errors: kMalformed "line N: …"
// (N a line of own's file); kInvalidArgument if `base` is not own's base.
Result<RuleSet> ResolveRuleSet(const RuleSet& own, const RuleSet* base);

// "000-tianning+national-2019": the id of `book` read over `base` ('+' is
// never in a file's id, so a derived id cannot collide with one).
std::string RebasedId(std::string_view book, std::string_view base);
// The book `own` (as parsed, with a rebase line) read over `base`, the
// regulation its rebase names, resolved: id RebasedId(own.id, base.id),
// in force from the rebase date, its `statutory` blocks dropped, the
// rest laid over `base` as ResolveRuleSet does. kInvalidArgument if `own`
// has no rebase or `base` is not the one it names.
Result<RuleSet> RebaseRuleSet(const RuleSet& own, const RuleSet& base);

}  // namespace gongkai::rules
