#include "projections/projection_db.h"

#include "ledger/disk_reserve.h"

#include <rocksdb/cache.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <future>
#include <map>

#include "ledger/bytes.h"

namespace gongkai::projections {
namespace {

constexpr std::string_view kMeta = "meta";
constexpr std::string_view kGenerationKey = "generation";

std::string FamilyName(uint64_t generation, std::string_view table) {
  return fmt::format("g{}/{}", generation, table);
}
std::string AppliedKey(uint64_t generation) { return fmt::format("applied/{}", generation); }

// "g12/acts-by-subject" → 12; nullopt for other names.
std::optional<uint64_t> GenerationOf(const std::string& name) {
  if (name.size() < 3 || name[0] != 'g') return std::nullopt;
  size_t slash = name.find('/');
  if (slash == std::string::npos || slash == 1) return std::nullopt;
  uint64_t n = 0;
  for (size_t i = 1; i < slash; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return n;
}

// Tables are scanned by prefix and read hot: no compression, large
// memtables for rebuilds, a block cache shared by every family.
rocksdb::ColumnFamilyOptions TableOptions() {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(256 << 20);
  rocksdb::ColumnFamilyOptions options;
  options.compression = rocksdb::kNoCompression;
  options.write_buffer_size = 128 << 20;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.block_size = 32 << 10;  // range scans (a person's year) read few blocks
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::Slice Slice(ByteView bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

Status Check(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return {};
  return Fail(ErrorCode::kIo, "projections: {}: {}", what, status.ToString());
}

}  // namespace

struct ProjectionDb::Families {
  uint64_t generation = 0;
  std::array<rocksdb::ColumnFamilyHandle*, kTableCount> tables{};

  bool complete() const { return std::ranges::none_of(tables, [](auto* t) { return t == nullptr; }); }
};

ProjectionDb::~ProjectionDb() {
  if (!db_) return;
  // Flushed to tables so the next open (every query opens it) does not
  // replay the write-ahead log; a failure here loses nothing.
  std::vector<rocksdb::ColumnFamilyHandle*> families{meta_};
  for (auto& generation : generations_) families.insert(families.end(), generation->tables.begin(), generation->tables.end());
  db_->Flush(rocksdb::FlushOptions(), families);
  for (auto& generation : generations_) {
    for (auto* table : generation->tables) db_->DestroyColumnFamilyHandle(table);
  }
  if (meta_) db_->DestroyColumnFamilyHandle(meta_);
}

Result<std::unique_ptr<ProjectionDb>> ProjectionDb::Open(const std::string& dir) {
  std::error_code exists_error;
  std::string parent = std::filesystem::path(dir).parent_path().string();
  if (auto s = CheckRoomToWrite(std::filesystem::exists(dir, exists_error) ? dir : parent.empty() ? "." : parent,
                                nullptr, 0);
      !s) {
    return std::unexpected(s.error());
  }
  rocksdb::Options options;
  options.avoid_flush_during_recovery = true;  // see ledger/disk_reserve.h
  options.allow_fallocate = false;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<std::string> names;
  if (std::filesystem::exists(dir + "/CURRENT")) {
    if (auto s = Check(rocksdb::DB::ListColumnFamilies(options, dir, &names), "list column families"); !s) {
      return std::unexpected(s.error());
    }
  } else {
    names = {rocksdb::kDefaultColumnFamilyName, std::string(kMeta)};
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, TableOptions());
  if (std::ranges::find(names, std::string(kMeta)) == names.end()) {
    descriptors.emplace_back(std::string(kMeta), TableOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (auto status = rocksdb::DB::Open(options, dir, descriptors, &handles, &raw); !status.ok()) {
    if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
      return Fail(ErrorCode::kBusy, "the projections in {} are in use by another gongkai process; try again", dir);
    }
    return Fail(ErrorCode::kIo, "projections: open {}: {}", dir, status.ToString());
  }
  std::unique_ptr<ProjectionDb> db(new ProjectionDb());
  db->dir_ = dir;
  // Table files of a bulk load killed before ingesting them.
  std::error_code ignored;
  for (const auto& file : std::filesystem::directory_iterator(dir, ignored)) {
    std::string name = file.path().filename().string();
    if (name.starts_with("ingest-") && name.ends_with(".sst")) std::filesystem::remove(file.path(), ignored);
  }
  db->db_.reset(raw);
  std::map<uint64_t, Families> found;
  for (size_t i = 0; i < descriptors.size(); ++i) {
    const std::string& name = descriptors[i].name;
    if (name == kMeta) {
      db->meta_ = handles[i];
    } else if (auto generation = GenerationOf(name)) {
      Families& families = found.try_emplace(*generation, Families{*generation, {}}).first->second;
      auto table = std::ranges::find_if(kTableNames, [&](std::string_view t) { return name == FamilyName(*generation, t); });
      if (table != kTableNames.end()) {
        families.tables[static_cast<size_t>(table - kTableNames.begin())] = handles[i];
      } else {  // a table of an older layout
        db->db_->DropColumnFamily(handles[i]);
        db->db_->DestroyColumnFamilyHandle(handles[i]);
      }
    } else {
      // The default family (unused) or a family this version does not know
      // (left as it is).
      db->db_->DestroyColumnFamilyHandle(handles[i]);
    }
  }
  for (auto& [generation, families] : found) {
    if (families.complete()) {
      db->generations_.push_back(std::make_unique<Families>(families));
    } else {  // half created by a crash, or of an older layout: drop what exists
      for (auto* handle : families.tables) {
        if (!handle) continue;
        db->db_->DropColumnFamily(handle);
        db->db_->DestroyColumnFamilyHandle(handle);
      }
    }
  }
  std::string value;
  auto status = db->db_->Get(rocksdb::ReadOptions(), db->meta_, kGenerationKey, &value);
  uint64_t stored_generation = UINT64_MAX;
  if (status.ok() && value.size() == 8) stored_generation = GetBigEndian(reinterpret_cast<const uint8_t*>(value.data()), 8);
  if (status.IsNotFound() || (status.ok() && value.size() == 8 && !db->FamiliesOf(stored_generation))) {
    // New, killed while being created, or of an older layout (its tables
    // were dropped above): start again from an empty generation 0.
    if (auto s = db->DropAllBut(UINT64_MAX); !s) return std::unexpected(s.error());
    if (auto s = db->StartGeneration(0); !s) return std::unexpected(s.error());
    if (auto s = db->SwitchTo(0); !s) return std::unexpected(s.error());
  } else if (auto s = Check(status, "read generation"); !s) {
    return std::unexpected(s.error());
  } else if (value.size() != 8) {
    return Fail(ErrorCode::kCorruption, "projections: bad generation record");
  } else {
    db->active_ = stored_generation;
    // A rebuild that did not finish left another generation: drop it.
    if (auto s = db->DropAllBut(db->active_); !s) return std::unexpected(s.error());
  }
  return db;
}

const ProjectionDb::Families* ProjectionDb::FamiliesOf(uint64_t generation) const {
  for (const auto& families : generations_) {
    if (families->generation == generation) return families.get();
  }
  return nullptr;
}

Result<Applied> ProjectionDb::AppliedOf(uint64_t generation) const {
  std::string value;
  auto status = db_->Get(rocksdb::ReadOptions(), meta_, AppliedKey(generation), &value);
  if (status.IsNotFound()) return Applied{};
  if (auto s = Check(status, "read checkpoint"); !s) return std::unexpected(s.error());
  if (value.size() != 40) return Fail(ErrorCode::kCorruption, "projections: bad checkpoint record");
  Applied applied;
  applied.next_seq = GetBigEndian(reinterpret_cast<const uint8_t*>(value.data()), 8);
  std::copy(value.begin() + 8, value.end(), applied.last_hash.begin());
  return applied;
}

Status ProjectionDb::StartGeneration(uint64_t generation) {
  if (FamiliesOf(generation)) {
    return Fail(ErrorCode::kAlreadyExists, "projections: generation {} exists", generation);
  }
  Families families{generation, {}};
  rocksdb::ColumnFamilyOptions options = TableOptions();
  for (size_t t = 0; t < kTableCount; ++t) {
    if (auto s = Check(db_->CreateColumnFamily(options, FamilyName(generation, kTableNames[t]), &families.tables[t]),
                       "create tables");
        !s) {
      return s;
    }
  }
  generations_.push_back(std::make_unique<Families>(families));
  return Check(db_->Delete(rocksdb::WriteOptions(), meta_, AppliedKey(generation)), "reset checkpoint");
}

namespace {

// The "applied/N" record: next seq (8) ‖ last entry hash (32).
Bytes EncodeApplied(const Applied& applied) {
  Bytes record(40);
  PutBigEndian(record.data(), applied.next_seq, 8);
  std::copy(applied.last_hash.begin(), applied.last_hash.end(), record.begin() + 8);
  return record;
}

}  // namespace

Status ProjectionDb::Commit(uint64_t generation, const TableRows& rows, const Applied& applied) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  rocksdb::WriteBatch batch;
  for (size_t t = 0; t < kTableCount; ++t) {
    auto put = rows.ForEachInKeyOrder(Table(t), [&](ByteView key, ByteView value) {
      return Check(batch.Put(families->tables[t], Slice(key), Slice(value)), "write");
    });
    if (!put) return put;
  }
  batch.Put(meta_, AppliedKey(generation), Slice(EncodeApplied(applied)));
  GK_RETURN_IF_ERROR(CheckRoomToWrite(dir_, db_.get(), batch.GetDataSize()));
  // Not synced: the rows and the applied point are one atomic batch, so a
  // crash loses at most the latest batches whole, and the next run applies
  // their entries again from the ledger (which is synced). Projections are
  // derived data; a query after a crash waits for that catch-up.
  return Check(db_->Write(rocksdb::WriteOptions(), &batch), "write");
}

Status ProjectionDb::Ingest(uint64_t generation, const TableRows& rows, const Applied& applied) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  if (!rows.empty()) {
    GK_RETURN_IF_ERROR(CheckRoomToWrite(dir_, db_.get(), rows.bytes() * kTableCount));
    ++bulk_loads_;
    // One sorted table file per table, written concurrently, then ingested.
    std::array<std::string, kTableCount> paths;
    std::array<std::future<Status>, kTableCount> written;
    for (size_t t = 0; t < kTableCount; ++t) {
      paths[t] = fmt::format("{}/ingest-{}.sst", dir_, ingested_files_++);
      written[t] = std::async(std::launch::async, [&, t]() -> Status {
        rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), rocksdb::Options(rocksdb::DBOptions(), TableOptions()),
                                      families->tables[t]);
        GK_RETURN_IF_ERROR(Check(writer.Open(paths[t]), "write table file"));
        auto put = rows.ForEachInKeyOrder(Table(t), [&](ByteView key, ByteView value) {
          return Check(writer.Put(Slice(key), Slice(value)), "write table file");
        });
        if (!put) return put;
        return Check(writer.Finish(), "write table file");
      });
    }
    Status failed;
    for (auto& w : written) {
      if (auto s = w.get(); !s && failed) failed = s;
    }
    if (!failed) {
      for (const std::string& path : paths) std::filesystem::remove(path);
      return failed;
    }
    for (size_t t = 0; t < kTableCount; ++t) {
      rocksdb::IngestExternalFileOptions ingest;
      ingest.move_files = true;
      if (auto s = Check(db_->IngestExternalFile(families->tables[t], {paths[t]}, ingest), "ingest table file"); !s) {
        return s;
      }
    }
  }
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  return Check(db_->Put(options, meta_, AppliedKey(generation), Slice(EncodeApplied(applied))), "write checkpoint");
}

Status ProjectionDb::SwitchTo(uint64_t generation) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  std::vector<rocksdb::ColumnFamilyHandle*> to_flush(families->tables.begin(), families->tables.end());
  to_flush.push_back(meta_);
  GK_RETURN_IF_ERROR(Check(db_->Flush(rocksdb::FlushOptions(), to_flush), "flush tables"));
  // One sorted run per table, so queries read one file, not one per batch.
  for (auto* family : families->tables) {
    if (bulk_loads_ <= 1) break;
    if (auto s = Check(db_->CompactRange(rocksdb::CompactRangeOptions(), family, nullptr, nullptr), "compact tables");
        !s) {
      return s;
    }
  }
  Bytes value(8);
  PutBigEndian(value.data(), generation, 8);
  rocksdb::WriteOptions options;
  options.sync = true;
  GK_RETURN_IF_ERROR(Check(db_->Put(options, meta_, kGenerationKey, Slice(value)), "switch generation"));
  active_ = generation;
  bulk_loads_ = 0;
  return DropAllBut(generation);
}

