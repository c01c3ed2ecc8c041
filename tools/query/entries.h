// Queries over the ledger's own entries rather than the projections: one
// entry, the entries in a range (of one stream), the ledger's statistics,
// and the receipt of an append; each with its schema encoder
// (tools/query/results.capnp). They read the store only: a read-only
// store (Store::Mode::kReadOnly) beside a writing process is enough.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/action.h"
#include "ledger/entry.h"
#include "ledger/hash.h"
#include "ledger/ledger.h"
#include "ledger/store.h"
#include "ledger/tiles.h"
#include "tools/query/results.capnp.h"

namespace gongkai::query {

// One decoded stored entry; owns the stored bytes its views point into.
struct LoadedEntry {
  uint64_t seq = 0;
  std::string value;           // the stored value: record ‖ hash (docs/FORMAT.md)
  EntryView entry;             // the record's fields, pointing into `value`
  ByteView record;             // exactly the bytes the entry hash covers
  Digest hash{};
  std::optional<Action> action;
};

// Entry `seq`. Errors: kNotFound when the ledger has no such entry,
// kCorruption (at `seq`) when it cannot be decoded.
Result<LoadedEntry> EntryAt(const Store& store, uint64_t seq);

// When the ledger recorded each entry of `seqs` (ascending),
// in the same order, read with one MultiGet (each header alone decoded).
// Errors: kNotFound for a seq past the head; the ledger's.
Result<std::vector<UnixMicros>> RecordedTimesOf(const Store& store, const std::vector<uint64_t>& seqs);

// Calls `use` for each entry from `from` to `to` (inclusive), in order, of
// `stream` only when given. Errors: kNotFound for a stream the ledger does
// not have, and what `use` returns.
// The entry bundle of C2SP tlog-tiles that `tile` names (tile.entries):
// the records of entries [index·256, index·256 + width), each after its
// 2-byte big-endian length, read in one scan without decoding the actions.
// Errors: kNotFound for an entry the ledger does not hold.
Result<Bytes> EntryBundleOf(const Store& store, const tiles::TilePath& tile);

Status ForEachEntry(const Store& store, uint64_t from, uint64_t to, const std::optional<std::string>& stream,
                    const std::function<Status(const LoadedEntry&)>& use);

void ToSchema(const LoadedEntry& entry, schema::EntryView::Builder out);

struct LedgerStats {
  std::string origin;
  uint64_t entries = 0;
  Digest head_hash{};
  UnixMicros last_recorded = 0;
  uint32_t people = 0, keys = 0, revoked_keys = 0;
  uint64_t streams_estimate = 0;  // RocksDB's estimate of the keys in the streams family
  uint64_t sst_bytes = 0;
};
Result<LedgerStats> StatsOf(const Store& store);
void ToSchema(const LedgerStats& stats, schema::LedgerStats::Builder out);

void ToSchema(const AppendReceipt& receipt, schema::Receipt::Builder out);

}  // namespace gongkai::query
