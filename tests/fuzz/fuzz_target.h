// What every fuzz target shares. A target defines LLVMFuzzerTestOneInput
// (libFuzzer's entry point): it feeds the input to one decoder of outside
// bytes and, where the decoder accepts, checks a property that must hold of
// every accepted input (it re-encodes to the same bytes, the next layer
// accepts it too). A decoder may refuse; it must never crash, hang, leak or
// read out of bounds, and the sanitizers of the fuzzing build say so.
//
// The same file builds two ways (tests/fuzz/CMakeLists.txt): with clang's
// -fsanitize=fuzzer as a libFuzzer binary, and with any compiler beside
// corpus_replay.cc, which feeds it every file of its corpus once, so that the
// seeds and every crash once found run in the ordinary test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ledger/bytes.h"

namespace gongkai::fuzz {

inline std::string_view TextOf(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
inline ByteView BytesOf(const uint8_t* data, size_t size) { return {data, size}; }

// A property of accepted inputs failed: report it and abort, which libFuzzer
// records as a crash with the input that caused it.
[[noreturn]] inline void PropertyFailed(const char* property, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: property failed: %s\n", file, line, property);
  std::abort();
}

}  // namespace gongkai::fuzz

#define FUZZ_REQUIRE(condition) \
  ((condition) ? (void)0 : ::gongkai::fuzz::PropertyFailed(#condition, __FILE__, __LINE__))

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
