#include "tools/query/reference.h"

namespace gongkai::query {
namespace {

template <typename Texts>
void SetTexts(capnp::List<capnp::Text>::Builder out, const Texts& texts) {
  unsigned i = 0;
  for (const auto& text : texts) out.set(i++, std::string(text));
}

void ToSchema(const rules::Deadline& d, schema::DeadlineRule::Builder out) {
  out.setId(d.id);
  out.setPeriod(rules::DescribePeriod(d));
  out.setDirection(std::string(rules::DirectionName(d.direction)));
  out.setUnit(std::string(rules::UnitName(d.unit)));
  out.setCount(d.count);
  out.setMonth(d.month);
  out.setDay(d.day);
  out.setFrom(std::string(rules::TriggerName(d.trigger)));
  if (d.extension) {
    out.getExtension().setUnits(*d.extension);
  } else {
    out.getExtension().setNone();
  }
  std::vector<std::string_view> pauses;
  for (rules::Pause pause : d.pauses) pauses.push_back(rules::PauseName(pause));
  SetTexts(out.initPauses(static_cast<unsigned>(pauses.size())), pauses);
  out.setRestartsOnCorrection(d.restarts_on_correction);
  out.setSource(d.source);
  out.setStatutory(d.statutory);
}

}  // namespace

std::string DescribeRebase(const rules::RuleSet& set) {
  return set.rebase ? fmt::format("{} from {}", set.rebase->base, rules::FormatDate(set.rebase->from)) : std::string();
}

std::vector<std::string_view> Selectors(const rules::RuleSet& set) {
  std::vector<std::string_view> words;
  if (set.selects_by_receipt) words.push_back("receipt");
  if (set.selects_by_formation) words.push_back("formation");
  return words;
}

namespace {

// The fields RuleSetSummary and RuleSetView share.
template <typename Builder>
void FillIdentity(const rules::RuleSet& set, Builder out) {
  out.setId(set.id);
  out.setTitle(set.title);
  out.setJurisdiction(set.jurisdiction);
  out.setEffective(rules::FormatDate(set.effective_from));
  auto selectors = Selectors(set);
  SetTexts(out.initSelectedBy(static_cast<unsigned>(selectors.size())), selectors);
  out.setBase(set.base);
  out.setRebase(DescribeRebase(set));
  out.setRebasedFrom(set.rebased_from);
}

}  // namespace

void ToSchema(const rules::RuleSet& set, schema::RuleSetSummary::Builder out) { FillIdentity(set, out); }

void ToSchema(const rules::RuleSet& set, schema::RuleSetView::Builder out) {
  FillIdentity(set, out);
  auto deadlines = out.initDeadlines(static_cast<unsigned>(set.deadlines.size()));
  for (unsigned i = 0; i < deadlines.size(); ++i) ToSchema(set.deadlines[i], deadlines[i]);
  auto findings = out.initFindings(static_cast<unsigned>(set.findings.size()));
  for (unsigned i = 0; i < findings.size(); ++i) {
    findings[i].setKind(set.findings[i].kind);
    SetTexts(findings[i].initBreaches(static_cast<unsigned>(set.findings[i].breaches.size())),
             set.findings[i].breaches);
    findings[i].setSource(set.findings[i].source);
    findings[i].setStatutory(set.findings[i].statutory);
  }
  auto sections = out.initSections(static_cast<unsigned>(set.sections.size()));
  for (unsigned i = 0; i < sections.size(); ++i) {
    sections[i].setId(set.sections[i].id);
    sections[i].setName(set.sections[i].name);
    sections[i].setWeight(set.sections[i].weight);
  }
  auto deductions = out.initDeductions(static_cast<unsigned>(set.deductions.size()));
  for (unsigned i = 0; i < deductions.size(); ++i) {
    deductions[i].setKind(set.deductions[i].kind);
    deductions[i].setPoints(set.deductions[i].points);
    deductions[i].setSection(set.deductions[i].section);
  }
  SetTexts(out.initGrades(static_cast<unsigned>(set.grades.size())), set.grades);
  auto bands = out.initBands(static_cast<unsigned>(set.bands.size()));
  for (unsigned i = 0; i < bands.size(); ++i) {
    bands[i].setMin(set.bands[i].min);
    bands[i].setMax(set.bands[i].max);
    bands[i].setGrade(set.bands[i].grade);
  }
  out.setConsecutiveFailYears(set.consecutive_fail_years.value_or(0));
  out.setRecordLagWorkingDays(set.record_lag_working_days.value_or(0));
  auto joint = out.initJointDuties(static_cast<unsigned>(set.joint_rules.size()));
  for (unsigned i = 0; i < joint.size(); ++i) {
    const rules::JointRule& rule = set.joint_rules[i];
    joint.set(i, fmt::format("{} {} {}", rules::Name(rule.duty), rules::Name(rule.discharge), rule.source));
  }
  if (set.responsibility) {
    out.setResponsibility(fmt::format("{} {}", rules::Name(set.responsibility->model), set.responsibility->source));
  }
}

void ToSchema(const rules::RuleSet& set, std::string_view deadline, rules::Date trigger, const rules::DueDate& due,
              schema::DeadlineAnswer::Builder out) {
  out.setRuleSet(set.id);
  out.setDeadline(std::string(deadline));
  out.setTrigger(rules::FormatDate(trigger));
  out.setDate(rules::FormatDate(due.date));
  out.setDirection(std::string(rules::DirectionName(due.direction)));
  out.setExplanation(due.explanation);
  out.setProvisional(due.provisional);
}

Status CalendarDay(const rules::Calendar& calendar, rules::Date date, schema::CalendarDay::Builder out) {
  auto working = calendar.IsWorkingDay(date);
  GK_RETURN_IF_ERROR(working);
  auto holiday = calendar.HolidayName(date);
  GK_RETURN_IF_ERROR(holiday);
  out.setCalendar(calendar.id());
  out.setDate(rules::FormatDate(date));
  out.setWorkingDay(*working);
  out.setHoliday(std::string(*holiday));
  out.setProvisional(calendar.Provisional(date));
  return {};
}

Status CalendarAdd(const rules::Calendar& calendar, rules::Date from, int32_t working_days,
                   schema::CalendarCount::Builder out) {
  auto date = calendar.AddWorkingDays(from, working_days);
  GK_RETURN_IF_ERROR(date);
  out.setCalendar(calendar.id());
  out.setFrom(rules::FormatDate(from));
  out.setTo(rules::FormatDate(*date));
  out.setWorkingDays(working_days);
  out.setProvisional(calendar.AnyProvisional(from, *date));
  return {};
}

Status CalendarBetween(const rules::Calendar& calendar, rules::Date from, rules::Date to,
                       schema::CalendarCount::Builder out) {
  auto count = calendar.WorkingDaysBetween(from, to);
  GK_RETURN_IF_ERROR(count);
  out.setCalendar(calendar.id());
  out.setFrom(rules::FormatDate(from));
  out.setTo(rules::FormatDate(to));
  out.setWorkingDays(*count);
  out.setProvisional(calendar.AnyProvisional(from, to));
  return {};
}

}  // namespace gongkai::query
