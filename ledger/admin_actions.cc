#include "ledger/admin_actions.h"

#include <fmt/core.h>

#include <capnp/message.h>
#include <capnp/schema.h>

#include "ledger/action.h"
#include "ledger/key_registry.h"
#include "ledger/payload_check.h"

namespace gongkai {

namespace {

// An enumerant of schema enum E by its name; `what` names E in the error.
template <typename E>
Result<E> ParseEnumerant(std::string_view name, std::string_view what) {
  auto enumerants = capnp::Schema::from<E>();
  const std::string wanted(name);
  KJ_IF_MAYBE(enumerant, enumerants.findEnumerantByName(wanted)) {
    return static_cast<E>(enumerant->getOrdinal());
  }
  std::string known;
  for (auto e : enumerants.getEnumerants()) {
    known += (known.empty() ? "" : ", ") + std::string(e.getProto().getName().cStr());
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown {} '{}' ({}s: {})", what, name, what, known);
}

}  // namespace

Result<schema::Role> ParseRole(std::string_view name) { return ParseEnumerant<schema::Role>(name, "role"); }

Result<schema::AgencyKind> ParseAgencyKind(std::string_view name) {
  return ParseEnumerant<schema::AgencyKind>(name, "agency kind");
}

ActionDraft AgencyRegisteredDraft(AgencySpec agency) {
  std::string stream = "agency/" + agency.id;
  return {stream, stream,
          [agency = std::move(agency)](schema::Action::Payload::Builder payload) -> Status {
            auto event = payload.initOrganisation();
            event.setAgencyId(agency.id);
            auto registered = event.initAgencyRegistered();
            registered.setName(agency.name);
            registered.setKind(agency.kind);
            registered.setJurisdiction(agency.jurisdiction);
            if (!agency.parent.empty()) registered.setParentAgency(agency.parent);
            return {};
          }};  // no expected version: the ledger itself refuses a second registration, saying so
}

Result<RoleGrantSpec> ParseRoleGrant(std::string_view spec, std::string_view default_agency) {
  std::string_view role = spec, agency = default_agency, section;
  if (auto at = spec.find('@'); at != std::string_view::npos) {
    role = spec.substr(0, at);
    agency = spec.substr(at + 1);
    if (auto slash = agency.find('/'); slash != std::string_view::npos) {
      section = agency.substr(slash + 1);
      agency = agency.substr(0, slash);
    }
  }
  auto parsed = ParseRole(role);
  GK_RETURN_IF_ERROR(parsed);
  if (agency.empty()) return Fail(ErrorCode::kInvalidArgument, "role '{}' needs an agency (ROLE@AGENCY)", spec);
  return RoleGrantSpec{*parsed, std::string(agency), std::string(section)};
}

std::string FormatRoleGrant(const RoleGrantSpec& grant) {
  auto role = capnp::Schema::from<schema::Role>().getEnumerants()[static_cast<unsigned>(grant.role)];
  std::string text = fmt::format("{}@{}", role.getProto().getName().cStr(), grant.agency);
  if (!grant.section.empty()) text += "/" + grant.section;
  return text;
}

namespace {

void FillGrant(const RoleGrantSpec& grant, schema::RoleGrant::Builder out) {
  out.setRole(grant.role);
  out.setAgency(grant.agency);
  out.setSection(grant.section);
}

}  // namespace

void FillPerson(const PersonSpec& person, schema::RegisterPerson::Builder out) {
  out.setPersonId(person.id);
  out.setName(person.name);
  out.setAgency(person.agency);
  out.setSection(person.section);
  auto grants = out.initRoles(static_cast<unsigned>(person.roles.size()));
  for (unsigned i = 0; i < grants.size(); ++i) FillGrant(person.roles[i], grants[i]);
  KeyToSchema(person.key, out.initPublicKey(), person.certificate);
  out.initValidFrom().setUnixMicros(person.valid_from);
}

ActionDraft RegisterPersonDraft(PersonSpec person) {
  std::string id = person.id;
  return {"register/" + id, "person/" + id,
          [person = std::move(person)](schema::Action::Payload::Builder payload) -> Status {
            FillPerson(person, payload.initRegisterPerson());
            return {};
          }};
}

ActionDraft AddKeyDraft(std::string person_id, PublicKey key, UnixMicros valid_from, Bytes certificate) {
  return {"add-key/" + key.id(), "person/" + person_id,
          [person_id, key = std::move(key), valid_from,
           certificate = std::move(certificate)](schema::Action::Payload::Builder payload) -> Status {
            auto add = payload.initAddKey();
            add.setPersonId(person_id);
            KeyToSchema(key, add.initPublicKey(), certificate);
            add.initValidFrom().setUnixMicros(valid_from);
            return {};
          }};
}

ActionDraft RevokeKeyDraft(std::string key_id, UnixMicros effective_from, std::string reason) {
  return {"revoke/" + key_id, "key/" + key_id,
          [key_id, effective_from, reason = std::move(reason)](schema::Action::Payload::Builder payload) -> Status {
            auto revoke = payload.initRevokeKey();
            revoke.setKeyId(key_id);
            revoke.initEffectiveFrom().setUnixMicros(effective_from);
            revoke.setReason(reason);
            return {};
          }};
}

ActionDraft AssignRoleDraft(std::string person_id, RoleGrantSpec grant, UnixMicros effective_from) {
  return {fmt::format("role/assign/{}/{}/{}", person_id, FormatRoleGrant(grant), effective_from),
          "person/" + person_id,
          [person_id, grant = std::move(grant), effective_from](schema::Action::Payload::Builder payload) -> Status {
            auto assign = payload.initAssignRole();
            assign.setPersonId(person_id);
            assign.initEffectiveFrom().setUnixMicros(effective_from);
            FillGrant(grant, assign.initGrant());
            return {};
          }};
}

ActionDraft EndRoleDraft(std::string person_id, RoleGrantSpec grant, UnixMicros effective_to) {
  return {fmt::format("role/end/{}/{}/{}", person_id, FormatRoleGrant(grant), effective_to), "person/" + person_id,
          [person_id, grant = std::move(grant), effective_to](schema::Action::Payload::Builder payload) -> Status {
            auto end = payload.initEndRole();
            end.setPersonId(person_id);
            end.initEffectiveTo().setUnixMicros(effective_to);
            FillGrant(grant, end.initGrant());
            return {};
          }};
}

ActionDraft ReferenceDraft(ReferenceKind kind, std::string id, std::string text) {
  std::string stream = (kind == ReferenceKind::kCalendar ? "calendar/" : "rules/") + id;
  return {stream, stream,
          [kind, id, text = std::move(text)](schema::Action::Payload::Builder payload) -> Status {
            auto reference = payload.initReference();
            reference.setId(id);
            if (kind == ReferenceKind::kCalendar) {
              reference.setCalendarPublished(text);
            } else {
              reference.setRuleSetPublished(text);
            }
            return {};
          },
          /*expected_version=*/0};
}

Result<SignedAction> SignDraft(const ActionDraft& draft, std::string_view origin, UnixMicros business_time,
                               const PrivateKey& signer, std::string_view event_id) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(std::string(origin));
  action.setEventId(std::string(event_id.empty() ? std::string_view(draft.event_id) : event_id));
  action.setExpectedVersion(draft.expected_version);
  action.initBusinessTime().setUnixMicros(business_time);
  action.setActorKeyId(signer.public_key().id());
  GK_RETURN_IF_ERROR(draft.fill_payload(action.initPayload()));
  action.setStream(draft.stream.empty() ? DomainStream(action.asReader()) : draft.stream);
  auto bytes = Canonicalize(action.asReader());
  GK_RETURN_IF_ERROR(Action::Parse(bytes));
  return SignAction(signer, std::move(bytes));
}

}  // namespace gongkai
