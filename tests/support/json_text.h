// Random text and the JSON string literals people's tools write for it, for
// the property tests of the JSON input (tests/ledger/json_parser_test.cc,
// tests/tools/input_integrity_test.cc).
#pragma once

#include <fmt/core.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/text_check.h"

namespace gongkai::testing {

// Random text of the kinds people write and parsers get wrong: CJK,
// full-width punctuation, combining marks, private use, astral-plane
// characters (CJK extension B, emoji), quotes, backslashes and slashes; with
// `controls`, C0 control characters too (free text allows them, identifiers
// do not). At least `min_length` characters, never a space at either end.
inline std::u32string RandomText(std::mt19937_64& random, size_t min_length, bool controls) {
  static const std::vector<std::pair<char32_t, char32_t>> kRanges = {
      {0x20, 0x7e},     {0x80, 0x7ff},      {0x4e00, 0x9fff},   {0x3000, 0x303f}, {0xff00, 0xffef},
      {0x0300, 0x036f}, {0xe000, 0xf8ff},   {0x20000, 0x2a6df}, {0x1f300, 0x1faff}, {0xfff0, 0xffff},
      {0x10000, 0x10ffff}, {'/', '/'},      {'"', '"'},         {'\\', '\\'},     {0x01, 0x1f},
  };
  const size_t ranges = controls ? kRanges.size() : kRanges.size() - 1;  // the controls come last
  std::u32string text;
  size_t length = min_length + random() % 24;
  for (size_t i = 0; i < length; ++i) {
    auto [low, high] = kRanges[random() % ranges];
    text += static_cast<char32_t>(low + random() % (high - low + 1));
  }
  if (!text.empty() && text.front() == ' ') text.front() = U'政';
  if (!text.empty() && text.back() == ' ') text.back() = U'务';
  return text;
}

inline std::string Utf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) AppendUtf8(c, out);
  return out;
}

// `text` as a JSON string literal, each character written in a form drawn at
// random: raw UTF-8, \uXXXX in either case (surrogate pairs above the BMP),
// or a short escape; with `ensure_ascii` every non-ASCII character is
// escaped, as Python's json.dumps does by default.
inline std::string JsonLiteral(const std::u32string& text, bool ensure_ascii, std::mt19937_64& random) {
  std::string out = "\"";
  auto u_escape = [&](char32_t unit) {
    unsigned value = static_cast<unsigned>(unit);
    out += random() % 2 ? fmt::format("\\u{:04x}", value) : fmt::format("\\u{:04X}", value);
  };
  for (char32_t c : text) {
    bool escape = c < 0x20 || c == '"' || c == '\\' || (ensure_ascii && c >= 0x80) || random() % 4 == 0;
    if (!escape) {
      AppendUtf8(c, out);
    } else if (c == '"') {
      out += random() % 2 ? "\\\"" : "\\u0022";
    } else if (c == '\\') {
      out += random() % 2 ? "\\\\" : "\\u005c";
    } else if (c == '/' && random() % 2) {
      out += "\\/";
    } else if (c == '\n' && random() % 2) {
      out += "\\n";
    } else if (c == '\t' && random() % 2) {
      out += "\\t";
    } else if (c >= 0x10000) {
      u_escape(0xd800 + ((c - 0x10000) >> 10));
      u_escape(0xdc00 + ((c - 0x10000) & 0x3ff));
    } else {
      u_escape(c);
    }
  }
  return out + "\"";
}

}  // namespace gongkai::testing
