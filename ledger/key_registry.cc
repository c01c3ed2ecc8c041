#include "ledger/key_registry.h"

#include "ledger/capnp_text.h"
#include "ledger/certificate.h"
#include "ledger/payload_check.h"

namespace gongkai {
namespace {

bool SameGrant(const RoleRecord& record, schema::RoleGrant::Reader grant) {
  return record.role == grant.getRole() && record.agency == TextView(grant.getAgency()) &&
         record.section == TextView(grant.getSection());
}

Result<PublicKey> KeyFromSchema(schema::PublicKey::Reader key) {
  auto algorithm = SignatureAlgorithmFromId(static_cast<uint8_t>(key.getAlgorithm()));
  GK_RETURN_IF_ERROR(algorithm);
  auto data = key.getKey();
  return PublicKey::FromRaw(*algorithm, ByteView(data.begin(), data.size()));
}

std::optional<schema::PublicKey::Reader> CarriedKey(const Action& action) {
  auto payload = action.reader().getPayload();
  switch (action.kind()) {
    case PayloadKind::GENESIS: return payload.getGenesis().getAdministrator().getPublicKey();
    case PayloadKind::REGISTER_PERSON: return payload.getRegisterPerson().getPublicKey();
    case PayloadKind::ADD_KEY: return payload.getAddKey().getPublicKey();
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<ByteView> CarriedCertificate(const Action& action) {
  auto key = CarriedKey(action);
  if (!key || !key->hasCertificate()) return std::nullopt;
  auto der = key->getCertificate();
  return ByteView(der.begin(), der.size());
}

// A certificate registered with a key must be valid when it is registered.
static Status CheckCarriedCertificate(const Action& action, UnixMicros recorded_time) {
  auto der = CarriedCertificate(action);
  if (!der) return {};
  auto certificate = ParseCertificate(*der);
  GK_RETURN_IF_ERROR(certificate);
  return CheckCertificateValidity(*certificate, recorded_time);
}

Status KeyValidAt(const KeyRecord& key, UnixMicros at) {
  if (at < key.valid_from) {
    return Fail(ErrorCode::kKeyNotYetValid, "key {} is valid from {}, the entry is recorded at {}", key.key.id(),
                FormatTime(key.valid_from), FormatTime(at));
  }
  if (key.valid_until && at >= *key.valid_until) {
    return Fail(ErrorCode::kKeyExpired, "the certificate of key {} expired at {}, the entry is recorded at {}",
                key.key.id(), FormatTime(*key.valid_until), FormatTime(at));
  }
  if (key.revoked_from && at >= *key.revoked_from) {
    return Fail(ErrorCode::kKeyRevoked, "key {} was revoked from {} (entry {})", key.key.id(),
                FormatTime(*key.revoked_from), *key.revoked_at);
  }
  return {};
}

std::string_view RoleName(schema::Role role) {
  switch (role) {
    case schema::Role::ADMINISTRATOR: return "administrator";
    case schema::Role::HANDLER: return "handler";
    case schema::Role::SECTION_HEAD: return "sectionHead";
    case schema::Role::LEADER_IN_CHARGE: return "leaderInCharge";
    case schema::Role::PRINCIPAL: return "principal";
    case schema::Role::CONFIDENTIALITY_REVIEWER: return "confidentialityReviewer";
    case schema::Role::TRANSFER_CLERK: return "transferClerk";
    case schema::Role::LEADING_GROUP_OFFICE: return "leadingGroupOffice";
    case schema::Role::SUPERVISION: return "supervision";
    case schema::Role::ASSESSOR: return "assessor";
    case schema::Role::ARCHIVIST: return "archivist";
    case schema::Role::AUDITOR: return "auditor";
    case schema::Role::DISCLOSURE_OFFICE_HEAD: return "disclosureOfficeHead";
  }
  return "unknown";
}

Result<PublicKey> KeyRegistry::SigningKey(const Action& action) const {
  if (action.kind() == PayloadKind::GENESIS) {
    auto key = KeyFromSchema(action.reader().getPayload().getGenesis().getAdministrator().getPublicKey());
    if (!key) return key;
    if (key->id() != action.actor_key_id()) {
      return Fail(ErrorCode::kUnknownKey,
                  "genesis must be signed by the administrator key it registers ({}), not {}",
                  key->id(), action.actor_key_id());
    }
    return key;
  }
  const KeyRecord* record = FindKey(action.actor_key_id());
  if (!record) {
    return Fail(ErrorCode::kUnknownKey, "key {} is not registered", action.actor_key_id());
  }
  return record->key;
}

Status KeyRegistry::Authorize(const Action& action, UnixMicros recorded_time) const {
  if (action.kind() == PayloadKind::GENESIS) {
    auto genesis = action.reader().getPayload().getGenesis();
    if (!origin_.empty()) {
      return Fail(ErrorCode::kRegistryConflict, "genesis is allowed only as entry 0");
    }
    if (action.ledger() != TextView(genesis.getOrigin())) {
      return Fail(ErrorCode::kWrongLedger, "genesis names ledger '{}' but its origin is '{}'",
                  action.ledger(), TextView(genesis.getOrigin()));
    }
    UnixMicros valid_from = genesis.getAdministrator().getValidFrom().getUnixMicros();
    if (recorded_time < valid_from) {
      return Fail(ErrorCode::kKeyNotYetValid, "the administrator key is valid from {}, the genesis is recorded at {}",
                  FormatTime(valid_from), FormatTime(recorded_time));
    }
    return CheckCarriedCertificate(action, recorded_time);
  }
  if (origin_.empty()) {
    return Fail(ErrorCode::kRegistryConflict, "entry 0 must be the genesis");
  }
  if (action.ledger() != origin_) {
    return Fail(ErrorCode::kWrongLedger, "action is for ledger '{}', this ledger is '{}'",
                action.ledger(), origin_);
  }
  const KeyRecord* key = FindKey(action.actor_key_id());
  if (!key) return Fail(ErrorCode::kUnknownKey, "key {} is not registered", action.actor_key_id());
  GK_RETURN_IF_ERROR(KeyValidAt(*key, recorded_time));
  GK_RETURN_IF_ERROR(CheckCarriedCertificate(action, recorded_time));
  const PersonRecord* signer = FindPerson(key->person_id);
  if (IsRegistryPayload(action.kind())) {
    if (!signer || !HoldsRole(*signer, schema::Role::ADMINISTRATOR, recorded_time)) {
      return Fail(ErrorCode::kUnauthorized,
                  "{} events must be signed by an administrator; {} is not one at {}",
                  PayloadKindName(action.kind()), key->person_id, FormatTime(recorded_time));
    }
    return {};
  }
  std::span<const schema::Role> roles = SignerRoles(action.reader());
  if (roles.empty()) return {};
  for (schema::Role role : roles) {
    if (signer && HoldsRole(*signer, role, recorded_time)) return {};
  }
  std::string names;
  for (schema::Role role : roles) names += fmt::format("{}{}", names.empty() ? "" : " or ", RoleName(role));
  return Fail(ErrorCode::kUnauthorized, "{} events must be signed by a holder of the {} role; {} holds none at {}",
              EventKindName(action.reader()), names, key->person_id, FormatTime(recorded_time));
}

Status KeyRegistry::AddPerson(schema::RegisterPerson::Reader person, uint64_t seq) {
  std::string id(TextView(person.getPersonId()));
  if (persons_.contains(id)) {
    return Fail(ErrorCode::kRegistryConflict, "person {} is already registered", id);
  }
  UnixMicros valid_from = person.getValidFrom().getUnixMicros();
  auto key = NewKeyRecord(person.getPublicKey(), id, valid_from, seq);
  GK_RETURN_IF_ERROR(key);
  PersonRecord record{id, std::string(TextView(person.getName())), std::string(TextView(person.getAgency())),
                      std::string(TextView(person.getSection())), seq, {}, {key->key.id()}};
  for (auto grant : person.getRoles()) {
    record.roles.push_back(RoleRecord{grant.getRole(), std::string(TextView(grant.getAgency())),
                                      std::string(TextView(grant.getSection())), valid_from,
                                      std::nullopt, seq, std::nullopt});
  }
  keys_.emplace(key->key.id(), std::move(*key));
  persons_.emplace(id, std::move(record));
  return {};
}

Status KeyRegistry::AddKey(std::string_view person_id, schema::PublicKey::Reader key_reader,
                           UnixMicros valid_from, uint64_t seq) {
  auto person = persons_.find(person_id);
  if (person == persons_.end()) {
    return Fail(ErrorCode::kRegistryConflict, "person {} is not registered", person_id);
  }
  auto key = NewKeyRecord(key_reader, person_id, valid_from, seq);
  GK_RETURN_IF_ERROR(key);
  person->second.key_ids.push_back(key->key.id());
  keys_.emplace(key->key.id(), std::move(*key));
  return {};
}

Result<KeyRecord> KeyRegistry::NewKeyRecord(schema::PublicKey::Reader key_reader, std::string_view person_id,
                                            UnixMicros valid_from, uint64_t seq) const {
  auto key = KeyFromSchema(key_reader);
  GK_RETURN_IF_ERROR(key);
  if (keys_.contains(key->id())) {
    return Fail(ErrorCode::kRegistryConflict, "key {} is already registered", key->id());
  }
  // A certificate bounds when the key may sign: from its notBefore (or the
  // later validFrom) to its notAfter.
  std::optional<UnixMicros> valid_until;
  if (key_reader.hasCertificate()) {
    auto der = key_reader.getCertificate();
    auto certificate = ParseCertificate(ByteView(der.begin(), der.size()));
    GK_RETURN_IF_ERROR(certificate);
    valid_from = std::max(valid_from, certificate->not_before);
    valid_until = certificate->not_after;
  }
  return KeyRecord{std::move(*key), std::string(person_id), valid_from, valid_until, std::nullopt, seq,
                   std::nullopt};
}

Status KeyRegistry::Apply(const Action& action, uint64_t seq) {
  auto payload = action.reader().getPayload();
  switch (action.kind()) {
    case PayloadKind::GENESIS: {
      auto genesis = payload.getGenesis();
      auto log_key = KeyFromSchema(genesis.getLogKey());
      GK_RETURN_IF_ERROR(log_key);
      GK_RETURN_IF_ERROR(AddPerson(genesis.getAdministrator(), seq));
      auto hash_algorithm = HashAlgorithmFromId(static_cast<uint8_t>(genesis.getHashAlgorithm()));
      GK_RETURN_IF_ERROR(hash_algorithm);
      std::optional<PublicKey> sm2_log_key;
      if (genesis.hasSm2LogKey()) {
        auto key = KeyFromSchema(genesis.getSm2LogKey());
        GK_RETURN_IF_ERROR(key);
        sm2_log_key = std::move(*key);
      }
      origin_ = TextView(genesis.getOrigin());
      log_keys_ = LogKeys{std::move(*log_key), std::move(sm2_log_key)};
      simulated_ = genesis.getSimulated();
      hash_algorithm_ = *hash_algorithm;
      return {};
    }
    case PayloadKind::REGISTER_PERSON:
      return AddPerson(payload.getRegisterPerson(), seq);
    case PayloadKind::ADD_KEY: {
      auto add = payload.getAddKey();
      return AddKey(TextView(add.getPersonId()), add.getPublicKey(), add.getValidFrom().getUnixMicros(),
                    seq);
    }
    case PayloadKind::REVOKE_KEY: {
      auto revoke = payload.getRevokeKey();
      auto key = keys_.find(TextView(revoke.getKeyId()));
      if (key == keys_.end()) {
        return Fail(ErrorCode::kRegistryConflict, "key {} is not registered",
                    TextView(revoke.getKeyId()));
      }
      if (key->second.revoked_from) {
        return Fail(ErrorCode::kRegistryConflict, "key {} is already revoked (entry {})",
                    key->first, *key->second.revoked_at);
      }
      key->second.revoked_from = revoke.getEffectiveFrom().getUnixMicros();
      key->second.revoked_at = seq;
      return {};
    }
    case PayloadKind::ASSIGN_ROLE: {
      auto assign = payload.getAssignRole();
      auto person = persons_.find(TextView(assign.getPersonId()));
      if (person == persons_.end()) {
        return Fail(ErrorCode::kRegistryConflict, "person {} is not registered",
                    TextView(assign.getPersonId()));
      }
      for (const RoleRecord& role : person->second.roles) {
        if (SameGrant(role, assign.getGrant()) && !role.to) {
          return Fail(ErrorCode::kRegistryConflict, "person {} already holds {} in {}",
                      person->first, RoleName(role.role), role.agency);
        }
      }
      auto grant = assign.getGrant();
      person->second.roles.push_back(RoleRecord{
          grant.getRole(), std::string(TextView(grant.getAgency())), std::string(TextView(grant.getSection())),
          assign.getEffectiveFrom().getUnixMicros(), std::nullopt, seq, std::nullopt});
      return {};
    }
    case PayloadKind::END_ROLE: {
      auto end = payload.getEndRole();
      auto person = persons_.find(TextView(end.getPersonId()));
      if (person == persons_.end()) {
        return Fail(ErrorCode::kRegistryConflict, "person {} is not registered",
                    TextView(end.getPersonId()));
      }
      UnixMicros to = end.getEffectiveTo().getUnixMicros();
      for (RoleRecord& role : person->second.roles) {
        if (SameGrant(role, end.getGrant()) && !role.to) {
          if (to < role.from) {
            return Fail(ErrorCode::kRegistryConflict, "role {} of {} cannot end before it began ({})",
                        RoleName(role.role), person->first, FormatTime(role.from));
          }
          role.to = to;
          role.ended_at = seq;
          return {};
        }
      }
      return Fail(ErrorCode::kRegistryConflict, "person {} holds no open {} role in {}",
                  person->first, RoleName(end.getGrant().getRole()),
                  TextView(end.getGrant().getAgency()));
    }
    case PayloadKind::NOTE:
    case PayloadKind::ORGANISATION:
    case PayloadKind::ITEM:
    case PayloadKind::APPLICATION:
    case PayloadKind::INQUIRY:
    case PayloadKind::ACCOUNTABILITY:
    case PayloadKind::ASSESSMENT:
    case PayloadKind::REFERENCE:
      return {};  // not registry events
  }
  return {};
}

const KeyRecord* KeyRegistry::FindKey(std::string_view key_id) const {
  auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

const PersonRecord* KeyRegistry::FindPerson(std::string_view person_id) const {
  auto it = persons_.find(person_id);
  return it == persons_.end() ? nullptr : &it->second;
}

bool KeyRegistry::HoldsRole(const PersonRecord& person, schema::Role role, UnixMicros at) const {
  for (const RoleRecord& held : person.roles) {
    if (held.role == role && held.from <= at && (!held.to || at < *held.to)) return true;
  }
  return false;
}

void KeyToSchema(const PublicKey& key, schema::PublicKey::Builder out, ByteView certificate) {
  out.setAlgorithm(static_cast<schema::SignatureAlgorithm>(key.algorithm()));
  out.setKey(capnp::Data::Reader(key.raw().data(), key.raw().size()));
  if (!certificate.empty()) out.setCertificate(capnp::Data::Reader(certificate.data(), certificate.size()));
}

}  // namespace gongkai
