// The access log of `gongkai serve` (docs/SERVER.md, "The access log"): who
// read what, when. DIR/access-log.jsonl holds one schema::AccessRecord per
// line as JSON; each line names the SHA-256 of the line before it, so a line
// changed, removed or inserted anywhere before the last breaks the chain,
// and the head hash, once noted, pins the whole file. A record is on disk
// (fdatasync) before the read it records is answered.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/bytes.h"
#include "ledger/hash.h"
#include "tools/server/access_log.capnp.h"

namespace gongkai::server {

struct AccessEntry {
  UnixMicros time = 0;
  std::string person, key, request, about;
  unsigned status = 0;
};

struct AccessLogSummary {
  uint64_t records = 0;
  Digest head{};  // SHA-256 of the last line; zeros when empty
  uint64_t bytes = 0;  // the length of the whole lines (a torn last line not counted)
};

// Reads the access log at `path` and checks its chain, calling `each` for
// every record in order. A last line without its "\n" is a record that was
// being written when the server stopped (its read was not answered) and is
// not counted. Errors: kCorruption naming the first bad line; kNotFound for
// no file.
Result<AccessLogSummary> ReadAccessLog(const std::string& path,
                                       const std::function<void(schema::AccessRecord::Reader)>& each = {});

class AccessLog {
 public:
  // Opens the log at `path`, creating it if absent, after checking it
  // (ReadAccessLog); a torn last line is cut off.
  static Result<std::unique_ptr<AccessLog>> Open(const std::string& path);
  ~AccessLog();

  // Appends `entry` and syncs it. Errors: kIo, kNoSpace (the read must then be
  // refused: an unrecorded read is not answered).
  Status Record(const AccessEntry& entry);

  const AccessLogSummary& summary() const { return summary_; }

 private:
  AccessLog(int fd, std::string path, AccessLogSummary summary)
      : fd_(fd), path_(std::move(path)), summary_(summary) {}
  int fd_;
  std::string path_;
  AccessLogSummary summary_;  // its `bytes`: where a failed write is cut back to
};

}  // namespace gongkai::server
