#include "ledger/witness_policy.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "ledger/base/file.h"

namespace gongkai {
namespace {

// Splits a line at runs of spaces and tabs, the only whitespace the spec
// allows.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool SameKey(const VerifierKey& a, const VerifierKey& b) { return a.key == b.key; }

}  // namespace

std::string VerifierKey::ToString() const {
  Bytes typed{type};
  typed.insert(typed.end(), key.raw().begin(), key.raw().end());
  NoteKeyId id = ComputeNoteKeyId(name, type, key);
  return fmt::format("{}+{}+{}", name, ToHex(id), ToBase64(typed));
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  // The key name may itself not contain "+", so the first "+" ends it.
  size_t first = text.find('+');
  size_t second = first == std::string_view::npos ? first : text.find('+', first + 1);
  if (second == std::string_view::npos || first == 0) {
    return Fail(ErrorCode::kMalformed, "'{}' is not a verifier key (name+hexid+base64key)", text);
  }
  std::string_view name = text.substr(0, first);
  std::string_view hex_id = text.substr(first + 1, second - first - 1);
  auto id = FromHex(hex_id);
  auto typed = FromBase64(text.substr(second + 1));
  if (!id || id->size() != 4 || hex_id.size() != 8) {
    return Fail(ErrorCode::kMalformed, "verifier key '{}': the key id is not 8 hex digits", name);
  }
  if (!typed || typed->empty()) return Fail(ErrorCode::kMalformed, "verifier key '{}': the key is not base64", name);
  uint8_t type = (*typed)[0];
  if (type != kNoteSignatureEd25519 && type != kNoteCosignatureEd25519) {
    return Fail(ErrorCode::kMalformed,
                "verifier key '{}': signature type 0x{:02x} (gongkai knows 0x01 Ed25519 and 0x04 cosignature/v1)",
                name, type);
  }
  auto key = PublicKey::FromRaw(SignatureAlgorithm::kEd25519, ByteView(*typed).subspan(1));
  if (!key) return Fail(ErrorCode::kMalformed, "verifier key '{}': {}", name, key.error().message);
  NoteKeyId expected = ComputeNoteKeyId(name, type, *key);
  if (!std::equal(expected.begin(), expected.end(), id->begin())) {
    return Fail(ErrorCode::kMalformed, "verifier key '{}': key id {} is not its key's ({})", name, hex_id,
                ToHex(expected));
  }
  return VerifierKey{std::string(name), type, *key};
}

Result<WitnessPolicy> WitnessPolicy::FromFile(const std::string& path) {
  auto text = ReadWholeFile(path);
  GK_RETURN_IF_ERROR(text);
  auto policy = Parse(*text);
  if (!policy) return Fail(policy.error().code, "{}: {}", path, policy.error().message);
  return policy;
}

Result<WitnessPolicy> WitnessPolicy::Parse(std::string_view text) {
  WitnessPolicy policy;
  std::map<std::string, int, std::less<>> names;  // witness index, or -(group index + 2)
  bool has_quorum = false;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    auto bad = [&](std::string_view why) { return Fail(ErrorCode::kMalformed, "policy line {}: {}", line_number, why); };
    for (unsigned char c : line) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) return bad(fmt::format("control character 0x{:02x}", c));
    }
    auto words = Words(line);
    if (words.empty() || words[0].starts_with('#')) continue;
    std::string_view keyword = words[0];
    if (keyword == "log") {
      if (words.size() < 2 || words.size() > 3) return bad("log <vkey> [<url>]");
      auto key = ParseVerifierKey(words[1]);
      if (!key) return bad(key.error().message);
      if (key->type != kNoteSignatureEd25519) return bad("a log's key is of type 0x01 (Ed25519)");
      for (const PolicyLog& log : policy.logs_) {
        if (SameKey(log.key, *key)) return bad("the same log key again");
      }
      policy.logs_.push_back({*key, words.size() == 3 ? std::string(words[2]) : ""});
    } else if (keyword == "witness") {
      if (words.size() < 3 || words.size() > 4) return bad("witness <name> <vkey> [<url>]");
      if (words[1] == "none" || names.contains(words[1])) return bad(fmt::format("'{}' is already defined", words[1]));
      auto key = ParseVerifierKey(words[2]);
      if (!key) return bad(key.error().message);
      if (key->type != kNoteCosignatureEd25519) return bad("a witness's key is of type 0x04 (cosignature/v1)");
      for (const PolicyWitness& witness : policy.witnesses_) {
        if (SameKey(witness.key, *key)) return bad("the same witness key again");
      }
      names.emplace(words[1], static_cast<int>(policy.witnesses_.size()));
      policy.witnesses_.push_back({std::string(words[1]), *key, words.size() == 4 ? std::string(words[3]) : ""});
    } else if (keyword == "group") {
      if (words.size() < 4) return bad("group <name> all|any|<k> <name>...");
      if (words[1] == "none" || names.contains(words[1])) return bad(fmt::format("'{}' is already defined", words[1]));
      Group group{std::string(words[1]), 0, {}};
      for (size_t i = 3; i < words.size(); ++i) {
        auto member = names.find(words[i]);
        if (member == names.end()) return bad(fmt::format("'{}' is not defined on an earlier line", words[i]));
        if (std::ranges::find(group.members, member->second) != group.members.end()) {
          return bad(fmt::format("'{}' is listed twice", words[i]));
        }
        group.members.push_back(member->second);
      }
      size_t n = group.members.size();
      if (words[2] == "all") {
        group.threshold = n;
      } else if (words[2] == "any") {
        group.threshold = 1;
      } else {
        auto [end_of_k, error] = std::from_chars(words[2].data(), words[2].data() + words[2].size(), group.threshold);
        if (error != std::errc() || end_of_k != words[2].data() + words[2].size() || words[2].starts_with('0') ||
            group.threshold < 1 || group.threshold > n) {
          return bad(fmt::format("threshold '{}' is not all, any or 1..{}", words[2], n));
        }
      }
      names.emplace(words[1], -static_cast<int>(policy.groups_.size()) - 2);
      policy.groups_.push_back(std::move(group));
    } else if (keyword == "quorum") {
      if (words.size() != 2) return bad("quorum <name>");
      if (has_quorum) return bad("a second quorum line");
      has_quorum = true;
      if (words[1] == "none") {
        policy.quorum_ = kNone;
      } else {
        auto named = names.find(words[1]);
        if (named == names.end()) return bad(fmt::format("'{}' is not defined on an earlier line", words[1]));
        policy.quorum_ = named->second;
      }
    } else {
      return bad(fmt::format("unknown keyword '{}'", keyword));
    }
  }
  if (!has_quorum) return Fail(ErrorCode::kMalformed, "the policy has no quorum line");
  return policy;
}

bool WitnessPolicy::Witnessed(int node, const std::vector<bool>& cosigned) const {
  if (node >= 0) return cosigned[static_cast<size_t>(node)];
  const Group& group = groups_[static_cast<size_t>(-node - 2)];
  size_t witnessed = 0;
  for (int member : group.members) witnessed += Witnessed(member, cosigned) ? 1 : 0;
  return witnessed >= group.threshold;
}

bool WitnessPolicy::Satisfied(const std::vector<bool>& cosigned) const {
  return quorum_ == kNone || Witnessed(quorum_, cosigned);
}

bool WitnessPolicy::Satisfied(const SignedNote& note) const {
  std::vector<bool> cosigned;
  for (const PolicyWitness& witness : witnesses_) {
    cosigned.push_back(VerifyCosignature(note, witness.key.name, witness.key.key).has_value());
  }
  return Satisfied(cosigned);
}

}  // namespace gongkai
