// Appends as every front end of the server takes them (HTTP and RPC): a
// signed action submitted to the ledger's pipeline, answered on the event
// loop once it is durable (group commit across all connections) or
// refused; counted for /metrics.
//
// The ledger's commit thread reports a whole batch at once; the desk wakes
// the event loop once per group of reports, not once per append (a wake-up
// costs the loop more than the answer does).
#pragma once

#include <kj/async.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/signed_action.h"
#include "tools/server/latency_histogram.h"

namespace gongkai::server {

class AppendDesk {
 public:
  // `ledger` must outlive the desk. Used on the event loop's thread, except
  // the ledger's callbacks.
  explicit AppendDesk(Ledger& ledger) : ledger_(ledger) {}

  // Delivers the ledger's reports to the appends waiting for them; runs
  // until dropped. Appends are answered only while it runs.
  kj::Promise<void> Run();

  // The receipt once the entry is durable, or the refusal. A dropped
  // promise leaves the append to finish unobserved.
  kj::Promise<Result<AppendReceipt>> Append(SignedAction signed_action);

  // Fulfilled once the next append is acknowledged (the ledger has grown).
  kj::Promise<void> Grown();

  // Prometheus lines: appends by outcome, in flight, latency.
  std::string Metrics() const;

 private:
  struct Report {
    uint64_t id;
    Result<AppendReceipt> result;
  };
  // Results travel boxed through KJ's promises (g++ 12 misreads an
  // std::expected held inline there as maybe uninitialised).
  using Boxed = kj::Own<Result<AppendReceipt>>;
  struct Waiting {
    kj::Own<kj::PromiseFulfiller<Boxed>> fulfiller;
    std::chrono::steady_clock::time_point received;
  };
  // On the event loop: answers every report that came.
  void Deliver();

  Ledger& ledger_;
  // Shared with the ledger's threads.
  std::mutex mutex_;
  std::vector<Report> reports_;
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> wake_;  // set while Run waits for reports
  // The event loop's.
  uint64_t next_id_ = 0;
  std::unordered_map<uint64_t, Waiting> waiting_;
  uint64_t acknowledged_ = 0, refused_ = 0;
  LatencyHistogram latency_;
  std::vector<kj::Own<kj::PromiseFulfiller<void>>> awaiting_growth_;
};

}  // namespace gongkai::server
