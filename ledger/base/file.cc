#include "ledger/base/file.h"

#include <fmt/core.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gongkai {

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Fail(errno == ENOSPC ? ErrorCode::kNoSpace : ErrorCode::kIo, "cannot write {}: {}", path,
                  std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

namespace {

std::string ParentOf(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

Error OpenFailure(const std::string& path) {
  return Error{ErrorCode::kIo, fmt::format("cannot open {}: {}", path, std::strerror(errno)), {}};
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(OpenFailure(path));
  std::string contents;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Fail(ErrorCode::kIo, "cannot read {}: {}", path, std::strerror(err));
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return contents;
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open directory {}: {}", dir, std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Fail(ErrorCode::kIo, "cannot sync directory {}: {}", dir, std::strerror(errno));
  return {};
}

Status WriteFileDurably(const std::string& path, std::string_view contents, unsigned mode) {
  std::string temporary = path + ".new";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot create {}: {}", temporary, std::strerror(errno));
  Status written = WriteAll(fd, contents, temporary);
  if (written && ::fsync(fd) != 0) written = Fail(ErrorCode::kIo, "cannot sync {}: {}", temporary, std::strerror(errno));
  ::close(fd);
  if (written && std::rename(temporary.c_str(), path.c_str()) != 0) {
    written = Fail(ErrorCode::kIo, "cannot replace {}: {}", path, std::strerror(errno));
  }
  if (!written) {
    ::unlink(temporary.c_str());
    return written;
  }
  return SyncDirectory(ParentOf(path));
}

Result<FileWriter> FileWriter::Create(const std::string& path, unsigned mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Fail(ErrorCode::kAlreadyExists, "{} exists", path);
    return Fail(ErrorCode::kIo, "cannot create {}: {}", path, std::strerror(errno));
  }
  return FileWriter(path, fd);
}

FileWriter::FileWriter(FileWriter&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileWriter::Append(std::string_view bytes) {
  if (fd_ < 0) return Fail(ErrorCode::kInternal, "{} is closed", path_);
  return WriteAll(fd_, bytes, path_);
}

Status FileWriter::Close() {
  if (fd_ < 0) return Fail(ErrorCode::kInternal, "{} is closed", path_);
  int fd = fd_;
  fd_ = -1;
  bool synced = ::fsync(fd) == 0;
  int sync_errno = errno;
  if (::close(fd) != 0 || !synced) {
    return Fail(ErrorCode::kIo, "cannot sync {}: {}", path_, std::strerror(synced ? errno : sync_errno));
  }
  return SyncDirectory(ParentOf(path_));
}

}  // namespace gongkai
