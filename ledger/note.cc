#include "ledger/note.h"

#include <algorithm>

#include "ledger/hash.h"

namespace gongkai {
namespace {

constexpr std::string_view kDash = "\u2014 ";  // "— ", U+2014 EM DASH and a space

std::string CosignedMessage(std::string_view body, uint64_t timestamp) {
  return fmt::format("cosignature/v1\ntime {}\n{}", timestamp, body);
}

// SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4], `type` the signature type
// byte and, for 0xff, the identifier after it.
NoteKeyId KeyIdOf(std::string_view name, ByteView type, const PublicKey& key) {
  Digest digest = Sha256({AsBytes(name), AsBytes("\n"), type, key.raw()});
  NoteKeyId id;
  std::copy(digest.begin(), digest.begin() + 4, id.begin());
  return id;
}

}  // namespace

NoteKeyId ComputeNoteKeyId(std::string_view name, uint8_t type, const PublicKey& key) {
  return KeyIdOf(name, ByteView(&type, 1), key);
}

NoteKeyId NoteSignerKeyId(std::string_view name, const PublicKey& key) {
  switch (key.algorithm()) {
    case SignatureAlgorithm::kEd25519:
      return ComputeNoteKeyId(name, kNoteSignatureEd25519, key);
    case SignatureAlgorithm::kSm2:
      break;
  }
  Bytes type{kNoteSignatureWithIdentifier};
  type.insert(type.end(), kNoteSm2Identifier.begin(), kNoteSm2Identifier.end());
  return KeyIdOf(name, type, key);
}

NoteKeyId NoteSignature::key_id() const {
  NoteKeyId id{};
  if (blob.size() >= 4) std::copy(blob.begin(), blob.begin() + 4, id.begin());
  return id;
}

std::string SignedNote::ToString() const {
  std::string out = body + "\n";
  for (const auto& s : signatures) out += fmt::format("{}{} {}\n", kDash, s.name, ToBase64(s.blob));
  return out;
}

std::vector<const NoteSignature*> SignedNote::SignaturesBy(std::string_view name, const NoteKeyId& key_id) const {
  std::vector<const NoteSignature*> out;
  for (const auto& s : signatures) {
    if (s.name == name && s.key_id() == key_id) out.push_back(&s);
  }
  return out;
}

Result<SignedNote> ParseSignedNote(std::string_view text) {
  auto bad = [](std::string_view why) { return Fail(ErrorCode::kMalformed, "not a signed note: {}", why); };
  // The body ends at the last blank line (signature lines hold none).
  size_t split = text.rfind("\n\n");
  if (split == std::string_view::npos) return bad("no blank line before the signatures");
  SignedNote note;
  note.body = std::string(text.substr(0, split + 1));
  if (note.body.size() <= 1) return bad("empty body");
  for (char c : note.body) {
    if (static_cast<uint8_t>(c) < 0x20 && c != '\n') return bad("the body holds a control character");
  }
  std::string_view rest = text.substr(split + 2);
  if (rest.empty() || rest.back() != '\n') return bad("the signature lines must end in a newline");
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    if (!line.starts_with(kDash)) return bad("a signature line must start with '— '");
    line.remove_prefix(kDash.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0) return bad("a signature line needs a name and a signature");
    if (line.substr(0, space).find('+') != std::string_view::npos) return bad("a key name cannot contain '+'");
    auto blob = FromBase64(line.substr(space + 1));
    if (!blob || blob->size() < 5) return bad("a signature is not valid base64 of at least 5 bytes");
    note.signatures.push_back(NoteSignature{std::string(line.substr(0, space)), std::move(*blob)});
  }
  if (note.signatures.empty()) return bad("no signature");
  return note;
}

NoteSignature SignNote(std::string_view body, std::string_view name, const PrivateKey& key) {
  NoteKeyId id = NoteSignerKeyId(name, key.public_key());
  Bytes blob(id.begin(), id.end());
  auto signature = key.Sign("", AsBytes(body));
  blob.insert(blob.end(), signature->begin(), signature->end());
  return NoteSignature{std::string(name), std::move(blob)};
}

Status VerifyNoteSignature(const SignedNote& note, std::string_view name, const PublicKey& key) {
  const std::string_view algorithm = SignatureAlgorithmName(key.algorithm());
  auto candidates = note.SignaturesBy(name, NoteSignerKeyId(name, key));
  if (candidates.empty()) return Fail(ErrorCode::kBadSignature, "the note has no {} signature by {}", algorithm, name);
  // Every line of the known key must verify (c2sp.org/signed-note: a note
  // with a failing signature from a known key is rejected whole).
  for (const NoteSignature* s : candidates) {
    const bool sized = key.algorithm() != SignatureAlgorithm::kEd25519 || s->blob.size() == 4 + kEd25519SignatureSize;
    if (!sized || !key.Verify("", AsBytes(note.body), ByteView(s->blob).subspan(4))) {
      return Fail(ErrorCode::kBadSignature, "the {} signature by {} does not verify", algorithm, name);
    }
  }
  return {};
}

NoteSignature CosignNote(std::string_view body, std::string_view name, const PrivateKey& key, uint64_t timestamp) {
  NoteKeyId id = ComputeNoteKeyId(name, kNoteCosignatureEd25519, key.public_key());
  Bytes blob(id.begin(), id.end());
  blob.resize(12);
  PutBigEndian(blob.data() + 4, timestamp, 8);
  auto signature = key.Sign("", AsBytes(CosignedMessage(body, timestamp)));
  blob.insert(blob.end(), signature->begin(), signature->end());
  return NoteSignature{std::string(name), std::move(blob)};
}

Result<uint64_t> VerifyCosignature(const SignedNote& note, std::string_view name, const PublicKey& key) {
  auto candidates = note.SignaturesBy(name, ComputeNoteKeyId(name, kNoteCosignatureEd25519, key));
  if (candidates.empty()) return Fail(ErrorCode::kBadSignature, "the note has no cosignature by {}", name);
  for (const NoteSignature* s : candidates) {
    if (s->blob.size() != 12 + kEd25519SignatureSize) continue;
    uint64_t timestamp = GetBigEndian(s->blob.data() + 4, 8);
    if (timestamp > static_cast<uint64_t>(INT64_MAX)) continue;
    if (key.Verify("", AsBytes(CosignedMessage(note.body, timestamp)), ByteView(s->blob).subspan(12))) {
      return timestamp;
    }
  }
  return Fail(ErrorCode::kBadSignature, "the cosignature by {} does not verify", name);
}

Result<WitnessKey> ParseWitnessKeySpec(std::string_view spec) {
  auto eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size()) {
    return Fail(ErrorCode::kInvalidArgument, "a witness is NAME=FILE.pub, got '{}'", spec);
  }
  auto key = PublicKey::FromPemFile(std::string(spec.substr(eq + 1)), SignatureAlgorithm::kEd25519);
  GK_RETURN_IF_ERROR(key);
  return WitnessKey{std::string(spec.substr(0, eq)), std::move(*key)};
}

size_t CountCosignatures(const SignedNote& note, const std::vector<WitnessKey>& witnesses) {
  std::vector<const PublicKey*> counted;
  for (const WitnessKey& witness : witnesses) {
    auto same = [&](const PublicKey* key) { return *key == witness.key; };
    if (std::any_of(counted.begin(), counted.end(), same)) continue;
    if (VerifyCosignature(note, witness.name, witness.key)) counted.push_back(&witness.key);
  }
  return counted.size();
}

}  // namespace gongkai
