#include "tools/query/entries.h"

#include <rocksdb/db.h>

#include "ledger/base/time.h"
#include "ledger/head.h"
#include "ledger/registry_store.h"

namespace gongkai::query {
namespace {

Result<LoadedEntry> Decode(uint64_t seq, std::string value) {
  LoadedEntry loaded{seq, std::move(value), {}, {}, {}, std::nullopt};
  auto stored = SplitStoredEntry(AsBytes(loaded.value));
  if (!stored) return FailAt(seq, stored.error().code, "{}", stored.error().message);
  auto entry = DecodeEntry(stored->record);
  if (!entry) return FailAt(seq, entry.error().code, "{}", entry.error().message);
  loaded.entry = *entry;
  loaded.record = stored->record;
  std::copy(stored->stored_hash.begin(), stored->stored_hash.end(), loaded.hash.begin());
  // Checked in full when appended, and again by every verify.
  auto action = Action::ParseStored(entry->action);
  if (!action) return FailAt(seq, action.error().code, "{}", action.error().message);
  loaded.action = std::move(*action);
  return loaded;
}

capnp::Data::Reader DataOf(ByteView bytes) { return capnp::Data::Reader(bytes.data(), bytes.size()); }

}  // namespace

Result<LoadedEntry> EntryAt(const Store& store, uint64_t seq) {
  auto value = store.Get(Family::kEntries, SeqKey(seq));
  GK_RETURN_IF_ERROR(value);
  if (!*value) return Fail(ErrorCode::kNotFound, "no entry {} in this ledger", seq);
  return Decode(seq, std::move(**value));
}

Result<std::vector<UnixMicros>> RecordedTimesOf(const Store& store, const std::vector<uint64_t>& seqs) {
  std::vector<std::array<uint8_t, 8>> keys;
  keys.reserve(seqs.size());
  for (uint64_t seq : seqs) keys.push_back(SeqKey(seq));
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const auto& key : keys) slices.push_back(ToSlice(key));
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  store.db()->MultiGet(rocksdb::ReadOptions(), store.family(Family::kEntries), slices.size(), slices.data(),
                       values.data(), statuses.data(), /*sorted_input=*/true);
  std::vector<UnixMicros> times;
  times.reserve(seqs.size());
  for (size_t i = 0; i < seqs.size(); ++i) {
    if (statuses[i].IsNotFound()) return Fail(ErrorCode::kNotFound, "no entry {} in this ledger", seqs[i]);
    if (!statuses[i].ok()) return Fail(ErrorCode::kIo, "reading entry {}: {}", seqs[i], statuses[i].ToString());
    auto stored = SplitStoredEntry(ByteView(reinterpret_cast<const uint8_t*>(values[i].data()), values[i].size()));
    if (!stored) return FailAt(seqs[i], stored.error().code, "{}", stored.error().message);
    auto entry = DecodeEntry(stored->record);
    if (!entry) return FailAt(seqs[i], entry.error().code, "{}", entry.error().message);
    times.push_back(entry->recorded_time);
  }
  return times;
}

Result<Bytes> EntryBundleOf(const Store& store, const tiles::TilePath& tile) {
  const uint64_t first = tile.index * tiles::kTileWidth, end = first + tile.width;
  Bytes bundle;
  uint64_t next = first;
  auto it = store.Scan(Family::kEntries, /*readahead=*/0);
  for (it->Seek(ToSlice(SeqKey(first))); it->Valid() && next < end; it->Next(), ++next) {
    if (it->key() != ToSlice(SeqKey(next))) break;  // a gap: reported below
    auto stored = SplitStoredEntry(ToBytes(it->value()));
    if (!stored) return FailAt(next, stored.error().code, "{}", stored.error().message);
    GK_RETURN_IF_ERROR(tiles::AppendToBundle(bundle, stored->record));
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  if (next < end) return Fail(ErrorCode::kNotFound, "no entry {} in this ledger", next);
  return bundle;
}

Status ForEachEntry(const Store& store, uint64_t from, uint64_t to, const std::optional<std::string>& stream,
                    const std::function<Status(const LoadedEntry&)>& use) {
  if (stream) {
    auto version = store.Get(Family::kStreams, AsBytes(*stream));
    GK_RETURN_IF_ERROR(version);
    if (!*version) return Fail(ErrorCode::kNotFound, "no stream '{}' in this ledger", *stream);
  }
  auto it = store.Scan(Family::kEntries);
  for (it->Seek(ToSlice(SeqKey(from))); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Fail(ErrorCode::kCorruption, "malformed entry key");
    uint64_t seq = GetBigEndian(ToBytes(it->key()).data(), 8);
    if (seq > to) break;
    auto loaded = Decode(seq, it->value().ToString());
    GK_RETURN_IF_ERROR(loaded);
    if (stream && loaded->action->stream() != *stream) continue;
    GK_RETURN_IF_ERROR(use(*loaded));
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  return {};
}

void ToSchema(const LoadedEntry& entry, schema::EntryView::Builder out) {
  out.setSeq(entry.seq);
  out.setHash(DataOf(entry.hash));
  out.setPrevHash(DataOf(entry.entry.prev_hash));
  out.setRecorded(FormatTime(entry.entry.recorded_time));
  out.setSignature(DataOf(entry.entry.signature));
  out.setAction(entry.action->reader());
}

Result<LedgerStats> StatsOf(const Store& store) {
  auto head = ReadHead(store);
  GK_RETURN_IF_ERROR(head);
  auto stored = LoadStoredRegistry(store);
  GK_RETURN_IF_ERROR(stored);
  const KeyRegistry& registry = stored->registry;
  LedgerStats stats{std::string(registry.origin()), head->size, head->last_hash, head->last_recorded,
                    static_cast<uint32_t>(registry.persons().size()), static_cast<uint32_t>(registry.keys().size())};
  for (const auto& [id, key] : registry.keys()) stats.revoked_keys += key.revoked_from.has_value();
  store.db()->GetIntProperty(store.family(Family::kStreams), "rocksdb.estimate-num-keys", &stats.streams_estimate);
  store.db()->GetAggregatedIntProperty("rocksdb.total-sst-files-size", &stats.sst_bytes);
  return stats;
}

void ToSchema(const LedgerStats& stats, schema::LedgerStats::Builder out) {
  out.setOrigin(stats.origin);
  out.setEntries(stats.entries);
  out.setHeadHash(DataOf(stats.head_hash));
  out.setLastRecorded(FormatTime(stats.last_recorded));
  out.setPeople(stats.people);
  out.setKeys(stats.keys);
  out.setRevokedKeys(stats.revoked_keys);
  out.setStreamsEstimate(stats.streams_estimate);
  out.setSstBytes(stats.sst_bytes);
}

void ToSchema(const AppendReceipt& receipt, schema::Receipt::Builder out) {
  out.setSeq(receipt.seq);
  out.setHash(DataOf(receipt.entry_hash));
  out.setRecorded(FormatTime(receipt.recorded_time));
  out.setDuplicate(receipt.duplicate);
}

}  // namespace gongkai::query
