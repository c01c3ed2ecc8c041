// A multi-producer queue drained in batches, for the ledger's pipeline.
//
// Producers wake a waiting consumer only when the queue turns non-empty or
// fills a batch, not on every push: under load the consumer is busy and the
// producers' pushes cost no system call.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

namespace gongkai {

template <typename T>
class BatchQueue {
 public:
  explicit BatchQueue(size_t max_batch) : max_batch_(max_batch) {}

  // False when the queue is closed (the item is not taken).
  bool Push(T&& item) {
    bool wake;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      items_.push_back(std::move(item));
      wake = items_.size() == 1 || items_.size() == max_batch_;
    }
    if (wake) ready_.notify_one();
    return true;
  }

  // Waits for at least one item, then (when `linger` is non-zero) up to
  // `linger` for a full batch, and returns at most max_batch items in order.
  // Returns an empty batch once the queue is closed and drained.
  std::vector<T> Take(std::chrono::microseconds linger = {}) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (linger.count() > 0 && !closed_ && items_.size() < max_batch_) {
      ready_.wait_for(lock, linger, [&] { return closed_ || items_.size() >= max_batch_; });
    }
    std::vector<T> batch;
    size_t n = std::min(items_.size(), max_batch_);
    batch.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    if (!items_.empty()) ready_.notify_one();  // more for another consumer
    return batch;
  }

  // Refuses further pushes; consumers drain what is queued, then get empty
  // batches.
  void Close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  const size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace gongkai
