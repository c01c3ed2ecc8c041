#include "tools/cli/projection_io.h"

#include <fmt/core.h>

#include <algorithm>

#include "ledger/json.h"
#include "tools/cli/io.h"
#include "ledger/ledger.h"
#include "ledger/registry_store.h"
#include "projections/entry_scan.h"
#include "projections/runner.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"

namespace gongkai::cli {

const OptionSpec kAsOfOption{"as-of", true,
                             "SEQ|TIME|DATE the ledger as it stood then: before entry SEQ, or recorded by TIME "
                             "or by the end of DATE (default: all of it)"};

Result<Projected> OpenProjected(const Context& context) {
  Projected projected;
  auto ledger = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(ledger);
  projected.ledger = std::move(*ledger);
  auto dir = context.dir().projections();
  GK_RETURN_IF_ERROR(dir);
  auto db = projections::ProjectionDb::Open(*dir);
  GK_RETURN_IF_ERROR(db);
  projected.db = std::move(*db);
  if (auto report = projections::CatchUp(*projected.ledger, *projected.db); !report) {
    return std::unexpected(report.error());
  }
  return projected;
}

namespace {

Result<std::optional<rules::Date>> DateOption(const Args& args, const std::string& name) {
  auto text = args.Get(name);
  if (!text) return std::nullopt;
  auto date = rules::ParseDate(*text);
  if (!date) return Fail(ErrorCode::kInvalidArgument, "--{}: {}", name, date.error().message);
  return *date;
}

}  // namespace

Result<Projected> OpenForFold(const Context& context, const std::optional<std::string>& agency) {
  if (agency) return OpenProjected(context);
  auto ledger = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(ledger);
  return Projected{std::move(*ledger), nullptr};
}

Result<SubjectQuery> OpenSubjectQuery(const Args& args, const Context& context) {
  SubjectQuery query;
  auto projected = OpenProjected(context);
  GK_RETURN_IF_ERROR(projected);
  query.projected = std::move(*projected);
  auto point = PointOption(args, *query.projected.ledger);
  GK_RETURN_IF_ERROR(point);
  query.point = *point;
  auto loader = projections::SubjectLoader::Open(*query.projected.ledger, *query.projected.db, point->end);
  GK_RETURN_IF_ERROR(loader);
  query.loader = std::move(*loader);
  return query;
}

Status RequireKnownPerson(const Store& ledger, const std::string& person) {
  auto stored = LoadStoredRegistry(ledger);
  GK_RETURN_IF_ERROR(stored);
  if (stored->registry.FindPerson(person)) return {};
  return Fail(ErrorCode::kNotFound, "no person '{}' in this ledger's key registry", person);
}

Status RequireKnownAgency(const projections::ProjectionDb& db, const std::string& agency) {
  bool found = false;
  auto visited = db.VisitByAgency(agency, INT64_MIN, INT64_MAX, [&](const projections::ActRecord&) -> Status {
    found = true;
    return Fail(ErrorCode::kAlreadyExists, "found");  // stops the visit at the first act
  });
  if (!visited && visited.error().code != ErrorCode::kAlreadyExists) return visited;
  if (found) return {};
  return Fail(ErrorCode::kNotFound, "no entry of agency '{}' in this ledger", agency);
}

Result<FoldedSubjects> FoldSubjects(const Projected& projected, const std::optional<std::string>& agency,
                                    uint64_t end) {
  FoldedSubjects folded;
  if (!agency) {
    folded.whole = std::make_unique<projections::FindingsEngine>(rules::RuleLibrary::Shipped(),
                                                                 rules::Calendar::Official());
    auto applied = projections::ApplyEntries(*projected.ledger, end, [&](const projections::EventRecord& record) {
      return folded.whole->Apply(record);
    });
    GK_RETURN_IF_ERROR(applied);
    return folded;
  }
  auto acts = projected.db->ByAgency(*agency, INT64_MIN, INT64_MAX);
  GK_RETURN_IF_ERROR(acts);
  std::erase_if(*acts, [&](const projections::ActRecord& act) { return act.seq >= end; });
  if (acts->empty()) return Fail(ErrorCode::kNotFound, "no entry of agency '{}' in this ledger", *agency);
  auto loader = projections::SubjectLoader::Open(*projected.ledger, *projected.db, end);
  GK_RETURN_IF_ERROR(loader);
  folded.loader = std::move(*loader);
  for (const projections::ActRecord& act : *acts) {
    if (!projections::HasSubjectState(act.subject)) continue;
    if (auto loaded = folded.loader->Load(act.subject); !loaded) return std::unexpected(loaded.error());
  }
  return folded;
}

Result<Period> PeriodOption(const Args& args) {
  auto from = DateOption(args, "from");
  GK_RETURN_IF_ERROR(from);
  auto to = DateOption(args, "to");
  GK_RETURN_IF_ERROR(to);
  Period period;
  if (*from) period.from = rules::StartOfDay(**from);
  if (*to) period.to = rules::StartOfDay(rules::Date{(*to)->days + 1});  // --to is inclusive
  if (period.from >= period.to) return Fail(ErrorCode::kInvalidArgument, "--from must not be after --to");
  return period;
}

Result<projections::LedgerPoint> PointOption(const Args& args, const Store& ledger) {
  auto text = args.Get("as-of");
  if (!text) return projections::PointAtHead(ledger);
  if (!text->empty() && std::ranges::all_of(*text, [](char c) { return c >= '0' && c <= '9'; })) {
    auto seq = args.GetUint("as-of", 0);
    GK_RETURN_IF_ERROR(seq);
    return projections::PointBeforeSeq(ledger, *seq);
  }
  if (text->find('T') != std::string::npos) {
    auto time = TimeOption(text);
    if (!time) return Fail(ErrorCode::kInvalidArgument, "--as-of: {}", time.error().message);
    return projections::PointAtTime(ledger, *time);
  }
  auto date = rules::ParseDate(*text);
  if (!date) return Fail(ErrorCode::kInvalidArgument, "--as-of: {} (a sequence number, a time or a date)", date.error().message);
  return projections::PointAtEndOf(ledger, *date);
}

std::string SubjectOf(const std::string& id, std::string_view kind) {
  return id.find('/') == std::string::npos ? fmt::format("{}/{}", kind, id) : id;
}

std::string ActJson(const projections::ActRecord& act) {
  return fmt::format(
      "{{\"seq\":{},\"time\":\"{}\",\"subject\":{},\"agency\":{},\"act\":{},\"person\":{},\"role\":{},"
      "\"opinion\":{}}}",
      act.seq, FormatTime(act.business_time), JsonString(act.subject), JsonString(act.agency), JsonString(act.act),
      JsonString(act.person), JsonString(act.role), JsonString(act.opinion));
}

void PrintActs(const std::vector<projections::ActRecord>& acts, bool show_subject) {
  if (acts.empty()) return;
  fmt::print("{:>8}  {:<16}  {:<36} {:<16} {:<24} {}\n", "SEQ", "BUSINESS TIME", "ACT", "PERSON", "ROLE",
             show_subject ? "OPINION  SUBJECT" : "OPINION");
  for (const projections::ActRecord& act : acts) {
    fmt::print("{:>8}  {}  {:<36} {:<16} {:<24} {}{}\n", act.seq, FormatTime(act.business_time).substr(0, 16),
               act.act, act.person, act.role.empty() ? "(no role)" : act.role, act.opinion,
               show_subject ? "  " + act.subject : "");
  }
}

std::string SeqList(const std::vector<uint64_t>& seqs) {
  std::string out;
  for (uint64_t seq : seqs) out += fmt::format("{}{}", out.empty() ? "" : ",", seq);
  return out;
}

void AppendListElement(std::string& list, const std::string& element) {
  if (!list.empty()) list += ',';
  list += element;
}

std::string FindingJson(const projections::Finding& f) {
  std::string responsible;
  for (const auto& r : f.attribution.responsible) {
    AppendListElement(responsible,
                      fmt::format("{{\"person\":{},\"role\":{},\"share\":{},\"rule\":{},\"reason\":{}}}",
                                  JsonString(r.person), JsonString(r.role), JsonString(r.share), JsonString(r.rule),
                                  JsonString(r.reason)));
  }
  return fmt::format(
      "{{\"id\":{},\"kind\":{},\"agency\":{},\"subject\":{},\"date\":\"{}\",\"evidence\":[{}],\"ruleSet\":{},"
      "\"article\":{},\"approval\":{},\"responsible\":[{}]}}",
      JsonString(f.id), JsonString(f.kind), JsonString(f.agency), JsonString(f.subject), rules::FormatDate(f.date),
      SeqList(f.evidence), JsonString(f.rule_set), JsonString(f.article), JsonString(f.attribution.approval),
      responsible);
}

void PrintFindingLine(const projections::Finding& f) {
  // The id is KIND@SUBJECT, shown only when it says more (a #SEQ suffix).
  bool usual_id = f.id == f.kind + "@" + f.subject;
  fmt::print("{}  {:<40} {:<8} {:<28} evidence {}{}\n", rules::FormatDate(f.date), f.kind, f.agency, f.subject,
             SeqList(f.evidence), usual_id ? "" : fmt::format("  (id {})", f.id));
}

}  // namespace gongkai::cli
