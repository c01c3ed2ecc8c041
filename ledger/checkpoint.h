// Checkpoints (c2sp.org/tlog-checkpoint): the ledger's signed statement of
// its size and Merkle root, as a signed note whose body is
//
//   <origin>\n<size, decimal>\n<base64 root hash>\n
//   hash sm3\n                                   (an extension line, SM3 ledgers only)
//   registry <base64 registry digest>\n          (an extension line)
//
// The root hash is made with the ledger's hash algorithm; an SM3 ledger
// says so in the signed body, so a verifier never has to be told, and a
// SHA-256 ledger's checkpoints are exactly the C2SP ones.
//
// The registry digest commits to every registry event among the first
// <size> entries (RegistryDigestStep), so that a verifier given only the
// registry events before some entry can tell that none is missing.
//
// signed by the ledger's log key (Ed25519, public half in the genesis entry)
// under the key name <origin>; where the genesis also names an SM2 log key,
// signed by it too, as a second signature line under the same name
// (note.h); and cosigned by witnesses, which check the Ed25519 line only.
#pragma once

#include "ledger/hash.h"
#include "ledger/note.h"

namespace gongkai {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Digest root{};
  Digest registry{};  // registry digest at `size`
  HashAlgorithm hash = HashAlgorithm::kSha256;  // of the root and the registry digest

  std::string Body() const;
};

Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// The registry digest: all zeros before any entry; for each registry event
// (genesis, registerPerson, addKey, revokeKey, assignRole, endRole) in order,
//   digest = H("gongkai/registry/v1\0" ‖ digest ‖ entry hash),
// H the ledger's hash algorithm.
Digest RegistryDigestStep(HashAlgorithm hash, const Digest& digest, const Digest& entry_hash);

// The public keys that sign a ledger's checkpoints, as its genesis names
// them.
struct LogKeys {
  PublicKey ed25519;             // signs every checkpoint; what witnesses check
  std::optional<PublicKey> sm2;  // where named: its line is required too

  bool operator==(const LogKeys&) const = default;
};

// The log keys in `pem_files` (public keys, PEM), each file's algorithm
// deciding its place: exactly one Ed25519 key, at most one SM2 key.
Result<LogKeys> ReadLogKeys(const std::vector<std::string>& pem_files);

// A checkpoint signed by the log: the Ed25519 line, then the SM2 line when
// `sm2_log_key` is given.
SignedNote SignCheckpoint(const Checkpoint& checkpoint, const PrivateKey& log_key,
                          const PrivateKey* sm2_log_key = nullptr);
// Parses a signed checkpoint and verifies the log's signature lines: the
// Ed25519 one, and the SM2 one when `keys` names an SM2 key. A verifier that
// knows only the Ed25519 key (a witness) passes only that; other lines are
// ignored, as c2sp.org/signed-note says of unknown keys.
Result<Checkpoint> OpenCheckpoint(const SignedNote& note, std::string_view origin, const LogKeys& keys);
// What OpenCheckpoint left unchecked: the number of signature lines under
// `origin` by no key of `keys` (an SM2 log line, when only the Ed25519 key
// is known).
size_t UncheckedLogLines(const SignedNote& note, std::string_view origin, const LogKeys& keys);

}  // namespace gongkai
