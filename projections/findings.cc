#include "projections/findings.h"

#include <algorithm>
#include <string_view>

#include "ledger/capnp_text.h"
#include "projections/detector.h"

namespace gongkai::projections {

using rules::Date;
using schema::Role;
using PayloadKind = schema::Action::Payload::Which;

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
  Act act{record.seq, action.business_time(), rules::DateOf(action.business_time()), roster_.SignerOf(action),
          rules::DateOf(record.recorded_time)};
  // An approval counts only from a leader of the subject's own agency.
  capnp::Text::Reader agency = payload.isItem()          ? payload.getItem().getAgency()
                               : payload.isApplication() ? payload.getApplication().getAgency()
                                                         : payload.getInquiry().getAgency();
  // After a succession the successor's staff act for the agency.
  std::string_view answering = AnswersFor(TextView(agency), act.date);
  bool by_leader = roster_.HoldsAny(act.signer, {Role::LEADER_IN_CHARGE, Role::PRINCIPAL}, act.time, answering);
  std::string stream(action.stream());
  switch (action.kind()) {
    case PayloadKind::ITEM: {
      ItemState& item = items_[stream];
      auto event = payload.getItem();
      if (event.isArchiveAccepted()) return ApplyArchiveAnswer(item, event.getArchiveAccepted(), act);
      // Only a publication or transfer asks whose staff signed it.
      ActOrigin origin = ActOrigin::kHolder;
      if (event.isPublished() || event.isTransferredToArchive()) {
        if (!roster_.ServesIn(act.signer, answering, act.time)) {
          bool co_producer = std::ranges::any_of(item.co_producers, [&](const std::string& co) {
            return roster_.ServesIn(act.signer, co, act.time);
          });
          origin = co_producer ? ActOrigin::kCoProducer : ActOrigin::kOther;
        }
      }
      return FoldItem(item, event, act, by_leader, origin);
    }
    case PayloadKind::APPLICATION:
      return FoldCase(cases_[stream], payload.getApplication(), act, by_leader);
    default:
      return FoldInquiry(inquiries_[stream], payload.getInquiry(), act, by_leader);
  }
}

Status FindingsEngine::ApplyArchiveAnswer(ItemState& item, schema::ArchiveAccepted::Reader answer, const Act& act) {
  auto transfer = std::ranges::find_if(
      item.transfers, [&](const ItemState::Transfer& t) { return t.act.seq == answer.getTransferSeq(); });
  // Only the receiving archive's archivist answers for it; any other answer,
  // or one to no transfer of this item, changes nothing.
  if (transfer == item.transfers.end() ||
      !roster_.HoldsAny(act.signer, {schema::Role::ARCHIVIST}, act.time, transfer->archive)) {
    return {};
  }
  using Check = schema::RecordCheck;
  bool all_passed = answer.getAuthenticity() == Check::PASSED && answer.getIntegrity() == Check::PASSED &&
                    answer.getUsability() == Check::PASSED && answer.getSecurity() == Check::PASSED;
  if (!(answer.getAccepted() && all_passed)) transfer->returned = act;
  return {};
}

Status FindingsEngine::ApplyOrganisation(schema::OrganisationEvent::Reader event, uint64_t seq) {
  using E = schema::OrganisationEvent;
  AgencyState& agency = agencies_[TextString(event.getAgencyId())];
  switch (event.which()) {
    case E::AGENCY_REGISTERED:
      agency.jurisdiction = TextString(event.getAgencyRegistered().getJurisdiction());
      break;
    case E::AGENCY_SUCCEEDED: {
      auto succeeded = event.getAgencySucceeded();
      auto from = rules::ParseDate(TextView(succeeded.getEffectiveFrom()));
      if (!from) return FailAt(seq, ErrorCode::kMalformed, "agencySucceeded.effectiveFrom is not a date");
      agency.successor = TextString(succeeded.getSuccessor());
      agency.succeeded_from = *from;
      break;
    }
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
    auto published = rules::Calendar::Parse(TextView(event.getCalendarPublished()));
    if (!published) return FailAt(seq, ErrorCode::kMalformed, "calendar: {}", published.error().message);
    calendar_versions_.push_back({calendar().MergedWith(*published), seq});
    return {};
  }
  auto parsed = rules::ParseRuleSet(TextView(event.getRuleSetPublished()));
  if (!parsed) return FailAt(seq, ErrorCode::kMalformed, "rule set: {}", parsed.error().message);
  auto base = published_sets_.find(parsed->base);
  auto resolved = parsed->base.empty()           ? rules::ResolveRuleSet(*parsed, nullptr)
                  : base != published_sets_.end() ? rules::ResolveRuleSet(*parsed, &base->second)
                                                  : library_.Resolve(*parsed);
  if (!resolved) return FailAt(seq, resolved.error().code, "rule set {}: {}", parsed->id, resolved.error().message);
  // A book that outlives its regulation is also read over the next one.
  if (parsed->rebase) {
    auto regulation = published_sets_.find(parsed->rebase->base);
    auto rebased = regulation != published_sets_.end() ? rules::RebaseRuleSet(*parsed, regulation->second)
                                                       : library_.ResolveRebased(*parsed);
    if (!rebased) return FailAt(seq, rebased.error().code, "rule set {}: {}", parsed->id, rebased.error().message);
    published_sets_.insert_or_assign(rebased->id, std::move(*rebased));
  }
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
    // A shipped set whose id the ledger published (with its own text), or
    // one derived from such a book, is the ledger's.
    for (const auto& [id, set] : library_.sets()) {
      if (!published_sets_.contains(id) && !published_sets_.contains(set.rebased_from)) consider(set);
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

std::string_view FindingsEngine::AnswersFor(std::string_view agency, Date date) const {
  std::string_view answering = agency;
  // A chain of successions is short; the bound only stops a cycle.
  for (int hop = 0; hop < 32; ++hop) {
    auto it = agencies_.find(answering);
    if (it == agencies_.end() || it->second.successor.empty() || it->second.succeeded_from > date) break;
    answering = it->second.successor;
  }
  return answering;
}

Team FindingsEngine::TeamOf(std::string_view agency, Date date) const {
  Team team{std::string(agency), {}};
  auto it = agencies_.find(agency);
  if (it == agencies_.end()) return team;
  for (const Leadership& l : it->second.leadership) {
    if (l.from <= date && (!l.to || date < *l.to)) team.members.push_back({l.person, l.position});
  }
  return team;
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
