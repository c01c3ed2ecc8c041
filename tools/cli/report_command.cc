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

Status QueryReport(const Args& args, QueryEnv& env) {
  auto agency = args.Require("agency");
  GK_RETURN_IF_ERROR(agency);
  auto year = args.GetUint("year", 0);
  GK_RETURN_IF_ERROR(year);
  auto format = report::ParseReportFormat(args.Get("format").value_or("text"));
  GK_RETURN_IF_ERROR(format);
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto point = PointOption(args, session);
  GK_RETURN_IF_ERROR(point);
  int y = static_cast<int>(std::min<uint64_t>(*year, INT32_MAX));
  auto report = report::CheckedReport(session.ledger(), point->end, *agency, y);
  GK_RETURN_IF_ERROR(report);
  if (auto cell = args.Get("explain")) {
    auto behind = report::ExplainCell(*report, *cell);
    GK_RETURN_IF_ERROR(behind);
    env.out.print("{} {} {}: {} subjects\n", *agency, y, *cell, behind->size());
    for (const std::string& subject : *behind) env.out.print("  {}\n", subject);
    return {};
  }
  env.out.print("{}", report::FormatReport(*report, *format));
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
              nullptr, QueryReport,
              [](const Args& args, query::QuerySession&) -> Result<query::ReadScope> {
                auto agency = args.Require("agency");
                GK_RETURN_IF_ERROR(agency);
                return query::AgencyScope(*agency);
              }},
  };
}

}  // namespace gongkai::cli
