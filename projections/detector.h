// The detectors behind FindingsEngine::Findings and StateOf (internal to
// projections/): one Detector walks the subjects the engine folded and
// collects what each subject's rule set defines. Its shared machinery
// (deadline clocks, emitting and attributing findings, tracking deadlines
// for StateOf) is here; the detection of each kind of subject is in its own
// file beside the others: detect_items.cc, detect_transfers.cc,
// detect_cases.cc, detect_inquiries.cc (what the simulator injects for each:
// tools/simulator/plan_*.cc).
#pragma once

#include <fmt/core.h>

#include <kj/debug.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ledger/rules/deadline.h"
#include "ledger/rules/finding_kind.h"
#include "projections/attribution.h"
#include "projections/findings.h"

namespace gongkai::projections {

inline rules::Date NextDay(rules::Date date) { return rules::Date{date.days + 1}; }

// A clock that may bound an act: the deadline, its trigger date, and what
// extended, paused or restarted it. Options the deadline does not allow are
// left out (docs/RULES.md, "Computing a deadline").
struct Clock {
  std::string_view deadline;
  rules::Date trigger;
  bool extended = false;
  std::optional<int32_t> extension_granted;  // with `extended`: the units granted (none: all)
  int32_t paused_third_party = 0;
  int32_t paused_interagency = 0;
  std::optional<rules::Date> restart;
};

// A due date Due() computed, whether it counted working days of a year
// with no published calendar (rules::DueDate::provisional), and the rule
// set that judges the step: the one in force when its clock started.
struct DueDay {
  rules::Date date;
  bool provisional = false;
  const rules::RuleSet* set = nullptr;
};

// One evaluation of Findings(as_of): walks every subject and collects what
// its rule set defines.
class Detector {
  using Date = rules::Date;
  using FindingKind = rules::FindingKind;
  using Role = schema::Role;

 public:
  Detector(const FindingsEngine& engine, Date as_of) : engine_(engine), roster_(engine.roster_), as_of_(as_of) {}

  Result<std::vector<Finding>> Run() {
    for (const auto& [subject, item] : engine_.items_) {
      GK_RETURN_IF_ERROR(Detected(subject, item.agency, DetectItem(subject, item)));
    }
    for (const auto& [subject, c] : engine_.cases_) {
      GK_RETURN_IF_ERROR(Detected(subject, c.agency, DetectCase(subject, c)));
    }
    for (const auto& [subject, inquiry] : engine_.inquiries_) {
      GK_RETURN_IF_ERROR(Detected(subject, inquiry.agency, DetectInquiry(subject, inquiry)));
    }
    return Sorted();
  }

  // The deadlines and findings of one subject; nullopt when unknown.
  Result<std::optional<SubjectState>> RunOne(std::string_view subject) {
    SubjectState state;
    state.subject = std::string(subject);
    track_ = &state.deadlines;
    Status detected;
    if (auto item = engine_.items_.find(subject); item != engine_.items_.end()) {
      state.agency = item->second.agency;
      state.awaiting = Awaiting(item->second);
      detected = DetectItem(item->first, item->second);
    } else if (auto c = engine_.cases_.find(subject); c != engine_.cases_.end()) {
      state.agency = c->second.agency;
      detected = DetectCase(c->first, c->second);
    } else if (auto inquiry = engine_.inquiries_.find(subject); inquiry != engine_.inquiries_.end()) {
      state.agency = inquiry->second.agency;
      detected = DetectInquiry(inquiry->first, inquiry->second);
    } else {
      return std::nullopt;
    }
    GK_RETURN_IF_ERROR(Detected(state.subject, state.agency, detected));
    state.rule_set = rule_set_ ? rule_set_->id : std::string();
    state.findings = Sorted();
    return state;
  }

 private:
  // The findings collected, by date, then subject, kind and id.
  std::vector<Finding> Sorted() {
    std::ranges::sort(findings_, [](const Finding& a, const Finding& b) {
      return std::tie(a.date, a.subject, a.kind, a.id) < std::tie(b.date, b.subject, b.kind, b.id);
    });
    return std::move(findings_);
  }

