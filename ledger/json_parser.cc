#include "ledger/json_parser.h"

#include <capnp/orphan.h>
#include <kj/vector.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "ledger/base/text_check.h"

namespace gongkai {
namespace {

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Recursive descent over the whole input; `pos_` is the next unread byte.
// The input has been checked to be valid UTF-8 before parsing starts, so
// only the structure is checked here.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Status Document(capnp::JsonValue::Builder out) {
    SkipWhitespace();
    if (AtEnd()) return Refuse("the input is empty: expected a JSON value");
    GK_RETURN_IF_ERROR(Value(out, 0));
    SkipWhitespace();
    if (!AtEnd()) return Refuse("unexpected {} after the JSON value", Found());
    return {};
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  void SkipWhitespace() {
    while (!AtEnd() && IsJsonWhitespace(Peek())) ++pos_;
  }

  // What stands at the current position, for a message.
  std::string Found() const {
    if (AtEnd()) return "the end of the input";
    if (Peek() == '\0') return "a NUL byte";
    return fmt::format("'{}'", EscapeForMessage(text_.substr(pos_), 12));
  }

  template <typename... Args>
  std::unexpected<Error> Refuse(fmt::format_string<Args...> format, Args&&... args) const {
    return Fail(ErrorCode::kMalformed, "JSON at byte {}: {}", pos_,
                fmt::format(format, std::forward<Args>(args)...));
  }

  Status Expect(char wanted, std::string_view what) {
    if (AtEnd() || Peek() != wanted) return Refuse("expected {}, found {}", what, Found());
    ++pos_;
    return {};
  }

