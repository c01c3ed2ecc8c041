#include "replay/annual_report.h"

#include <algorithm>

#include "ledger/capnp_text.h"
#include "projections/entry_scan.h"

#include <fmt/core.h>

#include <algorithm>

namespace gongkai::report {

using rules::Date;
using PayloadKind = schema::Action::Payload::Which;

namespace {

Result<Date> ParseDateField(capnp::Text::Reader text, std::string_view field, uint64_t seq) {
  auto date = rules::ParseDate(TextView(text));
  if (!date) return FailAt(seq, ErrorCode::kMalformed, "{} is not a date", field);
  return *date;
}

struct Item {
  std::string agency;
  std::optional<schema::InfoCategory> category;  // from the first drafting
  uint32_t decisions = 0;
  uint64_t fee_fen = 0;
  std::optional<Date> published, revoked;  // the first of each
};

struct Review {
  Date filed{0};
  std::optional<Date> decided;
  schema::ReviewResult result = schema::ReviewResult::UPHELD;
  bool after_reconsideration = false;  // litigation only
};

struct Case {
  std::string agency;
  std::optional<Date> receipt;
  size_t column = 0;  // the applicant category
  std::optional<Date> concluded;
  size_t outcome = 0;  // index among the 21 outcome rows
  std::vector<Review> reconsiderations, litigations;
};

size_t OutcomeIndex(schema::ReplyOutcome outcome) { return static_cast<size_t>(outcome); }

}  // namespace

struct AnnualReports::State {
  std::map<std::string, Item, std::less<>> items;  // by stream
  std::map<std::string, Case, std::less<>> cases;  // by stream
};

AnnualReports::AnnualReports() : state_(std::make_unique<State>()) {}
AnnualReports::~AnnualReports() = default;
AnnualReports::AnnualReports(AnnualReports&&) noexcept = default;

Status AnnualReports::Apply(const projections::EventRecord& record) {
  const Action& action = record.action;
  auto payload = action.reader().getPayload();
  Date day = rules::DateOf(action.business_time());
  std::string stream(action.stream());
  if (action.kind() == PayloadKind::ITEM) {
    auto e = payload.getItem();
    Item& item = state_->items[stream];
    item.agency = TextString(e.getAgency());
    using E = schema::ItemEvent;
    switch (e.which()) {
      case E::DRAFTED:
        if (!item.category) {
          auto drafted = e.getDrafted();
          item.category = drafted.getCategory();
          item.decisions = drafted.getDecisionCount();
          item.fee_fen = drafted.getFeeAmountFen();
        }
        break;
      case E::PUBLISHED:
        if (!item.published) item.published = day;
        break;
      case E::REVOKED:
        if (!item.revoked) item.revoked = day;
        break;
      default:
        break;
    }
    return {};
  }
  if (action.kind() != PayloadKind::APPLICATION) return {};
  auto e = payload.getApplication();
  Case& c = state_->cases[stream];
  c.agency = TextString(e.getAgency());
  auto conclude = [&](size_t outcome) {
    if (c.concluded) return;
    c.concluded = day;
    c.outcome = outcome;
  };
  using E = schema::CaseEvent;
  switch (e.which()) {
    case E::RECEIVED: {
      auto received = e.getReceived();
      auto date = ParseDateField(received.getReceiptDate(), "received.receiptDate", record.seq);
      GK_RETURN_IF_ERROR(date);
      if (!c.receipt) {
        c.receipt = *date;
        c.column = static_cast<size_t>(received.getApplicantCategory());
      }
      break;
    }
    case E::REPLY_ISSUED:
      conclude(OutcomeIndex(e.getReplyIssued().getOutcome()));
      break;
    case E::WITHDRAWN:
      conclude(OutcomeIndex(schema::ReplyOutcome::OTHER_MISC));
      break;
    case E::CORRECTION_LAPSED:
      conclude(OutcomeIndex(schema::ReplyOutcome::OTHER_NO_CORRECTION));
      break;
    case E::RECONSIDERATION_FILED: {
      auto filed = ParseDateField(e.getReconsiderationFiled().getFiledDate(), "reconsiderationFiled.filedDate",
                                  record.seq);
      GK_RETURN_IF_ERROR(filed);
      c.reconsiderations.push_back({*filed, std::nullopt, schema::ReviewResult::UPHELD, false});
      break;
    }
    case E::RECONSIDERATION_DECIDED:
    case E::LITIGATION_DECIDED: {
      bool reconsideration = e.which() == E::RECONSIDERATION_DECIDED;
      auto decided = reconsideration ? ParseDateField(e.getReconsiderationDecided().getDecidedDate(),
                                                      "reconsiderationDecided.decidedDate", record.seq)
                                     : ParseDateField(e.getLitigationDecided().getDecidedDate(),
                                                      "litigationDecided.decidedDate", record.seq);
      GK_RETURN_IF_ERROR(decided);
      // Decides the earliest review still open (one filed with no decision
      // recorded counts as filed on the decision's day).
      auto& reviews = reconsideration ? c.reconsiderations : c.litigations;
      auto open = std::ranges::find_if(reviews, [](const Review& r) { return !r.decided; });
      if (open == reviews.end()) open = reviews.insert(reviews.end(), Review{*decided, std::nullopt, {}, false});
      open->decided = *decided;
      open->result = reconsideration ? e.getReconsiderationDecided().getResult() : e.getLitigationDecided().getResult();
      break;
    }
    case E::LITIGATION_FILED: {
      auto filed_event = e.getLitigationFiled();
      auto filed = ParseDateField(filed_event.getFiledDate(), "litigationFiled.filedDate", record.seq);
      GK_RETURN_IF_ERROR(filed);
      c.litigations.push_back({*filed, std::nullopt, schema::ReviewResult::UPHELD, filed_event.getAfterReconsideration()});
      break;
    }
    default:
      break;
  }
  return {};
}

namespace {

const std::array<std::string_view, kOutcomeRows> kOutcomeIds = {
    "disclosed",
    "partiallyDisclosed",
    "withheldStateSecret",
    "withheldProhibitedByLaw",
    "withheldSecurityStability",
    "withheldThirdPartyRights",
    "withheldInternalAffairs",
    "withheldProcessInformation",
    "withheldEnforcementFile",
    "withheldAdministrativeQuery",
    "unavailableNotHeld",
    "unavailableNeedsCreation",
    "unavailableStillUnclear",
    "notProcessedPetition",
    "notProcessedRepeated",
    "notProcessedPublication",
    "notProcessedExcessive",
    "notProcessedConfirmation",
    "otherNoCorrection",
    "otherFeeUnpaid",
    "otherMisc",
};

void Add(AnnualReport& report, size_t row, size_t column, const std::string& subject) {
  ++report.applications[row][column];
  ++report.applications[row][kApplicantColumns - 1];
  report.behind[fmt::format("applications/{}/{}", ApplicationRows()[row].id, ApplicantColumns()[column].id)]
      .push_back(subject);
  report.behind[fmt::format("applications/{}/{}", ApplicationRows()[row].id, ApplicantColumns().back().id)]
      .push_back(subject);
}

void AddReview(AnnualReport& report, size_t column, const std::string& subject) {
  size_t total = column - column % 5 + 4;
  ++report.reviews[column];
  ++report.reviews[total];
  report.behind["reviews/" + ReviewColumns()[column].id].push_back(subject);
  report.behind["reviews/" + ReviewColumns()[total].id].push_back(subject);
}

}  // namespace

Result<AnnualReport> AnnualReports::Report(std::string_view agency, int year) const {
  AnnualReport report;
  report.agency = std::string(agency);
  report.year = year;
  const Date first = rules::FromCivil(year, 1, 1), last = rules::FromCivil(year, 12, 31);
  auto in_year = [&](const std::optional<Date>& d) { return d && *d >= first && *d <= last; };
  bool known = false;

  for (const auto& [subject, item] : state_->items) {
    if (item.agency != agency) continue;
    known = true;
    if (!item.category) continue;
    using C = schema::InfoCategory;
    C category = *item.category;
    if (category == C::REGULATION || category == C::NORMATIVE_DOCUMENT) {
      DocumentCounts& counts = category == C::REGULATION ? report.regulations : report.normative_documents;
      std::string table = category == C::REGULATION ? "regulations" : "normativeDocuments";
      if (in_year(item.published)) {
        ++counts.made;
        report.behind["documents/" + table + "/made"].push_back(subject);
      }
      if (in_year(item.revoked)) {
        ++counts.revoked;
        report.behind["documents/" + table + "/revoked"].push_back(subject);
      }
      if (item.published && *item.published <= last && !(item.revoked && *item.revoked <= last)) {
        ++counts.in_force;
        report.behind["documents/" + table + "/inForce"].push_back(subject);
      }
      continue;
    }
    if (!in_year(item.published)) continue;
    int64_t* decisions = category == C::ADMINISTRATIVE_LICENSING ? &report.licensing_decisions
                         : category == C::ADMINISTRATIVE_PENALTY ? &report.penalty_decisions
                         : category == C::ADMINISTRATIVE_COERCION ? &report.coercion_decisions
                                                                  : nullptr;
    if (decisions) {
      *decisions += item.decisions;
      std::string_view name = category == C::ADMINISTRATIVE_LICENSING ? "licensing"
                              : category == C::ADMINISTRATIVE_PENALTY ? "penalty"
                                                                      : "coercion";
      report.behind[fmt::format("decisions/{}", name)].push_back(subject);
    } else if (category == C::ADMINISTRATIVE_FEE) {
      report.fees_fen += item.fee_fen;
      report.behind["fees"].push_back(subject);
    }
  }

  for (const auto& [subject, c] : state_->cases) {
    if (c.agency != agency) continue;
    known = true;
    if (!c.receipt) continue;  // never received: nothing to count
    const Date receipt = *c.receipt;
    if (receipt >= first && receipt <= last) Add(report, kRowNew, c.column, subject);
    if (receipt < first && !(c.concluded && *c.concluded < first)) Add(report, kRowCarriedIn, c.column, subject);
    if (in_year(c.concluded)) {
      Add(report, kRowFirstOutcome + c.outcome, c.column, subject);
      Add(report, kRowOutcomeTotal, c.column, subject);
    }
    if (receipt <= last && !(c.concluded && *c.concluded <= last)) Add(report, kRowCarriedOut, c.column, subject);
    // 四: decisions in the year by result, and those still pending at its end.
    auto count = [&](const std::vector<Review>& reviews, bool litigation) {
      for (const Review& r : reviews) {
        size_t base = !litigation ? 0 : r.after_reconsideration ? 10 : 5;
        if (in_year(r.decided)) {
          AddReview(report, base + static_cast<size_t>(r.result), subject);
        } else if (r.filed <= last && !(r.decided && *r.decided <= last)) {
          AddReview(report, base + 3, subject);
        }
      }
    };
    count(c.reconsiderations, false);
    count(c.litigations, true);
  }
  if (!known) return Fail(ErrorCode::kNotFound, "no item or application of agency '{}' in this ledger", agency);
  for (auto& [cell, subjects] : report.behind) {
    std::ranges::sort(subjects);
    subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  }
  return report;
}

std::vector<std::string> AnnualReports::Agencies() const {
  std::vector<std::string> agencies;
  for (const auto& [subject, item] : state_->items) agencies.push_back(item.agency);
  for (const auto& [subject, c] : state_->cases) agencies.push_back(c.agency);
  std::ranges::sort(agencies);
  agencies.erase(std::unique(agencies.begin(), agencies.end()), agencies.end());
  return agencies;
}

std::vector<Inconsistency> Check(const AnnualReport& report, const AnnualReport* year_before) {
  std::vector<Inconsistency> wrong;
  const auto& rows = ApplicationRows();
  const auto& columns = ApplicantColumns();
  auto cell = [&](size_t row, size_t column) {
    return fmt::format("applications/{}/{}", rows[row].id, columns[column].id);
  };
  const auto& a = report.applications;
  for (size_t row = 0; row < kApplicationRows; ++row) {
    int64_t sum = 0;
    for (size_t column = 0; column + 1 < kApplicantColumns; ++column) sum += a[row][column];
    if (a[row][kApplicantColumns - 1] != sum) {
      wrong.push_back({cell(row, kApplicantColumns - 1), a[row][kApplicantColumns - 1], sum, "总计 = the sum of the row"});
    }
  }
  for (size_t column = 0; column < kApplicantColumns; ++column) {
    int64_t outcomes = 0;
    for (size_t row = kRowFirstOutcome; row < kRowOutcomeTotal; ++row) outcomes += a[row][column];
    if (a[kRowOutcomeTotal][column] != outcomes) {
      wrong.push_back({cell(kRowOutcomeTotal, column), a[kRowOutcomeTotal][column], outcomes,
                       "三（七）总计 = the sum of （一）…（六）"});
    }
    int64_t in = a[kRowNew][column] + a[kRowCarriedIn][column];
    int64_t out = a[kRowOutcomeTotal][column] + a[kRowCarriedOut][column];
    if (in != out) {
      wrong.push_back({cell(kRowCarriedOut, column), a[kRowCarriedOut][column],
                       in - a[kRowOutcomeTotal][column], "一 + 二 = 三（七） + 四"});
    }
    if (year_before && year_before->applications[kRowCarriedOut][column] != a[kRowCarriedIn][column]) {
      wrong.push_back({cell(kRowCarriedIn, column), a[kRowCarriedIn][column],
                       year_before->applications[kRowCarriedOut][column],
                       fmt::format("二 = {}年的四（结转下年度继续办理）", year_before->year)});
    }
  }
  for (size_t base = 0; base < kReviewColumns; base += 5) {
    int64_t sum = report.reviews[base] + report.reviews[base + 1] + report.reviews[base + 2] + report.reviews[base + 3];
    if (report.reviews[base + 4] != sum) {
      wrong.push_back({"reviews/" + ReviewColumns()[base + 4].id, report.reviews[base + 4], sum,
                       "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"});
    }
  }
  return wrong;
}

const std::array<Row, kApplicationRows>& ApplicationRows() {
  static const std::array<Row, kApplicationRows> rows = [] {
    const std::string results = "三、本年度办理结果";
    const std::string withheld = results + "/（三）不予公开", unavailable = results + "/（四）无法提供",
                      not_processed = results + "/（五）不予处理", other = results + "/（六）其他处理";
    const std::array<std::pair<std::string, std::string>, kOutcomeRows> outcomes = {{
        {"（一）予以公开", results},
        {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", results},
        {"1.属于国家秘密", withheld},
        {"2.其他法律行政法规禁止公开", withheld},
        {"3.危及\"三安全一稳定\"", withheld},
        {"4.保护第三方合法权益", withheld},
        {"5.属于三类内部事务信息", withheld},
        {"6.属于四类过程性信息", withheld},
        {"7.属于行政执法案卷", withheld},
        {"8.属于行政查询事项", withheld},
        {"1.本机关不掌握相关政府信息", unavailable},
        {"2.没有现成信息需要另行制作", unavailable},
        {"3.补正后申请内容仍不明确", unavailable},
        {"1.信访举报投诉类申请", not_processed},
        {"2.重复申请", not_processed},
        {"3.要求提供公开出版物", not_processed},
        {"4.无正当理由大量反复申请", not_processed},
        {"5.要求行政机关确认或重新出具已获取信息", not_processed},
        {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", other},
        {"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", other},
        {"3.其他", other},
    }};
    std::array<Row, kApplicationRows> built;
    built[kRowNew] = {"new", "一、本年新收政府信息公开申请数量", ""};
    built[kRowCarriedIn] = {"carriedIn", "二、上年结转政府信息公开申请数量", ""};
    for (size_t i = 0; i < kOutcomeRows; ++i) {
      built[kRowFirstOutcome + i] = {std::string(kOutcomeIds[i]), outcomes[i].first, outcomes[i].second};
    }
    built[kRowOutcomeTotal] = {"total", "（七）总计", results};
    built[kRowCarriedOut] = {"carriedOut", "四、结转下年度继续办理", ""};
    return built;
  }();
  return rows;
}

const std::array<Row, kApplicantColumns>& ApplicantColumns() {
  static const std::array<Row, kApplicantColumns> columns = {{
      {"naturalPerson", "自然人", ""},
      {"commercialEnterprise", "商业企业", "法人或其他组织"},
      {"researchInstitution", "科研机构", "法人或其他组织"},
      {"publicInterestOrganisation", "社会公益组织", "法人或其他组织"},
      {"legalServiceProvider", "法律服务机构", "法人或其他组织"},
      {"otherOrganisation", "其他", "法人或其他组织"},
      {"total", "总计", ""},
  }};
  return columns;
}

const std::array<Row, kReviewColumns>& ReviewColumns() {
  static const std::array<Row, kReviewColumns> columns = [] {
    std::array<Row, kReviewColumns> built;
    const std::array<std::pair<std::string, std::string>, 3> groups = {{
        {"reconsideration", "行政复议"},
        {"litigationDirect", "行政诉讼/未经复议直接起诉"},
        {"litigationAfterReconsideration", "行政诉讼/复议后起诉"},
    }};
    const std::array<std::pair<std::string, std::string>, 5> results = {{
        {"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}, {"total", "总计"},
    }};
    for (size_t g = 0; g < groups.size(); ++g) {
      for (size_t r = 0; r < results.size(); ++r) {
        built[g * 5 + r] = {groups[g].first + "/" + results[r].first, results[r].second, groups[g].second};
      }
    }
    return built;
  }();
  return columns;
}

std::vector<std::string> CellIds() {
  std::vector<std::string> ids;
  for (std::string_view table : {"regulations", "normativeDocuments"}) {
    for (std::string_view column : {"made", "revoked", "inForce"}) ids.push_back(fmt::format("documents/{}/{}", table, column));
  }
  for (std::string_view kind : {"licensing", "penalty", "coercion"}) ids.push_back(fmt::format("decisions/{}", kind));
  ids.push_back("fees");
  for (const Row& row : ApplicationRows()) {
    for (const Row& column : ApplicantColumns()) ids.push_back(fmt::format("applications/{}/{}", row.id, column.id));
  }
  for (const Row& column : ReviewColumns()) ids.push_back("reviews/" + column.id);
  return ids;
}

Result<AnnualReport> CheckedReport(const Store& ledger, uint64_t end, const std::string& agency, int year) {
  if (year < kFirstReportYear || year > 2100) {
    return Fail(ErrorCode::kInvalidArgument, "--year: a year from {} (the regulation)", kFirstReportYear);
  }
  AnnualReports reports;
  GK_RETURN_IF_ERROR(projections::ApplyEntries(
      ledger, end, [&](const projections::EventRecord& record) { return reports.Apply(record); }));
  auto report = reports.Report(agency, year);
  GK_RETURN_IF_ERROR(report);
  if (report->behind.empty()) {
    return Fail(ErrorCode::kNotFound, "nothing to report: no item, application or document of agency '{}' counts in {}",
                agency, year);
  }
  auto year_before = reports.Report(agency, year - 1);
  GK_RETURN_IF_ERROR(year_before);
  auto wrong = Check(*report, &*year_before);
  if (!wrong.empty()) {
    const Inconsistency& first = wrong.front();
    return Fail(ErrorCode::kInconsistent, "the {} report of {} does not add up: {} is {} but {} makes it {}{}", year,
                agency, first.cell, first.value, first.rule, first.expected,
                wrong.size() > 1 ? fmt::format(" (and {} more cells)", wrong.size() - 1) : "");
  }
  return report;
}

Result<std::vector<std::string>> ExplainCell(const AnnualReport& report, const std::string& cell) {
  auto ids = CellIds();
  if (std::ranges::find(ids, cell) == ids.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                "no cell '{}' (e.g. applications/new/naturalPerson, reviews/reconsideration/upheld, "
                "documents/regulations/made; docs/REPORT.md lists them)",
                cell);
  }
  auto behind = report.behind.find(cell);
  if (behind == report.behind.end()) return std::vector<std::string>{};
  return behind->second;
}

}  // namespace gongkai::report
