// Keeping RocksDB off a full disk.
//
// Debian 12's RocksDB (7.8) is built with its assertions on: a write that
// fails with ENOSPC aborts the process inside the WAL writer, and every later
// open aborts again while it replays the log, until space is freed. So
// gongkai never lets RocksDB find the disk full: before each write it checks
// that the file system has room for the write, for what RocksDB still holds
// in memory and will flush, for the compactions it has pending, and for a
// fixed reserve. A write that would eat into that is refused with kNoSpace
// before anything is written; writes succeed again once space is freed.
// For the check to hold, the stores do not preallocate their log files
// (allow_fallocate off) and do not flush while replaying the log on open
// (avoid_flush_during_recovery on).
#pragma once

#include <cstdint>
#include <string>

#include <rocksdb/db.h>

#include "ledger/base/error.h"

namespace gongkai {

// Space kept free beyond what a write and RocksDB's pending work need: room
// for RocksDB's own files (MANIFEST, OPTIONS, a new log on open) and for the
// projections' and checkpoints' small writes.
inline constexpr uint64_t kDiskReserveBytes = 32ull << 20;

// Bytes available to an unprivileged user on the file system holding `dir`.
Result<uint64_t> FreeBytes(const std::string& dir);

// Refuses (kNoSpace, saying how much is free and needed) a write of
// `write_bytes` to the store `db` in `dir` that would leave less than the
// reserve free once `db`'s memtables are flushed and its pending compactions
// done. `db` may be null (a store not yet open).
Status CheckRoomToWrite(const std::string& dir, rocksdb::DB* db, uint64_t write_bytes);

}  // namespace gongkai