  // The reviewer a confidentiality review request still waits for.
  std::string Awaiting(const ItemState& item) const {
    std::string awaiting;
    for (const ItemState::Request& request : item.review_requests) {
      if (request.act.date > as_of_) continue;
      bool answered = std::ranges::any_of(
          item.opinions, [&](const ItemState::Opinion& o) { return o.act.seq > request.act.seq && o.act.date <= as_of_; });
      awaiting = answered ? std::string() : request.requested_of;
    }
    return awaiting;
  }

  // After one subject's detection: the acts it found recorded after the
  // deadline they claim to meet become findings (recorded-after-deadline),
  // under the subject's rule set. Passes `detected` on.
  Status Detected(const std::string& subject, const std::string& agency, Status detected) {
    GK_RETURN_IF_ERROR(detected);
    for (const RecordedLate& late : recorded_late_) {
      const Act& act = *late.act;
      const rules::RuleSet& set = *late.set;
      Handler recorder{act.signer, act.time,
                       fmt::format("recorded on {} the act dated {} (seq {}) that meets {} due {}",
                                   rules::FormatDate(act.recorded), rules::FormatDate(act.date), act.seq,
                                   late.deadline, rules::FormatDate(late.due))};
      Finding* f = Emit(FindingKind::kRecordedAfterDeadline, set, agency, subject, act.recorded, {act.seq},
                        AttributeNone({recorder}, roster_, set), fmt::format("#{}", act.seq));
      // The article is the one of the deadline the act claims to meet.
      if (const rules::Deadline* deadline = set.FindDeadline(late.deadline); f && deadline) {
        f->article = fmt::format("{}（登记晚于期限）", deadline->source);
      }
    }
    recorded_late_.clear();
    return {};
  }

  // Records, for StateOf, the deadline the last Due() computed: met by
  // `met` (nullptr: not met as of as_of), or no longer due when `closed`.
  // An act that meets it by the date it bears, recorded (as of as_of) only
  // after the due date, is kept for Detected().
  void Track(const std::optional<DueDay>& due, const Act* met, bool closed = false) {
    if (!due) return;
    if (met && met->date <= due->date && met->recorded > due->date && met->recorded <= as_of_) {
      KJ_REQUIRE(last_clock_.set != nullptr, "Track() must follow a Due() of the subject");
      recorded_late_.push_back({met, due->date, last_clock_.deadline, last_clock_.set});
    }
    if (!track_) return;
    KJ_REQUIRE(last_clock_.set != nullptr, "Track() must follow the Due() that computed `due`");
    DeadlineStatus status;
    status.deadline = std::string(last_clock_.deadline);
    status.rule_set = last_clock_.set->id;
    status.trigger = last_clock_.options.restart.value_or(last_clock_.trigger);
    status.due = due->date;
    status.provisional = due->provisional;
    if (!due->provisional) status.settled = Settled(due->date);
    if (met) {
      status.met_by = met->seq;
      status.met_on = met->date;
      status.state = met->date <= due->date ? DeadlineState::kMet : DeadlineState::kLate;
    } else {
      status.state = closed ? DeadlineState::kClosed : due->date < as_of_ ? DeadlineState::kMissed : DeadlineState::kPending;
    }
    track_->push_back(std::move(status));
  }

  // For a due date counted on published calendars alone: the date it had
  // under the latest earlier calendar that counted it provisionally, and the
  // publication after that calendar (which settled it); nullopt when every
  // calendar the ledger had counted it as now. Only calendars missing a year
  // from the trigger's to the year after `due` are tried (a provisional
  // count, weekdays alone, never ends a year away from the final one).
  std::optional<DeadlineSettlement> Settled(Date due) const {
    const auto& versions = engine_.calendar_versions_;
    Date from = last_clock_.options.restart.value_or(last_clock_.trigger);
    for (size_t i = versions.size(); i-- > 0;) {
      const rules::Calendar& earlier = i == 0 ? engine_.calendar_ : versions[i - 1].calendar;
      if (!earlier.AnyProvisional(Date{from.days - 1}, rules::FromCivil(rules::Year(due) + 1, 12, 31))) continue;
      auto then = rules::ComputeDeadline(*last_clock_.set, last_clock_.deadline, last_clock_.trigger, earlier,
                                         last_clock_.options);
      if (!then || !then->provisional) continue;
      return DeadlineSettlement{then->date, versions[i].seq, versions[i].calendar.id()};
    }
    return std::nullopt;
  }