Status ProjectionDb::DropAllBut(uint64_t keep) {
  for (auto it = generations_.begin(); it != generations_.end();) {
    if ((*it)->generation == keep) {
      ++it;
      continue;
    }
    for (auto* handle : (*it)->tables) {
      GK_RETURN_IF_ERROR(Check(db_->DropColumnFamily(handle), "drop old tables"));
      db_->DestroyColumnFamilyHandle(handle);
    }
    db_->Delete(rocksdb::WriteOptions(), meta_, AppliedKey((*it)->generation));
    it = generations_.erase(it);
  }
  return {};
}

namespace {

// Visits the acts stored under keys that start with `prefix`, from `start`
// up to `end` (when given), in key order; the act passed is reused.
Status VisitActs(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, const Bytes& prefix, const Bytes& start,
                 const std::optional<Bytes>& end, const ProjectionDb::ActVisitor& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), family));
  rocksdb::Slice prefix_slice = Slice(prefix);
  if (start.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(Slice(start));
  }
  ActRecord act;
  for (; it->Valid() && (prefix.empty() || it->key().starts_with(prefix_slice)); it->Next()) {
    if (end && it->key().compare(Slice(*end)) >= 0) break;
    auto decoded =
        DecodeActRecordInto(ByteView(reinterpret_cast<const uint8_t*>(it->value().data()), it->value().size()), act);
    if (!decoded) return decoded;
    GK_RETURN_IF_ERROR(visit(act));
  }
  return Check(it->status(), "scan");
}

