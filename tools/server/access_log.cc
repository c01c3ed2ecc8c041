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
  return summary;
}

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& path) {
  AccessLogSummary summary;
  if (auto read = ReadAccessLog(path); read) {
    summary = *read;
  } else if (read.error().code != ErrorCode::kNotFound) {
    return std::unexpected(read.error());
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  std::unique_ptr<AccessLog> log(new AccessLog(fd, summary));
  // Cut a torn last line: the length of the whole lines is what was read.
  auto text = ReadWholeFile(path);
  GK_RETURN_IF_ERROR(text);
  off_t whole = static_cast<off_t>(text->rfind('\n') == std::string::npos ? 0 : text->rfind('\n') + 1);
  if (ftruncate(fd, whole) != 0 || lseek(fd, whole, SEEK_SET) < 0 || fdatasync(fd) != 0) {
    return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  }
  log->bytes_ = whole;
  return log;
}

AccessLog::~AccessLog() { close(fd_); }

Status AccessLog::Record(const AccessEntry& entry) {
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
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error error{ErrorCode::kIo, fmt::format("cannot write the access log: {}", std::strerror(errno)), {}};
      if (ftruncate(fd_, bytes_) != 0 || lseek(fd_, bytes_, SEEK_SET) < 0) {
        error.message += " (and cannot cut the torn line off: the next start does)";
      }
      return std::unexpected(error);
    }
    written += static_cast<size_t>(n);
  }
  if (fdatasync(fd_) != 0) {
    Error error{ErrorCode::kIo, fmt::format("cannot sync the access log: {}", std::strerror(errno)), {}};
    if (ftruncate(fd_, bytes_) != 0 || lseek(fd_, bytes_, SEEK_SET) < 0) error.message += " (nor cut the line off)";
    return std::unexpected(error);
  }
  bytes_ += static_cast<long>(line.size());
  summary_.head = Sha256(AsBytes(line));
  ++summary_.records;
  return {};
}

}  // namespace gongkai::server
