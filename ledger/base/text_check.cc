#include "ledger/base/text_check.h"

#include <fmt/core.h>

#include <cstdint>

namespace gongkai {

std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  while (i < n) {
    uint8_t c = byte(i);
    size_t extra;
    uint8_t low = 0x80, high = 0xbf;  // allowed range of the second byte
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      if (c == 0xe0) low = 0xa0;
      if (c == 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      if (c == 0xf0) low = 0x90;
      if (c == 0xf4) high = 0x8f;
    } else {
      return i;
    }
    if (n - i - 1 < extra) return i;
    for (size_t k = 1; k <= extra; ++k) {
      uint8_t b = byte(i + k);
      if (k == 1 ? (b < low || b > high) : (b & 0xc0) != 0x80) return i;
    }
    i += extra + 1;
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view text) { return !FirstInvalidUtf8(text).has_value(); }

namespace {

std::string Escape(std::string_view text, size_t max_bytes, bool escape_backslash) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    uint8_t c = static_cast<uint8_t>(text[i]);
    if (c >= 0x80) {
      // Keep a whole valid UTF-8 sequence; escape a byte that starts none.
      size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      std::string_view sequence = text.substr(i, length);
      if (length > 1 && sequence.size() == length && IsValidUtf8(sequence)) {
        out += sequence;
        i += length;
        continue;
      }
    }
    if (c < 0x20 || c == 0x7f || c >= 0x80 || (escape_backslash && c == '\\')) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  if (i < text.size()) out += "…";
  return out;
}

}  // namespace

std::string EscapeControls(std::string_view text) { return Escape(text, SIZE_MAX, false); }

std::string EscapeForMessage(std::string_view text, size_t max_bytes) { return Escape(text, max_bytes, true); }

void AppendUtf8(char32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
}

bool HasControlCharacter(std::string_view text, bool allow_tab) {
  for (char c : text) {
    if ((static_cast<uint8_t>(c) < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f) return true;
  }
  return false;
}

Status CheckText(std::string_view field, capnp::Text::Reader text, size_t min, size_t max,
                 bool identifier) {
  std::string_view view(text.cStr(), text.size());
  if (view.size() < min) {
    return min == 1 ? Fail(ErrorCode::kMalformed, "{} is missing", field)
                    : Fail(ErrorCode::kMalformed, "{} is shorter than {} bytes", field, min);
  }
  if (view.size() > max) {
    return Fail(ErrorCode::kTooLarge, "{} is {} bytes; the limit is {}", field, view.size(), max);
  }
  if (!IsValidUtf8(view)) return Fail(ErrorCode::kMalformed, "{} is not valid UTF-8", field);
  if (view.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kMalformed, "{} contains a NUL character", field);
  }
  if (identifier && HasControlCharacter(view)) {
    return Fail(ErrorCode::kMalformed, "{} contains a control character", field);
  }
  return {};
}

}  // namespace gongkai