  // The rule set that judges a step of the subject whose clock started on
  // `started`: the one in force for the subject's agency that day (a local
  // rule applies to a step only if it was in force when the step's clock
  // started; docs/FINDINGS.md, "Rule sets by the date of each step"), or
  // the subject's own when none was yet.
  const rules::RuleSet& StepSet(const rules::RuleSet& subject_set, Date started) const {
    const rules::RuleSet* in_force = engine_.RuleSetInForce(agency_, started);
    return in_force ? *in_force : subject_set;
  }

  // Whether a co-producer's act discharges the lead agency's joint `duty`
  // under `set` (joint-duty any-producer); by default it does not.
  static bool Discharges(const rules::RuleSet& set, rules::JointDuty duty) {
    const rules::JointRule* rule = set.JointRuleFor(duty);
    return rule && rule->discharge == rules::JointDischarge::kAnyProducer;
  }

  // The subject being judged, its agency and its rule set (the one in force
  // on the date that selects it: receipt, formation).
  void Judging(const std::string& agency, const rules::RuleSet& set) {
    agency_ = agency;
    rule_set_ = &set;
  }

  // The earliest last-day-on-time among `clocks` whose deadline the rule set
  // of its step (StepSet) defines (kWithin ones) and, when `kind` names the
  // deadlines it breaches there, that it names; nullopt when none applies.
  Result<std::optional<DueDay>> Due(const rules::RuleSet& subject_set, FindingKind kind,
                                    std::span<const Clock> clocks) const {
    std::optional<DueDay> earliest;
    for (const Clock& clock : clocks) {
      const rules::RuleSet& set = StepSet(subject_set, clock.trigger);
      const rules::Finding* finding = set.FindFinding(kind);
      if (finding && !finding->breaches.empty() &&
          std::ranges::find(finding->breaches, clock.deadline) == finding->breaches.end()) {
        continue;
      }
      const rules::Deadline* deadline = set.FindDeadline(clock.deadline);
      if (!deadline || deadline->direction != rules::Direction::kWithin) continue;
      rules::DeadlineOptions options;
      options.extended = clock.extended && deadline->extension.has_value();
      if (options.extended) options.extension_granted = clock.extension_granted;
      for (rules::Pause pause : deadline->pauses) {
        options.paused_working_days +=
            pause == rules::Pause::kThirdParty ? clock.paused_third_party : clock.paused_interagency;
      }
      if (clock.restart && deadline->restarts_on_correction && *clock.restart >= clock.trigger) {
        options.restart = clock.restart;
      }
      auto due = rules::ComputeDeadline(set, clock.deadline, clock.trigger, engine_.calendar(), options);
      GK_RETURN_IF_ERROR(due);
      if (!earliest || due->date < earliest->date) {
        earliest = DueDay{due->date, due->provisional, &set};
        last_clock_ = {&set, clock.deadline, clock.trigger, options};
      }
    }
    return earliest;
  }

  // Records a finding if the subject's rule set defines its kind and it
  // happened by `as_of`: the finding recorded, else nullptr.
  Finding* Emit(FindingKind kind, const rules::RuleSet& set, const std::string& agency,
            const std::string& subject, Date date, std::vector<uint64_t> evidence, Attribution attribution,
            std::string id_suffix = {}) {
    const rules::Finding* definition = set.FindFinding(kind);
    if (!definition || date > as_of_) return nullptr;
    std::ranges::sort(evidence);
    evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
    return &findings_.emplace_back(Finding{fmt::format("{}@{}{}", rules::Name(kind), subject, id_suffix),
                                           std::string(rules::Name(kind)), agency, subject, date, std::move(evidence),
                                           set.id, definition->source, std::move(attribution)});
  }

  // A finding judged against a due date, under the rule set of its step
  // (attribute it under the same one): provisional when the due date is.
  void EmitAgainst(const DueDay& due, FindingKind kind, const std::string& agency, const std::string& subject,
                   Date date, std::vector<uint64_t> evidence, Attribution attribution, std::string id_suffix = {}) {
    if (Finding* f = Emit(kind, *due.set, agency, subject, date, std::move(evidence), std::move(attribution),
                          std::move(id_suffix))) {
      f->provisional = due.provisional;
    }
  }

