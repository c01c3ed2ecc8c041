// A RocksDB file system for storage-fault tests: it passes every call to
// the local file system (RocksDB's public FileSystemWrapper) except the
// faults a test arms, and it remembers, for every file written through it,
// how much of it was synced, so that a test can leave a store as a power
// cut would.
//
// Faults are armed for files whose name contains a pattern (".log" for the
// write-ahead log, "MANIFEST", ".sst"); an armed fault fires on the first
// matching operation after `skip` of them, once, and is then disarmed.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gongkai::testing {

enum class StorageFault {
  kWriteError,  // a write fails with an I/O error; nothing is written
  kNoSpace,     // a write fails with ENOSPC; nothing is written
  kSyncError,   // a sync fails; what was written stays unsynced
};

class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem();
  static const char* kClassName() { return "GongkaiFaultyFileSystem"; }
  const char* Name() const override { return kClassName(); }

  void Arm(StorageFault fault, std::string file_pattern, int skip = 0);
  // Whether the armed fault has fired.
  bool fired() const;

  // What a power cut leaves: every file written through this file system
  // cut back to the size it had at its last successful sync (files never
  // synced are left empty). Call with no store open on it.
  void DropUnsyncedWrites();

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* file,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* debug) override;

  // Called by the files this file system opens.
  enum class Operation { kWrite, kSync };
  // The fault to inject for `operation` on `name` now, if any.
  rocksdb::IOStatus Inject(Operation operation, const std::string& name);
  void Wrote(const std::string& name, uint64_t bytes);
  void Synced(const std::string& name);

 private:
  struct FileState {
    uint64_t size = 0;    // bytes written through this file system
    uint64_t synced = 0;  // of which synced
  };
  rocksdb::IOStatus Wrap(const std::string& name, rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* file, uint64_t initial_size);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, FileState> files_;
  std::optional<StorageFault> armed_;
  std::string pattern_;
  int skip_ = 0;
  bool fired_ = false;
};

// An Env over `fs` to put in LedgerOptions::env; it must outlive the store.
std::unique_ptr<rocksdb::Env> EnvOver(const std::shared_ptr<FaultyFileSystem>& fs);

}  // namespace gongkai::testing
