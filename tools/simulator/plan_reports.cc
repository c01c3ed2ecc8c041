// Annual reports (政府信息公开工作年度报告).
#include "tools/simulator/planner.h"

namespace gongkai::sim::planning {

namespace {

// The finding kinds the simulator injects into annual reports.
constexpr std::array<std::string_view, 2> kReportViolations = {"late-annual-report", "missing-annual-report"};

}  // namespace

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
  const Date formed = day;
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
  auto transfer = [&](Date on, schema::TransferForm form, std::string digest) {
    Add(on, a.clerk, ItemFill(s, [=](schema::ItemEvent::Builder e) {
      auto x = e.initTransferredToArchive();
      x.setForm(form);
      x.setArchive(archive);
      SetDigest(x.initTransferListDigest(32), digest);
    }));
  };
  // Electronic within 20 WD; paper (004 §61) on the first working day from
  // the 3rd of the month after formation, in date order.
  Date electronic = Wd(day, static_cast<int>(random_.Between(1, kMaxNormalTransfer)));
  int month = rules::Month(formed), year = rules::Year(formed);
  Date paper = OnOrAfter(month == 12 ? rules::FromCivil(year + 1, 1, 3) : rules::FromCivil(year, month + 1, 3));
  if (paper < electronic) transfer(std::max(paper, day), schema::TransferForm::PAPER, digest_seed + "/paper");
  transfer(electronic, schema::TransferForm::ELECTRONIC, digest_seed + "/transfer");
  if (!(paper < electronic)) transfer(paper, schema::TransferForm::PAPER, digest_seed + "/paper");
}

}  // namespace gongkai::sim::planning
