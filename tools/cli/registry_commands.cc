// gongkai register, add-key, revoke-key, role: key registry events, signed
// by an administrator. Each builds one registry action and appends it; the
// same actions can be written as JSON and appended with `gongkai append`.
#include <fmt/core.h>

#include <capnp/message.h>
#include <capnp/schema.h>

#include "ledger/json.h"
#include "ledger/key_registry.h"
#include "ledger/ledger.h"
#include "tools/cli/command.h"
#include "ledger/registry_store.h"
#include "tools/cli/io.h"

namespace gongkai::cli {
namespace {

Result<schema::Role> ParseRole(const std::string& name) {
  KJ_IF_MAYBE(enumerant, capnp::Schema::from<schema::Role>().findEnumerantByName(name)) {
    return static_cast<schema::Role>(enumerant->getOrdinal());
  }
  std::string known;
  for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
    known += (known.empty() ? "" : ", ") + std::string(e.getProto().getName().cStr());
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown role '{}' (roles: {})", name, known);
}

// "ROLE", "ROLE@AGENCY" or "ROLE@AGENCY/SECTION"; the agency defaults to the
// person's own.
Status FillGrant(const std::string& spec, const std::string& default_agency,
                 schema::RoleGrant::Builder grant) {
  std::string role = spec, agency = default_agency, section;
  if (auto at = spec.find('@'); at != std::string::npos) {
    role = spec.substr(0, at);
    agency = spec.substr(at + 1);
    if (auto slash = agency.find('/'); slash != std::string::npos) {
      section = agency.substr(slash + 1);
      agency.resize(slash);
    }
  }
  auto parsed = ParseRole(role);
  GK_RETURN_IF_ERROR(parsed);
  if (agency.empty()) return Fail(ErrorCode::kInvalidArgument, "role '{}' needs an agency (ROLE@AGENCY)", spec);
  grant.setRole(*parsed);
  grant.setAgency(agency);
  grant.setSection(section);
  return {};
}

Status FillPublicKey(const std::string& path, schema::PublicKey::Builder out) {
  auto key = PublicKey::FromPemFile(path);
  GK_RETURN_IF_ERROR(key);
  KeyToSchema(*key, out);
  return {};
}

Status RequireUnregistered(const Context& context, const std::string& person) {
  auto store = Store::Open(context.store_dir(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(store);
  auto stored = LoadStoredRegistry(**store);
  GK_RETURN_IF_ERROR(stored);
  if (stored->registry.FindPerson(person)) {
    return Fail(ErrorCode::kRegistryConflict, "person {} is already registered (add a key with 'gongkai add-key')",
                person);
  }
  return {};
}

Status RunRegister(const Args& args, const Context& context) {
  auto person = args.Require("person");
  auto name = args.Require("name");
  auto agency = args.Require("agency");
  auto public_key = args.Require("public-key");
  for (auto* r : {&person, &name, &agency, &public_key}) {
    if (!*r) return std::unexpected(r->error());
  }
  auto valid_from = TimeOption(args.Get("valid-from"));
  GK_RETURN_IF_ERROR(valid_from);
  // Said before the ledger would refuse the event id "register/PERSON" as
  // reused: the person is what conflicts.
  GK_RETURN_IF_ERROR(RequireUnregistered(context, *person));
  return AppendSignedAction(args, context, "register/" + *person, "person/" + *person,
                              [&](schema::Action::Builder action) -> Status {
    auto p = action.initPayload().initRegisterPerson();
    p.setPersonId(*person);
    p.setName(*name);
    p.setAgency(*agency);
    p.setSection(args.Get("section").value_or(""));
    auto roles = args.GetAll("role");
    auto grants = p.initRoles(static_cast<unsigned>(roles.size()));
    for (size_t i = 0; i < roles.size(); ++i) {
      GK_RETURN_IF_ERROR(FillGrant(roles[i], *agency, grants[static_cast<unsigned>(i)]));
    }
    GK_RETURN_IF_ERROR(FillPublicKey(*public_key, p.initPublicKey()));
    p.initValidFrom().setUnixMicros(*valid_from);
    return {};
  });
}

Status RunAddKey(const Args& args, const Context& context) {
  auto person = args.Require("person");
  auto public_key = args.Require("public-key");
  GK_RETURN_IF_ERROR(person);
  GK_RETURN_IF_ERROR(public_key);
  auto key = PublicKey::FromPemFile(*public_key);
  GK_RETURN_IF_ERROR(key);
  auto valid_from = TimeOption(args.Get("valid-from"));
  GK_RETURN_IF_ERROR(valid_from);
  return AppendSignedAction(args, context, "add-key/" + key->id(), "person/" + *person,
                              [&](schema::Action::Builder action) -> Status {
    auto add = action.initPayload().initAddKey();
    add.setPersonId(*person);
    GK_RETURN_IF_ERROR(FillPublicKey(*public_key, add.initPublicKey()));
    add.initValidFrom().setUnixMicros(*valid_from);
    return {};
  });
}

Status RunRevokeKey(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "revoke-key takes one KEY-ID");
  const std::string& key_id = args.positional()[0];
  auto reason = args.Require("reason");
  GK_RETURN_IF_ERROR(reason);
  auto from = TimeOption(args.Get("from"));
  GK_RETURN_IF_ERROR(from);
  return AppendSignedAction(args, context, "revoke/" + key_id, "key/" + key_id,
                              [&](schema::Action::Builder action) -> Status {
    auto revoke = action.initPayload().initRevokeKey();
    revoke.setKeyId(key_id);
    revoke.initEffectiveFrom().setUnixMicros(*from);
    revoke.setReason(*reason);
    return {};
  });
}

Status RunRole(const Args& args, const Context& context) {
  if (args.positional().size() != 3 || (args.positional()[0] != "assign" && args.positional()[0] != "end")) {
    return Fail(ErrorCode::kInvalidArgument, "usage: gongkai role (assign|end) PERSON ROLE[@AGENCY[/SECTION]]");
  }
  bool assign = args.positional()[0] == "assign";
  const std::string& person = args.positional()[1];
  const std::string& spec = args.positional()[2];
  auto when = TimeOption(args.Get(assign ? "from" : "to"));
  GK_RETURN_IF_ERROR(when);
  if (!spec.contains('@')) return Fail(ErrorCode::kInvalidArgument, "give the role's agency: ROLE@AGENCY");
  return AppendSignedAction(
      args, context, fmt::format("role/{}/{}/{}/{}", args.positional()[0], person, spec, *when),
      "person/" + person, [&](schema::Action::Builder action) -> Status {
        if (assign) {
          auto a = action.initPayload().initAssignRole();
          a.setPersonId(person);
          a.initEffectiveFrom().setUnixMicros(*when);
          return FillGrant(spec, "", a.initGrant());
        }
        auto e = action.initPayload().initEndRole();
        e.setPersonId(person);
        e.initEffectiveTo().setUnixMicros(*when);
        return FillGrant(spec, "", e.initGrant());
      });
}

const OptionSpec kAdminKey{"key", true, "FILE the administrator's private key"};
const OptionSpec kAt{"at", true, "TIME business time of the registry action (default now)"};
const OptionSpec kEventId{"event-id", true, "ID event id (default derived from the arguments)"};

}  // namespace

std::vector<Command> RegistryCommands() {
  return {
      Command{"register", "--key ADMIN.pem --person ID --name NAME --agency AGENCY --public-key FILE.pub",
              "register a person, their first key and their roles",
              "Appends a registerPerson event signed by an administrator. Each --role is\n"
              "ROLE, ROLE@AGENCY or ROLE@AGENCY/SECTION; roles: administrator, handler,\n"
              "sectionHead, leaderInCharge, principal, confidentialityReviewer, transferClerk,\n"
              "leadingGroupOffice, supervision, assessor, archivist.",
              {kAdminKey,
               {"person", true, "ID stable person id"},
               {"name", true, "NAME the person's name"},
               {"agency", true, "AGENCY the person's agency"},
               {"section", true, "SECTION the person's section"},
               {"role", true, "ROLE[@AGENCY[/SECTION]] a role held from --valid-from (repeatable)"},
               {"public-key", true, "FILE the person's public key (FILE.pub from keygen)"},
               {"valid-from", true, "TIME when key and roles become valid (default now)"},
               kAt, kEventId},
              RunRegister},
      Command{"add-key", "--key ADMIN.pem --person ID --public-key FILE.pub",
              "register another key for a person (key rotation)", "",
              {kAdminKey,
               {"person", true, "ID the person"},
               {"public-key", true, "FILE the new public key"},
               {"valid-from", true, "TIME when the key becomes valid (default now)"},
               kAt, kEventId},
              RunAddKey},
      Command{"revoke-key", "KEY-ID --key ADMIN.pem --reason TEXT [--from TIME]",
              "revoke a key from a given time",
              "Entries recorded at or after --from can no longer be signed with the key.\n"
              "Entries appended before the revocation keep their validity.",
              {kAdminKey,
               {"reason", true, "TEXT why (lost, compromised, left the post, ...)"},
               {"from", true, "TIME revocation takes effect (default now)"},
               kAt, kEventId},
              RunRevokeKey},
      Command{"role", "(assign|end) PERSON ROLE@AGENCY[/SECTION] --key ADMIN.pem",
              "assign a role to a person, or end it, with an effective date", "",
              {kAdminKey,
               {"from", true, "TIME assign: held from (default now)"},
               {"to", true, "TIME end: no longer held from (default now)"},
               kAt, kEventId},
              RunRole},
  };
}

}  // namespace gongkai::cli
