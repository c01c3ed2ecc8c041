// Actions built from parameters rather than read as JSON: the key registry
// events an administrator signs and the reference texts (calendars, rule
// sets). The CLI, the simulator and a server build them here, so that their
// streams and default event ids follow one convention:
//
//   registerPerson  stream person/PERSON   event id register/PERSON
//   addKey          stream person/PERSON   event id add-key/KEY-ID
//   revokeKey       stream key/KEY-ID      event id revoke/KEY-ID
//   assignRole      stream person/PERSON   event id role/assign/PERSON/GRANT/MICROS
//   endRole         stream person/PERSON   event id role/end/PERSON/GRANT/MICROS
//   agencyRegistered stream and event id agency/AGENCY
//   reference texts stream and event id calendar/ID or rules/ID
//   domain events   stream DomainStream(action) (assessment/PLAN, ...)
//
// where GRANT is FormatRoleGrant and MICROS the effective time.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/schema/action.capnp.h"
#include "ledger/schema/organisation.capnp.h"
#include "ledger/signed_action.h"
#include "ledger/signing.h"

namespace gongkai {

// A role held in an agency, optionally in one of its sections.
struct RoleGrantSpec {
  schema::Role role;
  std::string agency;
  std::string section;  // empty: the whole agency
};

// A role by its schema name ("handler", "leaderInCharge", ...).
Result<schema::Role> ParseRole(std::string_view name);
// "ROLE", "ROLE@AGENCY" or "ROLE@AGENCY/SECTION"; the agency defaults to
// `default_agency` and must not end up empty.
Result<RoleGrantSpec> ParseRoleGrant(std::string_view spec, std::string_view default_agency);
// The inverse of ParseRoleGrant: "ROLE@AGENCY[/SECTION]".
std::string FormatRoleGrant(const RoleGrantSpec& grant);

// A person as registerPerson (and the genesis's administrator) records them.
struct PersonSpec {
  std::string id;
  std::string name;
  std::string agency;
  std::string section;
  std::vector<RoleGrantSpec> roles;
  PublicKey key;
  UnixMicros valid_from = 0;
  Bytes certificate;  // the key's DER X.509 certificate, or empty
};
void FillPerson(const PersonSpec& person, schema::RegisterPerson::Builder out);

// An action before its envelope is filled: its conventional event id and
// stream (empty: DomainStream of the payload) and what fills its payload.
struct ActionDraft {
  std::string event_id;
  std::string stream;
  std::function<Status(schema::Action::Payload::Builder)> fill_payload;
  int64_t expected_version = -1;  // -1: no expectation (schema/action.capnp)
};

ActionDraft RegisterPersonDraft(PersonSpec person);
// `certificate`: the key's DER X.509 certificate, or empty.
ActionDraft AddKeyDraft(std::string person_id, PublicKey key, UnixMicros valid_from, Bytes certificate = {});
ActionDraft RevokeKeyDraft(std::string key_id, UnixMicros effective_from, std::string reason);
ActionDraft AssignRoleDraft(std::string person_id, RoleGrantSpec grant, UnixMicros effective_from);
ActionDraft EndRoleDraft(std::string person_id, RoleGrantSpec grant, UnixMicros effective_to);
// An agency as organisation.agencyRegistered records it. Role grants and
// people may name it once it is registered (docs/EVENTS.md, "Agencies").
struct AgencySpec {
  std::string id;
  std::string name;
  schema::AgencyKind kind = schema::AgencyKind::DEPARTMENT;
  std::string jurisdiction;
  std::string parent;  // empty: none
};
// An agency kind by its schema name ("government", "department", ...).
Result<schema::AgencyKind> ParseAgencyKind(std::string_view name);
ActionDraft AgencyRegisteredDraft(AgencySpec agency);

// reference.calendarPublished or reference.ruleSetPublished: event id and
// stream calendar/ID or rules/ID, expected version 0 (an id names one text).
enum class ReferenceKind { kCalendar, kRuleSet };
ActionDraft ReferenceDraft(ReferenceKind kind, std::string id, std::string text);

// Fills the envelope (ledger `origin`, the draft's event id unless
// `event_id` overrides it, its stream, `business_time`, the signer's key id),
// canonicalises, checks the action as the ledger will (Action::Parse) and
// signs it with `signer`.
Result<SignedAction> SignDraft(const ActionDraft& draft, std::string_view origin, UnixMicros business_time,
                               const PrivateKey& signer, std::string_view event_id = {});

}  // namespace gongkai
