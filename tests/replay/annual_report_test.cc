// The national annual report: hand-computed cells for a small agency over
// two years (carry-over, every kind of conclusion, reviews, documents,
// decisions and fees), the form's checks, its exact labels and formats, and
// the invariants on simulated county-years.
#include "replay/annual_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ledger/ledger.h"
#include "projections/entry_scan.h"
#include "replay/report_format.h"
#include "tests/projections/scenario.h"
#include "tests/support/test_ledger.h"
#include "tests/support/simulated_county.h"

namespace gongkai::report {
namespace {

using projections::D;
using projections::Scenario;
using rules::Date;
using Category = schema::ApplicantCategory;
using Outcome = schema::ReplyOutcome;

size_t RowOf(std::string_view id) {
  auto rows = ApplicationRows();
  return static_cast<size_t>(std::ranges::find(rows, id, &Row::id) - rows.begin());
}
size_t ColumnOf(Category category) { return static_cast<size_t>(category); }
constexpr size_t kTotal = kApplicantColumns - 1;

class AnnualReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    projections::Staff(s);
    s.Observe([this](const projections::EventRecord& record) { return reports.Apply(record); });
  }

  void Received(const std::string& id, Date receipt, Category category) {
    std::string date = rules::FormatDate(receipt);
    s.Case("h", receipt, [&](schema::CaseEvent::Builder e) {
      auto x = e.initReceived();
      x.setReceiptDate(date);
      x.setApplicant(std::string(64, 'a'));
      x.setApplicantCategory(category);
      x.initRequestDigest(32);
      x.setItemCount(1);
    }, id);
  }
  void Replied(const std::string& id, Date day, Outcome outcome) {
    s.Case("h", day, [&](schema::CaseEvent::Builder e) {
      auto x = e.initReplyIssued();
      x.setOutcome(outcome);
      x.setLegalBasis("条例第三十六条");
      x.setReasons("依法答复");
      x.setRemedyStatement(true);
      x.initReplyDigest(32);
    }, id);
  }
  void Document(const std::string& id, schema::InfoCategory category, Date published, uint32_t decisions = 0,
                uint64_t fee_fen = 0) {
    s.Item("h", Date{published.days - 3}, [&](schema::ItemEvent::Builder e) {
      auto x = e.initDrafted();
      x.setTitle("测试文件");
      x.setCategory(category);
      x.initContentDigest(32);
      x.setSection("g/s1");
      x.setDecisionCount(decisions);
      x.setFeeAmountFen(fee_fen);
    }, id);
    s.Item("h", published, projections::Published, id);
  }
  void Revoked(const std::string& id, Date day) {
    s.Item("h", day, [](schema::ItemEvent::Builder e) {
      auto x = e.initRevoked();
      x.setReason("已被新文件替代");
      x.initInvalidityNoticeDigest(32);
    }, id);
  }

  AnnualReport Report(int year) {
    auto report = reports.Report("g", year);
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    return report.value_or(AnnualReport{});
  }

