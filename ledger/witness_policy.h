// C2SP tlog-policy (c2sp.org/tlog-policy): which logs and witnesses a
// verifier knows, and the quorum of cosignatures that makes a checkpoint
// valid. gongkai serve reads one (--witness-policy) to know where to push
// its checkpoints and when one may be published; a verifier reads the same
// file to know which cosignatures to require.
//
//   log <vkey> [<url>]
//   witness <name> <vkey> [<url>]
//   group <name> all|any|<k> <name>...
//   quorum <name>|none
//
// Keys are signed-note verifier keys (c2sp.org/signed-note#verifier-keys):
//   <key name>+<hex key id>+<base64(type ‖ public key)>
// with type 0x01 (Ed25519) for a log and 0x04 (cosignature/v1) for a
// witness. Whitespace is spaces and tabs only; "#" starts a comment line;
// a group or the quorum names only what earlier lines define; names are
// opaque octets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/note.h"

namespace gongkai {

// A signed-note verifier key: the key name and the public key, of the
// signature type the vkey states.
struct VerifierKey {
  std::string name;
  uint8_t type = 0;
  PublicKey key;

  // The vkey text: name+hex key id+base64(type ‖ key).
  std::string ToString() const;
};
// kMalformed for a vkey not of that form, of another signature type than
// Ed25519 or cosignature/v1, or whose key id is not the key's.
Result<VerifierKey> ParseVerifierKey(std::string_view text);

struct PolicyLog {
  VerifierKey key;
  std::string url;  // "" when none
};

struct PolicyWitness {
  std::string name;  // the policy's name for it
  VerifierKey key;   // key name: the name it cosigns under
  std::string url;   // its tlog-witness submission prefix; "" when none
};

class WitnessPolicy {
 public:
  // kMalformed, naming the line, for anything the spec does not allow:
  // unknown keywords, duplicate keys or names, a name used before it is
  // defined or twice in one group, a threshold out of 1..n, no quorum line
  // or two, a control character other than tab.
  static Result<WitnessPolicy> Parse(std::string_view text);
  static Result<WitnessPolicy> FromFile(const std::string& path);

  const std::vector<PolicyLog>& logs() const { return logs_; }
  const std::vector<PolicyWitness>& witnesses() const { return witnesses_; }
  // True for "quorum none": no cosignature is required.
  bool requires_none() const { return quorum_ == kNone; }

  // Whether the witnesses whose cosignatures on `note` verify satisfy the
  // quorum.
  bool Satisfied(const SignedNote& note) const;
  // The same, given which witnesses (by index in witnesses()) cosigned.
  bool Satisfied(const std::vector<bool>& cosigned) const;

 private:
  static constexpr int kNone = -1;
  // A node of the quorum: a witness (index into witnesses_) or a group.
  struct Group {
    std::string name;
    size_t threshold = 0;
    std::vector<int> members;  // >= 0: witness index; < -1: group -(index + 2)
  };
  bool Witnessed(int node, const std::vector<bool>& cosigned) const;

  std::vector<PolicyLog> logs_;
  std::vector<PolicyWitness> witnesses_;
  std::vector<Group> groups_;
  int quorum_ = kNone;
};

}  // namespace gongkai
