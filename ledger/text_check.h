// Checks of text fields shared by the envelope and payload validation.
#pragma once

#include <capnp/blob.h>

#include <optional>
#include <string_view>

#include "ledger/error.h"

namespace gongkai {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);
// The offset of the first byte that starts an invalid sequence, if any.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

// Any C0 control character or DEL.
bool HasControlCharacter(std::string_view text);

// A text field: UTF-8 without NUL, within [min, max] bytes; identifiers also refuse
// control characters (they are printed in one-line errors and tables).
// `field` names the field in the error ("item.drafted.title is missing").
Status CheckText(std::string_view field, capnp::Text::Reader text, size_t min, size_t max,
                 bool identifier = false);

}  // namespace gongkai
