// The RocksDB store behind a ledger: one database, one column family per
// kind of record. Every change a ledger makes goes through one WriteBatch,
// so a crash leaves either all of an append or none of it.
//
// Column families (keys are 8-byte big-endian sequence numbers unless said):
//   default         meta: "format" -> "gongkai-ledger-1";
//                   "head" -> the head record (ledger/head.h)
//   entries         seq -> entry record ‖ entry hash (ledger/entry.h)
//   event_ids       event id (UTF-8) -> seq (8)
//   streams         stream name (UTF-8) -> version: number of entries in the stream (8)
//   registry_index  seq of each registry event -> empty (to rebuild the registry on open)
//   merkle          level (1) ‖ index (8) -> hash (32) of each complete Merkle subtree
//                   (ledger/merkle.h); level 0 holds the leaf hashes
//   checkpoints     tree size (8) -> signed checkpoint note, with the cosignatures
//                   gathered so far (ledger/checkpoint.h)
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "ledger/bytes.h"
#include "ledger/base/error.h"

namespace gongkai {

enum class Family { kMeta = 0, kEntries, kEventIds, kStreams, kRegistryIndex, kMerkle, kCheckpoints };
inline constexpr int kFamilyCount = 7;

inline constexpr std::string_view kFormatKey = "format";
inline constexpr std::string_view kFormatValue = "gongkai-ledger-1";
inline constexpr std::string_view kHeadKey = "head";

class Store {
 public:
  enum class Mode {
    kCreate,    // the directory must not hold a ledger yet; created if missing
    kOpen,      // an existing ledger, read-write (takes RocksDB's lock)
    kReadOnly,  // an existing ledger, no lock taken, nothing written
  };
  // `env`: what RocksDB reads and writes through; the default when null.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, Mode mode, rocksdb::Env* env = nullptr);
  // kNotFound ("no ledger at DIR ...") unless `dir` holds a store: what a
  // command checks before anything else it needs (a key, an input file).
  static Status RequireExisting(const std::string& dir);
  ~Store();

  Result<std::optional<std::string>> Get(Family family, ByteView key) const;
  Status Write(rocksdb::WriteBatch& batch, bool sync);
  // An iterator for a sequential scan: readahead (4 MiB unless said), no
  // block cache fill.
  std::unique_ptr<rocksdb::Iterator> Scan(Family family, size_t readahead = 4 << 20) const;

  rocksdb::ColumnFamilyHandle* family(Family family) const {
    return families_[static_cast<int>(family)];
  }
  rocksdb::DB* db() const { return db_.get(); }
  const std::string& dir() const { return dir_; }

 private:
  Store() = default;
  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* families_[kFamilyCount] = {};
};

inline rocksdb::Slice ToSlice(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline ByteView ToBytes(const rocksdb::Slice& slice) {
  return {reinterpret_cast<const uint8_t*>(slice.data()), slice.size()};
}

}  // namespace gongkai
