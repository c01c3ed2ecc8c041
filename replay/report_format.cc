#include "replay/report_format.h"

#include <fmt/core.h>

#include <capnp/message.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "ledger/json_codec.h"
#include "replay/report.capnp.h"

namespace gongkai::report {
namespace {

// One table of the report: a heading, column labels and labelled rows of
// values, each value with its cell id.
struct Table {
  std::string section;  // "二、主动公开政府信息情况", …
  std::string heading;  // e.g. "第二十条第（一）项"; empty if none
  std::string corner;   // the label over the row labels, e.g. "信息内容"
  std::vector<std::string> columns;
  struct Line {
    std::string label;  // the row's label, with its group: "（三）不予公开 1.属于国家秘密"
    std::vector<std::string> values, cells;
  };
  std::vector<Line> lines;
};

std::string Count(int64_t n) { return std::to_string(n); }

std::vector<Table> TablesOf(const AnnualReport& r) {
  std::vector<Table> tables;
  const std::string two = "二、主动公开政府信息情况";
  Table documents{two, "第二十条第（一）项", "信息内容", {"本年制发件数", "本年废止件数", "现行有效件数"}, {}};
  for (auto [label, id, counts] : {std::tuple{"规章", "regulations", &r.regulations},
                                   std::tuple{"行政规范性文件", "normativeDocuments", &r.normative_documents}}) {
    documents.lines.push_back({label,
                               {Count(counts->made), Count(counts->revoked), Count(counts->in_force)},
                               {fmt::format("documents/{}/made", id), fmt::format("documents/{}/revoked", id),
                                fmt::format("documents/{}/inForce", id)}});
  }
  tables.push_back(std::move(documents));
  tables.push_back({two, "第二十条第（五）项", "信息内容", {"本年处理决定数量"},
                    {{"行政许可", {Count(r.licensing_decisions)}, {"decisions/licensing"}}}});
  tables.push_back({two, "第二十条第（六）项", "信息内容", {"本年处理决定数量"},
                    {{"行政处罚", {Count(r.penalty_decisions)}, {"decisions/penalty"}},
                     {"行政强制", {Count(r.coercion_decisions)}, {"decisions/coercion"}}}});
  tables.push_back({two, "第二十条第（八）项", "信息内容", {"本年收费金额（单位：万元）"},
                    {{"行政事业性收费", {WanYuan(r.fees_fen)}, {"fees"}}}});

  Table applications{"三、收到和处理政府信息公开申请情况", "", "申请人情况", {}, {}};
  for (const Row& column : ApplicantColumns()) {
    applications.columns.push_back(column.group.empty() ? column.label : column.group + " " + column.label);
  }
  for (size_t row = 0; row < kApplicationRows; ++row) {
    const Row& label = ApplicationRows()[row];
    std::string group = label.group;
    if (auto slash = group.find('/'); slash != std::string::npos) group = group.substr(slash + 1);
    if (group.starts_with("三、")) group.clear();
    Table::Line line{group.empty() ? label.label : group + " " + label.label, {}, {}};
    if (row >= kRowFirstOutcome && row <= kRowOutcomeTotal) line.label = "三、本年度办理结果 " + line.label;
    for (size_t column = 0; column < kApplicantColumns; ++column) {
      line.values.push_back(Count(r.applications[row][column]));
      line.cells.push_back(fmt::format("applications/{}/{}", label.id, ApplicantColumns()[column].id));
    }
    applications.lines.push_back(std::move(line));
  }
  tables.push_back(std::move(applications));

  Table reviews{"四、政府信息公开行政复议、行政诉讼情况", "", "", {}, {{"", {}, {}}}};
  for (size_t column = 0; column < kReviewColumns; ++column) {
    const Row& label = ReviewColumns()[column];
    std::string group = label.group;
    std::replace(group.begin(), group.end(), '/', ' ');
    reviews.columns.push_back(group + " " + label.label);
    reviews.lines[0].values.push_back(Count(r.reviews[column]));
    reviews.lines[0].cells.push_back("reviews/" + label.id);
  }
  tables.push_back(std::move(reviews));
  return tables;
}

// Columns a string takes on a terminal: CJK and full-width forms take two.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += bytes >= 3 ? 2 : 1;
    i += bytes;
  }
  return width;
}

