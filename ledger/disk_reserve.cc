#include "ledger/disk_reserve.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace gongkai {
namespace {

std::string Megabytes(uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

uint64_t Property(rocksdb::DB* db, const char* name) {
  uint64_t value = 0;
  if (db && db->GetAggregatedIntProperty(name, &value)) return value;
  return 0;
}

}  // namespace

Result<uint64_t> FreeBytes(const std::string& dir) {
  struct statvfs fs {};
  if (statvfs(dir.c_str(), &fs) != 0) {
    return Fail(ErrorCode::kIo, "cannot read the free space of {}: {}", dir, std::strerror(errno));
  }
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

Status CheckRoomToWrite(const std::string& dir, rocksdb::DB* db, uint64_t write_bytes) {
  auto free = FreeBytes(dir);
  GK_RETURN_IF_ERROR(free);
  // The write lands twice: in the write-ahead log now, in a table file when
  // its memtable is flushed.
  uint64_t needed = 2 * write_bytes + Property(db, "rocksdb.cur-size-all-mem-tables") +
                    Property(db, "rocksdb.estimate-pending-compaction-bytes") + kDiskReserveBytes;
  if (*free >= needed) return {};
  return Fail(ErrorCode::kNoSpace,
              "the disk holding {} is nearly full: {} free, {} needed (including a reserve of {}); "
              "nothing was written; free some space and try again",
              dir, Megabytes(*free), Megabytes(needed), Megabytes(kDiskReserveBytes));
}

}  // namespace gongkai
