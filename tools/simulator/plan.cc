#include "tools/simulator/plan.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "ledger/bytes.h"
#include "ledger/hash.h"

namespace gongkai::sim {
namespace {

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

FillPayload ItemFill(const Subject& s, std::function<void(schema::ItemEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initItem();
    e.setItemId(id);
    e.setAgency(agency);
    fill(e);
  };
}
FillPayload CaseFill(const Subject& s, std::function<void(schema::CaseEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initApplication();
    e.setCaseId(id);
    e.setAgency(agency);
    fill(e);
  };
}
FillPayload InquiryFill(const Subject& s, std::function<void(schema::InquiryEvent::Builder)> fill) {
  return [id = s.id, agency = s.agency, fill = std::move(fill)](P::Builder p) {
    auto e = p.initInquiry();
    e.setInquiryId(id);
    e.setAgency(agency);
    fill(e);
  };
}

void SetDigest(capnp::Data::Builder out, std::string_view material) {
  Digest d = Sha256(AsBytes(material));
  std::copy(d.begin(), d.end(), out.begin());
}
std::string Pseudonym(std::string_view material) { return ToHex(Sha256(AsBytes(material))); }

// The decision-record events exist for items and cases alike.
FillPayload ObjectionFill(const Subject& s, std::string concerning, std::string addressed_to) {
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

FillPayload CollectiveFill(const Subject& s, CollectiveSpec spec) {
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

// Item categories and their share of a county department's output.
struct CategoryWeight {
  schema::InfoCategory category;
  uint32_t weight;
};
constexpr std::array<CategoryWeight, 13> kCategories = {{
    {schema::InfoCategory::WORK_NEWS, 340},
    {schema::InfoCategory::ADMINISTRATIVE_LICENSING, 200},
    {schema::InfoCategory::ADMINISTRATIVE_PENALTY, 120},
    {schema::InfoCategory::NORMATIVE_DOCUMENT, 60},
    {schema::InfoCategory::STATISTICS, 50},
    {schema::InfoCategory::PROCUREMENT, 50},
    {schema::InfoCategory::PLANNING, 40},
    {schema::InfoCategory::PERSONNEL, 40},
    {schema::InfoCategory::ADMINISTRATIVE_COERCION, 20},
    {schema::InfoCategory::ADMINISTRATIVE_FEE, 20},
    {schema::InfoCategory::BUDGET_FINAL, 20},
    {schema::InfoCategory::ORGANISATION_FUNCTIONS, 10},
    {schema::InfoCategory::OTHER, 30},
}};

// Reply outcomes in proportions like county annual reports (per mille).
struct OutcomeWeight {
  schema::ReplyOutcome outcome;
  uint32_t weight;
};
constexpr std::array<OutcomeWeight, 17> kOutcomes = {{
    {schema::ReplyOutcome::DISCLOSED, 520},
    {schema::ReplyOutcome::PARTIALLY_DISCLOSED, 100},
    {schema::ReplyOutcome::WITHHELD_STATE_SECRET, 5},
    {schema::ReplyOutcome::WITHHELD_PROHIBITED_BY_LAW, 5},
    {schema::ReplyOutcome::WITHHELD_SECURITY_STABILITY, 5},
    {schema::ReplyOutcome::WITHHELD_THIRD_PARTY_RIGHTS, 20},
    {schema::ReplyOutcome::WITHHELD_INTERNAL_AFFAIRS, 15},
    {schema::ReplyOutcome::WITHHELD_PROCESS_INFORMATION, 25},
    {schema::ReplyOutcome::WITHHELD_ENFORCEMENT_FILE, 10},
    {schema::ReplyOutcome::UNAVAILABLE_NOT_HELD, 150},
    {schema::ReplyOutcome::UNAVAILABLE_NEEDS_CREATION, 30},
    {schema::ReplyOutcome::NOT_PROCESSED_PETITION, 30},
    {schema::ReplyOutcome::NOT_PROCESSED_REPEATED, 25},
    {schema::ReplyOutcome::NOT_PROCESSED_PUBLICATION, 10},
    {schema::ReplyOutcome::NOT_PROCESSED_EXCESSIVE, 5},
    {schema::ReplyOutcome::NOT_PROCESSED_CONFIRMATION, 10},
    {schema::ReplyOutcome::OTHER_MISC, 35},
}};

constexpr std::array<uint32_t, 6> kApplicantWeights = {700, 180, 20, 20, 40, 40};
constexpr std::array<uint32_t, 6> kReceiptChannelWeights = {150, 100, 50, 600, 20, 80};

// The finding kinds the simulator injects, per kind of process.
constexpr std::array<std::string_view, 11> kItemViolations = {
    "late-publication", "published-without-review", "published-without-confidentiality-review",
    "published-exempt-information", "approval-after-publication", "late-archive-transfer",
    "missing-archive-transfer", "missing-interpretation", "late-interpretation",
    "collective-decision-without-quorum", "collective-decision-without-votes"};
constexpr std::string_view kLateOpinion = "late-confidentiality-review";
constexpr std::array<std::string_view, 7> kCaseViolations = {
    "late-reply", "late-correction-notice", "withheld-information", "reply-corrected-on-review",
    "nonstandard-reply", "unlawful-fee", "verified-complaint"};
constexpr std::array<std::string_view, 2> kInquiryViolations = {"late-inquiry-answer", "inquiry-not-signed-off"};
constexpr std::array<std::string_view, 2> kReportViolations = {"late-annual-report", "missing-annual-report"};

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
    // RULES.md §5 (004 §64; 003 责任追究制度 §6).
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

void Planner::PlanItem(size_t agency_index, size_t n) {
  ++plan_.counts.items;
  const Agency& a = agency(agency_index);
  Subject s{Subject::kItem, fmt::format("{}-{}-i{:05}", a.id, options_.year, n + 1), a.id};
  BeginProcess();
  size_t section = random_.Below(a.sections.size());
  size_t handler = a.handlers[section * 2 + random_.Below(2)];
  size_t head = a.section_heads[section];
  size_t leader = a.leaders[random_.Below(a.leaders.size())];
  std::array<uint32_t, kCategories.size()> weights;
  for (size_t i = 0; i < kCategories.size(); ++i) weights[i] = kCategories[i].weight;
  schema::InfoCategory category = kCategories[random_.Weighted(weights)].category;

  std::string_view violation = PickViolation(kItemViolations);
  if (violation.empty() && random_.Chance(options_.violation_rate / 8) && options_.finding_applies(kLateOpinion)) {
    violation = kLateOpinion;
  }
  bool interpretation_violation = violation == "missing-interpretation" || violation == "late-interpretation";
  if (interpretation_violation) category = schema::InfoCategory::NORMATIVE_DOCUMENT;
  // Transfer violations go to items transferred electronically only, so each
  // is one missed deadline.
  bool transfer_violation = violation == "late-archive-transfer" || violation == "missing-archive-transfer";
  if (transfer_violation) category = schema::InfoCategory::WORK_NEWS;
  bool policy = category == schema::InfoCategory::NORMATIVE_DOCUMENT;
  bool major = category == schema::InfoCategory::PLANNING && random_.Chance(0.3);
  // A few items are decided at the source not to be disclosed proactively.
  bool withheld = violation.empty() && random_.Chance(0.04);
  bool paper = policy || category == schema::InfoCategory::PLANNING || category == schema::InfoCategory::BUDGET_FINAL;
  bool consult = violation.empty() && random_.Chance(0.02) && county_.AssessedCount() > 1;

  Approval approval = Approval::kLeader;
  CollectiveFlaw flaw = CollectiveFlaw::kNone;
  if (violation == "collective-decision-without-quorum") {
    approval = Approval::kCollective, flaw = CollectiveFlaw::kNoQuorum;
  } else if (violation == "collective-decision-without-votes") {
    approval = Approval::kCollective, flaw = CollectiveFlaw::kNoVotes;
  } else if (violation == "published-without-review" || violation == "approval-after-publication") {
    approval = Approval::kNone;
  } else if (!violation.empty() && !transfer_violation && violation != kLateOpinion &&
             violation != "late-publication" && violation != "late-interpretation") {
    approval = PickApproval();
  }
  // Who answers for the act: what approved it, except for acts no one
  // approved — a late publication, interpretation, transfer or review is
  // the handler's (clerk's, reviewer's) own, whatever approved the item.
  Approval attribution = transfer_violation || violation == kLateOpinion || violation == "late-publication" ||
                                 violation == "late-interpretation"
                             ? Approval::kNone
                             : approval;

  // Late violations need room before the year ends.
  Date last_draft = violation.empty() ? rules::FromCivil(options_.year, 11, 20) : rules::FromCivil(options_.year, 9, 15);
  Date d = RandomWorkday(rules::FromCivil(options_.year, 1, 4), last_draft);
  schema::DisclosureAttribute attribute =
      withheld ? schema::DisclosureAttribute::EXEMPT : schema::DisclosureAttribute::PROACTIVE;
  std::string title = fmt::format("{}关于{}的{}", a.name, n % 2 ? "做好相关工作" : "进一步加强管理",
                                  policy ? "通知" : "公告");
  uint32_t decisions = (category == schema::InfoCategory::ADMINISTRATIVE_LICENSING ||
                        category == schema::InfoCategory::ADMINISTRATIVE_PENALTY ||
                        category == schema::InfoCategory::ADMINISTRATIVE_COERCION)
                           ? static_cast<uint32_t>(random_.Between(1, 12)) : 0;
  uint64_t fee = category == schema::InfoCategory::ADMINISTRATIVE_FEE ? random_.Between(1'000, 5'000'000) : 0;
  std::string section_id = a.sections[section];
  std::string digest_seed = s.id;
  uint32_t drafted = Add(d, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
    auto x = e.initDrafted();
    x.setTitle(title);
    x.setCategory(category);
    SetDigest(x.initContentDigest(32), digest_seed + "/v1");
    x.setSection(section_id);
    x.setProposedAttribute(attribute);
    if (withheld) {
      x.setLegalBasis("《中华人民共和国政府信息公开条例》第十六条");
      x.setReason("属于内部事务信息");
    }
    x.setIsPolicyDocument(policy);
    x.setIsMajorDecision(major);
    x.setDecisionCount(decisions);
    x.setFeeAmountFen(fee);
  }));

  d = Wd(d, static_cast<int>(random_.Between(1, 2)));
  Add(d, head, ItemFill(s, [=](schema::ItemEvent::Builder e) {
    auto x = e.initSectionReviewed();
    x.setDecision(schema::ReviewDecision::APPROVE);
    x.setProposedAttribute(attribute);
  }));
  if (consult) {
    size_t other = (agency_index + 1 + random_.Below(county_.AssessedCount() - 1)) % county_.AssessedCount();
    std::string other_id = agency(other).id;
    Add(d, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initConsultationRequested();
      x.setConsultedAgency(other_id);
      x.setSubject("涉及贵单位职责的内容");
    }));
    d = Wd(d, static_cast<int>(random_.Between(1, kMaxNormalConsultationAnswer)));
    Add(d, agency(other).office, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initConsultationAnswered();
      x.setConsultedAgency(other_id);
      x.setAnswer(schema::ConsultationAnswer::AGREE);
    }));
  }
  // Confidentiality review before anything goes public (先审查后公开).
  uint32_t opinion = kNoStep, review_request = kNoStep;
  if (violation != "published-without-confidentiality-review") {
    review_request = Add(d, handler, ItemFill(s, [reviewer = person(a.reviewer).id](schema::ItemEvent::Builder e) {
      e.initConfidentialityReviewRequested().setRequestedOf(reviewer);
    }));
    d = violation == kLateOpinion ? Wd(d, static_cast<int>(random_.Between(kLateOpinionMin, kLateOpinionMax)))
                                  : Wd(d, static_cast<int>(random_.Between(1, kMaxNormalOpinion)));
    bool exempt = withheld || violation == "published-exempt-information";
    opinion = Add(d, a.reviewer, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initConfidentialityOpinion();
      x.setStage(schema::ReviewStage::CONFIDENTIALITY_REVIEWER);
      x.setOpinion(exempt ? schema::ReviewOpinion::EXEMPT : schema::ReviewOpinion::DISCLOSE);
      if (exempt) {
        x.setBasis("《中华人民共和国政府信息公开条例》第十六条");
        x.setReason("属于内部事务信息");
      }
    }));
    if (violation == kLateOpinion) {
      Inject(violation, s, agency_index, d, {review_request, opinion}, Approval::kNone, a.reviewer, leader);
    }
  }
  if (major) {
    // A major decision's draft is pre-disclosed for comment (004 §21, §25).
    Date opened = Wd(d, 1);
    Date until = PlusDays(opened, kPreDisclosureDays);
    std::string until_text = rules::FormatDate(until), locator = "https://www.example.gov.cn/zqyj/" + s.id;
    Add(opened, a.office, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initPreDisclosureOpened();
      x.setChannel(schema::Channel::PORTAL);
      x.setLocator(locator);
      x.setCommentsUntil(until_text);
    }));
    d = OnOrAfter(PlusDays(until, 1));
    uint32_t comments = static_cast<uint32_t>(random_.Between(0, 40));
    Add(d, a.office, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      e.initPreDisclosureClosed().setCommentsReceived(comments);
    }));
  }
  // A major decision's final text, revised after the comments, is reviewed
  // again (the publication deadline after clearance, 004 §6, runs from this
  // review), unless the injected violation is about that review.
  if (major && violation != "published-without-confidentiality-review" &&
      violation != "published-exempt-information") {
    Add(d, handler, ItemFill(s, [reviewer = person(a.reviewer).id](schema::ItemEvent::Builder e) {
      e.initConfidentialityReviewRequested().setRequestedOf(reviewer);
    }));
    d = Wd(d, static_cast<int>(random_.Between(1, kMaxNormalOpinion)));
    Add(d, a.reviewer, ItemFill(s, [](schema::ItemEvent::Builder e) {
      auto x = e.initConfidentialityOpinion();
      x.setStage(schema::ReviewStage::CONFIDENTIALITY_REVIEWER);
      x.setOpinion(schema::ReviewOpinion::DISCLOSE);
    }));
  }
  auto sign_off = [&]() {
    return ItemFill(s, [attribute](schema::ItemEvent::Builder e) {
      auto x = e.initSignedOff();
      x.setDecision(schema::ReviewDecision::APPROVE);
      x.setAttribute(attribute);
    });
  };
  // Approval, which forms the item: a leader's sign-off or an adopted
  // collective decision (docs/EVENTS.md, item.signedOff).
  bool approve_after = violation == "approval-after-publication";
  Decision decision;
  if (!approve_after) {
    decision = Decide(s, agency_index, approval, Wd(d, static_cast<int>(random_.Between(0, 1))), handler, leader,
                      "publication", sign_off, flaw);
  } else {
    decision.day = Wd(d, 1);
  }
  Date formed = decision.day;
  if (flaw != CollectiveFlaw::kNone) {
    Inject(violation, s, agency_index, formed, {decision.step}, approval, handler, leader, decision.present,
           decision.dissenter);
  }
  if (withheld) return;

  // Publication on the portal; a policy document's interpretation the same day.
  Date published_day = violation == "late-publication"
                           ? Wd(formed, static_cast<int>(random_.Between(kLatePublishMin, kLatePublishMax)))
                           : Wd(formed, static_cast<int>(random_.Between(0, kMaxNormalPublish)));
  // Transfer dates: electronic within 20 WD of formation (for a late
  // publication that is before it goes public), paper on the first working
  // day from the 3rd of the next month (never after the 10th).
  Date electronic = violation == "late-archive-transfer"
                        ? Wd(formed, static_cast<int>(random_.Between(kLateTransferMin, kLateTransferMax)))
                    : violation == "late-publication"
                        ? Wd(formed, static_cast<int>(random_.Between(5, 15)))
                        : Wd(published_day, static_cast<int>(random_.Between(1, kMaxNormalTransfer)));
  int month = rules::Month(formed), year = rules::Year(formed);
  Date paper_day = OnOrAfter(month == 12 ? rules::FromCivil(year + 1, 1, 3) : rules::FromCivil(year, month + 1, 3));
  std::string archive = agency(county_.archive_agency).id;
  auto transfer = [&](Date day, schema::TransferForm form, bool invalidity) {
    return Add(day, a.clerk, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initTransferredToArchive();
      x.setForm(form);
      x.setArchive(archive);
      SetDigest(x.initTransferListDigest(32),
                fmt::format("{}/{}/{}", digest_seed, static_cast<int>(form), invalidity));
      x.setInvalidityNotice(invalidity);
    }));
  };
  // Steps go in in date order: transfers due before the publication first.
  bool electronic_first = violation == "late-publication";
  bool paper_first = paper && paper_day < published_day;
  uint32_t transferred = kNoStep;
  if (electronic_first && paper_first && paper_day < electronic) {
    transfer(paper_day, schema::TransferForm::PAPER, false);
    paper_first = false, paper = false;
  }
  if (electronic_first) transferred = transfer(electronic, schema::TransferForm::ELECTRONIC, false);
  if (paper_first) {
    transfer(paper_day, schema::TransferForm::PAPER, false);
    paper = false;
  }
  std::string locator = fmt::format("https://www.example.gov.cn/{}/{}", a.id, s.id);
  uint32_t published = Add(published_day, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
    auto x = e.initPublished();
    x.setChannel(schema::Channel::PORTAL);
    x.setLocator(locator);
    SetDigest(x.initContentDigest(32), digest_seed + "/v1");
  }));
  uint32_t interpretation = kNoStep;
  if (policy && violation != "missing-interpretation" && violation != "late-interpretation") {
    interpretation = Add(published_day, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initInterpretationPublished();
      x.setChannel(schema::Channel::PORTAL);
      x.setLocator(locator + "/jd");
      SetDigest(x.initContentDigest(32), digest_seed + "/interpretation");
    }));
  }
  if (approve_after) {
    // Published before any approval: also published without review.
    Date later = Wd(published_day, static_cast<int>(random_.Between(1, 3)));
    uint32_t approved = Add(later, leader, sign_off());
    Inject("published-without-review", s, agency_index, published_day, {drafted, published}, Approval::kNone,
           handler, leader);
    Inject(violation, s, agency_index, published_day, {published, approved}, Approval::kNone, handler, leader);
  } else if (violation == "published-without-review") {
    Inject(violation, s, agency_index, published_day, {drafted, published}, Approval::kNone, handler, leader);
  } else if (violation == "published-without-confidentiality-review") {
    Inject(violation, s, agency_index, published_day, {decision.step, published}, attribution, handler, leader,
           decision.present, decision.dissenter);
  } else if (violation == "published-exempt-information") {
    Inject(violation, s, agency_index, published_day, {opinion, decision.step, published}, attribution, handler,
           leader, decision.present, decision.dissenter);
  } else if (violation == "late-publication") {
    Inject(violation, s, agency_index, published_day, {decision.step, published}, attribution, handler, leader);
  } else if (violation == "missing-interpretation") {
    Inject(violation, s, agency_index, published_day, {published}, attribution, handler, leader, decision.present,
           decision.dissenter);
  } else if (violation == "late-interpretation") {
    Date day = OnOrAfter(PlusDays(published_day, static_cast<int>(random_.Between(kLateInterpretationMin,
                                                                                  kLateInterpretationMax))));
    interpretation = Add(day, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initInterpretationPublished();
      x.setChannel(schema::Channel::PORTAL);
      x.setLocator(locator + "/jd");
      SetDigest(x.initContentDigest(32), digest_seed + "/interpretation");
    }));
    Inject(violation, s, agency_index, day, {published, interpretation}, attribution, handler, leader);
  }

  uint32_t formation_step = approve_after ? published : decision.step;
  if (violation == "missing-archive-transfer") {
    // The deadline passes the day after the 20th working day.
    Inject(violation, s, agency_index, PlusDays(Wd(formed, 20), 1), {formation_step}, Approval::kNone, a.clerk,
           leader);
    return;
  }
  if (!electronic_first) {
    if (paper && paper_day < electronic) {
      transfer(paper_day, schema::TransferForm::PAPER, false);
      paper = false;
    }
    transferred = transfer(electronic, schema::TransferForm::ELECTRONIC, false);
  }
  if (paper) transfer(paper_day, schema::TransferForm::PAPER, false);
  if (violation == "late-archive-transfer") {
    Inject(violation, s, agency_index, electronic, {formation_step, transferred}, Approval::kNone, a.clerk, leader);
  }
  // Some policy documents are revoked later in the year, with a notice of
  // invalidity sent to the archive.
  if (policy && violation.empty() && random_.Chance(0.05)) {
    Date revoked_day = std::max({Wd(published_day, static_cast<int>(random_.Between(20, 60))), electronic, paper_day});
    Add(revoked_day, handler, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initRevoked();
      x.setReason("上位法修订，本文件废止");
      SetDigest(x.initInvalidityNoticeDigest(32), digest_seed + "/invalidity");
    }));
    transfer(Wd(revoked_day, static_cast<int>(random_.Between(1, 5))), schema::TransferForm::ELECTRONIC, true);
  }
}

