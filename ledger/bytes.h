// Byte helpers: fixed-width big-endian integers, lower-case hex and base64.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline void PutBigEndian(uint8_t* out, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}
inline uint64_t GetBigEndian(const uint8_t* in, int width) {
  uint64_t value = 0;
  for (int i = 0; i < width; ++i) value = (value << 8) | in[i];
  return value;
}

// Eight-byte big-endian key: RocksDB's bytewise order is then numeric order.
inline std::array<uint8_t, 8> SeqKey(uint64_t seq) {
  std::array<uint8_t, 8> key;
  PutBigEndian(key.data(), seq, 8);
  return key;
}

std::string ToHex(ByteView bytes);
// Accepts upper or lower case; nullopt on odd length or a non-hex character.
std::optional<Bytes> FromHex(std::string_view hex);

// Standard base64 (RFC 4648 section 4) with padding. Decoding is strict: the
// text must be exactly what ToBase64 writes for the bytes (no white space,
// no stray or missing padding), so one value has one text.
std::string ToBase64(ByteView bytes);
std::optional<Bytes> FromBase64(std::string_view text);

}  // namespace gongkai