Result<std::vector<ActRecord>> ScanActs(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, const Bytes& prefix,
                                        const Bytes& start, const std::optional<Bytes>& end) {
  std::vector<ActRecord> acts;
  auto visited = VisitActs(db, family, prefix, start, end, [&](const ActRecord& act) -> Status {
    acts.push_back(act);
    return {};
  });
  GK_RETURN_IF_ERROR(visited);
  return acts;
}

// The bounds of the acts under `who` ‖ 0x00 with business time in [from, to),
// in a time-ordered table.
struct PeriodBounds {
  Bytes prefix, start, end;
};
PeriodBounds BoundsOf(std::string_view who, UnixMicros from, UnixMicros to) {
  PeriodBounds bounds;
  bounds.prefix.assign(who.begin(), who.end());
  bounds.prefix.push_back(0);
  bounds.start = bounds.end = bounds.prefix;
  bounds.start.resize(bounds.prefix.size() + 8);
  bounds.end.resize(bounds.prefix.size() + 8);
  PutBigEndian(bounds.start.data() + bounds.prefix.size(), TimeKey(from), 8);
  PutBigEndian(bounds.end.data() + bounds.prefix.size(), TimeKey(to), 8);
  return bounds;
}

// The acts under `who` ‖ 0x00 with business time in [from, to), in a
// time-ordered table.
Result<std::vector<ActRecord>> ScanPeriod(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, std::string_view who,
                                          UnixMicros from, UnixMicros to) {
  PeriodBounds bounds = BoundsOf(who, from, to);
  return ScanActs(db, family, bounds.prefix, bounds.start, bounds.end);
}

}  // namespace

