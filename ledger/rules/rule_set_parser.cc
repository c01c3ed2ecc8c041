// ParseRuleSet: the rule-set text format of docs/RULES.md ("Rule sets").
//
// One directive per line, fields separated by blanks; `#` at the start of a
// line or after a blank starts a comment. An indented line is an attribute of
// the block (`deadline` or `finding`) opened last; a block ends at the next
// unindented line. Every error names its line.
#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "ledger/base/text_check.h"
#include "ledger/rules/deadline.h"
#include "ledger/rules/lexer.h"
#include "ledger/rules/rule_set.h"

namespace gongkai::rules {
namespace {

using lexer::IsBlank;
using lexer::IsIdentifier;
using lexer::TakeField;
using lexer::TrimLeft;

// The line without its comment and trailing blanks.
std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || IsBlank(line[i - 1]))) {
      line = line.substr(0, i);
      break;
    }
  }
  while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);
  return line;
}

constexpr std::pair<std::string_view, Trigger> kTriggers[] = {
    {"formation", Trigger::kFormation},       {"confidentiality-clearance", Trigger::kConfidentialityClearance},
    {"receipt", Trigger::kReceipt},           {"request", Trigger::kRequest},
    {"fee-notice", Trigger::kFeeNotice},      {"policy-issued", Trigger::kPolicyIssued},
    {"draft-published", Trigger::kDraftPublished}, {"meeting", Trigger::kMeeting},
    {"assessment", Trigger::kAssessment},     {"year", Trigger::kYear},
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<RuleSet> Run() {
    set_.text = text_;
    int count = 0;
    for (size_t pos = 0; pos < text_.size();) {
      size_t end = std::min(text_.find('\n', pos), text_.size());
      std::string_view raw = text_.substr(pos, end - pos);
      pos = end + 1;
      line_ = ++count;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      if (std::ranges::any_of(raw, [](char c) {
            auto byte = static_cast<unsigned char>(c);
            return (byte < 0x20 && c != '\t') || byte == 0x7f;
          })) {
        return Error("control character");
      }
      if (!IsValidUtf8(raw)) return Error("not valid UTF-8");
      std::string_view line = StripComment(raw);
      if (TrimLeft(line).empty()) continue;
      Status status = IsBlank(line.front()) ? Attribute(TrimLeft(line)) : Directive(line);
      GK_RETURN_IF_ERROR(status);
    }
    if (auto status = CloseBlock(); !status) return std::unexpected(status.error());
    return Finish(count);
  }

 private:
  template <typename... Args>
  std::unexpected<gongkai::Error> Error(fmt::format_string<Args...> format, Args&&... args) const {
    return ErrorAt(line_, format, std::forward<Args>(args)...);
  }
  template <typename... Args>
  std::unexpected<gongkai::Error> ErrorAt(int line, fmt::format_string<Args...> format, Args&&... args) const {
    return Fail(ErrorCode::kMalformed, "line {}: {}", line, fmt::format(format, std::forward<Args>(args)...));
  }

  // A whole number min..max.
  Result<int32_t> Number(std::string_view text, int32_t min, int32_t max, std::string_view what) const {
    int32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
      return Error("bad number '{}' for {} (a whole number {}..{})", text, what, min, max);
    }
    return value;
  }

  Status NoMore(std::string_view rest, std::string_view after) const {
    if (std::string_view more = TrimLeft(rest); !more.empty()) return Error("unexpected '{}' after '{}'", more, after);
    return {};
  }

  // `seen` records the line of a directive allowed once.
  Status Once(int& seen, std::string_view name) const {
    if (seen) return Error("a second '{}' line (the first is line {})", name, seen);
    seen = line_;
    return {};
  }

  Status Directive(std::string_view line) {
    GK_RETURN_IF_ERROR(CloseBlock());
    std::string_view rest = line;
    std::string_view directive = TakeField(rest);
    if (!ruleset_line_) {
      if (directive != "ruleset") return Error("the first directive must be 'ruleset ID', found '{}'", directive);
      ruleset_line_ = line_;
      std::string_view id = TakeField(rest);
      if (!IsIdentifier(id)) return Error("'ruleset' needs an id of letters, digits, '-', '_' or '.'");
      set_.id = id;
      return NoMore(rest, "ruleset " + set_.id);
    }
    if (directive == "ruleset") return Error("a second 'ruleset' line (the first is line {})", ruleset_line_);
    if (directive == "title" || directive == "jurisdiction") {
      std::string_view value = TrimLeft(rest);
      if (value.empty()) return Error("'{}' needs a text", directive);
      if (auto status = Once(directive == "title" ? title_line_ : jurisdiction_line_, directive); !status) {
        return status;
      }
      (directive == "title" ? set_.title : set_.jurisdiction) = value;
      return {};
    }
    if (directive == "effective") {
      GK_RETURN_IF_ERROR(Once(effective_line_, directive));
      std::string_view text = TakeField(rest);
      auto date = ParseDate(text);
      if (!date) return Error("'effective' needs a date: {}", date.error().message);
      set_.effective_from = *date;
      return NoMore(rest, "effective");
    }
    if (directive == "selected-by") return SelectedBy(rest);
    if (directive == "base") {
      GK_RETURN_IF_ERROR(Once(base_line_, directive));
      std::string_view id = TakeField(rest);
      if (!IsIdentifier(id)) return Error("'base' needs the id of another rule set");
      if (id == set_.id) return Error("rule set {} cannot be its own base", set_.id);
      set_.base = id;
      return NoMore(rest, "base");
    }
    if (directive == "rebase") return ParseRebase(rest);
    if (directive == "joint-duty") return ParseJointDuty(rest);
    if (directive == "deadline") return OpenDeadline(rest);
    if (directive == "finding") return OpenFinding(rest);
    if (directive == "section") return ParseSection(rest);
    if (directive == "deduct") return ParseDeduct(rest);
    if (directive == "grades") return ParseGrades(rest);
    if (directive == "band") return ParseBand(rest);
    if (directive == "consecutive-fail") {
      GK_RETURN_IF_ERROR(Once(consecutive_line_, directive));
      std::string_view value = TakeField(rest);
      if (value == "off") {
        set_.consecutive_fail_years = 0;
      } else {
        auto years = Number(value, 2, 10, "'consecutive-fail' (years, or off)");
        GK_RETURN_IF_ERROR(years);
        set_.consecutive_fail_years = *years;
      }
      return NoMore(rest, "consecutive-fail");
    }
    if (directive == "record-lag") {
      GK_RETURN_IF_ERROR(Once(record_lag_line_, directive));
      std::string_view value = TakeField(rest);
      if (value == "off") {
        set_.record_lag_working_days = 0;
        return NoMore(rest, "record-lag");
      }
      auto days = Number(value, 1, kMaxDays, "'record-lag' (working days, or off)");
      GK_RETURN_IF_ERROR(days);
      if (TakeField(rest) != "wd") return Error("'record-lag N' needs its unit: 'record-lag N wd'");
      set_.record_lag_working_days = *days;
      return NoMore(rest, "record-lag");
    }
    if (directive == "responsibility") {
      GK_RETURN_IF_ERROR(Once(responsibility_line_, directive));
      std::string_view model = TakeField(rest);
      std::string_view source = TrimLeft(rest);
      Responsibility responsibility{ResponsibilityModel::kStatutory, std::string(source), line_};
      if (model == "graded") {
        responsibility.model = ResponsibilityModel::kGraded;
      } else if (model == "approver-alone") {
        responsibility.model = ResponsibilityModel::kApproverAlone;
      } else if (model != "statutory") {
        return Error("'responsibility' takes graded, approver-alone or statutory, then the article, not '{}'", model);
      }
      if (source.empty()) return Error("'responsibility {}' needs the article it follows", model);
      set_.responsibility = std::move(responsibility);
      return {};
    }
    return Error(
        "unknown directive '{}' (ruleset, title, jurisdiction, effective, selected-by, base, deadline, finding, "
        "section, deduct, grades, band, consecutive-fail, record-lag, responsibility, rebase, joint-duty)",
        directive);
  }

  Status SelectedBy(std::string_view rest) {
    GK_RETURN_IF_ERROR(Once(selected_line_, "selected-by"));
    set_.selects_by_receipt = set_.selects_by_formation = false;
    std::string_view word = TakeField(rest);
    if (word == "none") return NoMore(rest, "selected-by none");
    for (; !word.empty(); word = TakeField(rest)) {
      bool& flag = word == "receipt" ? set_.selects_by_receipt : set_.selects_by_formation;
      if (word != "receipt" && word != "formation") {
        return Error("'selected-by' takes receipt, formation or none, not '{}'", word);
      }
      if (flag) return Error("'selected-by' names {} twice", word);
      flag = true;
    }
    if (!set_.selects_by_receipt && !set_.selects_by_formation) {
      return Error("'selected-by' needs receipt, formation or none");
    }
    return {};
  }

  // ---- blocks

  Status OpenDeadline(std::string_view rest) {
    std::string_view id = TakeField(rest);
    if (id.empty()) return Error("'deadline' needs an id");
    if (!IsKnownDeadlineId(id)) return Error("unknown deadline id '{}' (docs/RULES.md lists them)", id);
    if (auto it = std::ranges::find(set_.deadlines, id, &Deadline::id); it != set_.deadlines.end()) {
      return Error("duplicate deadline '{}' (first on line {})", id, it->line);
    }
    GK_RETURN_IF_ERROR(NoMore(rest, fmt::format("deadline {}", id)));
    block_ = Block::kDeadline;
    deadline_ = Deadline{};
    deadline_.id = id;
    deadline_.line = line_;
    lines_ = {};
    return {};
  }

  Status OpenFinding(std::string_view rest) {
    std::string_view kind = TakeField(rest);
    if (kind.empty()) return Error("'finding' needs a kind");
    if (!IsKnownFindingKind(kind)) return Error("unknown finding kind '{}' (docs/RULES.md lists them)", kind);
    if (auto it = std::ranges::find(set_.findings, kind, &Finding::kind); it != set_.findings.end()) {
      return Error("duplicate finding '{}' (first on line {})", kind, it->line);
    }
    GK_RETURN_IF_ERROR(NoMore(rest, fmt::format("finding {}", kind)));
    block_ = Block::kFinding;
    finding_ = Finding{};
    finding_.kind = kind;
    finding_.line = line_;
    lines_ = {};
    return {};
  }

  Status Attribute(std::string_view line) {
    std::string_view rest = line;
    std::string_view name = TakeField(rest);
    if (block_ == Block::kNone) return Error("indented line '{}' outside a deadline or finding block", name);
    if (name == "source") {
      std::string_view value = TrimLeft(rest);
      if (value.empty()) return Error("'source' needs a text (the article)");
      GK_RETURN_IF_ERROR(Once(lines_.source, "source"));
      (block_ == Block::kDeadline ? deadline_.source : finding_.source) = value;
      return {};
    }
    if (name == "statutory") {
      GK_RETURN_IF_ERROR(Once(lines_.statutory, "statutory"));
      (block_ == Block::kDeadline ? deadline_.statutory : finding_.statutory) = true;
      return NoMore(rest, "statutory");
    }
    if (block_ == Block::kFinding) {
      if (name != "breaches") return Error("unknown finding attribute '{}' (source, breaches, statutory)", name);
      GK_RETURN_IF_ERROR(Once(lines_.breaches, "breaches"));
      for (std::string_view id = TakeField(rest); !id.empty(); id = TakeField(rest)) {
        if (!IsKnownDeadlineId(id)) return Error("unknown deadline id '{}' (docs/RULES.md lists them)", id);
        if (std::ranges::find(finding_.breaches, id) != finding_.breaches.end()) {
          return Error("'breaches' names {} twice", id);
        }
        finding_.breaches.emplace_back(id);
      }
      if (finding_.breaches.empty()) return Error("'breaches' needs one or more deadline ids");
      std::ranges::sort(finding_.breaches);
      return {};
    }
    if (name == "within" || name == "at-least" || name == "by") {
      if (lines_.period) return Error("a second period '{}' (the first is line {})", name, lines_.period);
      lines_.period = line_;
      if (name == "by") return By(rest);
      deadline_.direction = name == "within" ? Direction::kWithin : Direction::kAtLeastBefore;
      auto count = Number(TakeField(rest), name == "within" ? 0 : 1, kMaxDays, fmt::format("'{}'", name));
      GK_RETURN_IF_ERROR(count);
      deadline_.count = *count;
      auto unit = DayUnit(TakeField(rest));
      GK_RETURN_IF_ERROR(unit);
      deadline_.unit = *unit;
      if (name == "at-least") {
        std::string_view side = TakeField(rest);
        if (side != "before" && side != "after") return Error("'at-least N {}' needs 'before' or 'after'", UnitName(*unit));
        if (side == "after") deadline_.direction = Direction::kAtLeastAfter;
      }
      return NoMore(rest, DescribePeriod(deadline_));
    }
    if (name == "from") {
      GK_RETURN_IF_ERROR(Once(lines_.from, "from"));
      std::string_view word = TakeField(rest);
      auto it = std::ranges::find(kTriggers, word, &std::pair<std::string_view, Trigger>::first);
      if (it == std::ranges::end(kTriggers)) {
        return Error("unknown trigger '{}' (formation, confidentiality-clearance, receipt, request, fee-notice, "
                     "policy-issued, draft-published, meeting, assessment, year)",
                     word);
      }
      deadline_.trigger = it->second;
      return NoMore(rest, fmt::format("from {}", word));
    }
    if (name == "extension") {
      GK_RETURN_IF_ERROR(Once(lines_.extension, "extension"));
      auto count = Number(TakeField(rest), 1, kMaxDays, "'extension'");
      GK_RETURN_IF_ERROR(count);
      deadline_.extension = *count;
      auto unit = DayUnit(TakeField(rest));
      GK_RETURN_IF_ERROR(unit);
      extension_unit_ = *unit;
      return NoMore(rest, "extension");
    }
    if (name == "pause") {
      GK_RETURN_IF_ERROR(Once(lines_.pause, "pause"));
      for (std::string_view word = TakeField(rest); !word.empty(); word = TakeField(rest)) {
        if (word != "third-party" && word != "interagency") {
          return Error("'pause' takes third-party and/or interagency, not '{}'", word);
        }
        Pause pause = word == "third-party" ? Pause::kThirdParty : Pause::kInteragency;
        if (std::ranges::find(deadline_.pauses, pause) != deadline_.pauses.end()) {
          return Error("'pause' names {} twice", word);
        }
        deadline_.pauses.push_back(pause);
      }
      if (deadline_.pauses.empty()) return Error("'pause' needs third-party and/or interagency");
      return {};
    }
    if (name == "restart") {
      GK_RETURN_IF_ERROR(Once(lines_.restart, "restart"));
      if (TakeField(rest) != "correction") return Error("'restart' takes one word: correction");
      deadline_.restarts_on_correction = true;
      return NoMore(rest, "restart correction");
    }
    return Error("unknown deadline attribute '{}' (within, at-least, by, from, extension, pause, restart, statutory, source)",
                 name);
  }

  // "by day N of next month" or "by MM-DD of next year".
  Status By(std::string_view rest) {
    deadline_.direction = Direction::kWithin;
    std::string_view first = TakeField(rest);
    if (first == "day") {
      auto day = Number(TakeField(rest), 1, 28, "'by day' (a day every month has)");
      GK_RETURN_IF_ERROR(day);
      if (TakeField(rest) != "of" || TakeField(rest) != "next" || TakeField(rest) != "month") {
        return Error("expected 'by day N of next month'");
      }
      deadline_.unit = Unit::kDayOfNextMonth;
      deadline_.day = *day;
      return NoMore(rest, "by day N of next month");
    }
    if (first.size() != 5 || first[2] != '-') return Error("expected 'by day N of next month' or 'by MM-DD of next year'");
    auto month = Number(first.substr(0, 2), 1, 12, "the month of 'by MM-DD'");
    GK_RETURN_IF_ERROR(month);
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 02-29 is not in every year
    auto day = Number(first.substr(3, 2), 1, kDays[*month - 1], "the day of 'by MM-DD'");
    GK_RETURN_IF_ERROR(day);
    if (TakeField(rest) != "of" || TakeField(rest) != "next" || TakeField(rest) != "year") {
      return Error("expected 'by MM-DD of next year'");
    }
    deadline_.unit = Unit::kDateOfNextYear;
    deadline_.month = *month;
    deadline_.day = *day;
    return NoMore(rest, "by MM-DD of next year");
  }

  Result<Unit> DayUnit(std::string_view word) const {
    if (word == "wd") return Unit::kWorkingDays;
    if (word == "days") return Unit::kCalendarDays;
    return Error("unknown unit '{}' (wd for working days, days for calendar days)", word);
  }

  Status CloseBlock() {
    Block block = std::exchange(block_, Block::kNone);
    if (block == Block::kFinding) {
      if (!lines_.source) return ErrorAt(finding_.line, "finding {}: missing 'source'", finding_.kind);
      set_.findings.push_back(std::move(finding_));
    }
    if (block != Block::kDeadline) return {};
    const Deadline& d = deadline_;
    for (auto [seen, name] : {std::pair{lines_.period, "a period (within, at-least or by)"},
                              std::pair{lines_.from, "'from'"}, std::pair{lines_.source, "'source'"}}) {
      if (!seen) return ErrorAt(d.line, "deadline {}: missing {}", d.id, name);
    }
    bool days = d.unit == Unit::kWorkingDays || d.unit == Unit::kCalendarDays;
    if (lines_.extension) {
      if (d.direction != Direction::kWithin || !days) {
        return ErrorAt(lines_.extension, "deadline {}: 'extension' needs a 'within N wd|days' period", d.id);
      }
      if (extension_unit_ != d.unit) {
        return ErrorAt(lines_.extension, "deadline {}: the extension is in {}, the period in {}", d.id,
                       UnitName(extension_unit_), UnitName(d.unit));
      }
    }
    if (lines_.pause && (d.direction != Direction::kWithin || d.unit != Unit::kWorkingDays)) {
      return ErrorAt(lines_.pause, "deadline {}: 'pause' needs a 'within N wd' period", d.id);
    }
    if (lines_.restart && d.direction != Direction::kWithin) {
      return ErrorAt(lines_.restart, "deadline {}: 'restart' needs a 'within' period", d.id);
    }
    set_.deadlines.push_back(std::move(deadline_));
    return {};
  }

  // ---- scoring

  Status ParseSection(std::string_view rest) {
    Section section;
    section.id = TakeField(rest);
    section.name = TakeField(rest);
    std::string_view weight = TakeField(rest);
    if (!IsIdentifier(section.id) || section.name.empty() || weight.empty()) {
      return Error("expected 'section ID NAME WEIGHT'");
    }
    if (auto it = std::ranges::find(set_.sections, section.id, &Section::id); it != set_.sections.end()) {
      return Error("duplicate section '{}' (first on line {})", section.id, it->line);
    }
    auto value = Number(weight, 1, 100, "a section weight");
    GK_RETURN_IF_ERROR(value);
    section.weight = *value;
    section.line = line_;
    set_.sections.push_back(std::move(section));
    return NoMore(rest, "section ID NAME WEIGHT");
  }

  Status ParseDeduct(std::string_view rest) {
    Deduction deduction;
    deduction.kind = TakeField(rest);
    std::string_view points = TakeField(rest);
    deduction.section = TakeField(rest);
    if (deduction.kind.empty() || points.empty() || deduction.section.empty()) {
      return Error("expected 'deduct KIND POINTS SECTION'");
    }
    if (!IsKnownFindingKind(deduction.kind)) {
      return Error("unknown finding kind '{}' (docs/RULES.md lists them)", deduction.kind);
    }
    if (auto it = std::ranges::find(set_.deductions, deduction.kind, &Deduction::kind); it != set_.deductions.end()) {
      return Error("duplicate deduction for '{}' (first on line {})", deduction.kind, it->line);
    }
    auto value = Number(points, 1, 100, "the points of a deduction");
    GK_RETURN_IF_ERROR(value);
    deduction.points = *value;
    deduction.line = line_;
    set_.deductions.push_back(std::move(deduction));
    return NoMore(rest, "deduct KIND POINTS SECTION");
  }

  Status ParseGrades(std::string_view rest) {
    GK_RETURN_IF_ERROR(Once(grades_line_, "grades"));
    for (std::string_view grade = TakeField(rest); !grade.empty(); grade = TakeField(rest)) {
      if (std::ranges::find(set_.grades, grade) != set_.grades.end()) return Error("grade {} is listed twice", grade);
      set_.grades.emplace_back(grade);
    }
    if (set_.grades.size() < 2) return Error("'grades' needs two or more grade names, best first");
    return {};
  }

  Status ParseBand(std::string_view rest) {
    Band band;
    std::string_view min = TakeField(rest), max = TakeField(rest);
    band.grade = TakeField(rest);
    if (band.grade.empty()) return Error("expected 'band MIN MAX GRADE'");
    auto low = Number(min, 0, 100, "a band's minimum score");
    GK_RETURN_IF_ERROR(low);
    auto high = Number(max, 0, 100, "a band's maximum score");
    GK_RETURN_IF_ERROR(high);
    if (*low > *high) return Error("band {}..{} is empty (MIN ≤ MAX)", *low, *high);
    band.min = *low;
    band.max = *high;
    band.line = line_;
    for (const Band& other : set_.bands) {
      if (band.min <= other.max && other.min <= band.max) {
        return Error("band {}..{} overlaps band {}..{} (line {})", band.min, band.max, other.min, other.max,
                     other.line);
      }
    }
    set_.bands.push_back(std::move(band));
    return NoMore(rest, "band MIN MAX GRADE");
  }

  // The grading: one band per grade, better grades higher, 0..100 covered.
  Status CheckBands() {
    if (set_.bands.empty() != set_.grades.empty()) {
      return set_.grades.empty() ? ErrorAt(set_.bands.front().line, "'band' lines need a 'grades' line")
                                 : ErrorAt(grades_line_, "'grades' needs its 'band' lines");
    }
    if (set_.bands.empty()) return {};  // left to the base
    for (const Band& band : set_.bands) {
      if (std::ranges::find(set_.grades, band.grade) == set_.grades.end()) {
        return ErrorAt(band.line, "band grade '{}' is not one of the grades ({})", band.grade,
                       fmt::join(set_.grades, " "));
      }
      auto first = std::ranges::find(set_.bands, band.grade, &Band::grade);
      if (&*first != &band) return ErrorAt(band.line, "grade {} has a second band (first on line {})", band.grade, first->line);
    }
    for (const std::string& grade : set_.grades) {
      if (std::ranges::find(set_.bands, grade, &Band::grade) == set_.bands.end()) {
        return ErrorAt(grades_line_, "grade {} has no band", grade);
      }
    }
    std::ranges::sort(set_.bands, std::greater<>(), &Band::min);
    int last_line = std::ranges::max(set_.bands, {}, &Band::line).line;
    int32_t expected_max = 100;
    for (const Band& band : set_.bands) {
      if (band.max != expected_max) {
        return ErrorAt(last_line, "the bands do not cover 0..100: {}..{} is missing", band.max + 1, expected_max);
      }
      expected_max = band.min - 1;
    }
    if (expected_max != -1) {
      return ErrorAt(last_line, "the bands do not cover 0..100: 0..{} is missing", expected_max);
    }
    for (size_t i = 0; i < set_.bands.size(); ++i) {
      if (set_.bands[i].grade != set_.grades[i]) {
        return ErrorAt(set_.bands[i].line, "band {}..{} goes to {}, but the grades list {} as better",
                       set_.bands[i].min, set_.bands[i].max, set_.bands[i].grade, set_.grades[i]);
      }
    }
    return {};
  }

  // `rebase ID from DATE`: from DATE the book is read over the regulation ID
  // (docs/RULES.md, "A book outliving its regulation").
  Status ParseRebase(std::string_view rest) {
    GK_RETURN_IF_ERROR(Once(rebase_line_, "rebase"));
    std::string_view id = TakeField(rest);
    if (!IsIdentifier(id) || TakeField(rest) != "from") return Error("expected 'rebase ID from DATE'");
    if (id == set_.id) return Error("rule set {} cannot be rebased on itself", set_.id);
    auto date = ParseDate(TakeField(rest));
    if (!date) return Error("'rebase {} from' needs a date: {}", id, date.error().message);
    set_.rebase = Rebase{std::string(id), *date, line_};
    return NoMore(rest, "rebase ID from DATE");
  }

  // `joint-duty publication|archive-transfer lead-agency|any-producer ARTICLE`.
  Status ParseJointDuty(std::string_view rest) {
    JointRule rule;
    std::string_view duty = TakeField(rest), discharge = TakeField(rest);
    if (duty == "publication") {
      rule.duty = JointDuty::kPublication;
    } else if (duty == "archive-transfer") {
      rule.duty = JointDuty::kArchiveTransfer;
    } else {
      return Error("'joint-duty' takes publication or archive-transfer, then lead-agency or any-producer, then the "
                   "article; not '{}'", duty);
    }
    if (discharge == "lead-agency") {
      rule.discharge = JointDischarge::kLeadAgency;
    } else if (discharge == "any-producer") {
      rule.discharge = JointDischarge::kAnyProducer;
    } else {
      return Error("'joint-duty {}' takes lead-agency or any-producer, not '{}'", duty, discharge);
    }
    rule.source = TrimLeft(rest);
    if (rule.source.empty()) return Error("'joint-duty {} {}' needs the article it follows", duty, discharge);
    if (const JointRule* first = set_.JointRuleFor(rule.duty)) {
      return Error("a second 'joint-duty {}' line (the first is line {})", duty, first->line);
    }
    rule.line = line_;
    set_.joint_rules.push_back(std::move(rule));
    return {};
  }

  // A rebase replaces the base from a later day; `statutory` blocks only
  // mean something in a book that is rebased.
  Status CheckRebase() const {
    if (!set_.rebase) {
      auto refuse = [&](int line, std::string_view block, std::string_view id) {
        return ErrorAt(line, "{} {}: 'statutory' yields the block to the regulation of a 'rebase' line, and rule set "
                             "{} has none", block, id, set_.id);
      };
      for (const Deadline& d : set_.deadlines) {
        if (d.statutory) return refuse(d.line, "deadline", d.id);
      }
      for (const Finding& f : set_.findings) {
        if (f.statutory) return refuse(f.line, "finding", f.kind);
      }
      return {};
    }
    const Rebase& rebase = *set_.rebase;
    if (set_.base.empty()) return ErrorAt(rebase.line, "'rebase' replaces the base, and rule set {} has none", set_.id);
    if (rebase.base == set_.base) return ErrorAt(rebase.line, "'rebase {}' names the base it replaces", rebase.base);
    if (rebase.from <= set_.effective_from) {
      return ErrorAt(rebase.line, "'rebase' takes effect {}, not after the rule set itself ({})",
                     FormatDate(rebase.from), FormatDate(set_.effective_from));
    }
    return {};
  }

  Result<RuleSet> Finish(int count) {
    if (!ruleset_line_) return ErrorAt(count + 1, "the file ends before its 'ruleset ID' line");
    for (auto [seen, name] : {std::pair{title_line_, "title"}, std::pair{jurisdiction_line_, "jurisdiction"},
                              std::pair{effective_line_, "effective"}}) {
      if (!seen) return ErrorAt(ruleset_line_, "rule set {}: missing '{}'", set_.id, name);
    }
    if (auto status = CheckBands(); !status) return std::unexpected(status.error());
    if (auto status = CheckRebase(); !status) return std::unexpected(status.error());
    std::ranges::sort(set_.deadlines, {}, &Deadline::id);
    std::ranges::sort(set_.findings, {}, &Finding::kind);
    std::ranges::sort(set_.deductions, {}, &Deduction::kind);
    std::ranges::sort(set_.joint_rules, {}, &JointRule::duty);
    if (!set_.base.empty()) return std::move(set_);
    // Without a base the file is the whole rule set.
    if (set_.grades.empty()) {
      return ErrorAt(ruleset_line_, "rule set {} has no base, so it needs 'grades' and 'band' lines", set_.id);
    }
    if (set_.sections.empty()) {
      return ErrorAt(ruleset_line_, "rule set {} has no base, so it needs 'section' lines", set_.id);
    }
    return ResolveRuleSet(set_, nullptr);
  }

  enum class Block { kNone, kDeadline, kFinding };
  // Lines of the attributes of the open block (0: not given).
  struct AttributeLines {
    int period = 0, from = 0, extension = 0, pause = 0, restart = 0, statutory = 0, source = 0, breaches = 0;
  };

  std::string_view text_;
  RuleSet set_;
  int line_ = 0;
  int ruleset_line_ = 0, title_line_ = 0, jurisdiction_line_ = 0, effective_line_ = 0, selected_line_ = 0,
      base_line_ = 0, rebase_line_ = 0, grades_line_ = 0, consecutive_line_ = 0, record_lag_line_ = 0,
      responsibility_line_ = 0;
  Block block_ = Block::kNone;
  Deadline deadline_;
  Unit extension_unit_ = Unit::kWorkingDays;
  Finding finding_;
  AttributeLines lines_;
};

}  // namespace

Result<RuleSet> ParseRuleSet(std::string_view text) { return Parser(text).Run(); }

}  // namespace gongkai::rules