  Attribution ByApproval(const Approval* approval, const Handler& handler, const Decisions& decisions,
                         const std::string& agency, const rules::RuleSet& set) const {
    Team team = approval && approval->decision
                    ? engine_.TeamOf(engine_.AnswersFor(agency, approval->formation), approval->formation)
                    : Team{agency, {}};
    return AttributeApproval(approval, handler, decisions, team, roster_, set);
  }

  // Everyone holding `role` in `agency` when a deadline passed answers for
  // an act nobody did.
  // After a succession, the successor's (FindingsEngine::AnswersFor).
  std::vector<Handler> Holders(Role role, const std::string& agency, Date passed, std::string_view what) const {
    std::vector<Handler> handlers;
    UnixMicros at = rules::StartOfDay(passed);
    for (std::string& person : roster_.HoldersOf(role, engine_.AnswersFor(agency, passed), at)) {
      handlers.push_back({std::move(person), at, fmt::format("{} when the deadline passed", what)});
    }
    return handlers;
  }

  // Flawed collective decisions (004 §30): approved, so attributed as a
  // collective decision to the team and the handler.
  void DetectCollective(const rules::RuleSet& set, const std::string& agency, const std::string& subject,
                        const Decisions& decisions, const Handler& handler) {
    bool first_votes = true, first_quorum = true;
    for (const CollectiveRecord& d : decisions.collective) {
      if (!d.adopted || d.act.date > as_of_) continue;
      Approval approval{&d.act, &d, d.meeting};
      size_t should = d.should_attend.size();
      bool no_votes = d.votes == 0;
      bool no_quorum = (d.votes > 0 && 2 * d.yes <= should) || 2 * d.present.size() <= should;
      if (no_votes) {
        Emit(FindingKind::kCollectiveDecisionWithoutVotes, set, agency, subject, d.meeting, {d.act.seq},
             ByApproval(&approval, handler, decisions, agency, set), first_votes ? "" : fmt::format("#{}", d.act.seq));
        first_votes = false;
      }
      if (no_quorum) {
        Emit(FindingKind::kCollectiveDecisionWithoutQuorum, set, agency, subject, d.meeting, {d.act.seq},
             ByApproval(&approval, handler, decisions, agency, set), first_quorum ? "" : fmt::format("#{}", d.act.seq));
        first_quorum = false;
      }
    }
  }

  Status DetectItem(const std::string& subject, const ItemState& item);
  Status DetectTransfers(const rules::RuleSet& set, const std::string& subject, const ItemState& item,
                         const Approval& approval);
  Status DetectCase(const std::string& subject, const CaseState& c);
  // Validates the case's extensions (invalid ones are findings) and extends
  // `clock` by what the valid ones grant.
  Status ApplyExtensions(const rules::RuleSet& set, const std::string& subject, const CaseState& c, Clock& clock);
  Status DetectInquiry(const std::string& subject, const InquiryState& inquiry);

  const FindingsEngine& engine_;
  const Roster& roster_;
  Date as_of_;
  std::vector<Finding> findings_;
  // StateOf only: where deadlines are recorded, the clock of the last Due()
  // and the rule set of the subject evaluated.
  std::vector<DeadlineStatus>* track_ = nullptr;
  mutable struct {
    const rules::RuleSet* set = nullptr;
    std::string_view deadline;
    Date trigger{0};  // the clock's own trigger (options.restart may restart it)
    rules::DeadlineOptions options;
  } last_clock_;
  const rules::RuleSet* rule_set_ = nullptr;
  std::string agency_;  // of the subject evaluated
  // The subject's acts that meet a deadline by their date but were recorded
  // after it (Track), until Detected() reports them.
  struct RecordedLate {
    const Act* act;
    Date due;
    std::string_view deadline;
    const rules::RuleSet* set;  // the rule set of the step (DueDay::set)
  };
  std::vector<RecordedLate> recorded_late_;
};

}  // namespace gongkai::projections