  // The two years of the hand-computed example.
  void BuildExample() {
    using C = schema::InfoCategory;
    Received("c1", D(2023, 12, 20), Category::NATURAL_PERSON);
    Replied("c1", D(2024, 1, 10), Outcome::DISCLOSED);
    Received("c2", D(2024, 3, 4), Category::COMMERCIAL_ENTERPRISE);
    Replied("c2", D(2024, 3, 20), Outcome::WITHHELD_THIRD_PARTY_RIGHTS);
    Received("c3", D(2024, 5, 6), Category::NATURAL_PERSON);
    s.Case("h", D(2024, 5, 8), [](schema::CaseEvent::Builder e) { e.initWithdrawn().setReason("申请人撤回"); }, "c3");
    Received("c4", D(2024, 6, 3), Category::RESEARCH_INSTITUTION);
    s.Case("h", D(2024, 6, 28), [](schema::CaseEvent::Builder e) { e.initCorrectionLapsed(); }, "c4");
    Received("c5", D(2024, 12, 27), Category::LEGAL_SERVICE_PROVIDER);
    Replied("c5", D(2025, 1, 6), Outcome::PARTIALLY_DISCLOSED);
    // c2's reply is corrected on reconsideration, then taken to court.
    s.Case("h", D(2024, 4, 1), [](schema::CaseEvent::Builder e) {
      auto x = e.initReconsiderationFiled();
      x.setBody("县人民政府");
      x.setFiledDate("2024-04-01");
    }, "c2");
    s.Case("h", D(2024, 6, 3), [](schema::CaseEvent::Builder e) {
      auto x = e.initReconsiderationDecided();
      x.setResult(schema::ReviewResult::CORRECTED);
      x.initDecisionDigest(32);
      x.setDecidedDate("2024-06-01");
    }, "c2");
    s.Case("h", D(2024, 7, 2), [](schema::CaseEvent::Builder e) {
      auto x = e.initLitigationFiled();
      x.setCourt("县人民法院");
      x.setAfterReconsideration(true);
      x.setFiledDate("2024-07-01");
    }, "c2");

    Document("i1", C::NORMATIVE_DOCUMENT, D(2023, 5, 4));
    Document("i2", C::NORMATIVE_DOCUMENT, D(2024, 2, 1));
    Revoked("i2", D(2024, 9, 2));
    Document("i3", C::REGULATION, D(2024, 3, 1));
    Document("i4", C::ADMINISTRATIVE_LICENSING, D(2024, 4, 1), 12);
    Document("i5", C::ADMINISTRATIVE_FEE, D(2024, 5, 6), 0, 1'234'500);
    Document("i6", C::ADMINISTRATIVE_PENALTY, D(2023, 12, 1), 3);
  }

  Scenario s;
  AnnualReports reports;
};

TEST_F(AnnualReportTest, HandComputedCellsOfTwoYears) {
  BuildExample();
  AnnualReport y2024 = Report(2024);
  const auto& a = y2024.applications;
  const size_t np = ColumnOf(Category::NATURAL_PERSON), ce = ColumnOf(Category::COMMERCIAL_ENTERPRISE),
               ri = ColumnOf(Category::RESEARCH_INSTITUTION), ls = ColumnOf(Category::LEGAL_SERVICE_PROVIDER);
  // 一: c2, c3, c4, c5; 二: c1 from 2023.
  EXPECT_EQ(a[kRowNew][np], 1);
  EXPECT_EQ(a[kRowNew][ce], 1);
  EXPECT_EQ(a[kRowNew][ri], 1);
  EXPECT_EQ(a[kRowNew][ls], 1);
  EXPECT_EQ(a[kRowNew][kTotal], 4);
  EXPECT_EQ(a[kRowCarriedIn][np], 1);
  EXPECT_EQ(a[kRowCarriedIn][kTotal], 1);
  // 三: c1 disclosed, c2 withheld (third party), c3 withdrawn (其他 3), c4 lapsed (其他 1).
  EXPECT_EQ(a[RowOf("disclosed")][np], 1);
  EXPECT_EQ(a[RowOf("withheldThirdPartyRights")][ce], 1);
  EXPECT_EQ(a[RowOf("otherMisc")][np], 1);
  EXPECT_EQ(a[RowOf("otherNoCorrection")][ri], 1);
  EXPECT_EQ(a[RowOf("partiallyDisclosed")][kTotal], 0);  // c5's reply is in 2025
  EXPECT_EQ(a[kRowOutcomeTotal][np], 2);
  EXPECT_EQ(a[kRowOutcomeTotal][kTotal], 4);
  // 四: c5.
  EXPECT_EQ(a[kRowCarriedOut][ls], 1);
  EXPECT_EQ(a[kRowCarriedOut][kTotal], 1);
  // Reviews: the reconsideration corrected; the lawsuit after it pending.
  auto review = [&](std::string_view id) {
    auto columns = ReviewColumns();
    return y2024.reviews[static_cast<size_t>(std::ranges::find(columns, id, &Row::id) - columns.begin())];
  };
  EXPECT_EQ(review("reconsideration/corrected"), 1);
  EXPECT_EQ(review("reconsideration/total"), 1);
  EXPECT_EQ(review("litigationAfterReconsideration/pending"), 1);
  EXPECT_EQ(review("litigationAfterReconsideration/total"), 1);
  EXPECT_EQ(review("litigationDirect/total"), 0);
  // 二: i2 made and revoked, i1 still in force; i3; i4's decisions; i5's fees; i6 was 2023's.
  EXPECT_EQ(y2024.normative_documents.made, 1);
  EXPECT_EQ(y2024.normative_documents.revoked, 1);
  EXPECT_EQ(y2024.normative_documents.in_force, 1);
  EXPECT_EQ(y2024.regulations.made, 1);
  EXPECT_EQ(y2024.regulations.in_force, 1);
  EXPECT_EQ(y2024.licensing_decisions, 12);
  EXPECT_EQ(y2024.penalty_decisions, 0);
  EXPECT_EQ(y2024.fees_fen, 1'234'500u);
  EXPECT_EQ(y2024.behind.at("applications/carriedIn/total"), (std::vector<std::string>{"case/c1"}));
  EXPECT_EQ(y2024.behind.at("documents/normativeDocuments/inForce"), (std::vector<std::string>{"item/i1"}));

  AnnualReport y2023 = Report(2023);
  EXPECT_EQ(y2023.applications[kRowNew][kTotal], 1);
  EXPECT_EQ(y2023.applications[kRowCarriedOut][np], 1);
  EXPECT_EQ(y2023.penalty_decisions, 3);
  EXPECT_EQ(y2023.normative_documents.in_force, 1);
  EXPECT_TRUE(Check(y2024, &y2023).empty());
  EXPECT_TRUE(Check(y2023, nullptr).empty());
}