void Planner::PlanCase(size_t agency_index, size_t n, Date first_receipt, Date last_receipt, bool carried_in) {
  ++plan_.counts.cases;
  const Agency& a = agency(agency_index);
  int year = carried_in ? options_.year - 1 : options_.year;
  Subject s{Subject::kCase, fmt::format("{}-{}-c{:04}", a.id, year, n + 1), a.id};
  BeginProcess();
  size_t section = random_.Below(a.sections.size());
  size_t handler = a.handlers[section * 2 + random_.Below(2)];
  size_t head = a.section_heads[section];
  size_t leader = a.leaders[random_.Below(a.leaders.size())];

  std::string_view violation = carried_in ? std::string_view{} : PickViolation(kCaseViolations);
  Approval approval = violation.empty() ? Approval::kLeader
                      : violation == "late-correction-notice" ? Approval::kNone
                      : violation == "late-reply" ? static_cast<Approval>(random_.Below(4))
                                                  : PickApproval();
  if (!violation.empty()) last_receipt = rules::FromCivil(options_.year, 8, 31);
  Date receipt = RandomWorkday(first_receipt, last_receipt);
  std::array<uint32_t, kOutcomes.size()> outcome_weights;
  for (size_t i = 0; i < kOutcomes.size(); ++i) outcome_weights[i] = kOutcomes[i].weight;
  schema::ReplyOutcome outcome = kOutcomes[random_.Weighted(outcome_weights)].outcome;
  if (violation == "withheld-information") outcome = schema::ReplyOutcome::WITHHELD_PROCESS_INFORMATION;
  if (violation == "reply-corrected-on-review") outcome = schema::ReplyOutcome::PARTIALLY_DISCLOSED;
  auto category = static_cast<schema::ApplicantCategory>(random_.Weighted(kApplicantWeights));
  auto channel = static_cast<schema::ReceiptChannel>(random_.Weighted(kReceiptChannelWeights));
  bool fee = violation.empty() && random_.Chance(0.005);
  uint32_t item_count = fee ? static_cast<uint32_t>(random_.Between(11, 30)) : static_cast<uint32_t>(random_.Between(1, 3));
  std::string applicant = Pseudonym(fmt::format("{}/applicant/{}", options_.seed, random_.Below(5000)));
  std::string receipt_text = rules::FormatDate(receipt), digest_seed = s.id;

  uint32_t received = Add(receipt, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
    auto x = e.initReceived();
    x.setChannel(channel);
    x.setReceiptDate(receipt_text);
    x.setApplicant(applicant);
    x.setApplicantCategory(category);
    SetDigest(x.initRequestDigest(32), digest_seed + "/request");
    x.setItemCount(item_count);
    x.setConfirmedBySignature(channel == schema::ReceiptChannel::ORAL);
  }));
  Add(receipt, handler, CaseFill(s, [register_number = s.id](schema::CaseEvent::Builder e) {
    e.initRegistered().setRegisterNumber(register_number);
  }));

  // The reply clock starts at receipt, or again at a corrected application
  // (2019 §30). Corrected cases are replied within 15 WD of the first
  // receipt too, so rule sets without the restart find nothing either.
  Date start = receipt;
  int paused = 0;
  bool lapsed = false, corrected_case = false;
  if (violation == "late-correction-notice" || (violation.empty() && random_.Chance(0.04))) {
    corrected_case = true;
    Date notice_day = violation.empty()
                          ? Wd(receipt, static_cast<int>(random_.Between(1, kMaxNormalCorrectionNotice)))
                          : Wd(receipt, static_cast<int>(random_.Between(kLateCorrectionMin, kLateCorrectionMax)));
    uint32_t notice = Add(notice_day, handler, CaseFill(s, [](schema::CaseEvent::Builder e) {
      auto x = e.initCorrectionRequested();
      x.initItems(1).set(0, "请明确所需政府信息的名称、文号或者便于查询的其他特征性描述");
      x.setPeriodWorkingDays(5);
    }));
    if (!violation.empty()) {
      Inject(violation, s, agency_index, notice_day, {received, notice}, Approval::kNone, handler, leader);
    }
    lapsed = violation.empty() && random_.Chance(0.2);
    if (lapsed) {
      Date lapse_day = Wd(notice_day, 6);
      Add(lapse_day, handler, CaseFill(s, [](schema::CaseEvent::Builder e) {
        e.initCorrectionLapsed().setNote("申请人逾期未补正");
      }));
      start = lapse_day;
      outcome = schema::ReplyOutcome::OTHER_NO_CORRECTION;
    } else {
      start = Wd(notice_day, violation.empty() ? static_cast<int>(random_.Between(2, 3)) : 1);
      std::string corrected = rules::FormatDate(start);
      Add(start, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
        auto x = e.initCorrectionReceived();
        x.setReceiptDate(corrected);
        SetDigest(x.initRequestDigest(32), digest_seed + "/corrected");
      }));
    }
  }
  Date cursor_day = start;
  if (!corrected_case && violation.empty() && random_.Chance(0.04)) {
    // Third-party consultation: its time does not count (2019 §32, §33).
    std::string third = Pseudonym(fmt::format("{}/third-party/{}", options_.seed, s.id));
    Date asked = Wd(cursor_day, static_cast<int>(random_.Between(1, 3)));
    Add(asked, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initThirdPartyConsulted();
      x.setThirdParty(third);
      x.setSubject("拟公开信息可能涉及商业秘密");
    }));
    Date answered = Wd(asked, static_cast<int>(random_.Between(3, 10)));
    paused += calendar_.WorkingDaysBetween(asked, answered).value_or(0);
    bool objects = random_.Chance(0.3);
    Add(answered, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initThirdPartyAnswered();
      x.setThirdParty(third);
      x.setAnswer(objects ? schema::ThirdPartyAnswer::OBJECTION : schema::ThirdPartyAnswer::CONSENT);
      if (objects) x.setReason("涉及商业秘密");
    }));
    if (objects) outcome = schema::ReplyOutcome::WITHHELD_THIRD_PARTY_RIGHTS;
    cursor_day = answered;
  }
  if (!corrected_case && violation.empty() && random_.Chance(0.03)) {
    // An extension approved by the head of the disclosure office.
    Date day = std::max(cursor_day, Wd(start, 8));
    Add(day, a.office, CaseFill(s, [](schema::CaseEvent::Builder e) {
      auto x = e.initExtensionApproved();
      x.setWorkingDays(10);
      x.setApplicantNotified(true);
      x.setReason("申请内容复杂，需要较长时间检索");
    }));
    cursor_day = day;
  }
  // 国办函〔2020〕109号 fees (from 2021): 11–30 pieces a month, 100 yuan each beyond 10.
  uint64_t fee_fen = 0;
  if (fee && options_.year >= 2021) {
    fee_fen = static_cast<uint64_t>(item_count - 10) * 100 * 100;
    Date noticed = std::max(cursor_day, Wd(start, 1));
    Add(noticed, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initFeeNotice();
      x.setBasis(schema::FeeBasis::BY_PIECE);
      x.setQuantity(item_count);
      x.setAmountFen(fee_fen);
    }));
    cursor_day = Wd(noticed, static_cast<int>(random_.Between(1, 3)));
    Add(cursor_day, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) { e.initFeePaid().setAmountFen(fee_fen); }));
  }
  if (violation == "unlawful-fee") fee_fen = static_cast<uint64_t>(random_.Between(50, 500)) * 100;

  // The reply: drafted by the handler, reviewed by the section head, then
  // approved by a leader (on the reply day) or by the leadership team (a
  // meeting noticed the day after the clock starts; the draft comes first).
  Date reply_day = lapsed ? Wd(start, 1)
                   : violation == "late-reply"
                       ? Wd(start, paused + static_cast<int>(random_.Between(kLateReplyMin, kLateReplyMax)))
                   : corrected_case ? Wd(start, static_cast<int>(random_.Between(1, 2)))
                                    : Wd(start, paused + static_cast<int>(random_.Between(2, kMaxNormalReply)));
  reply_day = std::max(reply_day, cursor_day);
  Date draft_day = reply_day;
  if (approval == Approval::kCollective) {
    draft_day = Wd(cursor_day, 1);
    reply_day = std::max(reply_day, Wd(draft_day, kCollectiveNotice));
  }
  bool nonstandard = violation == "nonstandard-reply";
  int missing_part = static_cast<int>(random_.Below(3));  // 0 basis, 1 reasons, 2 remedy statement
  Add(draft_day, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
    auto x = e.initReplyDrafted();
    x.setOutcome(outcome);
    SetDigest(x.initDraftDigest(32), digest_seed + "/draft");
  }));
  if (approval != Approval::kNone) {
    Add(draft_day, head, CaseFill(s, [](schema::CaseEvent::Builder e) {
      e.initReplyReviewed().setDecision(schema::ReviewDecision::APPROVE);
    }));
  }
  Decision decision = Decide(s, agency_index, approval, draft_day, handler, leader, "reply", [&] {
    return CaseFill(s, [](schema::CaseEvent::Builder e) {
      e.initReplyApproved().setDecision(schema::ReviewDecision::APPROVE);
    });
  });
  reply_day = std::max(reply_day, decision.day);
  std::string competent = outcome == schema::ReplyOutcome::UNAVAILABLE_NOT_HELD && county_.AssessedCount() > 1
                              ? agency((agency_index + 1) % county_.AssessedCount()).id : "";
  uint32_t issued = Add(reply_day, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
    auto x = e.initReplyIssued();
    x.setOutcome(outcome);
    if (!(nonstandard && missing_part == 0)) x.setLegalBasis("《中华人民共和国政府信息公开条例》第三十六条");
    if (!(nonstandard && missing_part == 1)) x.setReasons("经检索，依法作出本答复");
    x.setRemedyStatement(!(nonstandard && missing_part == 2));
    x.setFeeFen(fee_fen);
    SetDigest(x.initReplyDigest(32), digest_seed + "/reply");
    x.setCompetentAgency(competent);
  }));
  if (violation == "late-reply" || violation == "nonstandard-reply" || violation == "unlawful-fee") {
    Inject(violation, s, agency_index, reply_day, {received, decision.step, issued}, approval, handler, leader,
           decision.present, decision.dissenter);
  }
  Date delivered_day = PlusDays(reply_day, static_cast<int>(random_.Between(0, 2)));
  std::string delivered_text = rules::FormatDate(delivered_day);
  Add(delivered_day, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
    auto x = e.initDelivered();
    x.setMethod(schema::DeliveryMethod::POST);
    x.setDeliveredDate(delivered_text);
  }));
  Date archived_day = Wd(delivered_day, static_cast<int>(random_.Between(1, 5)));
  Add(archived_day, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
    SetDigest(e.initArchived().initFileDigest(32), digest_seed + "/file");
  }));

  // Remedies, one at most per case: reconsideration or litigation, or a
  // complaint. Injected ones are decided well before the year ends.
  bool corrected = violation == "withheld-information" || violation == "reply-corrected-on-review";
  bool complaint = violation == "verified-complaint" || (violation.empty() && random_.Chance(0.01));
  if (corrected || (violation.empty() && !complaint && random_.Chance(0.03))) {
    Date filed = std::max(archived_day, PlusDays(reply_day, static_cast<int>(corrected ? random_.Between(10, 20)
                                                                                        : random_.Between(10, 40))));
    std::string filed_text = rules::FormatDate(filed);
    bool litigate = corrected && random_.Chance(0.3);
    uint32_t decision_step;
    Date decided;
    if (!litigate) {
      Add(filed, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
        auto x = e.initReconsiderationFiled();
        x.setBody("县人民政府");
        x.setFiledDate(filed_text);
      }));
      decided = PlusDays(filed, static_cast<int>(corrected ? random_.Between(20, 40) : random_.Between(30, 60)));
      std::string decided_text = rules::FormatDate(decided);
      auto result = corrected ? schema::ReviewResult::CORRECTED
                              : random_.Chance(0.9) ? schema::ReviewResult::UPHELD : schema::ReviewResult::OTHER;
      decision_step = Add(decided, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
        auto x = e.initReconsiderationDecided();
        x.setResult(result);
        SetDigest(x.initDecisionDigest(32), digest_seed + "/reconsideration");
        x.setDecidedDate(decided_text);
      }));
    } else {
      Add(filed, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
        auto x = e.initLitigationFiled();
        x.setCourt("县人民法院");
        x.setAfterReconsideration(false);
        x.setFiledDate(filed_text);
      }));
      decided = PlusDays(filed, static_cast<int>(random_.Between(30, 60)));
      std::string decided_text = rules::FormatDate(decided);
      decision_step = Add(decided, handler, CaseFill(s, [=](schema::CaseEvent::Builder e) {
        auto x = e.initLitigationDecided();
        x.setResult(schema::ReviewResult::CORRECTED);
        SetDigest(x.initJudgmentDigest(32), digest_seed + "/judgment");
        x.setDecidedDate(decided_text);
      }));
    }
    if (corrected) {
      // A withholding reply corrected on review is both findings.
      if (violation == "withheld-information") {
        Inject(violation, s, agency_index, decided, {issued, decision_step}, approval, handler, leader,
               decision.present, decision.dissenter);
      }
      Inject("reply-corrected-on-review", s, agency_index, decided, {issued, decision_step}, approval, handler,
             leader, decision.present, decision.dissenter);
    }
  }
  if (complaint) {
    bool upheld = !violation.empty();
    std::string complainant = applicant;
    Date complained = std::max(archived_day, PlusDays(reply_day, static_cast<int>(random_.Between(5, 20))));
    Add(complained, county_.supervisor, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initComplaintReceived();
      SetDigest(x.initComplaintDigest(32), digest_seed + "/complaint");
      x.setComplainant(complainant);
    }));
    Date verified_day = Wd(complained, static_cast<int>(random_.Between(5, 15)));
    uint32_t verified = Add(verified_day, county_.supervisor, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initComplaintVerified();
      x.setUpheld(upheld);
      SetDigest(x.initFindingDigest(32), digest_seed + "/verification");
    }));
    if (upheld) {
      Inject(violation, s, agency_index, verified_day, {issued, verified}, approval, handler, leader,
             decision.present, decision.dissenter);
    }
  }
}

