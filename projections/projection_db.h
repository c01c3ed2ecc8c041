// The projections' own store: a RocksDB database beside the ledger
// (DATA/projections), which the ledger never sees. Projections read the
// ledger and write only here.
//
// Layout (docs/PROJECTIONS.md): column family "meta" holds
//   "generation"    → N, the active generation (8 bytes, big-endian)
//   "applied/N"     → next seq to apply (8) ‖ entry hash of seq-1 (32; zeros at 0)
// and each generation N has its own column families
//   "gN/acts-by-subject"  subject ‖ 0x00 ‖ seq (8) ‖ index (2) → act
//   "gN/acts-by-person"   person ‖ 0x00 ‖ business time (8) ‖ seq (8) ‖ index (2) → act
//   "gN/acts-by-agency"   agency ‖ 0x00 ‖ business time (8) ‖ seq (8) ‖ index (2) → act
// A batch of state and its "applied/N" checkpoint go in one WriteBatch, so a
// crash leaves state and checkpoint in step. A rebuild fills generation N+1
// from scratch and switches "generation" when complete; generations other
// than the active one are dropped when the database opens, and so is an
// active generation without every table (built by an older version): the
// projections then start again from an empty generation 0.
#pragma once

#include <rocksdb/db.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/hash.h"
#include "projections/acts.h"
#include "projections/table_rows.h"

namespace gongkai::projections {

struct Applied {
  uint64_t next_seq = 0;   // entries [0, next_seq) are applied
  Digest last_hash{};      // stored hash of entry next_seq - 1 (zeros when none)
};

class ProjectionDb {
 public:
  // Opens (creating if missing) the database in `dir`.
  static Result<std::unique_ptr<ProjectionDb>> Open(const std::string& dir);
  ~ProjectionDb();

  uint64_t active_generation() const { return active_; }
  Result<Applied> AppliedOf(uint64_t generation) const;

  // Creates generation `generation`'s column families (empty).
  Status StartGeneration(uint64_t generation);
  // Writes `rows` into `generation` and moves its checkpoint to `applied`,
  // in one synced WriteBatch.
  Status Commit(uint64_t generation, const TableRows& rows, const Applied& applied);
  // A rebuild's bulk load: writes `rows` into `generation` as sorted table
  // files (one per table, written concurrently) ingested directly (no
  // memtable, no log) and moves its checkpoint. Made durable by SwitchTo (a
  // crash before it discards the generation).
  Status Ingest(uint64_t generation, const TableRows& rows, const Applied& applied);
  // Flushes `generation` to disk, makes it the active one and drops every other.
  Status SwitchTo(uint64_t generation);

  // What the active generation holds: a SHA-256 digest of its tables and
  // the rows of each. docs/REPLAY.md: each table's digest is SHA-256 over
  // its name, then each row as key, then value, in key order, every one of
  // them preceded by its length (4 bytes); the digest is SHA-256 over the
  // three table digests in table order. Equal digests, equal projections.
  struct Content {
    Digest digest{};
    std::array<uint64_t, kTableCount> rows{};
  };
  Result<Content> ContentOf() const;

  // The acts of a subject ("item/…", "case/…"), in ledger order.
  Result<std::vector<ActRecord>> BySubject(std::string_view subject) const;
  // The acts of every subject whose stream starts with `prefix` ("agency/"),
  // by subject then ledger order; every act when `prefix` is empty.
  Result<std::vector<ActRecord>> BySubjectPrefix(std::string_view prefix) const;
  // What `person` did with business time in [from, to), in time order.
  Result<std::vector<ActRecord>> ByPerson(std::string_view person, UnixMicros from, UnixMicros to) const;
  // The same, one act at a time (the act passed is reused: copy what you
  // keep); stops at the first error `visit` returns.
  using ActVisitor = std::function<Status(const ActRecord&)>;
  Status VisitByPerson(std::string_view person, UnixMicros from, UnixMicros to, const ActVisitor& visit) const;
  // What was done in `agency` with business time in [from, to), in time order.
  Result<std::vector<ActRecord>> ByAgency(std::string_view agency, UnixMicros from, UnixMicros to) const;
  // The same, one act at a time, as VisitByPerson.
  Status VisitByAgency(std::string_view agency, UnixMicros from, UnixMicros to, const ActVisitor& visit) const;

 private:
  struct Families;
  ProjectionDb() = default;
  Status DropAllBut(uint64_t keep);
  const Families* FamiliesOf(uint64_t generation) const;

  std::string dir_;
  uint64_t ingested_files_ = 0;
  uint64_t bulk_loads_ = 0;  // Ingest calls since the last SwitchTo
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  std::vector<std::unique_ptr<Families>> generations_;
  uint64_t active_ = 0;
};

}  // namespace gongkai::projections
