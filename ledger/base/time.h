// Instants as microseconds since the Unix epoch, and their text form.
//
// Text form (RFC 3339 profile): "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+HH:MM|-HH:MM)",
// or a bare date "YYYY-MM-DD" meaning 00:00 China Standard Time (UTC+08:00),
// the time zone of every agency this ledger serves. Output is always in
// UTC+08:00 with six fractional digits, so it is fixed-width and sorts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/error.h"

namespace gongkai {

using UnixMicros = int64_t;

Result<UnixMicros> ParseTime(std::string_view text);
std::string FormatTime(UnixMicros micros);

// The source of the ledger's recorded time. Passed in, so tests control it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMicros Now() = 0;
};

// The operating system's real-time clock.
class SystemClock final : public Clock {
 public:
  UnixMicros Now() override;
};

// A clock that only moves when told to (tests, the simulator).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMicros start) : now_(start) {}
  UnixMicros Now() override { return now_; }
  void Set(UnixMicros now) { now_ = now; }
  void Advance(UnixMicros delta) { now_ += delta; }

 private:
  UnixMicros now_;
};

}  // namespace gongkai
