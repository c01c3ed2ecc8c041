#include "tools/server/append_desk.h"

#include <fmt/core.h>

#include <chrono>
#include <memory>

namespace gongkai::server {

kj::Promise<Result<AppendReceipt>> AppendDesk::Append(SignedAction signed_action) {
  // The ledger's threads fulfil this promise when the entry's batch is
  // synced (or the action refused). The fulfiller belongs to the callback,
  // which the ledger calls once: if the client goes away first, fulfilling
  // a dropped promise is a no-op. (The result travels boxed: one pointer
  // across threads.)
  using Boxed = kj::Own<Result<AppendReceipt>>;
  auto paf = kj::newPromiseAndCrossThreadFulfiller<Boxed>();
  auto fulfiller = std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<Boxed>>>(kj::mv(paf.fulfiller));
  const auto received = std::chrono::steady_clock::now();
  ++in_flight_;
  ledger_.Submit(std::move(signed_action), [fulfiller](Result<AppendReceipt> result) {
    (*fulfiller)->fulfill(kj::heap<Result<AppendReceipt>>(std::move(result)));
  });
  auto done = kj::defer([this, received]() {
    --in_flight_;
    latency_.Observe(std::chrono::steady_clock::now() - received);
  });
  return paf.promise.attach(kj::mv(done)).then([this](Boxed boxed) {
    ++(*boxed ? acknowledged_ : refused_);
    if (*boxed && !(*boxed)->duplicate) {
      for (auto& fulfiller : awaiting_growth_) fulfiller->fulfill();
      awaiting_growth_.clear();
    }
    return kj::mv(*boxed);
  });
}

kj::Promise<void> AppendDesk::Grown() {
  auto paf = kj::newPromiseAndFulfiller<void>();
  awaiting_growth_.push_back(kj::mv(paf.fulfiller));
  return kj::mv(paf.promise);
}

std::string AppendDesk::Metrics() const {
  return fmt::format(
             "# HELP gongkai_appends_total Signed actions posted, by outcome.\n# TYPE gongkai_appends_total counter\n"
             "gongkai_appends_total{{outcome=\"acknowledged\"}} {}\ngongkai_appends_total{{outcome=\"refused\"}} {}\n"
             "# HELP gongkai_appends_in_flight Signed actions posted and not yet durable or refused (the queue).\n"
             "# TYPE gongkai_appends_in_flight gauge\ngongkai_appends_in_flight {}\n",
             acknowledged_, refused_, in_flight_) +
         latency_.Prometheus("gongkai_append_seconds",
                             "From a signed action received to its answer (durable or refused).");
}

}  // namespace gongkai::server
