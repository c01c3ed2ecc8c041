// Where a command's answer goes: standard output on the command line, the
// body of a response on a server (docs/SERVER.md, "Queries"). A query
// command prints only through its Output, so a remote answer is the same
// bytes as the local one.
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace gongkai::cli {

class Output {
 public:
  virtual ~Output() = default;
  virtual void Write(std::string_view bytes) = 0;

  template <typename... T>
  void print(fmt::format_string<T...> format, T&&... args) {
    fmt::memory_buffer buffer;
    fmt::format_to(std::back_inserter(buffer), format, std::forward<T>(args)...);
    Write(std::string_view(buffer.data(), buffer.size()));
  }
};

// Standard output (a write error such as a closed pipe shows in the exit:
// the command line checks ferror(stdout) when the command ends).
class StdoutOutput final : public Output {
 public:
  void Write(std::string_view bytes) override { std::fwrite(bytes.data(), 1, bytes.size(), stdout); }
};

// A string of at most `limit` bytes; what goes over it is dropped and
// overflowed() says so (a server refuses such an answer as too large).
class StringOutput final : public Output {
 public:
  explicit StringOutput(size_t limit) : limit_(limit) {}
  void Write(std::string_view bytes) override {
    if (overflowed_ || text_.size() + bytes.size() > limit_) {
      overflowed_ = true;
      return;
    }
    text_.append(bytes);
  }
  bool overflowed() const { return overflowed_; }
  std::string& text() { return text_; }

 private:
  size_t limit_;
  std::string text_;
  bool overflowed_ = false;
};

}  // namespace gongkai::cli