TEST_F(AnnualReportTest, ChecksNameTheCellThatDoesNotAddUp) {
  BuildExample();
  AnnualReport y2023 = Report(2023), y2024 = Report(2024);
  AnnualReport wrong = y2024;
  ++wrong.applications[kRowNew][0];
  auto found = Check(wrong, &y2023);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].cell, "applications/new/total");
  EXPECT_EQ(found[0].value, 4);
  EXPECT_EQ(found[0].expected, 5);
  EXPECT_EQ(found[1].cell, "applications/carriedOut/naturalPerson");
  EXPECT_EQ(found[1].rule, "一 + 二 = 三（七） + 四");

  AnnualReport broken_chain = y2023;
  broken_chain.applications[kRowCarriedOut][0] = 0;
  broken_chain.applications[kRowCarriedOut][kTotal] = 0;
  auto chain = Check(y2024, &broken_chain);
  ASSERT_FALSE(chain.empty());
  EXPECT_EQ(chain[0].cell, "applications/carriedIn/naturalPerson");
  EXPECT_EQ(chain[0].rule, "二 = 2023年的四（结转下年度继续办理）");

  AnnualReport reviews = y2024;
  reviews.reviews[4] = 7;
  auto review = Check(reviews, &y2023);
  ASSERT_EQ(review.size(), 1u);
  EXPECT_EQ(review[0].cell, "reviews/reconsideration/total");
}

TEST_F(AnnualReportTest, AReplyDatedBeforeItsReceiptMakesTheReportInconsistent) {
  Received("c1", D(2024, 2, 1), Category::NATURAL_PERSON);
  Replied("c1", D(2023, 12, 29), Outcome::DISCLOSED);
  auto wrong = Check(Report(2024), nullptr);
  ASSERT_FALSE(wrong.empty());
  EXPECT_EQ(wrong[0].cell, "applications/carriedOut/naturalPerson");
}

TEST_F(AnnualReportTest, UnknownAgencyIsNotFound) {
  BuildExample();
  auto report = reports.Report("nobody", 2024);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reports.Agencies(), (std::vector<std::string>{"g"}));
}

