// The key registry: people, their signing keys and their roles over time,
// folded from the registry events of the ledger (genesis, registerPerson,
// addKey, revokeKey, assignRole, endRole).
//
// Append and verify use this same fold, so an entry is accepted exactly when
// verification will later find it valid. The registry answers "as of a
// ledger position": it holds what the events before that position said.
//
// Rules (docs/FORMAT.md, "Key validity"):
// - a key signs entries recorded at or after its validFrom;
// - a revoked key signs no entry recorded at or after effectiveFrom, and only
//   entries appended after the revocation event are affected (an accepted
//   entry never becomes invalid);
// - registry events other than genesis must be signed by a person holding the
//   administrator role at the recorded time;
// - key ids and person ids are never reused.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/action.h"
#include "ledger/base/error.h"
#include "ledger/hash.h"
#include "ledger/signing.h"
#include "ledger/base/time.h"
#include "ledger/checkpoint.h"

namespace gongkai {

struct KeyRecord {
  PublicKey key;
  std::string person_id;
  UnixMicros valid_from = 0;            // the later of validFrom and a certificate's notBefore
  std::optional<UnixMicros> valid_until;  // a certificate's notAfter (exclusive)
  std::optional<UnixMicros> revoked_from;
  uint64_t registered_at = 0;           // seq of the registering event
  std::optional<uint64_t> revoked_at;   // seq of the revocation event
};

struct RoleRecord {
  schema::Role role;
  std::string agency;
  std::string section;
  UnixMicros from = 0;
  std::optional<UnixMicros> to;  // held until (exclusive); open when absent
  uint64_t assigned_at = 0;
  std::optional<uint64_t> ended_at;
};

struct PersonRecord {
  std::string id;
  std::string name;
  std::string agency;
  std::string section;
  uint64_t registered_at = 0;
  std::vector<RoleRecord> roles;
  std::vector<std::string> key_ids;
};

std::string_view RoleName(schema::Role role);

// Whether `key` may sign at `at`: kKeyNotYetValid before its validFrom,
// kKeyExpired from its certificate's notAfter, kKeyRevoked from its
// revocation's effectiveFrom.
Status KeyValidAt(const KeyRecord& key, UnixMicros at);

// The DER certificate a registry event carries with the key it registers
// (genesis, registerPerson, addKey), if any.
std::optional<ByteView> CarriedCertificate(const Action& action);

// Writes `key` as the schema's PublicKey (what registry events and the
// genesis carry), with its DER certificate when one is given.
void KeyToSchema(const PublicKey& key, schema::PublicKey::Builder out, ByteView certificate = {});

class KeyRegistry {
 public:
  // The key that must have signed `action`: the registered key named by its
  // actorKeyId, or for genesis the administrator key the genesis registers.
  Result<PublicKey> SigningKey(const Action& action) const;

  // Everything about the signer except the signature itself: the action is
  // for this ledger, the key is valid at `recorded_time`, and the signer may
  // sign this kind of action.
  Status Authorize(const Action& action, UnixMicros recorded_time) const;

  // Applies a registry event (no-op for other payloads). Checks everything
  // first; on error the registry is unchanged.
  Status Apply(const Action& action, uint64_t seq);

  const KeyRecord* FindKey(std::string_view key_id) const;
  const PersonRecord* FindPerson(std::string_view person_id) const;
  bool HoldsRole(const PersonRecord& person, schema::Role role, UnixMicros at) const;

  const std::string& origin() const { return origin_; }
  // The keys that sign checkpoints, from the genesis (none before one).
  const std::optional<LogKeys>& log_keys() const { return log_keys_; }
  // The ledger's hash algorithm, from its genesis (SHA-256 before one).
  HashAlgorithm hash_algorithm() const { return hash_algorithm_; }
  // Whether the genesis marks the ledger as a simulator's, its keys derived
  // from a public seed.
  bool simulated() const { return simulated_; }
  const std::map<std::string, PersonRecord, std::less<>>& persons() const { return persons_; }
  const std::map<std::string, KeyRecord, std::less<>>& keys() const { return keys_; }

 private:
  Status AddPerson(schema::RegisterPerson::Reader person, uint64_t seq);
  Status AddKey(std::string_view person_id, schema::PublicKey::Reader key, UnixMicros valid_from,
                uint64_t seq);
  // The record of a key not yet registered, its validity bounded by its
  // certificate if it carries one.
  Result<KeyRecord> NewKeyRecord(schema::PublicKey::Reader key, std::string_view person_id, UnixMicros valid_from,
                                 uint64_t seq) const;

  std::string origin_;
  std::optional<LogKeys> log_keys_;
  HashAlgorithm hash_algorithm_ = HashAlgorithm::kSha256;
  bool simulated_ = false;
  std::map<std::string, PersonRecord, std::less<>> persons_;
  std::map<std::string, KeyRecord, std::less<>> keys_;
};

}  // namespace gongkai
