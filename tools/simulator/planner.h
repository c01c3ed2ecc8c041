// The planner behind PlanYear (internal to tools/simulator/): the steps,
// people, dates and violations every kind of process shares. Each kind of
// process is planned in its own file, beside the detector that must find
// what it injects (projections/detect_*.cc): plan_items.cc (items, with
// their archive transfers), plan_cases.cc, plan_inquiries.cc,
// plan_reports.cc (annual reports).
#pragma once

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/bytes.h"
#include "ledger/hash.h"
#include "tools/simulator/plan.h"

namespace gongkai::sim::planning {

using rules::Date;
using P = schema::Action::Payload;

using namespace timing;

enum class Approval { kNone, kLeader, kLeaderWithObjection, kCollective };
enum class CollectiveFlaw { kNone, kNoQuorum, kNoVotes };

// What a process is about: an item, a case or an inquiry of an agency.
struct Subject {
  enum Kind { kItem, kCase, kInquiry } kind;
  std::string id;
  std::string agency;
  std::string stream() const {
    return fmt::format("{}/{}", kind == kItem ? "item" : kind == kCase ? "case" : "inquiry", id);
  }
};

inline FillPayload ItemFill(const Subject& s, std::function<void(schema::ItemEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initItem();
    e.setItemId(id);
    e.setAgency(agency);
    fill(e);
  };
}
inline FillPayload CaseFill(const Subject& s, std::function<void(schema::CaseEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initApplication();
    e.setCaseId(id);
    e.setAgency(agency);
    fill(e);
  };
}
inline FillPayload InquiryFill(const Subject& s, std::function<void(schema::InquiryEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initInquiry();
    e.setInquiryId(id);
    e.setAgency(agency);
    fill(e);
  };
}

inline void SetDigest(capnp::Data::Builder out, std::string_view material) {
  Digest d = Sha256(AsBytes(material));
  std::copy(d.begin(), d.end(), out.begin());
}
inline std::string Pseudonym(std::string_view material) { return ToHex(Sha256(AsBytes(material))); }

// The decision-record events exist for items and cases alike.
inline FillPayload ObjectionFill(const Subject& s, std::string concerning, std::string addressed_to) {
  auto fill = [concerning, addressed_to](schema::ObjectionRecorded::Builder o) {
    o.setConcerning(concerning);
    o.setStatement("认为该做法不符合规定，建议按规定程序和时限办理");
    o.setProposedCourse("先完成审查审批，并在法定期限内办理");
    o.setAddressedTo(addressed_to);
  };
  if (s.kind == Subject::kCase) return CaseFill(s, [fill](auto e) { fill(e.initObjectionRecorded()); });
  return ItemFill(s, [fill](auto e) { fill(e.initObjectionRecorded()); });
}

struct CollectiveSpec {
  std::string concerning;
  std::string notice_date, meeting_date;
  std::vector<std::string> should_attend, present;
  std::vector<std::pair<std::string, schema::VoteChoice>> votes;
};

inline FillPayload CollectiveFill(const Subject& s, CollectiveSpec spec) {
  auto fill = [spec = std::move(spec)](schema::CollectiveDecision::Builder d) {
    d.setConcerning(spec.concerning);
    d.setNoticeDate(spec.notice_date);
    d.setMeetingDate(spec.meeting_date);
    auto should = d.initShouldAttend(spec.should_attend.size());
    for (unsigned i = 0; i < spec.should_attend.size(); ++i) should.set(i, spec.should_attend[i]);
    auto present = d.initPresent(spec.present.size());
    for (unsigned i = 0; i < spec.present.size(); ++i) present.set(i, spec.present[i]);
    auto votes = d.initVotes(spec.votes.size());
    for (unsigned i = 0; i < spec.votes.size(); ++i) {
      votes[i].setPersonId(spec.votes[i].first);
      votes[i].setChoice(spec.votes[i].second);
    }
    d.setMethod(schema::VotingMethod::SHOW_OF_HANDS);
    d.setResult(schema::CollectiveResult::ADOPTED);
    SetDigest(d.initMinutesDigest(32), spec.concerning + spec.meeting_date);
  };
  if (s.kind == Subject::kCase) return CaseFill(s, [fill](auto e) { fill(e.initCollectiveDecision()); });
  return ItemFill(s, [fill](auto e) { fill(e.initCollectiveDecision()); });
}

class Planner {
 public:
  Planner(const County& county, const rules::Calendar& calendar, const PlanOptions& options, Random& random)
      : county_(county), calendar_(calendar), options_(options), random_(random),
        year_start_(rules::FromCivil(options.year, 1, 1)), year_end_(rules::FromCivil(options.year, 12, 31)) {}

