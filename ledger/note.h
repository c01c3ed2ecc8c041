// C2SP signed notes (c2sp.org/signed-note) with Ed25519 and SM2
// signatures, and C2SP tlog cosignatures (c2sp.org/tlog-cosignature,
// cosignature/v1).
//
//   note      = body "\n" signature-line+
//   body      = one or more lines, each ending in "\n", the first non-empty
//   signature = "— " name " " base64(key id (4) ‖ signature) "\n"
//
// Ed25519 note signature (type 0x01): signs the body bytes;
//   key id = SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4].
// SM2 note signature (type 0xff, for types the spec assigns no byte, then
//   the identifier "gongkai/sm2-sm3"): SM2 with SM3 and the distinguishing
//   ID 1234567812345678 over the body bytes, strict DER (docs/FORMAT.md §8);
//   key id = SHA-256(name ‖ "\n" ‖ 0xff ‖ "gongkai/sm2-sm3" ‖ 65-byte point)[:4].
// Cosignature (type 0x04): the base64 holds key id ‖ timestamp (8, BE,
//   seconds) ‖ signature over "cosignature/v1\ntime <timestamp>\n" ‖ body;
//   key id = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/signing.h"

namespace gongkai {

using NoteKeyId = std::array<uint8_t, 4>;
inline constexpr uint8_t kNoteSignatureEd25519 = 0x01;
inline constexpr uint8_t kNoteCosignatureEd25519 = 0x04;
inline constexpr uint8_t kNoteSignatureWithIdentifier = 0xff;
inline constexpr std::string_view kNoteSm2Identifier = "gongkai/sm2-sm3";

NoteKeyId ComputeNoteKeyId(std::string_view name, uint8_t type, const PublicKey& key);
// The key id of `key`'s note signatures: type 0x01 for Ed25519, 0xff with
// the SM2 identifier for SM2.
NoteKeyId NoteSignerKeyId(std::string_view name, const PublicKey& key);

struct NoteSignature {
  std::string name;
  Bytes blob;  // key id (4) ‖ signature, or key id ‖ timestamp ‖ signature
  NoteKeyId key_id() const;
};

struct SignedNote {
  std::string body;  // every line ends in "\n"
  std::vector<NoteSignature> signatures;

  std::string ToString() const;
  // Signatures by `name` whose key id is `key_id` (usually zero or one).
  std::vector<const NoteSignature*> SignaturesBy(std::string_view name, const NoteKeyId& key_id) const;
};

Result<SignedNote> ParseSignedNote(std::string_view text);

// A note signature by an Ed25519 or an SM2 key.
NoteSignature SignNote(std::string_view body, std::string_view name, const PrivateKey& key);
Status VerifyNoteSignature(const SignedNote& note, std::string_view name, const PublicKey& key);

NoteSignature CosignNote(std::string_view body, std::string_view name, const PrivateKey& key,
                         uint64_t timestamp);
// Verifies `name`'s cosignature on `note`; returns its timestamp.
Result<uint64_t> VerifyCosignature(const SignedNote& note, std::string_view name, const PublicKey& key);

// A witness as its verifiers know it: the key name it cosigns under and its
// public key.
struct WitnessKey {
  std::string name;
  PublicKey key;
};
// "NAME=FILE.pub", as the --witness options take it; reads the key file.
Result<WitnessKey> ParseWitnessKeySpec(std::string_view spec);
// The number of `witnesses` with a valid cosignature on `note`; a public
// key counts once however many names it is listed under.
size_t CountCosignatures(const SignedNote& note, const std::vector<WitnessKey>& witnesses);

}  // namespace gongkai