  Status Value(capnp::JsonValue::Builder out, size_t depth) {
    if (AtEnd()) return Refuse("expected a value, found the end of the input");
    switch (Peek()) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': {
        std::string s;
        GK_RETURN_IF_ERROR(String(s));
        out.setString(s);
        return {};
      }
      case 't': return Literal("true", [&] { out.setBoolean(true); });
      case 'f': return Literal("false", [&] { out.setBoolean(false); });
      case 'n': return Literal("null", [&] { out.setNull(); });
      default:
        if (Peek() == '-' || IsDigit(Peek())) return Number(out);
        return Refuse("expected a value, found {}", Found());
    }
  }

  template <typename SetFn>
  Status Literal(std::string_view word, SetFn set) {
    if (text_.substr(pos_, word.size()) != word) return Refuse("expected a value, found {}", Found());
    pos_ += word.size();
    set();
    return {};
  }

  // number = [ "-" ] int [ frac ] [ exp ]  (RFC 8259 section 6)
  Status Number(capnp::JsonValue::Builder out) {
    size_t start = pos_;
    if (Peek() == '-') ++pos_;
    if (AtEnd() || !IsDigit(Peek())) return Refuse("expected a digit, found {}", Found());
    if (Peek() == '0') {
      ++pos_;
      if (!AtEnd() && IsDigit(Peek())) return Refuse("a number may not have a leading zero");
    } else {
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    if (!AtEnd() && Peek() == '.') {
      ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return Refuse("expected a digit after '.', found {}", Found());
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return Refuse("expected a digit in the exponent, found {}", Found());
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    std::string digits(text_.substr(start, pos_ - start));
    errno = 0;
    double value = std::strtod(digits.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(value)) {
      pos_ = start;
      return Refuse("the number {} is too large", digits);
    }
    out.setNumber(value);
    return {};
  }

  Result<uint32_t> Hex4() {
    if (text_.size() - pos_ < 4) return Refuse("a \\u escape needs four hex digits");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') value |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') value |= static_cast<uint32_t>(c - 'A' + 10);
      else return Refuse("a \\u escape needs four hex digits, found {}", Found());
    }
    pos_ += 4;
    return value;
  }

  // The code point of the \u escape at pos_ (just after the backslash and
  // 'u'), joining a surrogate pair written as two escapes.
  Result<uint32_t> UnicodeEscape() {
    size_t escape_start = pos_ - 2;
    auto high = Hex4();
    if (!high) return high;
    if (*high >= 0xdc00 && *high <= 0xdfff) {
      pos_ = escape_start;
      return Refuse("\\u{:04x} is a low surrogate without a high surrogate before it", *high);
    }
    if (*high < 0xd800 || *high > 0xdbff) return *high;
    if (text_.substr(pos_, 2) != "\\u") {
      pos_ = escape_start;
      return Refuse("\\u{:04x} is a high surrogate not followed by a \\u escape of a low surrogate", *high);
    }
    pos_ += 2;
    auto low = Hex4();
    if (!low) return low;
    if (*low < 0xdc00 || *low > 0xdfff) {
      pos_ = escape_start;
      return Refuse("\\u{:04x} is a high surrogate followed by \\u{:04x}, not by a low surrogate", *high, *low);
    }
    return 0x10000 + ((*high - 0xd800) << 10) + (*low - 0xdc00);
  }

  Status String(std::string& out) {
    GK_RETURN_IF_ERROR(Expect('"', "'\"'"));
    while (true) {
      if (AtEnd()) return Refuse("a string is not closed");
      char c = Peek();
      if (c == '"') {
        ++pos_;
        return {};
      }
      if (c == '\0') return Refuse("a string holds a NUL byte");
      if (static_cast<uint8_t>(c) < 0x20) {
        return Refuse("a string holds the control character U+{:04X}; it must be escaped",
                      static_cast<unsigned>(c));
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (AtEnd()) return Refuse("a string is not closed");
      char escape = Peek();
      ++pos_;
      switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto code_point = UnicodeEscape();
          GK_RETURN_IF_ERROR(code_point);
          if (*code_point == 0) {
            pos_ -= 6;
            return Refuse("\\u0000 (NUL) is not allowed in text");
          }
          AppendUtf8(*code_point, out);
          break;
        }
        default:
          pos_ -= 2;
          return Refuse("unknown escape {}", Found());
      }
    }
  }

  Status Array(capnp::JsonValue::Builder out, size_t depth) {
    if (depth > kMaxJsonDepth) return Refuse("nested deeper than {} levels", kMaxJsonDepth);
    ++pos_;  // '['
    auto orphanage = capnp::Orphanage::getForMessageContaining(out);
    kj::Vector<capnp::Orphan<capnp::JsonValue>> elements;
    SkipWhitespace();
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      out.initArray(0);
      return {};
    }
    while (true) {
      SkipWhitespace();
      auto element = orphanage.newOrphan<capnp::JsonValue>();
      GK_RETURN_IF_ERROR(Value(element.get(), depth));
      elements.add(kj::mv(element));
      SkipWhitespace();
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        continue;
      }
      GK_RETURN_IF_ERROR(Expect(']', "',' or ']'"));
      break;
    }
    auto array = out.initArray(static_cast<unsigned>(elements.size()));
    for (unsigned i = 0; i < elements.size(); ++i) array.adoptWithCaveats(i, kj::mv(elements[i]));
    return {};
  }

  Status Object(capnp::JsonValue::Builder out, size_t depth) {
    if (depth > kMaxJsonDepth) return Refuse("nested deeper than {} levels", kMaxJsonDepth);
    ++pos_;  // '{'
    auto orphanage = capnp::Orphanage::getForMessageContaining(out);
    kj::Vector<capnp::Orphan<capnp::JsonValue::Field>> fields;
    SkipWhitespace();
    if (!AtEnd() && Peek() == '}') {
      ++pos_;
      out.initObject(0);
      return {};
    }
    while (true) {
      SkipWhitespace();
      if (AtEnd() || Peek() != '"') return Refuse("expected a field name in quotes, found {}", Found());
      std::string name;
      GK_RETURN_IF_ERROR(String(name));
      SkipWhitespace();
      GK_RETURN_IF_ERROR(Expect(':', "':'"));
      SkipWhitespace();
      auto field = orphanage.newOrphan<capnp::JsonValue::Field>();
      field.get().setName(name);
      GK_RETURN_IF_ERROR(Value(field.get().initValue(), depth));
      fields.add(kj::mv(field));
      SkipWhitespace();
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        continue;
      }
      GK_RETURN_IF_ERROR(Expect('}', "',' or '}'"));
      break;
    }
    auto object = out.initObject(static_cast<unsigned>(fields.size()));
    for (unsigned i = 0; i < fields.size(); ++i) object.adoptWithCaveats(i, kj::mv(fields[i]));
    return {};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Status ParseJson(std::string_view text, capnp::JsonValue::Builder out) {
  if (auto bad = FirstInvalidUtf8(text)) {
    return Fail(ErrorCode::kMalformed, "JSON at byte {}: not valid UTF-8 (byte \\x{:02x})", *bad,
                static_cast<uint8_t>(text[*bad]));
  }
  return Parser(text).Document(out);
}

}  // namespace gongkai