// The department's annual report on the year before (政府信息公开工作年度报告):
// drafted by the disclosure office, reviewed for secrets, signed off by the
// principal and published on the portal by 25 January, then transferred.
// Late: drafted and signed off in April; missing: never published.
void Planner::PlanAnnualReport(size_t agency_index) {
  ++plan_.counts.annual_reports;
  const Agency& a = agency(agency_index);
  int reported = options_.year - 1;
  Subject s{Subject::kItem, fmt::format("{}-{}-annual-report", a.id, reported), a.id};
  BeginProcess();
  std::string_view violation = PickViolation(kReportViolations);
  Date draft_day = violation == "late-annual-report" ? RandomWorkday(rules::FromCivil(options_.year, 4, 1),
                                                                     rules::FromCivil(options_.year, 4, 20))
                                                     : RandomWorkday(rules::FromCivil(options_.year, 1, 5),
                                                                     rules::FromCivil(options_.year, 1, 10));
  std::string title = fmt::format("{}{}年政府信息公开工作年度报告", a.name, reported), digest_seed = s.id;
  std::string section = agency(agency_index).sections[0];
  uint32_t drafted = Add(draft_day, a.office, ItemFill(s, [=](schema::ItemEvent::Builder e) {
    auto x = e.initDrafted();
    x.setTitle(title);
    x.setCategory(schema::InfoCategory::ANNUAL_REPORT);
    SetDigest(x.initContentDigest(32), digest_seed);
    x.setSection(section);
    x.setProposedAttribute(schema::DisclosureAttribute::PROACTIVE);
    x.setReportYear(static_cast<uint16_t>(reported));
  }));
  if (violation == "missing-annual-report") {
    Inject(violation, s, agency_index, rules::FromCivil(options_.year, 3, 31), {drafted}, Approval::kNone, a.office,
           a.principal);
    return;
  }
  Date day = Wd(draft_day, 1);
  Add(day, a.section_heads[0], ItemFill(s, [](schema::ItemEvent::Builder e) {
    auto x = e.initSectionReviewed();
    x.setDecision(schema::ReviewDecision::APPROVE);
    x.setProposedAttribute(schema::DisclosureAttribute::PROACTIVE);
  }));
  Add(day, a.office, ItemFill(s, [reviewer = person(a.reviewer).id](schema::ItemEvent::Builder e) {
    e.initConfidentialityReviewRequested().setRequestedOf(reviewer);
  }));
  day = Wd(day, static_cast<int>(random_.Between(1, 2)));
  Add(day, a.reviewer, ItemFill(s, [](schema::ItemEvent::Builder e) {
    auto x = e.initConfidentialityOpinion();
    x.setStage(schema::ReviewStage::CONFIDENTIALITY_REVIEWER);
    x.setOpinion(schema::ReviewOpinion::DISCLOSE);
  }));
  day = Wd(day, 1);
  uint32_t signed_off = Add(day, a.principal, ItemFill(s, [](schema::ItemEvent::Builder e) {
    auto x = e.initSignedOff();
    x.setDecision(schema::ReviewDecision::APPROVE);
    x.setAttribute(schema::DisclosureAttribute::PROACTIVE);
  }));
  day = Wd(day, static_cast<int>(random_.Between(0, 2)));
  std::string locator = fmt::format("https://www.example.gov.cn/{}/ndbg/{}", a.id, reported);
  uint32_t published = Add(day, a.office, ItemFill(s, [=](schema::ItemEvent::Builder e) {
    auto x = e.initPublished();
    x.setChannel(schema::Channel::PORTAL);
    x.setLocator(locator);
    SetDigest(x.initContentDigest(32), digest_seed);
  }));
  if (violation == "late-annual-report") {
    Inject(violation, s, agency_index, day, {signed_off, published}, Approval::kLeader, a.office, a.principal);
  }
  std::string archive = agency(county_.archive_agency).id;
  Add(Wd(day, static_cast<int>(random_.Between(1, kMaxNormalTransfer))), a.clerk,
      ItemFill(s, [=](schema::ItemEvent::Builder e) {
        auto x = e.initTransferredToArchive();
        x.setForm(schema::TransferForm::ELECTRONIC);
        x.setArchive(archive);
        SetDigest(x.initTransferListDigest(32), digest_seed + "/transfer");
      }));
}

