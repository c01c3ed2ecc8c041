// Full hash tiles as served, kept in memory: a full tile never changes
// (tlog-tiles), and witnesses, replicas and monitors ask for the same newest
// ones again and again. Bounded by bytes; the oldest entry goes first. For
// the event loop's thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace gongkai::server {

class TileCache {
 public:
  explicit TileCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The tile's bytes, or null.
  const std::string* Find(const std::string& path) const {
    auto found = tiles_.find(path);
    return found == tiles_.end() ? nullptr : &found->second;
  }
  void Add(const std::string& path, std::string bytes) {
    if (bytes.size() > max_bytes_ || tiles_.contains(path)) return;
    bytes_ += bytes.size();
    tiles_.emplace(path, std::move(bytes));
    order_.push_back(path);
    while (bytes_ > max_bytes_) {
      auto oldest = tiles_.find(order_.front());
      bytes_ -= oldest->second.size();
      tiles_.erase(oldest);
      order_.pop_front();
    }
  }

 private:
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::unordered_map<std::string, std::string> tiles_;
  std::deque<std::string> order_;  // oldest first
};

}  // namespace gongkai::server
