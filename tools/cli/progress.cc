#include "tools/cli/progress.h"

#include <fmt/core.h>
#include <unistd.h>

namespace gongkai::cli {

Progress::Progress(std::string label, bool quiet)
    : label_(std::move(label)), quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

void Progress::Update(uint64_t done, uint64_t total) {
  if (quiet_) return;
  auto now = std::chrono::steady_clock::now();
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  int percent = total ? static_cast<int>(done * 100 / total) : 0;
  if (tty_) {
    if (done < total && now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    drawn_ = true;
    if (total) {
      fmt::print(stderr, "\r{} [{:<25}] {:3}% {}/{} entries, {:.0f}/s", label_, std::string(percent / 4, '#'),
                 percent, done, total, rate);
    } else {
      fmt::print(stderr, "\r{}: {} entries, {:.0f}/s", label_, done, rate);
    }
  } else if (total && (percent / 10 > last_decile_ || done >= total)) {
    if (done >= total && last_decile_ == 10) return;
    last_decile_ = percent / 10;
    fmt::print(stderr, "{}: {}% ({}/{} entries, {:.0f}/s)\n", label_, percent, done, total, rate);
  }
}

void Progress::Finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

std::function<void(uint64_t, uint64_t)> Progress::Callback() {
  if (quiet_) return nullptr;
  return [this](uint64_t done, uint64_t total) { Update(done, total); };
}

}  // namespace gongkai::cli
