// Files written so that a crash leaves either the old contents or the new,
// and every write is checked.
#pragma once

#include <string>
#include <string_view>

#include "ledger/base/error.h"

namespace gongkai {

// The whole file. A file that cannot be opened or read is an I/O error
// (kIo) naming the path and the system's reason, e.g. "cannot open
// x.pem: No such file or directory".
Result<std::string> ReadWholeFile(const std::string& path);
// The error for a file `path` that could not be opened, from errno.
Error OpenFailure(const std::string& path);

// Writes all of `bytes` to `fd` (retrying short writes and EINTR).
// Errors: kNoSpace for a full disk, else kIo naming `path`.
Status WriteAll(int fd, std::string_view bytes, const std::string& path);

// Makes the creation, removal or renaming of entries in `dir` durable.
Status SyncDirectory(const std::string& dir);

// Replaces `path` with `contents` durably: writes PATH.new with `mode`,
// syncs it, renames it over PATH and syncs the directory.
Status WriteFileDurably(const std::string& path, std::string_view contents, unsigned mode = 0644);

// A new file written in pieces (an export's entries): every write checked,
// and Close() syncs it to disk before it reports success.
class FileWriter {
 public:
  // Refuses (kAlreadyExists) to replace an existing file.
  static Result<FileWriter> Create(const std::string& path, unsigned mode = 0644);
  FileWriter(FileWriter&& other) noexcept;
  FileWriter& operator=(FileWriter&&) = delete;
  ~FileWriter();

  Status Append(std::string_view bytes);
  // Syncs and closes; the file is complete only once this succeeds.
  Status Close();

 private:
  FileWriter(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

}  // namespace gongkai
