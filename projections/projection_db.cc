#include "projections/projection_db.h"

#include <rocksdb/cache.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "ledger/bytes.h"

namespace gongkai::projections {
namespace {

constexpr std::string_view kMeta = "meta";
constexpr std::string_view kGenerationKey = "generation";
constexpr std::string_view kBySubject = "approvals-by-subject";
constexpr std::string_view kByPerson = "approvals-by-person";

std::string FamilyName(uint64_t generation, std::string_view table) {
  return fmt::format("g{}/{}", generation, table);
}
std::string AppliedKey(uint64_t generation) { return fmt::format("applied/{}", generation); }

// "g12/approvals-by-subject" → 12; nullopt for other names.
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
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::Slice Slice(const Bytes& bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

Status Check(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return {};
  return Fail(ErrorCode::kIo, "projections: {}: {}", what, status.ToString());
}

// Sorts signed business times as unsigned bytes.
uint64_t TimeKey(UnixMicros t) { return static_cast<uint64_t>(t) ^ (1ULL << 63); }

Bytes SubjectKey(std::string_view subject, uint64_t seq, uint16_t index) {
  Bytes key(subject.begin(), subject.end());
  key.push_back(0);
  size_t at = key.size();
  key.resize(at + 10);
  PutBigEndian(key.data() + at, seq, 8);
  PutBigEndian(key.data() + at + 8, index, 2);
  return key;
}

Bytes PersonKey(std::string_view person, UnixMicros time, uint64_t seq, uint16_t index) {
  Bytes key(person.begin(), person.end());
  key.push_back(0);
  size_t at = key.size();
  key.resize(at + 18);
  PutBigEndian(key.data() + at, TimeKey(time), 8);
  PutBigEndian(key.data() + at + 8, seq, 8);
  PutBigEndian(key.data() + at + 16, index, 2);
  return key;
}

}  // namespace

struct ProjectionDb::Families {
  uint64_t generation;
  rocksdb::ColumnFamilyHandle* by_subject;
  rocksdb::ColumnFamilyHandle* by_person;
};

ProjectionDb::~ProjectionDb() {
  if (!db_) return;
  // Flushed to tables so the next open (every query opens it) does not
  // replay the write-ahead log; a failure here loses nothing.
  std::vector<rocksdb::ColumnFamilyHandle*> families{meta_};
  for (auto& generation : generations_) {
    families.push_back(generation->by_subject);
    families.push_back(generation->by_person);
  }
  db_->Flush(rocksdb::FlushOptions(), families);
  for (auto& families : generations_) {
    db_->DestroyColumnFamilyHandle(families->by_subject);
    db_->DestroyColumnFamilyHandle(families->by_person);
  }
  if (meta_) db_->DestroyColumnFamilyHandle(meta_);
}

Result<std::unique_ptr<ProjectionDb>> ProjectionDb::Open(const std::string& dir) {
  rocksdb::Options options;
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
  db->db_.reset(raw);
  std::map<uint64_t, Families> found;
  for (size_t i = 0; i < descriptors.size(); ++i) {
    const std::string& name = descriptors[i].name;
    if (name == kMeta) {
      db->meta_ = handles[i];
    } else if (auto generation = GenerationOf(name);
               generation && (name == FamilyName(*generation, kBySubject) || name == FamilyName(*generation, kByPerson))) {
      Families& families = found.try_emplace(*generation, Families{*generation, nullptr, nullptr}).first->second;
      (name == FamilyName(*generation, kBySubject) ? families.by_subject : families.by_person) = handles[i];
    } else {
      // The default family (unused) or a table this version does not know
      // (left as it is).
      db->db_->DestroyColumnFamilyHandle(handles[i]);
    }
  }
  for (auto& [generation, families] : found) {
    if (families.by_subject && families.by_person) {
      db->generations_.push_back(std::make_unique<Families>(families));
    } else {  // half created by a crash: drop what exists
      for (auto* handle : {families.by_subject, families.by_person}) {
        if (!handle) continue;
        db->db_->DropColumnFamily(handle);
        db->db_->DestroyColumnFamilyHandle(handle);
      }
    }
  }
  std::string value;
  auto status = db->db_->Get(rocksdb::ReadOptions(), db->meta_, kGenerationKey, &value);
  if (status.IsNotFound()) {
    // New, or killed while being created: start from an empty generation 0.
    if (auto s = db->DropAllBut(UINT64_MAX); !s) return std::unexpected(s.error());
    if (auto s = db->StartGeneration(0); !s) return std::unexpected(s.error());
    if (auto s = db->SwitchTo(0); !s) return std::unexpected(s.error());
  } else if (auto s = Check(status, "read generation"); !s) {
    return std::unexpected(s.error());
  } else if (value.size() != 8) {
    return Fail(ErrorCode::kCorruption, "projections: bad generation record");
  } else {
    db->active_ = GetBigEndian(reinterpret_cast<const uint8_t*>(value.data()), 8);
    if (!db->FamiliesOf(db->active_)) {
      return Fail(ErrorCode::kCorruption, "projections: the active generation {} has no tables", db->active_);
    }
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
  Families families{generation, nullptr, nullptr};
  rocksdb::ColumnFamilyOptions options = TableOptions();
  if (auto s = Check(db_->CreateColumnFamily(options, FamilyName(generation, kBySubject), &families.by_subject),
                     "create tables");
      !s) {
    return s;
  }
  if (auto s = Check(db_->CreateColumnFamily(options, FamilyName(generation, kByPerson), &families.by_person),
                     "create tables");
      !s) {
    return s;
  }
  generations_.push_back(std::make_unique<Families>(families));
  return Check(db_->Delete(rocksdb::WriteOptions(), meta_, AppliedKey(generation)), "reset checkpoint");
}

namespace {

// The rows `acts` put in each table: (key, value) by subject and by person.
// Acts come in ledger order; `index` numbers those of one entry.
struct Rows {
  std::vector<std::pair<Bytes, Bytes>> by_subject, by_person;
};
Rows RowsOf(const std::vector<ApprovalAct>& acts) {
  Rows rows;
  rows.by_subject.reserve(acts.size());
  rows.by_person.reserve(acts.size());
  uint64_t last_seq = UINT64_MAX;
  uint16_t index = 0;
  for (const ApprovalAct& act : acts) {
    index = act.seq == last_seq ? index + 1 : 0;
    last_seq = act.seq;
    Bytes value = EncodeApprovalAct(act);
    rows.by_subject.emplace_back(SubjectKey(act.subject, act.seq, index), value);
    rows.by_person.emplace_back(PersonKey(act.person, act.business_time, act.seq, index), std::move(value));
  }
  return rows;
}

// The "applied/N" record: next seq (8) ‖ last entry hash (32).
Bytes EncodeApplied(const Applied& applied) {
  Bytes record(40);
  PutBigEndian(record.data(), applied.next_seq, 8);
  std::copy(applied.last_hash.begin(), applied.last_hash.end(), record.begin() + 8);
  return record;
}

}  // namespace

Status ProjectionDb::Commit(uint64_t generation, const std::vector<ApprovalAct>& acts, const Applied& applied) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  Rows rows = RowsOf(acts);
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : rows.by_subject) batch.Put(families->by_subject, Slice(key), Slice(value));
  for (const auto& [key, value] : rows.by_person) batch.Put(families->by_person, Slice(key), Slice(value));
  batch.Put(meta_, AppliedKey(generation), Slice(EncodeApplied(applied)));
  rocksdb::WriteOptions options;
  options.sync = true;
  return Check(db_->Write(options, &batch), "write");
}

Status ProjectionDb::Ingest(uint64_t generation, const std::vector<ApprovalAct>& acts, const Applied& applied) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  Rows rows = RowsOf(acts);
  for (auto [table, family] :
       {std::pair{&rows.by_subject, families->by_subject}, std::pair{&rows.by_person, families->by_person}}) {
    if (table->empty()) continue;
    std::sort(table->begin(), table->end());
    std::string path = fmt::format("{}/ingest-{}.sst", dir_, ingested_files_++);
    if (family == families->by_subject) ++bulk_loads_;
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), rocksdb::Options(rocksdb::DBOptions(), TableOptions()), family);
    if (auto s = Check(writer.Open(path), "write table file"); !s) return s;
    for (const auto& [key, value] : *table) {
      if (auto s = Check(writer.Put(Slice(key), Slice(value)), "write table file"); !s) return s;
    }
    if (auto s = Check(writer.Finish(), "write table file"); !s) return s;
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;
    if (auto s = Check(db_->IngestExternalFile(family, {path}, ingest), "ingest table file"); !s) return s;
  }
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  return Check(db_->Put(options, meta_, AppliedKey(generation), Slice(EncodeApplied(applied))), "write checkpoint");
}

