// The national annual report on government information disclosure
// (政府信息公开工作年度报告, 国办公开办函〔2021〕30号; NATIONAL.md §2),
// sections 二, 三 and 四, computed from the signed events (docs/REPORT.md
// defines every cell).
//
// AnnualReports folds entries in ledger order; Report(agency, year) then
// gives one report. Pure: the counts depend only on the entries applied.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/store.h"
#include "projections/event_record.h"
#include "ledger/rules/date.h"

namespace gongkai::report {

// Section 三's columns (申请人情况), the last being 总计.
inline constexpr size_t kApplicantColumns = 7;
// Section 三's rows: 一, 二, the 21 outcomes (三（一）…（六）3), 三（七）总计, 四.
inline constexpr size_t kOutcomeRows = 21;
inline constexpr size_t kApplicationRows = 2 + kOutcomeRows + 2;
inline constexpr size_t kRowNew = 0, kRowCarriedIn = 1, kRowFirstOutcome = 2,
                        kRowOutcomeTotal = kRowFirstOutcome + kOutcomeRows, kRowCarriedOut = kRowOutcomeTotal + 1;
// Section 四's columns: 行政复议, 行政诉讼（未经复议直接起诉）, 行政诉讼（复议后起诉）,
// each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
inline constexpr size_t kReviewColumns = 15;

struct DocumentCounts {
  int64_t made = 0;      // 本年制发件数: first published in the year
  int64_t revoked = 0;   // 本年废止件数: revoked in the year
  int64_t in_force = 0;  // 现行有效件数: published and not revoked at the year's end
};

struct AnnualReport {
  std::string agency;
  int year = 0;
  // 二、主动公开政府信息情况
  DocumentCounts regulations, normative_documents;  // 规章, 行政规范性文件
  int64_t licensing_decisions = 0, penalty_decisions = 0, coercion_decisions = 0;
  uint64_t fees_fen = 0;  // 行政事业性收费, printed in 万元 (1 万元 = 1,000,000 fen)
  // 三、收到和处理政府信息公开申请情况 [row][column]
  std::array<std::array<int64_t, kApplicantColumns>, kApplicationRows> applications{};
  // 四、政府信息公开行政复议、行政诉讼情况
  std::array<int64_t, kReviewColumns> reviews{};
  // The subjects behind each cell, by cell id (CellIds()); ascending.
  std::map<std::string, std::vector<std::string>> behind;
};

// A cell that breaks the form's arithmetic: its id, what it holds and what it should.
struct Inconsistency {
  std::string cell;
  int64_t value = 0, expected = 0;
  std::string rule;  // e.g. "一 + 二 = 三（七） + 四"
};

// The form's own checks: per column 一 + 二 = 三（七）总计 + 四, 三（七） is the sum
// of the outcome rows, every 总计 column is the sum of its row, section 四's
// 总计 sum their four; and, given the report of the year before, its 四 is
// this year's 二 (the carry-over chain). Empty when consistent.
std::vector<Inconsistency> Check(const AnnualReport& report, const AnnualReport* year_before);

// Folds entries into the counts every report needs.
class AnnualReports {
 public:
  AnnualReports();
  ~AnnualReports();
  AnnualReports(AnnualReports&&) noexcept;

  // Applies one entry (in ledger order). Errors: kMalformed for a date
  // field that does not parse (the entry names it).
  Status Apply(const projections::EventRecord& record);

  // The report of `agency` for `year`. Errors: kNotFound when no item or
  // application of the agency was applied.
  Result<AnnualReport> Report(std::string_view agency, int year) const;
  // Every agency with an item or an application, ascending.
  std::vector<std::string> Agencies() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The first year a report can be asked for: the regulation took effect on
// 2008-05-01.
inline constexpr int kFirstReportYear = 2008;

// The checked report of `agency` for `year` from the entries [0, end) of
// `ledger`: the composition `gongkai report` and a server share.
// Errors: kInvalidArgument for a year before kFirstReportYear; kNotFound
// when nothing of the agency counts in that year ("nothing to report");
// kInconsistent naming the first cell that breaks the form's rules.
Result<AnnualReport> CheckedReport(const Store& ledger, uint64_t end, const std::string& agency, int year);

// The subjects behind cell `cell` (an id of CellIds()), ascending.
// Errors: kInvalidArgument for an unknown cell.
Result<std::vector<std::string>> ExplainCell(const AnnualReport& report, const std::string& cell);

// Labels and cell ids, for printing and --explain.
struct Row {
  std::string id;     // e.g. "new", "withheldStateSecret", "total", "carriedOut"
  std::string label;  // the template's label, e.g. "一、本年新收政府信息公开申请数量", "1.属于国家秘密"
  std::string group;  // the heading it sits under, e.g. "三、本年度办理结果/（三）不予公开"; empty if none
};
const std::array<Row, kApplicationRows>& ApplicationRows();
const std::array<Row, kApplicantColumns>& ApplicantColumns();  // id, label (总计 last)
const std::array<Row, kReviewColumns>& ReviewColumns();        // id, label ("行政复议 结果维持", …)
// "applications/<row id>/<column id>", "reviews/<column id>" or
// "documents/<regulations|normativeDocuments>/<made|revoked|inForce>",
// "decisions/<licensing|penalty|coercion>", "fees".
std::vector<std::string> CellIds();

}  // namespace gongkai::report