TEST_F(AnnualReportTest, FormatsCarryTheTemplatesExactLabels) {
  BuildExample();
  AnnualReport report = Report(2024);
  std::string text = FormatReport(report, ReportFormat::kText);
  for (const char* label : {"二、主动公开政府信息情况", "第二十条第（一）项", "本年制发件数", "行政规范性文件",
                            "本年收费金额（单位：万元）", "三、收到和处理政府信息公开申请情况",
                            "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3.危及\"三安全一稳定\"",
                            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（七）总计",
                            "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况", "尚未审结"}) {
    EXPECT_NE(text.find(label), std::string::npos) << label;
  }
  EXPECT_NE(text.find("1.2345"), std::string::npos);
  std::string csv = FormatReport(report, ReportFormat::kCsv);
  EXPECT_EQ(std::ranges::count(csv, '\n'), static_cast<std::ptrdiff_t>(1 + CellIds().size()));
  EXPECT_NE(csv.find(",\"三、本年度办理结果 （三）不予公开 3.危及\"\"三安全一稳定\"\"\",自然人,0,"), std::string::npos);
  std::string json = FormatReport(report, ReportFormat::kJson);
  EXPECT_NE(json.find("{\"cell\":\"applications/new/total\",\"section\":\"三、收到和处理政府信息公开申请情况\","
                      "\"table\":\"\",\"row\":\"一、本年新收政府信息公开申请数量\",\"column\":\"总计\",\"value\":\"4\"}"),
            std::string::npos)
      << json.substr(0, 400);
  EXPECT_NE(FormatReport(report, ReportFormat::kMarkdown).find("| 行政许可 | 12 |"), std::string::npos);
  EXPECT_EQ(FormatReport(report, ReportFormat::kJson), json);  // deterministic
  EXPECT_EQ(ParseReportFormat("pdf").error().code, ErrorCode::kInvalidArgument);
}

TEST(WanYuan, FenAreExactTenThousandsOfYuan) {
  EXPECT_EQ(WanYuan(0), "0");
  EXPECT_EQ(WanYuan(1'000'000), "1");
  EXPECT_EQ(WanYuan(1'234'500), "1.2345");
  EXPECT_EQ(WanYuan(1), "0.000001");
  EXPECT_EQ(WanYuan(164'785'905), "164.785905");
}

// On simulated county-years every agency's reports add up and chain from
// year to year.
TEST(AnnualReportSimulated, EveryAgencysReportsAddUpAndChain) {
  testing::TempDir dir;
  std::string data = testing::SimulateCounty(dir, "sim", 8, 3, 2024, 9000, 0.15);
  auto store = Store::Open(data + "/ledger", Store::Mode::kReadOnly);
  ASSERT_TRUE(store.has_value());
  AnnualReports reports;
  auto applied = projections::ApplyEntries(
      **store, UINT64_MAX, [&](const projections::EventRecord& record) { return reports.Apply(record); });
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  ASSERT_EQ(reports.Agencies().size(), 3u);
  for (const std::string& agency : reports.Agencies()) {
    auto before = reports.Report(agency, 2022);
    ASSERT_TRUE(before.has_value());
    EXPECT_TRUE(Check(*before, nullptr).empty());
    for (int year : {2023, 2024, 2025}) {
      auto report = reports.Report(agency, year);
      ASSERT_TRUE(report.has_value());
      auto wrong = Check(*report, &*before);
      EXPECT_TRUE(wrong.empty()) << agency << " " << year << ": " << wrong.front().cell;
      before = std::move(report);
    }
    auto simulated = reports.Report(agency, 2024);
    EXPECT_GT(simulated->applications[kRowNew][kTotal], 10) << agency;
    EXPECT_GT(simulated->applications[kRowOutcomeTotal][kTotal], 10) << agency;
    EXPECT_GT(simulated->normative_documents.made + simulated->licensing_decisions, 0) << agency;
  }
}

}  // namespace
}  // namespace gongkai::report