  Result<Plan> Run() {
    // Applications received in December of the year before; those still
    // open on 31 December are the report's 上年结转.
    Date december = rules::FromCivil(options_.year - 1, 12, 1);
    for (size_t a = 0; a < county_.agencies.size(); ++a) {
      if (!county_.agencies[a].assessed) continue;
      size_t carried = std::max<size_t>(1, options_.cases_per_agency / 12);
      for (size_t n = 0; n < carried; ++n) {
        PlanCase(a, n, december, rules::FromCivil(options_.year - 1, 12, 31), true);
      }
    }
    for (size_t a = 0; a < county_.agencies.size(); ++a) {
      if (!county_.agencies[a].assessed) continue;
      PlanAnnualReport(a);
      for (size_t n = 0; n < options_.items_per_agency; ++n) PlanItem(a, n);
      for (size_t n = 0; n < options_.cases_per_agency; ++n) {
        PlanCase(a, n, year_start_, rules::FromCivil(options_.year, 12, 28), false);
      }
      for (size_t n = 0; n < options_.inquiries_per_agency; ++n) PlanInquiry(a, n);
    }
    if (error_) return std::unexpected(*error_);
    return std::move(plan_);
  }

 private:
  // ---- dates and times ----
  Date Wd(Date from, int n) {
    auto d = calendar_.AddWorkingDays(from, n);
    if (!d) {
      if (!error_) error_ = d.error();
      return from;
    }
    return *d;
  }
  Date OnOrAfter(Date d) {
    auto working = calendar_.IsWorkingDay(d);
    if (!working) {
      if (!error_) error_ = working.error();
      return d;
    }
    return *working ? d : Wd(d, 1);
  }
  // The last working day on or before `d`.
  Date OnOrBefore(Date d) {
    for (;;) {
      auto working = calendar_.IsWorkingDay(d);
      if (!working) {
        if (!error_) error_ = working.error();
        return d;
      }
      if (*working) return d;
      d.days -= 1;
    }
  }
  // A working day in [first, last] (a range holding one).
  Date RandomWorkday(Date first, Date last) {
    Date d = OnOrAfter(Date{static_cast<int32_t>(random_.Between(first.days, last.days))});
    return d > last ? OnOrBefore(last) : d;
  }
  static Date PlusDays(Date d, int n) { return Date{d.days + n}; }

  // The business time of a process's next step on day `d`: office hours
  // from 09:00, in ten-minute slots taken in planning order, so steps of a
  // process on the same day keep the order they were planned in, and steps
  // on different days the order of their days.
  UnixMicros Stamp(Date d) {
    constexpr UnixMicros kMinute = 60'000'000;
    UnixMicros slot = static_cast<UnixMicros>(slot_++);
    return rules::StartOfDay(d) + (9 * 60 + 10 * slot + static_cast<UnixMicros>(random_.Below(10))) * kMinute;
  }

  // Adds a step on day `d`, or nothing (kNoStep) when `d` is after the
  // simulated year: the process is still open when the year ends.
  static constexpr uint32_t kNoStep = UINT32_MAX;
  uint32_t Add(Date d, size_t actor, FillPayload fill) {
    if (d > year_end_) return kNoStep;
    uint32_t id = static_cast<uint32_t>(plan_.steps.size());
    plan_.steps.push_back(Step{Stamp(d), id, actor, "", std::move(fill)});
    return id;
  }
  // Adds a step dated `business_day` but recorded on the later day
  // `recorded_day` (a register entered after the fact), or nothing when
  // that is after the simulated year.
  uint32_t AddBackFilled(Date business_day, Date recorded_day, size_t actor, FillPayload fill) {
    uint32_t id = Add(recorded_day, actor, std::move(fill));
    if (id != kNoStep) plan_.steps[id].business_time = Stamp(business_day);
    return id;
  }
  void BeginProcess() { slot_ = 0; }

  const Person& person(size_t i) const { return county_.persons[i]; }
  const Agency& agency(size_t i) const { return county_.agencies[i]; }