std::string PadRight(const std::string& text, size_t width) {
  size_t w = DisplayWidth(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Title(const AnnualReport& r) {
  return fmt::format("{} 政府信息公开工作年度报告（{}年）", r.agency, r.year);
}

std::string Text(const AnnualReport& r) {
  std::string out = Title(r) + "\n";
  std::string section;
  for (const Table& t : TablesOf(r)) {
    if (t.section != section) out += "\n" + (section = t.section) + "\n";
    if (!t.heading.empty()) out += t.heading + "\n";
    size_t label_width = DisplayWidth(t.corner);
    for (const auto& line : t.lines) label_width = std::max(label_width, DisplayWidth(line.label));
    if (t.columns.size() > 3) {
      // Wide tables: one line per row, the values then the label; the
      // column order is listed once.
      for (size_t c = 0; c < t.columns.size(); ++c) out += fmt::format("  [{}] {}\n", c + 1, t.columns[c]);
      for (const auto& line : t.lines) {
        out += " ";
        for (const std::string& value : line.values) out += fmt::format(" {:>5}", value);
        out += line.label.empty() ? "\n" : "  " + line.label + "\n";
      }
      continue;
    }
    out += "  " + PadRight(t.corner, label_width);
    for (const std::string& column : t.columns) out += "  " + column;
    out += "\n";
    for (const auto& line : t.lines) {
      out += "  " + PadRight(line.label, label_width);
      for (size_t c = 0; c < line.values.size(); ++c) {
        out += "  " + std::string(DisplayWidth(t.columns[c]) - std::min(DisplayWidth(t.columns[c]), line.values[c].size()), ' ') +
               line.values[c];
      }
      out += "\n";
    }
  }
  return out;
}

std::string Markdown(const AnnualReport& r) {
  std::string out = "# " + Title(r) + "\n";
  std::string section;
  for (const Table& t : TablesOf(r)) {
    if (t.section != section) out += "\n## " + (section = t.section) + "\n";
    if (!t.heading.empty()) out += "\n### " + t.heading + "\n";
    out += "\n| " + t.corner;
    for (const std::string& column : t.columns) out += " | " + column;
    out += " |\n|---";
    for (size_t c = 0; c < t.columns.size(); ++c) out += "|---:";
    out += "|\n";
    for (const auto& line : t.lines) {
      out += "| " + line.label;
      for (const std::string& value : line.values) out += " | " + value;
      out += " |\n";
    }
  }
  return out;
}

std::string Csv(const AnnualReport& r) {
  std::string out = "agency,year,section,table,row,column,value,cell\n";
  for (const Table& t : TablesOf(r)) {
    for (const auto& line : t.lines) {
      for (size_t c = 0; c < line.values.size(); ++c) {
        out += fmt::format("{},{},{},{},{},{},{},{}\n", CsvField(r.agency), r.year, CsvField(t.section),
                           CsvField(t.heading), CsvField(line.label), CsvField(t.columns[c]), line.values[c],
                           line.cells[c]);
      }
    }
  }
  return out;
}

std::string Json(const AnnualReport& r) {
  capnp::MallocMessageBuilder message;
  auto report = message.initRoot<schema::AnnualReportCells>();
  report.setAgency(r.agency);
  report.setYear(r.year);
  const std::vector<Table> tables = TablesOf(r);
  size_t count = 0;
  for (const Table& t : tables) {
    for (const auto& line : t.lines) count += line.values.size();
  }
  auto cells = report.initCells(static_cast<unsigned>(count));
  unsigned i = 0;
  for (const Table& t : tables) {
    for (const auto& line : t.lines) {
      for (size_t c = 0; c < line.values.size(); ++c, ++i) {
        cells[i].setCell(line.cells[c]);
        cells[i].setSection(t.section);
        cells[i].setTable(t.heading);
        cells[i].setRow(line.label);
        cells[i].setColumn(t.columns[c]);
        cells[i].setValue(line.values[c]);
      }
    }
  }
  return EncodeJson(report.asReader()) + "\n";
}

}  // namespace

Result<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "markdown") return ReportFormat::kMarkdown;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "json") return ReportFormat::kJson;
  return Fail(ErrorCode::kInvalidArgument, "unknown format '{}' (text, markdown, csv or json)", name);
}

std::string FormatReport(const AnnualReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::kMarkdown: return Markdown(report);
    case ReportFormat::kCsv: return Csv(report);
    case ReportFormat::kJson: return Json(report);
    case ReportFormat::kText: break;
  }
  return Text(report);
}

std::string WanYuan(uint64_t fen) {
  std::string out = std::to_string(fen / 1'000'000);
  uint64_t fraction = fen % 1'000'000;
  if (fraction == 0) return out;
  std::string digits = fmt::format("{:06}", fraction);
  while (digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

}  // namespace gongkai::report
