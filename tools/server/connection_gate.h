// The limits a server holds every client to (docs/SERVER.md, "Limits"):
// connections open at once, and requests per second from one client
// address. A connection over the limit is answered 503 busy and closed; a
// request over its address's rate is answered 429 rate_limited with
// Retry-After, before the service sees it, so it reads and writes nothing.
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "tools/server/http.h"

namespace gongkai::server {

struct ConnectionLimits {
  uint32_t max_connections = 1024;
  // Requests a second from one address, sustained; a burst of one second's
  // worth is allowed. 0: no limit.
  uint32_t requests_per_second = 5000;
};

class ConnectionGate {
 public:
  // `headers` must outlive the gate. Used on one thread (the event loop's).
  ConnectionGate(ConnectionLimits limits, const HeaderTable& headers);

  const ConnectionLimits& limits() const { return limits_; }

  // A new connection from `peer` (its address, without the port): whether it
  // may be served. Every admitted connection is ended with Leave().
  bool Admit();
  void Leave();
  // The service for one admitted connection from `peer`: `inner`, behind
  // the per-address rate.
  kj::Own<kj::HttpService> ServiceFor(kj::HttpService& inner, std::string peer);
  // The raw answer to a connection over the limit.
  std::string BusyAnswer() const;

  // Prometheus lines: open connections, refused connections, rate-limited
  // requests.
  std::string Metrics() const;

 private:
  class Guarded;
  // Takes one request from `peer`'s bucket; false when it is empty.
  bool Take(const std::string& peer);

  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  ConnectionLimits limits_;
  const HeaderTable& headers_;
  std::unordered_map<std::string, Bucket> buckets_;
  uint64_t open_ = 0, refused_ = 0, rate_limited_ = 0;
};

}  // namespace gongkai::server
