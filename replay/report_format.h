// The annual report printed: as text (the template's layout), Markdown
// tables, CSV (one cell per line) or JSON. Deterministic: the same report
// always gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "replay/annual_report.h"

namespace gongkai::report {

enum class ReportFormat { kText, kMarkdown, kCsv, kJson };

// "text", "markdown", "csv" or "json". Errors: kInvalidArgument otherwise.
Result<ReportFormat> ParseReportFormat(std::string_view name);

std::string FormatReport(const AnnualReport& report, ReportFormat format);

// Fen as 万元, exactly: 1234500 → "1.2345", 0 → "0".
std::string WanYuan(uint64_t fen);

}  // namespace gongkai::report
