// A strict JSON parser (RFC 8259) into Cap'n Proto's JsonValue tree.
//
// Every JSON text gongkai reads goes through this parser, never through the
// parser inside Debian's Cap'n Proto 0.9.2 JsonCodec, which misreads the hex
// digits a-f in \uXXXX escapes, turns non-ASCII escapes into other characters,
// accepts lone surrogates and stops silently at a NUL byte.
//
// What it accepts is exactly RFC 8259's grammar, with these refusals on top:
//   - text that is not strict UTF-8 (RFC 3629) anywhere in the input;
//   - a string holding U+0000, raw or escaped (no text field may hold NUL);
//   - a lone or reversed UTF-16 surrogate in a \u escape;
//   - anything but white space after the value (a line holds one value);
//   - nesting deeper than kMaxJsonDepth.
// Numbers are kept as doubles (JsonValue's own representation); decoders that
// need integers check that the double is one (ledger/json_decode.h).
//
// Errors are kMalformed and name the byte offset and what was found there,
// with untrusted bytes escaped (\xNN), never echoed raw.
#pragma once

#include <capnp/compat/json.h>

#include <string_view>

#include "ledger/base/error.h"
#include "ledger/base/text_check.h"  // EscapeForMessage, for callers quoting JSON

namespace gongkai {

// Arrays and objects nested deeper than this are refused. Gongkai's schemas
// nest fewer than ten levels.
inline constexpr size_t kMaxJsonDepth = 64;

// Parses one JSON text into `out`.
Status ParseJson(std::string_view text, capnp::JsonValue::Builder out);

}  // namespace gongkai