Status ProjectionDb::SwitchTo(uint64_t generation) {
  const Families* families = FamiliesOf(generation);
  if (!families) return Fail(ErrorCode::kInternal, "projections: no generation {}", generation);
  if (auto s = Check(db_->Flush(rocksdb::FlushOptions(), {families->by_subject, families->by_person, meta_}),
                     "flush tables");
      !s) {
    return s;
  }
  // One sorted run per table, so queries read one file, not one per batch.
  for (auto* family : {families->by_subject, families->by_person}) {
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
  if (auto s = Check(db_->Put(options, meta_, kGenerationKey, Slice(value)), "switch generation"); !s) return s;
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
    for (auto* handle : {(*it)->by_subject, (*it)->by_person}) {
      if (auto s = Check(db_->DropColumnFamily(handle), "drop old tables"); !s) return s;
      db_->DestroyColumnFamilyHandle(handle);
    }
    db_->Delete(rocksdb::WriteOptions(), meta_, AppliedKey((*it)->generation));
    it = generations_.erase(it);
  }
  return {};
}

namespace {

// Reads the acts stored under keys that start with `prefix`, from `start`
// up to `end` (when given), in key order.
Result<std::vector<ApprovalAct>> ScanActs(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, const Bytes& prefix,
                                          const Bytes& start, const std::optional<Bytes>& end) {
  std::vector<ApprovalAct> acts;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), family));
  rocksdb::Slice prefix_slice = Slice(prefix);
  if (start.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(Slice(start));
  }
  for (; it->Valid() && (prefix.empty() || it->key().starts_with(prefix_slice)); it->Next()) {
    if (end && it->key().compare(Slice(*end)) >= 0) break;
    auto act = DecodeApprovalAct(ByteView(reinterpret_cast<const uint8_t*>(it->value().data()), it->value().size()));
    if (!act) return std::unexpected(act.error());
    acts.push_back(std::move(*act));
  }
  if (auto s = Check(it->status(), "scan"); !s) return std::unexpected(s.error());
  return acts;
}

}  // namespace

Result<std::vector<ApprovalAct>> ProjectionDb::BySubject(std::string_view subject) const {
  Bytes prefix(subject.begin(), subject.end());
  prefix.push_back(0);
  return ScanActs(db_.get(), FamiliesOf(active_)->by_subject, prefix, prefix, std::nullopt);
}

Result<std::vector<ApprovalAct>> ProjectionDb::All() const {
  return ScanActs(db_.get(), FamiliesOf(active_)->by_subject, {}, {}, std::nullopt);
}

Result<std::vector<ApprovalAct>> ProjectionDb::ByPerson(std::string_view person, UnixMicros from, UnixMicros to) const {
  Bytes prefix(person.begin(), person.end());
  prefix.push_back(0);
  Bytes start = prefix, end = prefix;
  start.resize(prefix.size() + 8);
  end.resize(prefix.size() + 8);
  PutBigEndian(start.data() + prefix.size(), TimeKey(from), 8);
  PutBigEndian(end.data() + prefix.size(), TimeKey(to), 8);
  return ScanActs(db_.get(), FamiliesOf(active_)->by_person, prefix, start, end);
}

}  // namespace gongkai::projections
