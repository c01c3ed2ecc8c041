// Appends as every front end of the server takes them (HTTP and RPC): a
// signed action submitted to the ledger's pipeline, answered on the event
// loop once it is durable (group commit across all connections) or
// refused; counted for /metrics.
#pragma once

#include <kj/async.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/signed_action.h"
#include "tools/server/latency_histogram.h"

namespace gongkai::server {

class AppendDesk {
 public:
  // `ledger` must outlive the desk. Used on the event loop's thread only.
  explicit AppendDesk(Ledger& ledger) : ledger_(ledger) {}

  // The receipt once the entry is durable, or the refusal. A dropped
  // promise leaves the append to finish unobserved.
  kj::Promise<Result<AppendReceipt>> Append(SignedAction signed_action);

  // Fulfilled once the next append is acknowledged (the ledger has grown).
  kj::Promise<void> Grown();

  // Prometheus lines: appends by outcome, in flight, latency.
  std::string Metrics() const;

 private:
  Ledger& ledger_;
  uint64_t acknowledged_ = 0, refused_ = 0;
  uint64_t in_flight_ = 0;  // submitted, not yet durable or refused
  LatencyHistogram latency_;
  std::vector<kj::Own<kj::PromiseFulfiller<void>>> awaiting_growth_;
};

}  // namespace gongkai::server