void Planner::PlanInquiry(size_t agency_index, size_t n) {
  ++plan_.counts.inquiries;
  const Agency& a = agency(agency_index);
  Subject s{Subject::kInquiry, fmt::format("{}-{}-q{:04}", a.id, options_.year, n + 1), a.id};
  BeginProcess();
  size_t handler = a.handlers[random_.Below(a.handlers.size())];
  size_t leader = a.leaders[random_.Below(a.leaders.size())];
  std::string_view violation = PickViolation(kInquiryViolations);
  Date last = violation.empty() ? rules::FromCivil(options_.year, 12, 10) : rules::FromCivil(options_.year, 10, 31);
  Date day = RandomWorkday(year_start_, last);
  static constexpr std::array<uint32_t, 3> kKindWeights = {60, 25, 15};
  auto kind = static_cast<schema::InquiryKind>(random_.Weighted(kKindWeights));
  std::string day_text = rules::FormatDate(day), citizen = Pseudonym(fmt::format("{}/citizen/{}", options_.seed, s.id));
  uint32_t received = Add(day, handler, InquiryFill(s, [=](schema::InquiryEvent::Builder e) {
    auto x = e.initReceived();
    x.setKind(kind);
    x.setReceivedDate(day_text);
    x.setCitizen(citizen);
    SetDigest(x.initMessageDigest(32), s.id + "/message");
  }));
  int max_days = kind == schema::InquiryKind::CONSULTATION ? kMaxNormalInquiryConsultation : kMaxNormalInquiryOther;
  Date answered_day = violation == "late-inquiry-answer"
                          ? Wd(day, static_cast<int>(random_.Between(kLateInquiryMin, kLateInquiryMax)))
                          : Wd(day, static_cast<int>(random_.Between(1, max_days)));
  uint32_t answered = Add(answered_day, handler, InquiryFill(s, [=](schema::InquiryEvent::Builder e) {
    SetDigest(e.initAnswered().initAnswerDigest(32), s.id + "/answer");
  }));
  if (violation == "inquiry-not-signed-off") {
    Inject(violation, s, agency_index, answered_day, {answered}, Approval::kNone, handler, leader);
    return;
  }
  uint32_t signed_off = Add(answered_day, leader, InquiryFill(s, [](schema::InquiryEvent::Builder e) {
    e.initSignedOff().setDecision(schema::ReviewDecision::APPROVE);
  }));
  if (violation == "late-inquiry-answer") {
    // The leader signed the late answer off: leader and handler answer for it.
    Inject(violation, s, agency_index, answered_day, {received, signed_off}, Approval::kLeader, handler, leader);
  }
}

}  // namespace

Result<Plan> PlanYear(const County& county, const rules::Calendar& calendar, const PlanOptions& options,
                      Random& random) {
  return Planner(county, calendar, options, random).Run();
}

}  // namespace gongkai::sim
