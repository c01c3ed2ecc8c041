// The line lexing the two text formats of the rules layer share (the
// calendar and the rule sets, docs/RULES.md): fields are
// separated by blanks (space or tab), ids are letters, digits, '-', '_'
// and '.'.
#pragma once

#include <algorithm>
#include <string_view>

namespace gongkai::rules::lexer {

inline constexpr std::string_view kBlanks = " \t";

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }

inline std::string_view TrimLeft(std::string_view text) {
  return text.substr(std::min(text.find_first_not_of(kBlanks), text.size()));
}

// Removes and returns the first blank-separated field of `rest` (empty when
// `rest` holds only blanks).
inline std::string_view TakeField(std::string_view& rest) {
  rest = TrimLeft(rest);
  size_t end = std::min(rest.find_first_of(kBlanks), rest.size());
  std::string_view field = rest.substr(0, end);
  rest.remove_prefix(end);
  return field;
}

// A non-empty id of letters, digits, '-', '_' and '.'.
inline bool IsIdentifier(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

}  // namespace gongkai::rules::lexer
