// gongkai report: the national annual report of one agency and year
// (docs/REPORT.md), computed by folding the ledger's entries (opened
// read-only). The form's arithmetic and the carry-over from the year before
// are checked; an inconsistent report is refused, naming the cell.
#include <fmt/core.h>

#include <algorithm>

#include "ledger/store.h"
#include "projections/entry_scan.h"
#include "replay/annual_report.h"
#include "replay/report_format.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"

namespace gongkai::cli {
namespace {

Status RunReport(const Args& args, const Context& context) {
  auto agency = args.Require("agency");
  GK_RETURN_IF_ERROR(agency);
  auto year = args.GetUint("year", 0);
  GK_RETURN_IF_ERROR(year);
  if (*year < 2008 || *year > 2100) return Fail(ErrorCode::kInvalidArgument, "--year: a year from 2008 (the regulation)");
  auto format = report::ParseReportFormat(args.Get("format").value_or("text"));
  GK_RETURN_IF_ERROR(format);
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto point = PointOption(args, **store);
  GK_RETURN_IF_ERROR(point);
  report::AnnualReports reports;
  auto applied = projections::ApplyEntries(
      **store, point->end, [&](const projections::EventRecord& record) { return reports.Apply(record); });
  GK_RETURN_IF_ERROR(applied);
  int y = static_cast<int>(*year);
  auto report = reports.Report(*agency, y);
  GK_RETURN_IF_ERROR(report);
  if (report->behind.empty()) {
    return Fail(ErrorCode::kNotFound, "nothing to report: no item, application or document of agency '{}' counts in {}",
                *agency, y);
  }
  auto year_before = reports.Report(*agency, y - 1);
  GK_RETURN_IF_ERROR(year_before);
  auto wrong = report::Check(*report, &*year_before);
  if (!wrong.empty()) {
    const report::Inconsistency& first = wrong.front();
    return Fail(ErrorCode::kInconsistent, "the {} report of {} does not add up: {} is {} but {} makes it {}{}", y,
                *agency, first.cell, first.value, first.rule, first.expected,
                wrong.size() > 1 ? fmt::format(" (and {} more cells)", wrong.size() - 1) : "");
  }
  if (auto cell = args.Get("explain")) {
    auto ids = report::CellIds();
    if (std::ranges::find(ids, *cell) == ids.end()) {
      return Fail(ErrorCode::kInvalidArgument, "no cell '{}' (e.g. applications/new/naturalPerson, reviews/"
                  "reconsideration/upheld, documents/regulations/made; docs/REPORT.md lists them)", *cell);
    }
    auto behind = report->behind.find(*cell);
    size_t count = behind == report->behind.end() ? 0 : behind->second.size();
    fmt::print("{} {} {}: {} subjects\n", *agency, y, *cell, count);
    if (count) {
      for (const std::string& subject : behind->second) fmt::print("  {}\n", subject);
    }
    return {};
  }
  fmt::print("{}", report::FormatReport(*report, *format));
  return {};
}

}  // namespace

std::vector<Command> ReportCommands() {
  return {
      Command{"report", "--agency G --year Y [--format text|markdown|csv|json] [--explain CELL] [--as-of SEQ|TIME|DATE]",
              "the national annual report (年度报告) of an agency, from the signed events",
              "Sections 二 (proactive disclosure), 三 (applications by applicant category:\n"
              "received, carried over, every outcome, carried forward) and 四 (reconsideration\n"
              "and litigation) of the national template, with its exact row labels\n"
              "(docs/REPORT.md defines every cell). The form's arithmetic (一 + 二 = 三（七）\n"
              "+ 四, every total) and the carry-over from the year before are checked; an\n"
              "inconsistent report is refused, naming the first wrong cell. --explain CELL\n"
              "lists the items or cases behind one number. --as-of: the ledger as it stood\n"
              "then (docs/REPLAY.md).",
              {{"agency", true, "G the agency id"},
               {"year", true, "Y the report's year"},
               {"format", true, "F text (default), markdown, csv or json"},
               {"explain", true, "CELL list what a cell counts"},
               kAsOfOption},
              RunReport},
  };
}

}  // namespace gongkai::cli
