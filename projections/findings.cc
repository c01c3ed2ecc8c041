#include "projections/findings.h"

#include <fmt/core.h>

#include <algorithm>
#include <span>
#include <string_view>
#include <tuple>

#include "ledger/capnp_text.h"
#include "projections/attribution.h"
#include "ledger/rules/deadline.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;
using PayloadKind = schema::Action::Payload::Which;

namespace {

Date NextDay(Date date) { return Date{date.days + 1}; }

// A clock that may bound an act: the deadline, its trigger date, and what
// extended, paused or restarted it. Options the deadline does not allow are
// left out (docs/RULES.md, "Computing a deadline").
struct Clock {
  std::string_view deadline;
  Date trigger;
  bool extended = false;
  int32_t paused_third_party = 0;
  int32_t paused_interagency = 0;
  std::optional<Date> restart;
};

bool IsWithheld(schema::ReplyOutcome outcome) {
  using O = schema::ReplyOutcome;
  switch (outcome) {
    case O::WITHHELD_STATE_SECRET:
    case O::WITHHELD_PROHIBITED_BY_LAW:
    case O::WITHHELD_SECURITY_STABILITY:
    case O::WITHHELD_THIRD_PARTY_RIGHTS:
    case O::WITHHELD_INTERNAL_AFFAIRS:
    case O::WITHHELD_PROCESS_INFORMATION:
    case O::WITHHELD_ENFORCEMENT_FILE:
    case O::WITHHELD_ADMINISTRATIVE_QUERY:
      return true;
    default:
      return false;
  }
}

std::string_view InquiryDeadline(schema::InquiryKind kind) {
  switch (kind) {
    case schema::InquiryKind::CONSULTATION:
      return "inquiry-consultation-answer";
    case schema::InquiryKind::SUGGESTION:
      return "inquiry-suggestion-answer";
    case schema::InquiryKind::COMPLAINT:
      return "inquiry-complaint-answer";
  }
  return "inquiry-consultation-answer";
}

}  // namespace

// One evaluation of Findings(as_of): walks every subject and collects what
// its rule set defines.
class Detector {
 public:
  Detector(const FindingsEngine& engine, Date as_of) : engine_(engine), roster_(engine.roster_), as_of_(as_of) {}

