// Cap'n Proto text as the standard library's strings. A capnp::Text::Reader
// points into its message: a view lives no longer than the message.
#pragma once

#include <capnp/blob.h>

#include <string>
#include <string_view>

namespace gongkai {

inline std::string_view TextView(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }
inline std::string TextString(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

}  // namespace gongkai
