// What the projections consume: one ledger entry at a time, in ledger order,
// and the people behind the signatures.
//
// The engine folds the key registry from the registry events it is given
// (genesis, registerPerson, addKey, revokeKey, assignRole, endRole), so it can
// name the person who signed every later action and the roles that person
// held at the time of the act (RULES.md §5: responsibility follows the role
// as held when acting, not as held when asked).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/action.h"
#include "ledger/base/error.h"
#include "ledger/key_registry.h"
#include "ledger/base/time.h"

namespace gongkai::projections {

// One ledger entry. `action` must stay valid for the duration of the call
// that receives the record; consumers copy what they keep.
struct EventRecord {
  uint64_t seq = 0;
  UnixMicros recorded_time = 0;
  const Action& action;
};

// People, keys and roles over time, folded from the registry events.
class Roster {
 public:
  Roster() = default;
  // Resumes from a registry folded elsewhere (LoadStoredRegistry).
  explicit Roster(KeyRegistry registry) : registry_(std::move(registry)) {}

  // Applies a registry event; any other payload is ignored.
  Status Apply(const EventRecord& record);

  // The person whose key signed `action`; empty when the key is unknown.
  std::string SignerOf(const Action& action) const;
  // Whether `person` held one of `roles` at `at`, in `agency` when one is
  // named (a leader in charge of one agency approves nothing of another).
  bool HoldsAny(std::string_view person, std::initializer_list<schema::Role> roles, UnixMicros at,
                std::string_view agency = {}) const;
  // The name of the role `person` held at `at`: the first of `preferred`
  // held (in `agency`, when one is named), else the first role held (in
  // registration order); empty when the person held none.
  std::string RoleAt(std::string_view person, UnixMicros at, std::initializer_list<schema::Role> preferred,
                     std::string_view agency = {}) const;
  // RoleAt's role and the agency it was held in (both empty when none).
  struct HeldRole {
    std::string role;
    std::string agency;
  };
  HeldRole HeldAt(std::string_view person, UnixMicros at, std::initializer_list<schema::Role> preferred,
                  std::string_view agency = {}) const;
  // Whether `person` held any role in `agency` at `at` (served there).
  bool ServesIn(std::string_view person, std::string_view agency, UnixMicros at) const;
  // Everyone who held `role` in `agency` at `at`, by person id.
  std::vector<std::string> HoldersOf(schema::Role role, std::string_view agency, UnixMicros at) const;

 private:
  KeyRegistry registry_;
};

}  // namespace gongkai::projections