namespace {

// Calls `row(key, value)` for every row of `family`, in key order.
Status ForEachRow(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                  const std::function<void(rocksdb::Slice, rocksdb::Slice)>& row) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) row(it->key(), it->value());
  return Check(it->status(), "scan");
}

}  // namespace

Result<ProjectionDb::Content> ProjectionDb::ContentOf() const {
  Content content;
  // Each table's digest, computed concurrently, then the digest of the three.
  std::array<Digest, kTableCount> tables{};
  std::array<std::future<Status>, kTableCount> read;
  for (size_t t = 0; t < kTableCount; ++t) {
    read[t] = std::async(std::launch::async, [&, t]() -> Status {
      HashStream digest;
      auto add = [&](rocksdb::Slice slice) {
        uint8_t length[4];
        PutBigEndian(length, slice.size(), 4);
        digest.Update(ByteView(length, 4));
        digest.Update(ByteView(reinterpret_cast<const uint8_t*>(slice.data()), slice.size()));
      };
      add(rocksdb::Slice(kTableNames[t].data(), kTableNames[t].size()));
      auto rows = ForEachRow(db_.get(), FamiliesOf(active_)->tables[t], [&](rocksdb::Slice key, rocksdb::Slice value) {
        add(key);
        add(value);
        ++content.rows[t];
      });
      tables[t] = digest.Finish();
      return rows;
    });
  }
  Status failed;
  for (auto& r : read) {
    if (auto s = r.get(); !s && failed) failed = s;
  }
  GK_RETURN_IF_ERROR(failed);
  HashStream all;
  for (const Digest& table : tables) all.Update(table);
  content.digest = all.Finish();
  return content;
}

