// Information items: drafted, reviewed for secrets, approved or decided
// collectively, published, interpreted, transferred to the archive.
#include "tools/simulator/planner.h"

namespace gongkai::sim::planning {

namespace {

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

// The finding kinds the simulator injects into items.
constexpr std::array<std::string_view, 11> kItemViolations = {
    "late-publication", "published-without-review", "published-without-confidentiality-review",
    "published-exempt-information", "approval-after-publication", "late-archive-transfer",
    "missing-archive-transfer", "missing-interpretation", "late-interpretation",
    "collective-decision-without-quorum", "collective-decision-without-votes"};
constexpr std::string_view kLateOpinion = "late-confidentiality-review";

}  // namespace

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
  // Seed 004 §61 (the simulated county's base) requires a paper copy of every
  // item; half the missed transfers are of the paper copy alone (when its
  // deadline passes within the year).
  bool paper_missing = violation == "missing-archive-transfer" && random_.Chance(0.5);
  bool paper = true;
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
  auto next_month = [&](int day) {
    return month == 12 ? rules::FromCivil(year + 1, 1, day) : rules::FromCivil(year, month + 1, day);
  };
  Date paper_day = OnOrAfter(next_month(3)), paper_due = next_month(10);
  paper_missing = paper_missing && PlusDays(paper_due, 1) <= year_end_;
  if (paper_missing) paper = false;
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
  if (paper_missing) {
    // Transferred electronically in time; the paper copy, due by the 10th
    // of the month after formation (004 §61), never: the deadline passes the
    // day after (docs/FINDINGS.md, id suffix "#paper").
    transfer(electronic, schema::TransferForm::ELECTRONIC, false);
    Inject(violation, s, agency_index, PlusDays(paper_due, 1), {formation_step}, Approval::kNone, a.clerk, leader);
    return;
  }
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

}  // namespace gongkai::sim::planning
