// Applications (依申请公开): received, corrected, consulted, replied, delivered,
// reviewed.
#include "tools/simulator/planner.h"

namespace gongkai::sim::planning {

namespace {

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

// The finding kinds the simulator injects into cases.
constexpr std::array<std::string_view, 8> kCaseViolations = {
    "late-reply", "late-correction-notice", "withheld-information", "reply-corrected-on-review",
    "nonstandard-reply", "unlawful-fee", "verified-complaint", "invalid-extension"};

}  // namespace

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
  if (!corrected_case && (violation == "invalid-extension" || (violation.empty() && random_.Chance(0.03)))) {
    // An extension approved by the head of the disclosure office; the
    // invalid one either was never notified to the applicant or grants more
    // than any rule set's maximum (2019 §33: 20 wd). It extends nothing, and
    // the reply still comes within the original period.
    bool invalid = violation == "invalid-extension";
    bool unnotified = invalid && random_.Chance(0.5);
    uint32_t days = invalid && !unnotified ? 40 : 10;
    Date day = std::max(cursor_day, Wd(start, 8));
    uint32_t extension = Add(day, a.office, CaseFill(s, [=](schema::CaseEvent::Builder e) {
      auto x = e.initExtensionApproved();
      x.setWorkingDays(days);
      x.setApplicantNotified(!unnotified);
      x.setReason("申请内容复杂，需要较长时间检索");
    }));
    if (invalid) Inject(violation, s, agency_index, day, {received, extension}, Approval::kNone, a.office, leader);
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

}  // namespace gongkai::sim::planning
