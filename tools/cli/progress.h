// Progress of long work on stderr, the same for every command: redrawn in
// place on a terminal ("verify [#####     ]  42% 420000/1000000 entries,
// 17000/s"), a line every 10% otherwise (logs, CI), nothing with --quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace gongkai::cli {

class Progress {
 public:
  // `label` names the work ("verify", "project"); `quiet` turns it off.
  Progress(std::string label, bool quiet);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of `total` entries (total 0: unknown, a count only).
  void Update(uint64_t done, uint64_t total);
  // Ends a line drawn in place; call once the work is over.
  void Finish();
  // A callback that updates this progress (for options structs); null when quiet.
  std::function<void(uint64_t, uint64_t)> Callback();

 private:
  std::string label_;
  bool quiet_, tty_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_{};
  int last_decile_ = -1;
};

}  // namespace gongkai::cli
