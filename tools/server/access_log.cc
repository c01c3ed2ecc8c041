#include "tools/server/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <capnp/message.h>

#include <cerrno>
#include <cstring>

#include "ledger/base/file.h"
#include "ledger/hash.h"
#include "ledger/json_codec.h"

namespace gongkai::server {

Result<AccessLogSummary> ReadAccessLog(const std::string& path,
                                       const std::function<void(schema::AccessRecord::Reader)>& each) {
  auto text = ReadWholeFile(path);
  if (!text) {
    if (access(path.c_str(), F_OK) != 0) return Fail(ErrorCode::kNotFound, "no access log at {}", path);
    return std::unexpected(text.error());
  }
  AccessLogSummary summary;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) break;  // torn: never answered
    std::string_view line(text->data() + start, end - start);
    capnp::MallocMessageBuilder message;
    auto record = message.initRoot<schema::AccessRecord>();
    if (auto decoded = DecodeJson(line, record); !decoded) {
      return Fail(ErrorCode::kCorruption, "{} line {}: {}", path, summary.records + 1, decoded.error().message);
    }
    auto prev = record.getPrev();
    if (record.getN() != summary.records || prev.size() != summary.head.size() ||
        !std::equal(prev.begin(), prev.end(), summary.head.begin())) {
      return Fail(ErrorCode::kCorruption,
                  "{} line {}: the chain is broken (a line before it was changed, removed or inserted)", path,
                  summary.records + 1);
    }
    if (each) each(record.asReader());
    summary.head = Sha256(AsBytes(std::string_view(text->data() + start, end - start + 1)));
    ++summary.records;
    start = end + 1;
  }
  summary.bytes = start;
  return summary;
}

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& path, SyncFunction sync) {
  AccessLogSummary summary;
  if (auto read = ReadAccessLog(path); read) {
    summary = *read;
  } else if (read.error().code != ErrorCode::kNotFound) {
    return std::unexpected(read.error());
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  std::unique_ptr<AccessLog> log(new AccessLog(fd, path, summary, sync ? std::move(sync) : SyncFunction(fdatasync)));
  // Cut a torn last line off.
  const off_t whole = static_cast<off_t>(summary.bytes);
  if (ftruncate(fd, whole) != 0 || lseek(fd, whole, SEEK_SET) < 0 || fdatasync(fd) != 0) {
    return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  }
  return log;
}

AccessLog::AccessLog(int fd, std::string path, AccessLogSummary summary, SyncFunction sync)
    : fd_(fd),
      path_(std::move(path)),
      sync_(std::move(sync)),
      summary_(summary),
      written_(summary.records),
      synced_(summary.records) {
  syncer_ = std::thread([this] { SyncLoop(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  syncer_.join();  // after syncing what was written
  close(fd_);
}

void AccessLog::SyncLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || (written_ > synced_ && !sync_failure_); });
    if (written_ == synced_ || sync_failure_) return;  // stopping, nothing (more) to sync
    const uint64_t target = written_;
    lock.unlock();
    const bool synced = sync_(fd_) == 0;
    const int error = errno;
    lock.lock();
    if (synced) {
      synced_ = target;
    } else {
      sync_failure_ = Error{ErrorCode::kIo, fmt::format("cannot sync {}: {}", path_, std::strerror(error)), {}};
    }
    // Answer every waiter the sync covers (all of them when it failed).
    std::erase_if(waiters_, [&](Waiter& waiter) {
      if (synced && waiter.ticket > synced_) return false;
      waiter.fulfiller->fulfill(bool(synced));
      return true;
    });
    changed_.notify_all();
  }
}

Result<uint64_t> AccessLog::Append(const AccessEntry& entry) {
  {
    std::lock_guard lock(mutex_);
    if (sync_failure_) return std::unexpected(*sync_failure_);
  }
  capnp::MallocMessageBuilder message;
  auto record = message.initRoot<schema::AccessRecord>();
  record.setN(summary_.records);
  record.setTime(FormatTime(entry.time));
  record.setPerson(entry.person);
  record.setKey(entry.key);
  record.setRequest(entry.request);
  record.setAbout(entry.about);
  record.setStatus(static_cast<uint16_t>(entry.status));
  record.setPrev(capnp::Data::Reader(summary_.head.data(), summary_.head.size()));
  std::string line = EncodeJson(record.asReader()) + "\n";
  // Written whole, or cut back to the whole lines before it: a torn line
  // must not sit between two records.
  if (Status written = WriteAll(fd_, line, path_); !written) {
    const off_t whole = static_cast<off_t>(summary_.bytes);
    if (ftruncate(fd_, whole) != 0 || lseek(fd_, whole, SEEK_SET) < 0) {
      written.error().message += " (nor can the torn line be cut off: the next start does)";
    }
    return std::unexpected(written.error());
  }
  summary_.bytes += line.size();
  summary_.head = Sha256(AsBytes(line));
  const uint64_t ticket = ++summary_.records;
  {
    std::lock_guard lock(mutex_);
    written_ = ticket;
  }
  changed_.notify_all();
  return ticket;
}

Status AccessLog::SyncFailure() {
  std::lock_guard lock(mutex_);
  if (sync_failure_) return std::unexpected(*sync_failure_);
  return {};
}

kj::Promise<Status> AccessLog::WhenSynced(uint64_t ticket) {
  std::unique_lock lock(mutex_);
  if (ticket <= synced_) return Status();  // on disk, whatever happened since
  if (sync_failure_) return Status(std::unexpected(*sync_failure_));
  auto [promise, fulfiller] = kj::newPromiseAndCrossThreadFulfiller<bool>();
  waiters_.push_back(Waiter{ticket, kj::mv(fulfiller)});
  lock.unlock();
  return promise.then([this](bool synced) { return synced ? Status() : SyncFailure(); });
}

Status AccessLog::Record(const AccessEntry& entry) {
  auto ticket = Append(entry);
  GK_RETURN_IF_ERROR(ticket);
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return synced_ >= *ticket || sync_failure_; });
  if (synced_ >= *ticket) return {};
  return std::unexpected(*sync_failure_);
}

}  // namespace gongkai::server