  Result<std::vector<Finding>> Run() {
    for (const auto& [subject, item] : engine_.items_) {
      if (auto s = DetectItem(subject, item); !s) return std::unexpected(s.error());
    }
    for (const auto& [subject, c] : engine_.cases_) {
      if (auto s = DetectCase(subject, c); !s) return std::unexpected(s.error());
    }
    for (const auto& [subject, inquiry] : engine_.inquiries_) {
      if (auto s = DetectInquiry(subject, inquiry); !s) return std::unexpected(s.error());
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
    GK_RETURN_IF_ERROR(detected);
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

  // Records, for StateOf, the deadline the last Due() computed: met by
  // `met` (nullptr: not met as of as_of), or no longer due when `closed`.
  void Track(std::optional<Date> due, const Act* met, bool closed = false) {
    if (!track_ || !due) return;
    DeadlineStatus status{std::string(last_clock_.deadline), last_clock_.trigger, *due, std::nullopt, Date{0}, DeadlineState::kPending};
    if (met) {
      status.met_by = met->seq;
      status.met_on = met->date;
      status.state = met->date <= *due ? DeadlineState::kMet : DeadlineState::kLate;
    } else {
      status.state = closed ? DeadlineState::kClosed : *due < as_of_ ? DeadlineState::kMissed : DeadlineState::kPending;
    }
    track_->push_back(std::move(status));
  }

  // The earliest last-day-on-time among `clocks` whose deadline the set
  // defines (kWithin ones) and, when `kind` names the deadlines it
  // breaches, that it names; nullopt when none applies.
  Result<std::optional<Date>> Due(const rules::RuleSet& set, std::string_view kind,
                                  std::span<const Clock> clocks) const {
    const rules::Finding* finding = set.FindFinding(kind);
    std::optional<Date> earliest;
    for (const Clock& clock : clocks) {
      if (finding && !finding->breaches.empty() &&
          std::ranges::find(finding->breaches, clock.deadline) == finding->breaches.end()) {
        continue;
      }
      const rules::Deadline* deadline = set.FindDeadline(clock.deadline);
      if (!deadline || deadline->direction != rules::Direction::kWithin) continue;
      rules::DeadlineOptions options;
      options.extended = clock.extended && deadline->extension.has_value();
      for (rules::Pause pause : deadline->pauses) {
        options.paused_working_days +=
            pause == rules::Pause::kThirdParty ? clock.paused_third_party : clock.paused_interagency;
      }
      if (clock.restart && deadline->restarts_on_correction && *clock.restart >= clock.trigger) {
        options.restart = clock.restart;
      }
      auto due = rules::ComputeDeadline(set, clock.deadline, clock.trigger, engine_.calendar(), options);
      GK_RETURN_IF_ERROR(due);
      if (!earliest || due->date < *earliest) {
        earliest = due->date;
        last_clock_ = {clock.deadline, options.restart.value_or(clock.trigger)};
      }
    }
    return earliest;
  }

  // Records a finding if the subject's rule set defines its kind and it
  // happened by `as_of`.
  void Emit(std::string_view kind, const rules::RuleSet& set, const std::string& agency,
            const std::string& subject, Date date, std::vector<uint64_t> evidence, Attribution attribution,
            std::string id_suffix = {}) {
    const rules::Finding* definition = set.FindFinding(kind);
    if (!definition || date > as_of_) return;
    std::ranges::sort(evidence);
    evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
    findings_.push_back(Finding{fmt::format("{}@{}{}", kind, subject, id_suffix), std::string(kind), agency,
                                subject, date, std::move(evidence), set.id, definition->source,
                                std::move(attribution)});
  }

  Attribution ByApproval(const Approval* approval, const Handler& handler, const Decisions& decisions,
                         const std::string& agency) const {
    std::string principal =
        approval && approval->decision ? engine_.PrincipalOf(agency, approval->formation) : std::string();
    return AttributeApproval(approval, handler, decisions, principal, roster_);
  }

  // Everyone holding `role` in `agency` when a deadline passed answers for
  // an act nobody did.
  std::vector<Handler> Holders(Role role, const std::string& agency, Date passed, std::string_view what) const {
    std::vector<Handler> handlers;
    UnixMicros at = rules::StartOfDay(passed);
    for (std::string& person : roster_.HoldersOf(role, agency, at)) {
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
        Emit("collective-decision-without-votes", set, agency, subject, d.meeting, {d.act.seq},
             ByApproval(&approval, handler, decisions, agency), first_votes ? "" : fmt::format("#{}", d.act.seq));
        first_votes = false;
      }
      if (no_quorum) {
        Emit("collective-decision-without-quorum", set, agency, subject, d.meeting, {d.act.seq},
             ByApproval(&approval, handler, decisions, agency), first_quorum ? "" : fmt::format("#{}", d.act.seq));
        first_quorum = false;
      }
    }
  }

  Status DetectItem(const std::string& subject, const ItemState& item);
  Status DetectTransfers(const rules::RuleSet& set, const std::string& subject, const ItemState& item,
                         const Approval& approval);
  Status DetectCase(const std::string& subject, const CaseState& c);
  Status DetectInquiry(const std::string& subject, const InquiryState& inquiry);

  const FindingsEngine& engine_;
  const Roster& roster_;
  Date as_of_;
  std::vector<Finding> findings_;
  // StateOf only: where deadlines are recorded, the clock of the last Due()
  // and the rule set of the subject evaluated.
  std::vector<DeadlineStatus>* track_ = nullptr;
  mutable struct {
    std::string_view deadline;
    Date trigger{0};
  } last_clock_;
  const rules::RuleSet* rule_set_ = nullptr;
};

Status Detector::DetectItem(const std::string& subject, const ItemState& item) {
  const Act* drafted = item.drafted && item.drafted->date <= as_of_ ? &*item.drafted : nullptr;
  std::optional<Approval> approval = FirstApproval(item.decisions, as_of_);
  const Act* published = First(item.publications, as_of_);
  if (!drafted && !approval && !published) return {};
  Date rule_date = approval ? approval->formation : drafted ? drafted->date : published->date;
  const rules::RuleSet* set = engine_.RuleSetInForce(item.agency, rule_date);
  if (!set) return {};
  rule_set_ = set;
  const std::string& agency = item.agency;
  const Act* handler_act = drafted ? drafted : published ? published : approval->act;
  Handler handler{handler_act->signer, handler_act->time,
                  fmt::format("{} (seq {})", drafted ? "drafted the item" : "published the item", handler_act->seq)};
  // What approved the publication: an approval before it.
  const Approval* covering = approval && (!published || approval->act->seq < published->seq) ? &*approval : nullptr;
  auto with = [](std::vector<uint64_t> seqs, const Approval* a) {
    if (a) seqs.push_back(a->act->seq);
    return seqs;
  };
  DetectCollective(*set, agency, subject, item.decisions, handler);

  // Confidentiality review timing (each request against the next opinion).
  for (size_t i = 0; i < item.review_requests.size(); ++i) {
    const ItemState::Request& request = item.review_requests[i];
    if (request.act.date > as_of_) continue;
    const ItemState::Opinion* opinion = nullptr;
    for (const ItemState::Opinion& o : item.opinions) {
      if (o.act.seq > request.act.seq && o.act.date <= as_of_) {
        opinion = &o;
        break;
      }
    }
    const Clock clock{"confidentiality-review-opinion", request.act.date};
    auto due = Due(*set, "late-confidentiality-review", {&clock, 1});
    GK_RETURN_IF_ERROR(due);
    if (!*due) break;
    Track(*due, opinion ? &opinion->act : nullptr);
    std::string suffix = i == 0 ? "" : fmt::format("#{}", request.act.seq);
    if (opinion) {
      if (opinion->act.date > **due) {
        Emit("late-confidentiality-review", *set, agency, subject, opinion->act.date,
             {request.act.seq, opinion->act.seq},
             AttributeNone({{opinion->act.signer, opinion->act.time,
                             fmt::format("gave the review opinion (seq {})", opinion->act.seq)}},
                           roster_),
             suffix);
      }
    } else if (**due < as_of_) {
      std::vector<Handler> reviewers =
          request.requested_of.empty()
              ? Holders(Role::CONFIDENTIALITY_REVIEWER, agency, NextDay(**due), "confidentiality reviewer")
              : std::vector<Handler>{{request.requested_of, rules::StartOfDay(NextDay(**due)),
                                      fmt::format("was asked for the review (seq {})", request.act.seq)}};
      Emit("late-confidentiality-review", *set, agency, subject, NextDay(**due), {request.act.seq},
           AttributeNone(reviewers, roster_), suffix);
    }
  }

  // The last opinion before the publication, and the last that cleared it.
  const ItemState::Opinion* last_opinion = nullptr;
  const ItemState::Opinion* clearance = nullptr;
  for (const ItemState::Opinion& o : item.opinions) {
    if (o.act.date > as_of_ || (published && o.act.seq > published->seq)) continue;
    last_opinion = &o;
    if (o.opinion == schema::ReviewOpinion::DISCLOSE || o.opinion == schema::ReviewOpinion::PARTIAL) clearance = &o;
  }
  std::vector<Clock> publish_clocks;
  if (approval) publish_clocks.push_back({"publish-proactive", approval->formation});
  if (clearance) {
    publish_clocks.push_back({"publish-after-confidentiality-review", clearance->act.date});
    if (item.time_critical) publish_clocks.push_back({"publish-time-critical", clearance->act.date});
  }

  if (published) {
    std::vector<uint64_t> drafting = drafted ? std::vector<uint64_t>{drafted->seq} : std::vector<uint64_t>{};
    if (!covering) {
      drafting.push_back(published->seq);
      Emit("published-without-review", *set, agency, subject, published->date, drafting,
           AttributeNone({handler}, roster_));
    }
    if (approval && !covering) {
      Emit("approval-after-publication", *set, agency, subject, published->date,
           {published->seq, approval->act->seq}, AttributeNone({handler}, roster_));
    }
    if (!last_opinion) {
      Emit("published-without-confidentiality-review", *set, agency, subject, published->date,
           with({published->seq}, covering), ByApproval(covering, handler, item.decisions, agency));
    } else if (last_opinion->opinion == schema::ReviewOpinion::EXEMPT) {
      Emit("published-exempt-information", *set, agency, subject, published->date,
           with({last_opinion->act.seq, published->seq}, covering),
           ByApproval(covering, handler, item.decisions, agency));
    }
    if (covering) {
      auto due = Due(*set, "late-publication", publish_clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, published);
      if (*due && published->date > **due) {
        Emit("late-publication", *set, agency, subject, published->date, {covering->act->seq, published->seq},
             AttributeNone({handler}, roster_));
      }
    }
  } else if (approval && (item.attribute == schema::DisclosureAttribute::PROACTIVE ||
                          item.attribute == schema::DisclosureAttribute::PARTIAL)) {
    // Formed for proactive disclosure and still not published.
    auto due = Due(*set, "late-publication", publish_clocks);
    GK_RETURN_IF_ERROR(due);
    Track(*due, nullptr);
    if (*due && **due < as_of_) {
      Emit("late-publication", *set, agency, subject, NextDay(**due), {approval->act->seq},
           AttributeNone({handler}, roster_));
    }
  }

  // The policy interpretation (004 §12–§15; 002 §10).
  if (item.policy && published) {
    const Act* interpretation = First(item.interpretations, as_of_);
    const Clock clock{"policy-interpretation", published->date};
    if (interpretation) {
      auto due = Due(*set, "late-interpretation", {&clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, interpretation);
      if (*due && interpretation->date > **due) {
        Emit("late-interpretation", *set, agency, subject, interpretation->date,
             {published->seq, interpretation->seq}, AttributeNone({handler}, roster_));
      }
    } else {
      auto due = Due(*set, "missing-interpretation", {&clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (due->value_or(published->date) < as_of_) {
        Emit("missing-interpretation", *set, agency, subject, published->date, {published->seq},
             ByApproval(covering, handler, item.decisions, agency));
      }
    }
  }

  // The annual report on its year (条例 §49; 002 §30).
  if (item.annual_report && item.report_year > 0) {
    Date year_end = rules::FromCivil(item.report_year, 12, 31);
    const Clock clocks[] = {{"annual-report-publication", year_end}, {"annual-report-submission", year_end}};
    if (published) {
      auto due = Due(*set, "late-annual-report", clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, published);
      if (*due && published->date > **due) {
        Emit("late-annual-report", *set, agency, subject, published->date, with({published->seq}, covering),
             ByApproval(covering, handler, item.decisions, agency));
      }
    } else if (drafted) {
      auto due = Due(*set, "missing-annual-report", clocks);
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (*due && **due < as_of_) {
        Emit("missing-annual-report", *set, agency, subject, **due, {drafted->seq},
             AttributeNone({handler}, roster_));
      }
    }
  }

  if (approval && published) return DetectTransfers(*set, subject, item, *approval);
  return {};
}

// Archive transfer (000 移送办法 §7–§8; 004 §61–§62): of a formed, published
// item within the deadlines from its formation, and again from each change.
Status Detector::DetectTransfers(const rules::RuleSet& set, const std::string& subject, const ItemState& item,
                                 const Approval& approval) {
  const std::string& agency = item.agency;
  auto clerk = [&](const Act& transfer) {
    return AttributeNone({{transfer.signer, transfer.time, fmt::format("made the transfer (seq {})", transfer.seq)}},
                         roster_);
  };
  // `trigger`: the formation or change; `after`: only transfers after this seq count.
  auto check = [&](const Act& trigger, Date from, std::optional<uint64_t> after, std::string suffix) -> Status {
    const ItemState::Transfer* electronic = nullptr;
    const ItemState::Transfer* paper = nullptr;
    for (const ItemState::Transfer& t : item.transfers) {
      if (t.act.date > as_of_ || (after && t.act.seq <= *after) || (!after && t.invalidity)) continue;
      if (t.electronic && !electronic) electronic = &t;
      if (!t.electronic && !paper) paper = &t;
    }
    const Clock electronic_clock{"archive-transfer-electronic", from};
    if (electronic) {
      auto due = Due(set, "late-archive-transfer", {&electronic_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, &electronic->act);
      if (*due && electronic->act.date > **due) {
        Emit("late-archive-transfer", set, agency, subject, electronic->act.date, {trigger.seq, electronic->act.seq},
             clerk(electronic->act), suffix);
        return {};
      }
    } else {
      auto due = Due(set, "missing-archive-transfer", {&electronic_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, nullptr);
      if (*due && **due < as_of_) {
        Emit("missing-archive-transfer", set, agency, subject, NextDay(**due), {trigger.seq},
             AttributeNone(Holders(Role::TRANSFER_CLERK, agency, NextDay(**due), "transfer clerk of the agency"),
                           roster_),
             suffix);
        return {};
      }
    }
    if (paper && !after) {
      const Clock paper_clock{"archive-transfer-paper", from};
      auto due = Due(set, "late-archive-transfer", {&paper_clock, 1});
      GK_RETURN_IF_ERROR(due);
      Track(*due, &paper->act);
      if (*due && paper->act.date > **due) {
        Emit("late-archive-transfer", set, agency, subject, paper->act.date, {trigger.seq, paper->act.seq},
             clerk(paper->act), suffix);
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

Status Detector::DetectCase(const std::string& subject, const CaseState& c) {
  if (!c.received || c.received->date > as_of_) return {};
  const Act& received = *c.received;
  const rules::RuleSet* set = engine_.RuleSetInForce(c.agency, c.receipt);
  if (!set) return {};
  rule_set_ = set;
  const std::string& agency = c.agency;
  bool drafted = c.drafted && c.drafted->date <= as_of_;
  const Act& handler_act = drafted ? *c.drafted : received;
  Handler handler{handler_act.signer, handler_act.time,
                  fmt::format("{} (seq {})", drafted ? "drafted the reply" : "received the application",
                              handler_act.seq)};
  DetectCollective(*set, agency, subject, c.decisions, handler);

  const CaseState::Reply* reply = nullptr;
  for (const CaseState::Reply& r : c.replies) {
    if (r.act.date <= as_of_) {
      reply = &r;
      break;
    }
  }
  std::optional<Approval> approval = FirstApproval(c.decisions, as_of_);
  const Approval* covering = approval && reply && approval->act->seq < reply->act.seq ? &*approval : nullptr;
  Attribution by_approval = ByApproval(covering, handler, c.decisions, agency);
  auto with = [covering](std::vector<uint64_t> seqs) {
    if (covering) seqs.push_back(covering->act->seq);
    return seqs;
  };

  // The reply clock: from receipt (or the corrected application), not
  // counting consultation time, extended when an extension was approved.
  Clock clock{"reply-application", c.receipt};
  clock.extended = First(c.extensions, as_of_) != nullptr;
  for (Date corrected : c.corrections_received) {
    if (corrected <= as_of_) clock.restart = corrected;
  }
  for (const CaseState::Consultation& consultation : c.consultations) {
    if (consultation.asked.date > as_of_) continue;
    Date end = consultation.answered && consultation.answered->date <= as_of_ ? consultation.answered->date : as_of_;
    auto days = engine_.calendar().WorkingDaysBetween(consultation.asked.date, end);
    GK_RETURN_IF_ERROR(days);
    (consultation.third_party ? clock.paused_third_party : clock.paused_interagency) += *days;
  }
  auto due = Due(*set, "late-reply", {&clock, 1});
  GK_RETURN_IF_ERROR(due);
  Track(*due, reply ? &reply->act : nullptr, First(c.closures, as_of_) != nullptr);
  if (reply && *due && reply->act.date > **due) {
    Emit("late-reply", *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}), by_approval);
  } else if (!reply && *due && **due < as_of_ && !First(c.closures, as_of_)) {
    Emit("late-reply", *set, agency, subject, NextDay(**due), {received.seq}, AttributeNone({handler}, roster_));
  }

  if (const Act* notice = First(c.correction_notices, as_of_)) {
    const Clock notice_clock{"correction-notice", c.receipt};
    auto notice_due = Due(*set, "late-correction-notice", {&notice_clock, 1});
    GK_RETURN_IF_ERROR(notice_due);
    Track(*notice_due, notice);
    if (*notice_due && notice->date > **notice_due) {
      Emit("late-correction-notice", *set, agency, subject, notice->date, {received.seq, notice->seq},
           AttributeNone({handler}, roster_));
    }
  }

  if (reply) {
    if (!reply->standard) {
      Emit("nonstandard-reply", *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}),
           by_approval);
    }
    if (reply->fee_fen > 0) {
      uint64_t noticed = 0;
      for (const CaseState::FeeNotice& notice : c.fee_notices) {
        if (notice.act.seq < reply->act.seq) noticed += notice.amount_fen;
      }
      if (noticed == 0 || reply->fee_fen > noticed) {
        Emit("unlawful-fee", *set, agency, subject, reply->act.date, with({received.seq, reply->act.seq}),
             by_approval);
      }
    }
    for (const CaseState::Review& review : c.reviews) {
      if (!review.corrected || review.act.date > as_of_ || review.act.seq < reply->act.seq) continue;
      if (IsWithheld(reply->outcome)) {
        Emit("withheld-information", *set, agency, subject, review.decided, {reply->act.seq, review.act.seq},
             by_approval);
      }
      Emit("reply-corrected-on-review", *set, agency, subject, review.decided, {reply->act.seq, review.act.seq},
           by_approval);
      break;
    }
  }
  if (const Act* complaint = First(c.upheld_complaints, as_of_)) {
    std::vector<uint64_t> evidence{complaint->seq};
    if (reply) evidence.push_back(reply->act.seq);
    Emit("verified-complaint", *set, agency, subject, complaint->date, std::move(evidence), by_approval);
  }
  return {};
}

Status Detector::DetectInquiry(const std::string& subject, const InquiryState& inquiry) {
  if (!inquiry.received || inquiry.received->date > as_of_) return {};
  const Act& received = *inquiry.received;
  const rules::RuleSet* set = engine_.RuleSetInForce(inquiry.agency, inquiry.received_date);
  if (!set) return {};
  rule_set_ = set;
  const std::string& agency = inquiry.agency;
  const Act* answer = First(inquiry.answers, as_of_);
  const Act* last_answer = nullptr;
  for (const Act& a : inquiry.answers) {
    if (a.date <= as_of_) last_answer = &a;
  }
  auto sign_off_after = [&](const Act& a) -> const Act* {
    for (const Act& s : inquiry.sign_offs) {
      if (s.seq > a.seq && s.date <= as_of_) return &s;
    }
    return nullptr;
  };
  const Clock clock{InquiryDeadline(inquiry.kind), inquiry.received_date};
  auto due = Due(*set, "late-inquiry-answer", {&clock, 1});
  GK_RETURN_IF_ERROR(due);
  Track(*due, answer);
  if (answer && *due && answer->date > **due) {
    Handler handler{answer->signer, answer->time, fmt::format("answered the inquiry (seq {})", answer->seq)};
    if (const Act* sign_off = sign_off_after(*answer)) {
      Approval approval{sign_off, nullptr, sign_off->date};
      Emit("late-inquiry-answer", *set, agency, subject, answer->date, {received.seq, sign_off->seq},
           AttributeApproval(&approval, handler, Decisions{}, "", roster_));
    } else {
      Emit("late-inquiry-answer", *set, agency, subject, answer->date, {received.seq, answer->seq},
           AttributeNone({handler}, roster_));
    }
  } else if (!answer && *due && **due < as_of_) {
    Handler handler{received.signer, received.time, fmt::format("received the inquiry (seq {})", received.seq)};
    Emit("late-inquiry-answer", *set, agency, subject, NextDay(**due), {received.seq},
         AttributeNone({handler}, roster_));
  }
  if (last_answer && !sign_off_after(*last_answer)) {
    Handler handler{last_answer->signer, last_answer->time,
                    fmt::format("answered the inquiry (seq {})", last_answer->seq)};
    Emit("inquiry-not-signed-off", *set, agency, subject, last_answer->date, {last_answer->seq},
         AttributeNone({handler}, roster_));
  }
  return {};
}

FindingsEngine::FindingsEngine(const rules::RuleLibrary& library, const rules::Calendar& calendar)
    : library_(library), calendar_(calendar) {}

FindingsEngine::FindingsEngine(const rules::RuleLibrary& library, const rules::Calendar& calendar, Roster roster)
    : library_(library), calendar_(calendar), roster_(std::move(roster)) {}

Status FindingsEngine::Apply(const EventRecord& record) {
  const Action& action = record.action;
  if (IsRegistryPayload(action.kind())) return roster_.Apply(record);
  auto payload = action.reader().getPayload();
  switch (action.kind()) {
    case PayloadKind::ORGANISATION:
      return ApplyOrganisation(payload.getOrganisation(), record.seq);
    case PayloadKind::REFERENCE:
      return ApplyReference(payload.getReference(), record.seq);
    case PayloadKind::ITEM:
    case PayloadKind::APPLICATION:
    case PayloadKind::INQUIRY:
      break;
    default:
      return {};
  }
  Act act{record.seq, action.business_time(), rules::DateOf(action.business_time()), roster_.SignerOf(action)};
  // An approval counts only from a leader of the subject's own agency.
  capnp::Text::Reader agency = payload.isItem()          ? payload.getItem().getAgency()
                               : payload.isApplication() ? payload.getApplication().getAgency()
                                                         : payload.getInquiry().getAgency();
  bool by_leader = roster_.HoldsAny(act.signer, {Role::LEADER_IN_CHARGE, Role::PRINCIPAL}, act.time,
                                    TextView(agency));
  std::string stream(action.stream());
  switch (action.kind()) {
    case PayloadKind::ITEM:
      return FoldItem(items_[stream], payload.getItem(), act, by_leader);
    case PayloadKind::APPLICATION:
      return FoldCase(cases_[stream], payload.getApplication(), act, by_leader);
    default:
      return FoldInquiry(inquiries_[stream], payload.getInquiry(), act, by_leader);
  }
}

Status FindingsEngine::ApplyOrganisation(schema::OrganisationEvent::Reader event, uint64_t seq) {
  using E = schema::OrganisationEvent;
  AgencyState& agency = agencies_[TextString(event.getAgencyId())];
  switch (event.which()) {
    case E::AGENCY_REGISTERED:
      agency.jurisdiction = TextString(event.getAgencyRegistered().getJurisdiction());
      break;
    case E::LEADERSHIP_ASSIGNED: {
      auto assigned = event.getLeadershipAssigned();
      auto from = rules::ParseDate(std::string_view(assigned.getEffectiveFrom().cStr()));
      if (!from) return FailAt(seq, ErrorCode::kMalformed, "leadershipAssigned.effectiveFrom is not a date");
      agency.leadership.push_back({TextString(assigned.getPersonId()), assigned.getPosition(), *from, std::nullopt});
      break;
    }
    case E::LEADERSHIP_ENDED: {
      auto ended = event.getLeadershipEnded();
      auto to = rules::ParseDate(std::string_view(ended.getEffectiveTo().cStr()));
      if (!to) return FailAt(seq, ErrorCode::kMalformed, "leadershipEnded.effectiveTo is not a date");
      std::string person = TextString(ended.getPersonId());
      for (auto it = agency.leadership.rbegin(); it != agency.leadership.rend(); ++it) {
        if (it->person == person && it->position == ended.getPosition() && !it->to) {
          it->to = *to;
          break;
        }
      }
      break;
    }
    default:
      break;
  }
  return {};
}

Status FindingsEngine::ApplyReference(schema::ReferenceEvent::Reader event, uint64_t seq) {
  if (event.isCalendarPublished()) {
    auto calendar = rules::Calendar::Parse(TextView(event.getCalendarPublished()));
    if (!calendar) return FailAt(seq, ErrorCode::kMalformed, "calendar: {}", calendar.error().message);
    published_calendar_.emplace(std::move(*calendar));
    return {};
  }
  auto parsed = rules::ParseRuleSet(TextView(event.getRuleSetPublished()));
  if (!parsed) return FailAt(seq, ErrorCode::kMalformed, "rule set: {}", parsed.error().message);
  auto base = published_sets_.find(parsed->base);
  auto resolved = parsed->base.empty()           ? rules::ResolveRuleSet(*parsed, nullptr)
                  : base != published_sets_.end() ? rules::ResolveRuleSet(*parsed, &base->second)
                                                  : library_.Resolve(*parsed);
  if (!resolved) return FailAt(seq, resolved.error().code, "rule set {}: {}", parsed->id, resolved.error().message);
  published_sets_.insert_or_assign(resolved->id, std::move(*resolved));
  return {};
}

const rules::RuleSet* FindingsEngine::RuleSetInForce(const std::string& agency, Date date) const {
  auto in_force = [&](std::string_view jurisdiction) {
    const rules::RuleSet* best = nullptr;
    auto consider = [&](const rules::RuleSet& set) {
      if (set.jurisdiction != jurisdiction || !(set.selects_by_receipt || set.selects_by_formation) ||
          set.effective_from > date) {
        return;
      }
      if (!best || std::tie(set.effective_from, set.id) > std::tie(best->effective_from, best->id)) best = &set;
    };
    for (const auto& [id, set] : library_.sets()) {
      if (!published_sets_.contains(id)) consider(set);
    }
    for (const auto& [id, set] : published_sets_) consider(set);
    return best;
  };
  auto it = agencies_.find(agency);
  if (it != agencies_.end() && !it->second.jurisdiction.empty()) {
    if (const rules::RuleSet* set = in_force(it->second.jurisdiction)) return set;
  }
  return in_force(rules::kNationalJurisdiction);
}

std::string FindingsEngine::PrincipalOf(const std::string& agency, Date date) const {
  auto it = agencies_.find(agency);
  if (it == agencies_.end()) return {};
  std::string principal;
  for (const Leadership& l : it->second.leadership) {
    if (l.position == schema::LeadershipPosition::PRINCIPAL && l.from <= date && (!l.to || date < *l.to)) {
      principal = l.person;
    }
  }
  return principal;
}

Result<std::vector<Finding>> FindingsEngine::Findings(Date as_of) const { return Detector(*this, as_of).Run(); }

Result<std::optional<SubjectState>> FindingsEngine::StateOf(std::string_view subject, Date as_of) const {
  return Detector(*this, as_of).RunOne(subject);
}

std::vector<std::string> FindingsEngine::Agencies() const {
  std::vector<std::string> agencies;
  for (const auto& [subject, state] : items_) agencies.push_back(state.agency);
  for (const auto& [subject, state] : cases_) agencies.push_back(state.agency);
  for (const auto& [subject, state] : inquiries_) agencies.push_back(state.agency);
  std::ranges::sort(agencies);
  agencies.erase(std::unique(agencies.begin(), agencies.end()), agencies.end());
  std::erase(agencies, std::string());
  return agencies;
}

const rules::RuleSet* FindingsEngine::FindRuleSet(std::string_view id) const {
  if (auto it = published_sets_.find(id); it != published_sets_.end()) return &it->second;
  auto shipped = library_.Find(id);
  return shipped ? *shipped : nullptr;
}

std::vector<std::string> FindingsEngine::Subjects() const {
  std::vector<std::string> subjects;
  for (const auto& [subject, state] : items_) subjects.push_back(subject);
  for (const auto& [subject, state] : cases_) subjects.push_back(subject);
  for (const auto& [subject, state] : inquiries_) subjects.push_back(subject);
  std::ranges::sort(subjects);
  return subjects;
}

std::string_view Name(DeadlineState state) {
  switch (state) {
    case DeadlineState::kMet: return "met";
    case DeadlineState::kLate: return "late";
    case DeadlineState::kPending: return "pending";
    case DeadlineState::kMissed: return "missed";
    case DeadlineState::kClosed: return "closed";
  }
  return "unknown";
}

}  // namespace gongkai::projections
