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

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& path) {
  AccessLogSummary summary;
  if (auto read = ReadAccessLog(path); read) {
    summary = *read;
  } else if (read.error().code != ErrorCode::kNotFound) {
    return std::unexpected(read.error());
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  std::unique_ptr<AccessLog> log(new AccessLog(fd, path, summary));
  // Cut a torn last line off.
  const off_t whole = static_cast<off_t>(summary.bytes);
  if (ftruncate(fd, whole) != 0 || lseek(fd, whole, SEEK_SET) < 0 || fdatasync(fd) != 0) {
    return Fail(ErrorCode::kIo, "cannot open the access log {}: {}", path, std::strerror(errno));
  }
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
  // Written and synced, or cut back to the whole lines before it: a torn
  // line must not sit between two records.
  Status stored = WriteAll(fd_, line, path_);
  if (stored && fdatasync(fd_) != 0) {
    stored = Fail(ErrorCode::kIo, "cannot sync {}: {}", path_, std::strerror(errno));
  }
  if (!stored) {
    const off_t whole = static_cast<off_t>(summary_.bytes);
    if (ftruncate(fd_, whole) != 0 || lseek(fd_, whole, SEEK_SET) < 0) {
      stored.error().message += " (nor can the torn line be cut off: the next start does)";
    }
    return stored;
  }
  summary_.bytes += line.size();
  summary_.head = Sha256(AsBytes(line));
  ++summary_.records;
  return {};
}

}  // namespace gongkai::server