  // ---- violations and responsibility ----
  std::string_view PickViolation(std::span<const std::string_view> kinds) {
    if (!random_.Chance(options_.violation_rate)) return {};
    std::string_view kind = kinds[random_.Below(kinds.size())];
    return options_.finding_applies(kind) ? kind : std::string_view{};
  }
  Approval PickApproval() {
    static constexpr std::array<uint32_t, 3> kWeights = {50, 25, 25};
    return static_cast<Approval>(1 + random_.Weighted(kWeights));
  }
  void Inject(std::string_view kind, const Subject& s, size_t agency_index, Date date,
              std::vector<uint32_t> evidence, Approval approval, size_t handler, size_t leader,
              const std::vector<size_t>& present = {}, size_t dissenter = SIZE_MAX) {
    // Evidence is never dropped: only a decision that does not exist (the
    // act was approved by no one) may be missing.
    if (approval == Approval::kNone) {
      std::erase(evidence, kNoStep);
    } else if (std::ranges::find(evidence, kNoStep) != evidence.end() && !error_) {
      error_ = Error{ErrorCode::kInternal, fmt::format("simulator bug: {} on {} lacks evidence", kind, s.stream()),
                     std::nullopt};
    }
    Violation v{std::string(kind), agency_index, s.stream(), date, std::move(evidence), "none", {}};
    // RULES.md §5: the simulated county's rule set is based on 004, so 004 §64
    // (graded) attributes every finding (docs/FINDINGS.md §2).
    switch (approval) {
      case Approval::kNone:
        v.responsible = {{handler, "primary", "004 §64(一)"}};
        break;
      case Approval::kLeader:
        v.approval = "leader";
        v.responsible = {{leader, "primary", "004 §64(二)"}, {handler, "primary", "004 §64(二)"}};
        break;
      case Approval::kLeaderWithObjection:
        v.approval = "leader";
        v.responsible = {{leader, "primary", "004 §64(二)"}, {handler, "reduced", "004 §64(二)"}};
        break;
      case Approval::kCollective: {
        v.approval = "collective";
        size_t principal = agency(agency_index).principal;
        v.responsible = {{principal, "primary", "004 §64(三)"}, {handler, "primary", "004 §64(三)"}};
        for (size_t member : present) {
          if (member == principal || member == handler) continue;
          v.responsible.push_back({member, member == dissenter ? "reduced" : "secondary", "004 §64(三)"});
        }
        break;
      }
    }
    plan_.violations.push_back(std::move(v));
  }

  // The decision on `day` that approves an act of `handler`: a leader's
  // sign-off made by `sign_off` (kLeader, kLeaderWithObjection: the handler
  // objects first, to that leader) or a collective decision of the
  // leadership team noticed kCollectiveNotice WD before (kCollective: one
  // leader dissents: objects before the meeting and votes no). Returns the
  // decision step and, for a collective decision, who was present.
  struct Decision {
    uint32_t step = kNoStep;
    Date day{0};
    std::vector<size_t> present;
    size_t dissenter = SIZE_MAX;
  };
  Decision Decide(const Subject& s, size_t agency_index, Approval approval, Date earliest, size_t handler,
                  size_t leader, std::string concerning,
                  const std::function<FillPayload()>& sign_off, CollectiveFlaw flaw = CollectiveFlaw::kNone) {
    Decision decision;
    if (approval == Approval::kCollective) {
      const Agency& a = agency(agency_index);
      std::vector<size_t> team = a.Team();
      Date notice = earliest;
      decision.day = Wd(notice, kCollectiveNotice);
      decision.present = flaw == CollectiveFlaw::kNoQuorum ? std::vector<size_t>{team[0], team[1]} : team;
      bool dissent = flaw == CollectiveFlaw::kNone;
      if (dissent) {
        decision.dissenter = team.back();
        Add(notice, decision.dissenter, ObjectionFill(s, concerning, person(a.principal).id));
      }
      CollectiveSpec spec{concerning, rules::FormatDate(notice), rules::FormatDate(decision.day), {}, {}, {}};
      for (size_t m : team) spec.should_attend.push_back(person(m).id);
      for (size_t m : decision.present) spec.present.push_back(person(m).id);
      if (flaw != CollectiveFlaw::kNoVotes) {
        for (size_t m : decision.present) {
          spec.votes.emplace_back(person(m).id,
                                  m == decision.dissenter ? schema::VoteChoice::NO : schema::VoteChoice::YES);
        }
      }
      decision.step = Add(decision.day, a.principal, CollectiveFill(s, std::move(spec)));
      return decision;
    }
    decision.day = earliest;
    if (approval == Approval::kLeaderWithObjection) {
      Add(earliest, handler, ObjectionFill(s, concerning, person(leader).id));
    }
    if (approval != Approval::kNone) decision.step = Add(earliest, leader, sign_off());
    return decision;
  }

  void PlanItem(size_t agency_index, size_t n);
  void PlanCase(size_t agency_index, size_t n, Date first_receipt, Date last_receipt, bool carried_in);
  void PlanInquiry(size_t agency_index, size_t n);
  void PlanAnnualReport(size_t agency_index);

  const County& county_;
  const rules::Calendar& calendar_;
  const PlanOptions& options_;
  Random& random_;
  Date year_start_, year_end_;
  int slot_ = 0;  // the next time slot of the process being planned
  Plan plan_;
  std::optional<Error> error_;
};

}  // namespace gongkai::sim::planning
