#include "ledger/checkpoint.h"

#include <algorithm>
#include <charconv>

namespace gongkai {

std::string Checkpoint::Body() const {
  std::string hash_line = hash == HashAlgorithm::kSha256 ? "" : fmt::format("hash {}\n", HashAlgorithmName(hash));
  return fmt::format("{}\n{}\n{}\n{}registry {}\n", origin, size, ToBase64(root), hash_line, ToBase64(registry));
}

Digest RegistryDigestStep(HashAlgorithm hash, const Digest& digest, const Digest& entry_hash) {
  static constexpr std::string_view kContext{"gongkai/registry/v1\0", 20};
  return Hash(hash, {AsBytes(kContext), digest, entry_hash});
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  auto bad = [](std::string_view why) { return Fail(ErrorCode::kMalformed, "not a checkpoint: {}", why); };
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    size_t end = body.find('\n');
    if (end == std::string_view::npos) return bad("the body must end in a newline");
    lines.push_back(body.substr(0, end));
    body.remove_prefix(end + 1);
  }
  Checkpoint checkpoint;
  // An SM3 ledger's checkpoint says so in a line before the registry line;
  // SHA-256 is never written out (those checkpoints are plain C2SP ones).
  if (lines.size() == 5 && lines[3] == "hash sm3") {
    checkpoint.hash = HashAlgorithm::kSm3;
    lines.erase(lines.begin() + 3);
  }
  if (lines.size() != 4 || !lines[3].starts_with("registry ")) {
    return bad("it needs an origin, a size, a root hash, a registry line and for an SM3 ledger a 'hash sm3' line");
  }
  checkpoint.origin = std::string(lines[0]);
  if (checkpoint.origin.empty()) return bad("empty origin");
  const std::string_view size = lines[1];
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), checkpoint.size);
  if (ec != std::errc() || end != size.data() + size.size() || (size.size() > 1 && size[0] == '0')) {
    return bad("the size must be a decimal number without leading zeros");
  }
  auto root = FromBase64(lines[2]);
  if (!root || root->size() != checkpoint.root.size()) return bad("the root hash must be 32 bytes in base64");
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  auto registry = FromBase64(lines[3].substr(9));
  if (!registry || registry->size() != checkpoint.registry.size()) {
    return bad("the registry digest must be 32 bytes in base64");
  }
  std::copy(registry->begin(), registry->end(), checkpoint.registry.begin());
  return checkpoint;
}

Result<LogKeys> ReadLogKeys(const std::vector<std::string>& pem_files) {
  std::optional<PublicKey> ed25519, sm2;
  for (const std::string& path : pem_files) {
    auto key = PublicKey::FromPemFile(path);
    GK_RETURN_IF_ERROR(key);
    auto& slot = key->algorithm() == SignatureAlgorithm::kSm2 ? sm2 : ed25519;
    if (slot) {
      return Fail(ErrorCode::kInvalidArgument, "two {} log keys given ({}); give one Ed25519 and at most one SM2 key",
                  SignatureAlgorithmName(key->algorithm()), path);
    }
    slot = std::move(*key);
  }
  if (!ed25519) return Fail(ErrorCode::kInvalidArgument, "no Ed25519 log key given (every checkpoint carries its line)");
  return LogKeys{std::move(*ed25519), std::move(sm2)};
}

SignedNote SignCheckpoint(const Checkpoint& checkpoint, const PrivateKey& log_key, const PrivateKey* sm2_log_key) {
  SignedNote note{checkpoint.Body(), {}};
  note.signatures.push_back(SignNote(note.body, checkpoint.origin, log_key));
  if (sm2_log_key) note.signatures.push_back(SignNote(note.body, checkpoint.origin, *sm2_log_key));
  return note;
}

size_t UncheckedLogLines(const SignedNote& note, std::string_view origin, const LogKeys& keys) {
  const NoteKeyId ed25519 = NoteSignerKeyId(origin, keys.ed25519);
  const std::optional<NoteKeyId> sm2 = keys.sm2 ? std::optional(NoteSignerKeyId(origin, *keys.sm2)) : std::nullopt;
  return static_cast<size_t>(std::ranges::count_if(note.signatures, [&](const NoteSignature& line) {
    return line.name == origin && line.key_id() != ed25519 && line.key_id() != sm2;
  }));
}

Result<Checkpoint> OpenCheckpoint(const SignedNote& note, std::string_view origin, const LogKeys& keys) {
  auto checkpoint = ParseCheckpointBody(note.body);
  if (!checkpoint) return checkpoint;
  if (checkpoint->origin != origin) {
    return Fail(ErrorCode::kWrongLedger, "the checkpoint is for '{}', not '{}'", checkpoint->origin, origin);
  }
  GK_RETURN_IF_ERROR(VerifyNoteSignature(note, origin, keys.ed25519));
  if (keys.sm2) GK_RETURN_IF_ERROR(VerifyNoteSignature(note, origin, *keys.sm2));
  return checkpoint;
}

}  // namespace gongkai
