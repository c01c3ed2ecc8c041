#include "projections/event_record.h"

#include <algorithm>

namespace gongkai::projections {

Status Roster::Apply(const EventRecord& record) {
  if (!IsRegistryPayload(record.action.kind())) return {};
  return registry_.Apply(record.action, record.seq);
}

std::string Roster::SignerOf(const Action& action) const {
  const KeyRecord* key = registry_.FindKey(action.actor_key_id());
  return key ? key->person_id : std::string();
}

namespace {

// Whether the grant `held` is in force at `at`.
bool InForce(const RoleRecord& held, UnixMicros at) { return held.from <= at && (!held.to || at < *held.to); }

// The grant of `role` that `record` holds at `at` (in `agency`, when one is
// named); nullptr when none.
const RoleRecord* Grant(const PersonRecord& record, schema::Role role, UnixMicros at, std::string_view agency) {
  auto it = std::ranges::find_if(record.roles, [&](const RoleRecord& held) {
    return held.role == role && InForce(held, at) && (agency.empty() || held.agency == agency);
  });
  return it == record.roles.end() ? nullptr : &*it;
}

}  // namespace

bool Roster::HoldsAny(std::string_view person, std::initializer_list<schema::Role> roles, UnixMicros at,
                      std::string_view agency) const {
  const PersonRecord* record = registry_.FindPerson(person);
  if (!record) return false;
  for (schema::Role role : roles) {
    if (Grant(*record, role, at, agency)) return true;
  }
  return false;
}

std::string Roster::RoleAt(std::string_view person, UnixMicros at, std::initializer_list<schema::Role> preferred,
                           std::string_view agency) const {
  return HeldAt(person, at, preferred, agency).role;
}

Roster::HeldRole Roster::HeldAt(std::string_view person, UnixMicros at, std::initializer_list<schema::Role> preferred,
                                std::string_view agency) const {
  const PersonRecord* record = registry_.FindPerson(person);
  if (!record) return {};
  for (schema::Role role : preferred) {
    if (const RoleRecord* held = Grant(*record, role, at, agency)) return {std::string(RoleName(role)), held->agency};
  }
  for (const RoleRecord& held : record->roles) {
    if (InForce(held, at)) return {std::string(RoleName(held.role)), held.agency};
  }
  return {};
}

bool Roster::ServesIn(std::string_view person, std::string_view agency, UnixMicros at) const {
  const PersonRecord* record = registry_.FindPerson(person);
  if (!record) return false;
  return std::ranges::any_of(record->roles, [&](const RoleRecord& held) {
    return held.agency == agency && InForce(held, at);
  });
}

std::vector<std::string> Roster::HoldersOf(schema::Role role, std::string_view agency, UnixMicros at) const {
  std::vector<std::string> holders;
  for (const auto& [id, person] : registry_.persons()) {
    for (const RoleRecord& held : person.roles) {
      if (held.role == role && held.agency == agency && InForce(held, at)) {
        holders.push_back(id);
        break;
      }
    }
  }
  return holders;
}

}  // namespace gongkai::projections
