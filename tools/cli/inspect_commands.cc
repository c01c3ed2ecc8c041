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
#include "tools/query/entries.h"

namespace gongkai::cli {
namespace {

// The registry as of the head, for naming signers.
Result<KeyRegistry> LoadRegistry(const Store& store) {
  auto stored = LoadStoredRegistry(store);
  GK_RETURN_IF_ERROR(stored);
  return std::move(stored->registry);
}

Status RunShow(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "show takes one SEQ");
  auto seq = ParseUint(args.positional()[0], "SEQ");
  GK_RETURN_IF_ERROR(seq);
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto loaded = query::EntryAt(**store, *seq);
  if (!loaded && loaded.error().code == ErrorCode::kNotFound) {
    return Fail(ErrorCode::kNotFound, "no entry {} in {}", *seq, context.data_dir);
  }
  GK_RETURN_IF_ERROR(loaded);
  if (args.Has("json")) {
    PrintJson<schema::EntryView>(*loaded);
    return {};
  }
  if (args.Has("raw") || args.Has("hex")) {  // the record: exactly what the entry hash covers
    if (args.Has("hex")) {
      fmt::print("{}\n", ToHex(loaded->record));
    } else if (std::fwrite(loaded->record.data(), 1, loaded->record.size(), stdout) != loaded->record.size()) {
      return Fail(ErrorCode::kIo, "cannot write the record to standard output");
    }
    return {};
  }
  auto registry = LoadRegistry(**store);
  GK_RETURN_IF_ERROR(registry);
  const Action& action = *loaded->action;
  int64_t expected = action.expected_version();
  fmt::print("entry {}\n", *seq);
  fmt::print("  hash        {}\n  previous    {}\n", ToHex(loaded->hash), ToHex(loaded->entry.prev_hash));
  fmt::print("  recorded    {}\n  business    {}\n", FormatTime(loaded->entry.recorded_time),
             FormatTime(action.business_time()));
  fmt::print("  stream      {}\n  event id    {}\n  expected    {}\n", action.stream(), action.event_id(),
             expected < 0 ? std::string("any version") : fmt::format("version {}", expected));
  fmt::print("  signer      {} key {}\n", DescribePerson(*registry, action.actor_key_id()), action.actor_key_id());
  std::string signature = ToHex(loaded->entry.signature);
  fmt::print("  kind        {}\n  signature   {}\n", EventKindName(action.reader()), signature.substr(0, 64));
  if (signature.size() > 64) fmt::print("              {}\n", signature.substr(64));
  fmt::print("  action      {}\n", ActionToJson(action.reader(), /*pretty=*/true));
  return {};
}

Status RunLog(const Args& args, const Context& context) {
  auto from = args.GetUint("from", 0);
  auto to = args.GetUint("to", UINT64_MAX);
  GK_RETURN_IF_ERROR(from);
  GK_RETURN_IF_ERROR(to);
  if (*to < *from) return Fail(ErrorCode::kInvalidArgument, "--to {} is before --from {}", *to, *from);
  auto stream = args.Get("stream");
  bool json = args.Has("json");
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto registry = LoadRegistry(**store);
  GK_RETURN_IF_ERROR(registry);
  bool header_printed = false;
  return query::ForEachEntry(**store, *from, *to, stream, [&](const query::LoadedEntry& loaded) -> Status {
    const Action& action = *loaded.action;
    if (json) {
      PrintJson<schema::EntryView>(loaded);
      return {};
    }
    const KeyRecord* key = registry->FindKey(action.actor_key_id());
    if (!header_printed) {
      fmt::print("{:>8}  {:<16}  {:<36} {:<26} {}\n", "SEQ", "RECORDED", "KIND", "STREAM", "SIGNER");
      header_printed = true;
    }
    // The event id is shown when it is not the usual "STREAM#N".
    std::string_view event_id = action.event_id();
    bool usual_id = event_id.starts_with(action.stream()) && event_id.size() > action.stream().size() + 1 &&
                    event_id[action.stream().size()] == '#' &&
                    event_id.find_first_not_of("0123456789", action.stream().size() + 1) == std::string_view::npos;
    fmt::print("{:>8}  {}  {:<36} {:<26} {}{}\n", loaded.seq, FormatTime(loaded.entry.recorded_time).substr(0, 16),
               EventKindName(action.reader()), action.stream(), key ? key->person_id : "?",
               usual_id ? "" : fmt::format("  id {}", event_id));
    return {};
  });
}

Status RunStats(const Args& args, const Context& context) {
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto stats = query::StatsOf(**store);
  GK_RETURN_IF_ERROR(stats);
  if (args.Has("json")) {
    PrintJson<schema::LedgerStats>(*stats);
    return {};
  }
  const uint64_t size = stats->entries;
  fmt::print("ledger        {}\nentries       {} (0..{})\nhead hash     {}\nlast recorded {}\n", stats->origin, size,
             size ? size - 1 : 0, ToHex(stats->head_hash), FormatTime(stats->last_recorded));
  fmt::print("people        {}\nkeys          {} ({} revoked)\nstreams       ~{}\non disk       {} bytes in SST files\n",
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
              RunShow},
      Command{"log", "[--stream S] [--from N] [--to N] [--json]", "list entries, one line each",
              "Columns: sequence number, the time the ledger recorded the entry (its business\n"
              "time, when the act occurred, is in 'gongkai show SEQ'), event kind, stream, the\n"
              "signer's person id, and the event id ('id …') when it is not the usual STREAM#N.",
              {{"stream", true, "S only entries of this stream"},
               {"from", true, "N first sequence number (default 0)"},
               {"to", true, "N last sequence number (default the head)"},
               {"json", false, "one JSON object per entry"}},
              RunLog},
      Command{"stats", "[--json]", "size, head and registry of the ledger", "",
              {{"json", false, "one JSON object"}}, RunStats},
  };
}

}  // namespace gongkai::cli
