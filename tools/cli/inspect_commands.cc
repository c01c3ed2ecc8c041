// gongkai show, log, stats: reading the ledger. They open the store
// read-only (no lock), so they run beside a process that is appending.
#include <fmt/core.h>

#include <rocksdb/db.h>

#include "ledger/action.h"
#include "ledger/entry.h"
#include "ledger/json.h"
#include "ledger/key_registry.h"
#include "ledger/payload_check.h"
#include "ledger/ledger.h"
#include "ledger/registry_store.h"
#include "ledger/store.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/cli/projection_io.h"
#include "tools/query/entries.h"

namespace gongkai::cli {
namespace {

Status QueryShow(const Args& args, QueryEnv& env) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "show takes one SEQ");
  auto seq = ParseUint(args.positional()[0], "SEQ");
  GK_RETURN_IF_ERROR(seq);
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  const Store& store = session.ledger();
  auto point = session.Point(std::nullopt);
  GK_RETURN_IF_ERROR(point);
  if (*seq >= point->end) return Fail(ErrorCode::kNotFound, "no entry {}: the ledger has {} entries", *seq, point->end);
  auto loaded = query::EntryAt(store, *seq);
  GK_RETURN_IF_ERROR(loaded);
  if (args.Has("json")) {
    PrintJson<schema::EntryView>(out, *loaded);
    return {};
  }
  if (args.Has("raw") || args.Has("hex")) {  // the record: exactly what the entry hash covers
    if (args.Has("hex")) {
      out.print("{}\n", ToHex(loaded->record));
    } else {
      out.Write(std::string_view(reinterpret_cast<const char*>(loaded->record.data()), loaded->record.size()));
    }
    return {};
  }
  auto registry = session.Registry();
  GK_RETURN_IF_ERROR(registry);
  const Action& action = *loaded->action;
  int64_t expected = action.expected_version();
  out.print("entry {}\n", *seq);
  out.print("  hash        {}\n  previous    {}\n", ToHex(loaded->hash), ToHex(loaded->entry.prev_hash));
  out.print("  recorded    {}\n  business    {}\n", FormatTime(loaded->entry.recorded_time),
             FormatTime(action.business_time()));
  out.print("  stream      {}\n  event id    {}\n  expected    {}\n", action.stream(), action.event_id(),
             expected < 0 ? std::string("any version") : fmt::format("version {}", expected));
  out.print("  signer      {} key {}\n", DescribePerson(**registry, action.actor_key_id()), action.actor_key_id());
  std::string signature = ToHex(loaded->entry.signature);
  out.print("  kind        {}\n  signature   {}\n", EventKindName(action.reader()), signature.substr(0, 64));
  if (signature.size() > 64) out.print("              {}\n", signature.substr(64));
  out.print("  action      {}\n", ActionToJson(action.reader(), /*pretty=*/true));
  return {};
}

Status QueryLog(const Args& args, QueryEnv& env) {
  auto from = args.GetUint("from", 0);
  auto to = args.GetUint("to", UINT64_MAX);
  GK_RETURN_IF_ERROR(from);
  GK_RETURN_IF_ERROR(to);
  if (*to < *from) return Fail(ErrorCode::kInvalidArgument, "--to {} is before --from {}", *to, *from);
  auto stream = args.Get("stream");
  bool json = args.Has("json");
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto registry = session.Registry();
  GK_RETURN_IF_ERROR(registry);
  auto point = session.Point(std::nullopt);
  GK_RETURN_IF_ERROR(point);
  if (point->end == 0) return {};
  bool header_printed = false;
  return query::ForEachEntry(session.ledger(), *from, std::min(*to, point->end - 1), stream,
                             [&](const query::LoadedEntry& loaded) -> Status {
    const Action& action = *loaded.action;
    if (json) {
      PrintJson<schema::EntryView>(out, loaded);
      return {};
    }
    const KeyRecord* key = (*registry)->FindKey(action.actor_key_id());
    if (!header_printed) {
      out.print("{:>8}  {:<16}  {:<36} {:<26} {}\n", "SEQ", "RECORDED", "KIND", "STREAM", "SIGNER");
      header_printed = true;
    }
    // The event id is shown when it is not the usual "STREAM#N".
    std::string_view event_id = action.event_id();
    bool usual_id = event_id.starts_with(action.stream()) && event_id.size() > action.stream().size() + 1 &&
                    event_id[action.stream().size()] == '#' &&
                    event_id.find_first_not_of("0123456789", action.stream().size() + 1) == std::string_view::npos;
    out.print("{:>8}  {}  {:<36} {:<26} {}{}\n", loaded.seq, FormatTime(loaded.entry.recorded_time).substr(0, 16),
               EventKindName(action.reader()), action.stream(), key ? key->person_id : "?",
               usual_id ? "" : fmt::format("  id {}", event_id));
    return {};
  });
}

Status QueryStats(const Args& args, QueryEnv& env) {
  Output& out = env.out;
  auto opened = env.Session();
  GK_RETURN_IF_ERROR(opened);
  query::QuerySession& session = **opened;
  auto stats = query::StatsOf(session.ledger());
  GK_RETURN_IF_ERROR(stats);
  if (args.Has("json")) {
    PrintJson<schema::LedgerStats>(out, *stats);
    return {};
  }
  const uint64_t size = stats->entries;
  out.print("ledger        {}\nentries       {} (0..{})\nhead hash     {}\nlast recorded {}\n", stats->origin, size,
             size ? size - 1 : 0, ToHex(stats->head_hash), FormatTime(stats->last_recorded));
  out.print("people        {}\nkeys          {} ({} revoked)\nstreams       ~{}\non disk       {} bytes in SST files\n",
             stats->people, stats->keys, stats->revoked_keys, stats->streams_estimate, stats->sst_bytes);
  return {};
}

}  // namespace

std::vector<Command> InspectCommands() {
  return {
      Command{"show", "SEQ [--json|--raw|--hex]", "print one entry",
              "--raw writes the entry record's bytes, exactly what the entry hash covers, so\n"
              "'gongkai show N --raw | sha256sum' prints the entry hash (docs/FORMAT.md).",
              {{"json", false, "one JSON object"},
               {"raw", false, "the entry record's bytes, binary, to standard output"},
               {"hex", false, "the entry record's bytes in hex"}},
              nullptr, QueryShow, EverythingScope},  // entries may be drafts
      Command{"log", "[--stream S] [--from N] [--to N] [--json]", "list entries, one line each",
              "Columns: sequence number, the time the ledger recorded the entry (its business\n"
              "time, when the act occurred, is in 'gongkai show SEQ'), event kind, stream, the\n"
              "signer's person id, and the event id ('id …') when it is not the usual STREAM#N.",
              {{"stream", true, "S only entries of this stream"},
               {"from", true, "N first sequence number (default 0)"},
               {"to", true, "N last sequence number (default the head)"},
               {"json", false, "one JSON object per entry"}},
              nullptr, QueryLog, EverythingScope},
      Command{"stats", "[--json]", "size, head and registry of the ledger", "",
              {{"json", false, "one JSON object"}}, nullptr, QueryStats,
              PublicScope},
  };
}

}  // namespace gongkai::cli
