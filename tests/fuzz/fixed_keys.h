// The keys the note, checkpoint and witness targets check signatures with,
// derived from fixed seeds so that the seed corpus can hold notes that
// verify (tests/fuzz/make_seeds.cc signs them with the same keys), and the
// fuzzer explores what follows a valid signature.
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/checkpoint.h"
#include "ledger/signing.h"

namespace gongkai::fuzz {

inline constexpr std::string_view kOrigin = "fuzz.example/log";
inline constexpr std::string_view kWitnessName = "fuzz.example/witness";

inline const PrivateKey& KeyFromSeedByte(uint8_t byte) {
  static const auto make = [](uint8_t b) {
    Bytes seed(32, b);
    return *PrivateKey::FromSeed(seed);
  };
  static const PrivateKey log_key = make(1), witness_key = make(2);
  return byte == 1 ? log_key : witness_key;
}
inline const PrivateKey& LogPrivateKey() { return KeyFromSeedByte(1); }
inline const PrivateKey& WitnessPrivateKey() { return KeyFromSeedByte(2); }
inline LogKeys FuzzLogKeys() { return LogKeys{.ed25519 = LogPrivateKey().public_key(), .sm2 = std::nullopt}; }

}  // namespace gongkai::fuzz
