// Checks of text fields shared by the envelope and payload validation.
#pragma once

#include <capnp/blob.h>

#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/error.h"

namespace gongkai {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);
// The offset of the first byte that starts an invalid sequence, if any.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

// Any C0 control character or DEL (tab allowed with `allow_tab`: line
// formats that separate fields with tabs).
bool HasControlCharacter(std::string_view text, bool allow_tab = false);

// Untrusted text made safe to print on a terminal: control characters and
// bytes that are not valid UTF-8 are written as \xNN; valid UTF-8 is kept.
std::string EscapeControls(std::string_view text);
// A quoted piece of untrusted input in an error message: as EscapeControls,
// with backslashes written as \x5c too, cut to about `max_bytes` ("…").
std::string EscapeForMessage(std::string_view text, size_t max_bytes = 40);

// Appends code point `code_point` (at most U+10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(char32_t code_point, std::string& out);

// A text field: UTF-8 without NUL, within [min, max] bytes; identifiers also refuse
// control characters (they are printed in one-line errors and tables).
// `field` names the field in the error ("item.drafted.title is missing").
Status CheckText(std::string_view field, capnp::Text::Reader text, size_t min, size_t max,
                 bool identifier = false);

}  // namespace gongkai
