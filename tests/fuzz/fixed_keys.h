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
inline constexpr uint8_t kLogKeySeed = 1, kWitnessKeySeed = 2;

// The Ed25519 key whose seed is 32 bytes of `byte`.
inline PrivateKey KeyFromSeedByte(uint8_t byte) { return *PrivateKey::FromSeed(Bytes(32, byte)); }
inline const PrivateKey& LogPrivateKey() {
  static const PrivateKey key = KeyFromSeedByte(kLogKeySeed);
  return key;
}
inline const PrivateKey& WitnessPrivateKey() {
  static const PrivateKey key = KeyFromSeedByte(kWitnessKeySeed);
  return key;
}
inline LogKeys FuzzLogKeys() { return LogKeys{.ed25519 = LogPrivateKey().public_key(), .sm2 = std::nullopt}; }

}  // namespace gongkai::fuzz
