#include "ledger/checkpoint.h"

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

SignedNote SignCheckpoint(const Checkpoint& checkpoint, const PrivateKey& log_key) {
  SignedNote note{checkpoint.Body(), {}};
  note.signatures.push_back(SignNote(note.body, checkpoint.origin, log_key));
  return note;
}

Result<Checkpoint> OpenCheckpoint(const SignedNote& note, std::string_view origin, const PublicKey& log_key) {
  auto checkpoint = ParseCheckpointBody(note.body);
  if (!checkpoint) return checkpoint;
  if (checkpoint->origin != origin) {
    return Fail(ErrorCode::kWrongLedger, "the checkpoint is for '{}', not '{}'", checkpoint->origin, origin);
  }
  if (auto s = VerifyNoteSignature(note, origin, log_key); !s) return std::unexpected(s.error());
  return checkpoint;
}

}  // namespace gongkai
