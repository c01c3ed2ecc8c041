// gongkai project, who-approved, approvals: the projections rebuilt from the
// signed events (docs/PROJECTIONS.md). The ledger is opened read-only; the
// projections live in DATA/projections and catch up before every query.
#include <fmt/core.h>

#include "ledger/json.h"
#include "projections/projection_db.h"
#include "projections/runner.h"
#include "replay/date.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"

namespace gongkai::cli {
namespace {

using projections::ActRecord;
using projections::ProjectionDb;

std::string ProjectionDir(const Context& context) { return context.data_dir + "/projections"; }

// Opens the projections and brings them up to the ledger's head.
Result<std::unique_ptr<ProjectionDb>> OpenCaughtUp(const Context& context) {
  auto ledger = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  if (!ledger) return std::unexpected(ledger.error());
  auto db = ProjectionDb::Open(ProjectionDir(context));
  if (!db) return std::unexpected(db.error());
  if (auto report = projections::CatchUp(**ledger, **db); !report) return std::unexpected(report.error());
  return db;
}

// A progress line on stderr for long runs (a line every 10%).
std::function<void(uint64_t, uint64_t)> Progress(bool quiet) {
  if (quiet) return nullptr;
  return [last = -1](uint64_t done, uint64_t total) mutable {
    int decile = total ? static_cast<int>(done * 10 / total) : 10;
    if (decile == last) return;
    last = decile;
    fmt::print(stderr, "project: {}% ({}/{} entries)\n", decile * 10, done, total);
  };
}

Status RunProject(const Args& args, const Context& context) {
  auto ledger = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  if (!ledger) return std::unexpected(ledger.error());
  auto db = ProjectionDb::Open(ProjectionDir(context));
  if (!db) return std::unexpected(db.error());
  projections::RunOptions options;
  options.progress = Progress(args.Has("quiet"));
  auto report = args.Has("rebuild") ? projections::Rebuild(**ledger, **db, options)
                                    : projections::CatchUp(**ledger, **db, options);
  if (!report) return std::unexpected(report.error());
  fmt::print("projections at entry {} (generation {}): applied {} entries from {}\n", report->next_seq,
             report->generation, report->applied, report->from);
  return {};
}

std::string ActJson(const ActRecord& act) {
  return fmt::format(
      "{{\"seq\":{},\"time\":\"{}\",\"subject\":{},\"agency\":{},\"act\":{},\"person\":{},\"role\":{},"
      "\"opinion\":{}}}",
      act.seq, FormatTime(act.business_time), JsonString(act.subject), JsonString(act.agency), JsonString(act.act),
      JsonString(act.person), JsonString(act.role), JsonString(act.opinion));
}

void PrintActs(const std::vector<ActRecord>& acts, bool json, bool show_subject) {
  if (json) {
    for (const ActRecord& act : acts) fmt::print("{}\n", ActJson(act));
    return;
  }
  for (const ActRecord& act : acts) {
    fmt::print("{:>8}  {}  {:<40} {:<20} {:<24} {}{}\n", act.seq, FormatTime(act.business_time).substr(0, 16),
               act.act, act.person, act.role.empty() ? "(no role)" : act.role, act.opinion,
               show_subject ? "  " + act.subject : "");
  }
}

Status RunWhoApproved(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "who-approved takes one ITEM");
  std::string subject = args.positional()[0];
  if (subject.find('/') == std::string::npos) subject = "item/" + subject;
  auto db = OpenCaughtUp(context);
  if (!db) return std::unexpected(db.error());
  auto acts = (*db)->BySubject(subject);
  if (!acts) return std::unexpected(acts.error());
  std::erase_if(*acts, [](const ActRecord& act) { return !projections::IsApprovalAct(act.act); });
  if (acts->empty()) return Fail(ErrorCode::kNotFound, "no approval chain for '{}' in this ledger", subject);
  if (!args.Has("json")) fmt::print("{}: {} acts\n", subject, acts->size());
  PrintActs(*acts, args.Has("json"), false);
  return {};
}

Result<UnixMicros> DateBound(const Args& args, const std::string& name, UnixMicros fallback) {
  auto text = args.Get(name);
  if (!text) return fallback;
  auto date = rules::ParseDate(*text);
  if (!date) return Fail(ErrorCode::kInvalidArgument, "--{}: {}", name, date.error().message);
  return rules::StartOfDay(*date);
}

Status RunApprovals(const Args& args, const Context& context) {
  auto actor = args.Require("actor");
  if (!actor) return std::unexpected(actor.error());
  auto from = DateBound(args, "from", INT64_MIN);
  if (!from) return std::unexpected(from.error());
  auto to = DateBound(args, "to", INT64_MAX);
  if (!to) return std::unexpected(to.error());
  if (args.Has("to")) *to += 24LL * 3600 * 1'000'000;  // --to is inclusive
  if (*from >= *to) return Fail(ErrorCode::kInvalidArgument, "--from must not be after --to");
  auto db = OpenCaughtUp(context);
  if (!db) return std::unexpected(db.error());
  auto acts = (*db)->ByPerson(*actor, *from, *to);
  if (!acts) return std::unexpected(acts.error());
  std::erase_if(*acts, [](const ActRecord& act) { return !projections::IsApprovalAct(act.act); });
  if (!args.Has("json")) fmt::print("{}: {} acts\n", *actor, acts->size());
  PrintActs(*acts, args.Has("json"), true);
  return {};
}

}  // namespace

std::vector<Command> ProjectionCommands() {
  return {
      Command{"project", "[--rebuild] [--quiet]", "bring the projections up to the ledger's head",
              "The projections (docs/PROJECTIONS.md) live in DATA/projections and are rebuilt\n"
              "from the signed events alone; the ledger is opened read-only and never changed.\n"
              "Without options, applies the entries appended since the last run (queries do\n"
              "this themselves). --rebuild builds everything again from entry 0 into fresh\n"
              "tables and switches to them only when complete.",
              {{"rebuild", false, "rebuild from entry 0"}, {"quiet", false, "no progress lines"}},
              RunProject},
      Command{"who-approved", "ITEM [--json]", "the approval chain of an item (or case/ID)",
              "Who drafted, reviewed, cleared, approved, signed off, voted, objected and\n"
              "published: each act with its sequence number, business time, the person, the\n"
              "role they held at that time and their opinion. ITEM is an item id, or a stream\n"
              "such as case/ID.",
              {{"json", false, "one JSON object per act"}},
              RunWhoApproved},
      Command{"approvals", "--actor PERSON [--from DATE] [--to DATE] [--json]",
              "everything a person approved, reviewed, voted on or objected to in a period",
              "Every act of PERSON with business time from --from up to and including --to\n"
              "(dates YYYY-MM-DD, China Standard Time), in time order.",
              {{"actor", true, "PERSON the person id"},
               {"from", true, "DATE first day"},
               {"to", true, "DATE last day"},
               {"json", false, "one JSON object per act"}},
              RunApprovals},
  };
}

}  // namespace gongkai::cli
