// SHA-256 through OpenSSL's EVP interface.
#pragma once

#include <array>
#include <cstdint>

#include "ledger/bytes.h"

namespace gongkai {

using Digest = std::array<uint8_t, 32>;

Digest Sha256(ByteView data);
// SHA-256 of the concatenation of the parts, without copying them together.
Digest Sha256(std::initializer_list<ByteView> parts);

}  // namespace gongkai
