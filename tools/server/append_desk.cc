#include "tools/server/append_desk.h"

#include <fmt/core.h>

namespace gongkai::server {

kj::Promise<void> AppendDesk::Run() {
  auto wake = kj::newPromiseAndCrossThreadFulfiller<void>();
  {
    std::lock_guard lock(mutex_);
    if (reports_.empty()) {
      wake_ = kj::mv(wake.fulfiller);
    } else {
      wake.fulfiller->fulfill();
    }
  }
  return wake.promise.then([this]() {
    Deliver();
    return Run();
  });
}

void AppendDesk::Deliver() {
  std::vector<Report> reports;
  {
    std::lock_guard lock(mutex_);
    reports.swap(reports_);
  }
  const auto now = std::chrono::steady_clock::now();
  bool grown = false;
  for (Report& report : reports) {
    auto found = waiting_.find(report.id);
    if (found == waiting_.end()) continue;
    latency_.Observe(now - found->second.received);
    ++(report.result ? acknowledged_ : refused_);
    grown |= report.result && !report.result->duplicate;
    // A client that went away dropped its promise: fulfilling it is a no-op.
    found->second.fulfiller->fulfill(kj::heap<Result<AppendReceipt>>(std::move(report.result)));
    waiting_.erase(found);
  }
  if (grown) {
    for (auto& fulfiller : awaiting_growth_) fulfiller->fulfill();
    awaiting_growth_.clear();
  }
}

kj::Promise<Result<AppendReceipt>> AppendDesk::Append(SignedAction signed_action) {
  const uint64_t id = next_id_++;
  auto answer = kj::newPromiseAndFulfiller<Boxed>();
  waiting_.emplace(id, Waiting{kj::mv(answer.fulfiller), std::chrono::steady_clock::now()});
  // Called once, on a ledger thread, when the entry's batch is synced (or
  // the action refused): queued, and the loop woken if it waits.
  ledger_.Submit(std::move(signed_action), [this, id](Result<AppendReceipt> result) {
    std::lock_guard lock(mutex_);
    reports_.push_back({id, std::move(result)});
    if (wake_) {
      wake_->fulfill();
      wake_ = nullptr;
    }
  });
  return answer.promise.then([](Boxed boxed) { return kj::mv(*boxed); });
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
             acknowledged_, refused_, waiting_.size()) +
         latency_.Prometheus("gongkai_append_seconds",
                             "From a signed action received to its answer (durable or refused).");
}

}  // namespace gongkai::server
