// Reads as every front end of the server serves them (HTTP and RPC): the
// reader named by a verified key, the query answered by the backend, and
// every read, answered or refused, first recorded in the access log
// (docs/SERVER.md, "Who may read what", "The access log"). The transport
// proves which key asked; the desk decides and records the rest.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/base/time.h"
#include "ledger/tiles.h"
#include "tools/query/access.h"
#include "tools/query/session.h"
#include "tools/server/access_log.h"
#include "tools/server/latency_histogram.h"
#include "tools/server/read_worker.h"

namespace gongkai::server {

// A query's parameters as sent: ("arg", value) for each positional
// argument, (option, value) for an option, (flag, "") for a flag.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct QueryAnswer {
  query::ReadScope scope;  // what the query reads, as far as it was understood
  Result<std::string> body = std::string();
  std::string content_type = "text/plain; charset=utf-8";
};

// The queries a front end serves (the command line's, tools/cli): the
// server authenticates the reader and records the read; the backend parses,
// authorises (query::MayRead) and answers.
class QueryBackend {
 public:
  virtual ~QueryBackend() = default;
  virtual QueryAnswer Answer(std::string_view command, const QueryParams& params, query::QuerySession& session,
                             const PersonRecord& reader, UnixMicros now) = 0;
};

// What serving reads needs: a session over the ledger's store, the access
// log, the backend and the clock that dates requests.
struct ReadServing {
  query::QuerySession& session;
  AccessLog& access_log;
  QueryBackend& backend;
  Clock& clock;
};

// A reader whose key the transport verified.
struct Reader {
  const PersonRecord* person;
  std::string key_id;
};

// The access log's status of an answer: the HTTP status it is (or would
// be, over RPC) answered with.
unsigned StatusOf(const Result<std::string>& body);

// A read whose access record could not be made durable is not answered:
// its result becomes `error`. One for each kind of result a read returns.
void RefuseUnrecorded(QueryAnswer& answer, const Error& error);
void RefuseUnrecorded(Result<std::string>& body, const Error& error);
void RefuseUnrecorded(Status& status, const Error& error);

class ReadDesk {
 public:
  // `reads` must outlive the desk, which starts its worker thread.
  explicit ReadDesk(ReadServing reads) : reads_(reads) {}

  // Runs `read(desk)` on the desk's worker thread (read_worker.h); the
  // promise resolves on the calling thread with its result once the access
  // records it made are on disk (the access log's group commit), or with
  // the read refused if they cannot be. Meanwhile the worker serves the
  // next read. Every other method but Metrics is called only inside such a
  // read.
  template <typename Func>
  auto Run(Func&& read) {
    return worker_
        .Run([this, read = kj::fwd<Func>(read)]() mutable {
          last_ticket_ = 0;  // a read that records nothing waits for nothing
          auto result = read(*this);
          return std::make_pair(std::move(result), last_ticket_);
        })
        .then([this](auto answered) {
          return reads_.access_log.WhenSynced(answered.second)
              .then([result = std::move(answered.first)](Status synced) mutable {
                if (!synced) RefuseUnrecorded(result, UnrecordedError(synced.error()));
                return std::move(result);
              });
        });
  }

  // Any thread (the clock is).
  UnixMicros Now() { return reads_.clock.Now(); }
  // The key registry as of the ledger's head (the session caught up first).
  Result<const KeyRegistry*> Registry();
  // The reader holding `key_id` at `now` in `registry` (Registry()'s). A
  // registered key no longer (or not yet) valid is refused, and the attempt
  // recorded as `request`.
  Result<Reader> ReaderOf(const KeyRegistry& registry, std::string_view key_id, std::string_view request,
                          UnixMicros now);
  // Records `reader`'s `request` about `about`, answered `body`, and returns
  // `body`; or kIo (an unrecorded read is not answered) when it cannot be
  // recorded.
  Result<std::string> Recorded(const Reader& reader, std::string_view request, std::string_view about,
                               Result<std::string> body, UnixMicros now);
  // Answers `command` for `reader` and records it as `request`.
  QueryAnswer Query(const Reader& reader, std::string_view command, const QueryParams& params,
                    std::string_view request, UnixMicros now);
  // The entry records of `tile` for a reader of everything, recorded.
  Result<std::string> EntryBundle(const Reader& reader, const tiles::TilePath& tile, std::string_view request,
                                  UnixMicros now);

  // Prometheus lines: query latency. Any thread.
  std::string Metrics() const;

 private:
  Status Record(std::string_view person, std::string_view key_id, std::string_view request, std::string_view about,
                unsigned status, UnixMicros now);
  // The error a read is refused with when its record cannot be kept.
  static Error UnrecordedError(const Error& cause);

  ReadServing reads_;
  uint64_t last_ticket_ = 0;  // the worker's: the access log ticket of the current read's latest record
  mutable std::mutex latency_mutex_;
  LatencyHistogram query_latency_;  // guarded by latency_mutex_
  ReadWorker worker_;               // last: stopped first
};

}  // namespace gongkai::server
