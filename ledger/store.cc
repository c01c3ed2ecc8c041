#include "ledger/store.h"

#include "ledger/data_dir.h"
#include "ledger/disk_reserve.h"

#include <filesystem>

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

namespace gongkai {
namespace {

constexpr const char* kFamilyNames[kFamilyCount] = {"default", "entries", "event_ids",
                                                   "streams", "registry_index", "merkle",
                                                   "checkpoints"};

// One block cache for the whole store. Proofs read O(log n) Merkle nodes
// scattered over the tree; kept warm, each read is a cache hit.
std::shared_ptr<rocksdb::Cache> SharedBlockCache() {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(256 << 20);
  return cache;
}

rocksdb::ColumnFamilyOptions FamilyOptions(Family family) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = SharedBlockCache();
  if (family == Family::kEventIds || family == Family::kStreams) {
    // Point lookups on every append, most of them for keys that are not
    // there (new event ids): Bloom filters skip the memtable and most files.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = true;
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.memtable_whole_key_filtering = true;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (family == Family::kEntries) options.write_buffer_size = 64 << 20;
  if (family == Family::kMerkle) {
    // Point reads of hashes: a Bloom filter finds the one table holding a
    // node, and hashes do not compress.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    options.compression = rocksdb::kNoCompression;
  }
  return options;
}

}  // namespace

Status Store::RequireExisting(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) return {};
  return Fail(ErrorCode::kNotFound, "no ledger at {} (create one with 'gongkai init')", dir);
}

Store::~Store() {
  for (auto* handle : families_) {
    if (handle && db_) db_->DestroyColumnFamilyHandle(handle);
  }
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, Mode mode, rocksdb::Env* env) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool exists = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (mode == Mode::kCreate && exists) {
    return Fail(ErrorCode::kAlreadyExists, "{} already holds a ledger", dir);
  }
  if (mode != Mode::kCreate && !exists) return std::unexpected(RequireExisting(dir).error());

  if (mode != Mode::kReadOnly && !IsWritableDirectory(dir)) {
    return Fail(ErrorCode::kReadOnly,
                "the ledger at {} is read-only: this command writes to it (queries and verification work on "
                "a read-only copy)",
                dir);
  }
  if (mode != Mode::kReadOnly) {
    // Opening for writing writes a new log and MANIFEST.
    fs::path where = dir;
    while (!fs::exists(where, ec) && where.has_parent_path() && where != where.parent_path()) {
      where = where.parent_path();
    }
    if (auto s = CheckRoomToWrite(where.empty() ? "." : where.string(), nullptr, 0); !s) {
      return std::unexpected(s.error());
    }
  }
  rocksdb::DBOptions options;
  // Replaying the log on open keeps it in memory rather than writing a
  // table file: an open never needs more room than the reserve.
  options.avoid_flush_during_recovery = true;
  // No preallocation of log files (about 70 MB each): the space a write
  // takes is then the space it is checked for (ledger/disk_reserve.h).
  options.allow_fallocate = false;
  options.create_if_missing = mode == Mode::kCreate;
  options.create_missing_column_families = mode == Mode::kCreate;
  options.paranoid_checks = true;
  if (env) options.env = env;
  options.keep_log_file_num = 3;
  options.max_background_jobs = 2;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kFamilyCount; ++i) {
    descriptors.emplace_back(kFamilyNames[i], FamilyOptions(static_cast<Family>(i)));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      mode == Mode::kReadOnly
          ? rocksdb::DB::OpenForReadOnly(options, dir, descriptors, &handles, &raw)
          : rocksdb::DB::Open(options, dir, descriptors, &handles, &raw);
  if (!status.ok()) {
    std::string text = status.ToString();
    if (status.IsIOError() && text.find("lock") != std::string::npos) {
      return Fail(ErrorCode::kBusy, "the ledger at {} is in use by another process", dir);
    }
    if (status.IsCorruption()) return Fail(ErrorCode::kCorruption, "cannot open {}: {}", dir, text);
    return Fail(ErrorCode::kIo, "cannot open {}: {}", dir, text);
  }
  auto store = std::unique_ptr<Store>(new Store());
  store->dir_ = dir;
  store->db_.reset(raw);
  for (int i = 0; i < kFamilyCount; ++i) store->families_[i] = handles[i];
  return store;
}

Result<std::optional<std::string>> Store::Get(Family family_id, ByteView key) const {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), family(family_id), ToSlice(key), &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return Fail(ErrorCode::kIo, "read from {}: {}", dir_, status.ToString());
  return std::optional<std::string>(std::move(value));
}

Status Store::Write(rocksdb::WriteBatch& batch, bool sync) {
  GK_RETURN_IF_ERROR(CheckRoomToWrite(dir_, db_.get(), batch.GetDataSize()));
  rocksdb::WriteOptions options;
  options.sync = sync;
  rocksdb::Status status = db_->Write(options, &batch);
  if (!status.ok()) return Fail(ErrorCode::kIo, "write to {}: {}", dir_, status.ToString());
  return {};
}

std::unique_ptr<rocksdb::Iterator> Store::Scan(Family family_id, size_t readahead) const {
  rocksdb::ReadOptions options;
  options.readahead_size = readahead;
  options.fill_cache = false;
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options, family(family_id)));
}

}  // namespace gongkai
