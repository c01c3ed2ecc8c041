// The thread the server's reads run on. A query may take long (a replay
// folds the whole ledger); on a thread of its own it never holds up the
// event loop, which keeps taking appends, tiles and checkpoints meanwhile.
// Reads run one at a time, in the order they arrive: everything a read
// touches (the query session, its projections, the writing of the access
// log) belongs to this thread alone; the access log's syncer thread only
// makes the written records durable.
#pragma once

#include <kj/async.h>
#include <kj/thread.h>

#include <condition_variable>
#include <mutex>

namespace gongkai::server {

class ReadWorker {
 public:
  // Starts the thread; returns once it takes work.
  ReadWorker();
  // Lets the thread finish the read it is on, then joins it.
  ~ReadWorker();
  ReadWorker(const ReadWorker&) = delete;

  // Runs `read` on the worker thread; the promise (on the calling thread,
  // which must have an event loop) resolves with its result.
  template <typename Func>
  auto Run(Func&& read) {
    return executor_->executeAsync(kj::fwd<Func>(read));
  }

 private:
  std::mutex mutex_;
  std::condition_variable started_;
  const kj::Executor* executor_ = nullptr;
  kj::Own<kj::CrossThreadPromiseFulfiller<void>> stop_;
  kj::Own<kj::Thread> thread_;
};

}  // namespace gongkai::server
