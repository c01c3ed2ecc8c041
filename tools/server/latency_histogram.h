// A Prometheus histogram of durations (seconds), for one thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gongkai::server {

class LatencyHistogram {
 public:
  // Upper bounds of the buckets, in seconds; +Inf is implied.
  static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                     0.05,   0.1,   0.25,  0.5,   1,    2.5};

  void Observe(std::chrono::steady_clock::duration elapsed);
  // The HELP, TYPE, _bucket, _sum and _count lines of `name`.
  std::string Prometheus(std::string_view name, std::string_view help) const;

 private:
  std::array<uint64_t, kBounds.size()> counts_{};  // not cumulative
  uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace gongkai::server