Result<std::vector<ActRecord>> ProjectionDb::BySubject(std::string_view subject) const {
  Bytes prefix(subject.begin(), subject.end());
  prefix.push_back(0);
  return ScanActs(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kBySubject)], prefix, prefix, std::nullopt);
}

Result<std::vector<ActRecord>> ProjectionDb::BySubjectPrefix(std::string_view prefix) const {
  Bytes start(prefix.begin(), prefix.end());
  return ScanActs(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kBySubject)], start, start, std::nullopt);
}

Result<std::vector<ActRecord>> ProjectionDb::ByPerson(std::string_view person, UnixMicros from, UnixMicros to) const {
  return ScanPeriod(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kByPerson)], person, from, to);
}

Status ProjectionDb::VisitByPerson(std::string_view person, UnixMicros from, UnixMicros to,
                                   const ActVisitor& visit) const {
  PeriodBounds bounds = BoundsOf(person, from, to);
  return VisitActs(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kByPerson)], bounds.prefix,
                   bounds.start, bounds.end, visit);
}

Status ProjectionDb::VisitByAgency(std::string_view agency, UnixMicros from, UnixMicros to,
                                   const ActVisitor& visit) const {
  PeriodBounds bounds = BoundsOf(agency, from, to);
  return VisitActs(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kByAgency)], bounds.prefix,
                   bounds.start, bounds.end, visit);
}

Result<std::vector<ActRecord>> ProjectionDb::ByAgency(std::string_view agency, UnixMicros from, UnixMicros to) const {
  return ScanPeriod(db_.get(), FamiliesOf(active_)->tables[static_cast<size_t>(Table::kByAgency)], agency, from, to);
}

}  // namespace gongkai::projections
