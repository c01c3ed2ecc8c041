#include "ledger/export_writer.h"

#include <filesystem>

#include "ledger/base/file.h"
#include "ledger/checkpoint_store.h"
#include "ledger/entry.h"
#include "ledger/head.h"
#include "ledger/merkle_store.h"
#include "ledger/registry_store.h"

namespace gongkai {
namespace {

// Writes the registry events before `from` to prefix.bin; returns its digest.
Result<std::string> WritePrefix(const Store& store, const std::string& path, uint64_t from) {
  auto file = FileWriter::Create(path);
  GK_RETURN_IF_ERROR(file);
  HashStream digest;
  auto index = store.Scan(Family::kRegistryIndex);
  for (index->SeekToFirst(); index->Valid(); index->Next()) {
    if (index->key().size() != 8) return Fail(ErrorCode::kCorruption, "malformed registry index key");
    uint64_t seq = GetBigEndian(ToBytes(index->key()).data(), 8);
    if (seq >= from) break;
    auto value = store.Get(Family::kEntries, SeqKey(seq));
    GK_RETURN_IF_ERROR(value);
    if (!*value) return FailAt(seq, ErrorCode::kCorruption, "registry event missing (run 'gongkai verify')");
    auto stored = SplitStoredEntry(AsBytes(**value));
    if (!stored) return FailAt(seq, stored.error().code, "{}", stored.error().message);
    std::string frame = ExportEntryFrame(stored->record, stored->stored_hash);
    GK_RETURN_IF_ERROR(file->Append(frame));
    digest.Update(AsBytes(frame));
  }
  if (!index->status().ok()) return Fail(ErrorCode::kIo, "reading the registry index: {}", index->status().ToString());
  GK_RETURN_IF_ERROR(file->Close());
  return ToHex(digest.Finish());
}

// Writes entries `from`..`to` to entries.bin; returns its digest.
Result<std::string> WriteEntries(const Store& store, const std::string& path, uint64_t from, uint64_t to,
                                 const ExportProgress& progress) {
  auto file = FileWriter::Create(path);
  GK_RETURN_IF_ERROR(file);
  HashStream digest;
  auto it = store.Scan(Family::kEntries);
  uint64_t expected = from;
  for (it->Seek(ToSlice(SeqKey(from))); it->Valid() && expected <= to; it->Next(), ++expected) {
    if (GetBigEndian(ToBytes(it->key()).data(), 8) != expected) {
      return Fail(ErrorCode::kCorruption, "entry {} is missing from the store (run 'gongkai verify')", expected);
    }
    auto stored = SplitStoredEntry(ToBytes(it->value()));
    if (!stored) return FailAt(expected, stored.error().code, "{}", stored.error().message);
    std::string frame = ExportEntryFrame(stored->record, stored->stored_hash);
    GK_RETURN_IF_ERROR(file->Append(frame));
    digest.Update(AsBytes(frame));
    if (progress && expected % 10000 == 0) progress(expected - from, to - from + 1);
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading entries: {}", it->status().ToString());
  if (expected != to + 1) return Fail(ErrorCode::kCorruption, "entry {} is missing from the store", expected);
  GK_RETURN_IF_ERROR(file->Close());
  return ToHex(digest.Finish());
}

}  // namespace

Result<ExportManifest> WriteExport(const Store& store, const std::string& out, uint64_t from, uint64_t to,
                                   const ExportProgress& progress) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
    return Fail(ErrorCode::kAlreadyExists, "{} exists and is not empty", out);
  }
  auto head = ReadHead(store);
  GK_RETURN_IF_ERROR(head);
  if (to >= head->size) return Fail(ErrorCode::kInvalidArgument, "--to {}: the last entry is {}", to, head->size - 1);
  if (from > to) return Fail(ErrorCode::kInvalidArgument, "--from {} is after --to {}", from, to);

  ExportManifest manifest;
  auto genesis = ReadGenesis(store);
  GK_RETURN_IF_ERROR(genesis);
  manifest.origin = std::string(genesis->ledger());
  auto genesis_payload = genesis->reader().getPayload().getGenesis();
  auto log_key = genesis_payload.getLogKey().getKey();
  manifest.log_key = Bytes(log_key.begin(), log_key.end());
  if (genesis_payload.hasSm2LogKey()) {
    auto sm2_log_key = genesis_payload.getSm2LogKey().getKey();
    manifest.sm2_log_key = Bytes(sm2_log_key.begin(), sm2_log_key.end());
  }
  manifest.from = from;
  manifest.to = to;

  fs::create_directories(fs::path(out) / kExportCheckpointDir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create {}: {}", out, ec.message());
  if (from > 0) {
    // The tree's edge at `from`, and every registry event before it.
    auto hash = StoredHashAlgorithm(store);
    GK_RETURN_IF_ERROR(hash);
    auto frontier = MerkleFrontier::Load(StoredMerkleNodes(store, *hash), from);
    GK_RETURN_IF_ERROR(frontier);
    for (const MerkleNode& node : frontier->edge()) manifest.frontier.push_back(node.hash);
    auto prefix = WritePrefix(store, (fs::path(out) / kExportPrefixFile).string(), from);
    GK_RETURN_IF_ERROR(prefix);
    manifest.prefix_sha256 = *prefix;
  }
  auto entries = WriteEntries(store, (fs::path(out) / kExportEntriesFile).string(), from, to, progress);
  GK_RETURN_IF_ERROR(entries);
  manifest.entries_sha256 = *entries;

  auto sizes = CheckpointSizes(store);
  GK_RETURN_IF_ERROR(sizes);
  for (uint64_t size : *sizes) {
    // Up to the head, checkpoints larger than the ledger go too: they are
    // evidence of removed entries, which gongkai-verify then names.
    if (size <= from || (size > to + 1 && to + 1 < head->size)) continue;
    auto note = LoadCheckpoint(store, size);
    GK_RETURN_IF_ERROR(note);
    std::string name = fmt::format("{}/{}.note", kExportCheckpointDir, size);
    GK_RETURN_IF_ERROR(WriteFileDurably((fs::path(out) / name).string(), (*note)->ToString()));
    manifest.checkpoint_files.push_back(name);
  }
  GK_RETURN_IF_ERROR(
      WriteFileDurably((fs::path(out) / kExportManifestFile).string(), ExportManifestToJson(manifest)));
  return manifest;
}

}  // namespace gongkai
