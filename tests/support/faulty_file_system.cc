#include "tests/support/faulty_file_system.h"

#include <filesystem>

namespace gongkai::testing {
namespace {

// A writable file that asks its file system before each write and sync,
// and reports what it wrote and synced.
class FaultyWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultyWritableFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::string name, FaultyFileSystem* fs)
      : FSWritableFileOwnerWrapper(std::move(file)), name_(std::move(name)), fs_(fs) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    return Write(data, [&] { return target()->Append(data, options, debug); });
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info, rocksdb::IODebugContext* debug) override {
    return Write(data, [&] { return target()->Append(data, options, info, debug); });
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* debug) override {
    return Write(data, [&] { return target()->PositionedAppend(data, offset, options, debug); });
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* debug) override {
    return Write(data, [&] { return target()->PositionedAppend(data, offset, options, info, debug); });
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) override {
    return SyncWith([&] { return target()->Sync(options, debug); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) override {
    return SyncWith([&] { return target()->Fsync(options, debug); });
  }
  // Syncing a range is not a durability point RocksDB relies on; leaving
  // it unforwarded keeps "synced" meaning exactly Sync or Fsync.
  rocksdb::IOStatus RangeSync(uint64_t, uint64_t, const rocksdb::IOOptions&, rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::OK();
  }

 private:
  template <typename Call>
  rocksdb::IOStatus Write(const rocksdb::Slice& data, Call call) {
    if (auto fault = fs_->Inject(FaultyFileSystem::Operation::kWrite, name_); !fault.ok()) return fault;
    rocksdb::IOStatus status = call();
    if (status.ok()) fs_->Wrote(name_, data.size());
    return status;
  }
  template <typename Call>
  rocksdb::IOStatus SyncWith(Call call) {
    if (auto fault = fs_->Inject(FaultyFileSystem::Operation::kSync, name_); !fault.ok()) return fault;
    rocksdb::IOStatus status = call();
    if (status.ok()) fs_->Synced(name_);
    return status;
  }
  std::string name_;
  FaultyFileSystem* fs_;
};

}  // namespace

FaultyFileSystem::FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

void FaultyFileSystem::Arm(StorageFault fault, std::string file_pattern, int skip) {
  std::lock_guard lock(mutex_);
  armed_ = fault;
  pattern_ = std::move(file_pattern);
  skip_ = skip;
  fired_ = false;
}

bool FaultyFileSystem::fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}

rocksdb::IOStatus FaultyFileSystem::Inject(Operation operation, const std::string& name) {
  std::lock_guard lock(mutex_);
  if (!armed_ || name.find(pattern_) == std::string::npos) return rocksdb::IOStatus::OK();
  bool sync_fault = *armed_ == StorageFault::kSyncError;
  if (sync_fault != (operation == Operation::kSync)) return rocksdb::IOStatus::OK();
  if (skip_ > 0) {
    --skip_;
    return rocksdb::IOStatus::OK();
  }
  StorageFault fault = *armed_;
  armed_.reset();
  fired_ = true;
  switch (fault) {
    case StorageFault::kWriteError:
      return rocksdb::IOStatus::IOError("injected write error", name);
    case StorageFault::kNoSpace:
      return rocksdb::IOStatus::NoSpace("injected: no space left on device", name);
    case StorageFault::kSyncError:
      return rocksdb::IOStatus::IOError("injected sync error", name);
  }
  return rocksdb::IOStatus::OK();
}

void FaultyFileSystem::Wrote(const std::string& name, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  files_[name].size += bytes;
}

void FaultyFileSystem::Synced(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& file = files_[name];
  file.synced = file.size;
}

void FaultyFileSystem::DropUnsyncedWrites() {
  std::lock_guard lock(mutex_);
  for (auto& [name, file] : files_) {
    std::error_code ec;
    if (!std::filesystem::exists(name, ec)) continue;  // deleted since, as RocksDB does with old logs
    if (std::filesystem::file_size(name, ec) > file.synced) std::filesystem::resize_file(name, file.synced, ec);
    file.size = file.synced;
  }
}

rocksdb::IOStatus FaultyFileSystem::Wrap(const std::string& name, rocksdb::IOStatus opened,
                                         std::unique_ptr<rocksdb::FSWritableFile>* file, uint64_t initial_size) {
  if (!opened.ok()) return opened;
  {
    std::lock_guard lock(mutex_);
    files_[name] = FileState{initial_size, initial_size};
  }
  *file = std::make_unique<FaultyWritableFile>(std::move(*file), name, this);
  return opened;
}

rocksdb::IOStatus FaultyFileSystem::NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                                    rocksdb::IODebugContext* debug) {
  return Wrap(name, target()->NewWritableFile(name, options, file, debug), file, 0);
}

rocksdb::IOStatus FaultyFileSystem::ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                                       std::unique_ptr<rocksdb::FSWritableFile>* file,
                                                       rocksdb::IODebugContext* debug) {
  std::error_code ec;
  uint64_t existing = std::filesystem::exists(name, ec) ? std::filesystem::file_size(name, ec) : 0;
  return Wrap(name, target()->ReopenWritableFile(name, options, file, debug), file, existing);
}

rocksdb::IOStatus FaultyFileSystem::ReuseWritableFile(const std::string& name, const std::string& old_name,
                                                      const rocksdb::FileOptions& options,
                                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                                      rocksdb::IODebugContext* debug) {
  return Wrap(name, target()->ReuseWritableFile(name, old_name, options, file, debug), file, 0);
}

std::unique_ptr<rocksdb::Env> EnvOver(const std::shared_ptr<FaultyFileSystem>& fs) {
  return rocksdb::NewCompositeEnv(fs);
}

}  // namespace gongkai::testing
