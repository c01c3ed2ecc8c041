#include "tools/server/read_worker.h"

namespace gongkai::server {

ReadWorker::ReadWorker() {
  thread_ = kj::heap<kj::Thread>([this]() {
    kj::EventLoop loop;
    kj::WaitScope wait(loop);
    auto stop = kj::newPromiseAndCrossThreadFulfiller<void>();
    {
      std::lock_guard lock(mutex_);
      executor_ = &kj::getCurrentThreadExecutor();
      stop_ = kj::mv(stop.fulfiller);
    }
    started_.notify_one();
    stop.promise.wait(wait);
  });
  std::unique_lock lock(mutex_);
  started_.wait(lock, [this] { return executor_ != nullptr; });
}

ReadWorker::~ReadWorker() {
  stop_->fulfill();
  thread_ = nullptr;  // joins
}

}  // namespace gongkai::server
