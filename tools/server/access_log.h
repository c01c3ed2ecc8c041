// The access log of `gongkai serve` (docs/SERVER.md, "The access log"): who
// read what, when. DIR/access-log.jsonl holds one schema::AccessRecord per
// line as JSON; each line names the SHA-256 of the line before it, so a line
// changed, removed or inserted anywhere before the last breaks the chain,
// and the head hash, once noted, pins the whole file. A record is on disk
// (fdatasync) before the read it records is answered.
//
// Group commit: records are written as reads are served, and a syncer
// thread makes them durable, one fdatasync for all the records written
// since its last one; each read is answered once a sync covers its record.
// A failed sync fails every read waiting on it and every later one, until
// the server restarts: its records may or may not be on disk, so the log
// may then name reads that were refused, never miss one that was answered.
#pragma once

#include <kj/async.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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
  // How the syncer makes the file durable: fdatasync, or a test's stand-in
  // (returns -1 and sets errno on failure, as fdatasync does).
  using SyncFunction = std::function<int(int fd)>;

  // Opens the log at `path`, creating it if absent, after checking it
  // (ReadAccessLog); a torn last line is cut off.
  static Result<std::unique_ptr<AccessLog>> Open(const std::string& path, SyncFunction sync = {});
  ~AccessLog();

  // Writes `entry` (one thread at a time: the read thread) and returns its
  // ticket, the number of records once it is in; the syncer makes it
  // durable. Errors: kIo, kNoSpace, or the failure of an earlier sync (the
  // read must then be refused: an unrecorded read is not answered).
  Result<uint64_t> Append(const AccessEntry& entry);
  // On the calling thread's event loop: resolves once record `ticket` (and
  // all before it) is on disk, or with the sync's error. Ticket 0 is ready.
  kj::Promise<Status> WhenSynced(uint64_t ticket);
  // Append, then wait for its sync on this thread (for callers without an
  // event loop; the server uses Append and WhenSynced).
  Status Record(const AccessEntry& entry);

  // The writer's view: read it on the writing thread, or once it is idle.
  const AccessLogSummary& summary() const { return summary_; }

 private:
  AccessLog(int fd, std::string path, AccessLogSummary summary, SyncFunction sync);
  void SyncLoop();
  Status SyncFailure();  // the failure, as a Status (locks)

  const int fd_;
  const std::string path_;
  const SyncFunction sync_;
  AccessLogSummary summary_;  // the writer's; its `bytes`: where a failed write is cut back to

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  uint64_t written_ = 0;  // records written (tickets handed out)
  uint64_t synced_ = 0;   // records on disk
  std::optional<Error> sync_failure_;
  struct Waiter {
    uint64_t ticket;
    kj::Own<kj::CrossThreadPromiseFulfiller<bool>> fulfiller;  // true: synced; false: see sync_failure_
  };
  std::vector<Waiter> waiters_;
  bool stopping_ = false;
  std::thread syncer_;  // last: started once the rest is set
};

}  // namespace gongkai::server
