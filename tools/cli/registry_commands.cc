// gongkai register-agency, register, add-key, revoke-key, role: the agencies
// and the key registry events, signed by an administrator. Each builds one registry action and appends it; the
// same actions can be written as JSON and appended with `gongkai append`.
#include <fmt/core.h>

#include "ledger/admin_actions.h"
#include "ledger/certificate.h"
#include "ledger/key_registry.h"
#include "ledger/ledger.h"
#include "tools/cli/command.h"
#include "ledger/registry_store.h"
#include "tools/cli/io.h"

namespace gongkai::cli {
namespace {

Status RequireUnregistered(const Context& context, const std::string& person) {
  // Against a server, its ledger refuses a second registration itself.
  if (context.server) return {};
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

Status RunRegisterAgency(const Args& args, const Context& context) {
  GK_RETURN_IF_ERROR(args.RequireAll({"agency", "name", "jurisdiction"}));
  auto kind = ParseAgencyKind(args.Get("kind").value_or("department"));
  GK_RETURN_IF_ERROR(kind);
  return AppendSignedAction(args, context,
                            AgencyRegisteredDraft(AgencySpec{*args.Get("agency"), *args.Get("name"), *kind,
                                                             *args.Get("jurisdiction"), args.Get("parent").value_or("")}));
}

// The key a registration names: --public-key FILE.pub, or --certificate
// FILE (an SM2 key's X.509 certificate, PEM or DER), whose notBefore is the
// key's validFrom unless --valid-from says otherwise.
struct KeyInput {
  PublicKey key;
  UnixMicros valid_from;
  Bytes certificate;
};

Result<KeyInput> ReadKeyInput(const Args& args) {
  if (args.Has("public-key") == args.Has("certificate")) {
    return Fail(ErrorCode::kInvalidArgument, "give the key as --public-key FILE.pub or as --certificate FILE");
  }
  if (args.Has("public-key")) {
    auto key = PublicKey::FromPemFile(*args.Get("public-key"));
    GK_RETURN_IF_ERROR(key);
    auto valid_from = TimeOption(args.Get("valid-from"));
    GK_RETURN_IF_ERROR(valid_from);
    return KeyInput{std::move(*key), *valid_from, {}};
  }
  const std::string path = *args.Get("certificate");
  auto der = ReadCertificateFile(path);
  GK_RETURN_IF_ERROR(der);
  auto certificate = ParseCertificate(*der);
  if (!certificate) return Fail(certificate.error().code, "{}: {}", path, certificate.error().message);
  UnixMicros valid_from = certificate->not_before;
  if (args.Has("valid-from")) {
    auto given = TimeOption(args.Get("valid-from"));
    GK_RETURN_IF_ERROR(given);
    valid_from = *given;
  }
  return KeyInput{std::move(certificate->key), valid_from, std::move(*der)};
}

Status RunRegister(const Args& args, const Context& context) {
  GK_RETURN_IF_ERROR(args.RequireAll({"person", "name", "agency"}));
  auto key = ReadKeyInput(args);
  GK_RETURN_IF_ERROR(key);
  PersonSpec person{*args.Get("person"), *args.Get("name"), *args.Get("agency"), args.Get("section").value_or(""),
                    {}, std::move(key->key), key->valid_from, std::move(key->certificate)};
  for (const std::string& spec : args.GetAll("role")) {
    auto grant = ParseRoleGrant(spec, person.agency);
    GK_RETURN_IF_ERROR(grant);
    person.roles.push_back(std::move(*grant));
  }
  // Said before the ledger would refuse the event id "register/PERSON" as
  // reused: the person is what conflicts.
  GK_RETURN_IF_ERROR(RequireUnregistered(context, person.id));
  return AppendSignedAction(args, context, RegisterPersonDraft(std::move(person)));
}

Status RunAddKey(const Args& args, const Context& context) {
  GK_RETURN_IF_ERROR(args.RequireAll({"person"}));
  auto key = ReadKeyInput(args);
  GK_RETURN_IF_ERROR(key);
  return AppendSignedAction(args, context,
                            AddKeyDraft(*args.Get("person"), std::move(key->key), key->valid_from,
                                        std::move(key->certificate)));
}

Status RunRevokeKey(const Args& args, const Context& context) {
  if (args.positional().size() != 1) return Fail(ErrorCode::kInvalidArgument, "revoke-key takes one KEY-ID");
  auto reason = args.Require("reason");
  GK_RETURN_IF_ERROR(reason);
  auto from = TimeOption(args.Get("from"));
  GK_RETURN_IF_ERROR(from);
  return AppendSignedAction(args, context, RevokeKeyDraft(args.positional()[0], *from, *reason));
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
  auto grant = ParseRoleGrant(spec, "");
  GK_RETURN_IF_ERROR(grant);
  return AppendSignedAction(args, context, assign ? AssignRoleDraft(person, std::move(*grant), *when)
                                                  : EndRoleDraft(person, std::move(*grant), *when));
}

const OptionSpec kAdminKey{"key", true, "FILE the administrator's private key"};
const OptionSpec kAt{"at", true, "TIME business time of the registry action (default now)"};
const OptionSpec kEventId{"event-id", true, "ID event id (default derived from the arguments)"};

}  // namespace

std::vector<Command> RegistryCommands() {
  return {
      Command{"register-agency", "--key ADMIN.pem --agency ID --name NAME --jurisdiction ID",
              "register an agency, so that people and roles can name it",
              "Appends an organisation.agencyRegistered event signed by an administrator.\n"
              "People (register --agency) and role grants (ROLE@AGENCY) name agencies by\n"
              "this id, and the ledger refuses any that is not registered. Kinds: government,\n"
              "department, township, archive, publicService, other.",
              {kAdminKey,
               {"agency", true, "ID the agency's id, as people and events name it"},
               {"name", true, "NAME its full Chinese name, e.g. 天宁区发展和改革局"},
               {"kind", true, "KIND the kind of agency (default department)"},
               {"jurisdiction", true, "ID the jurisdiction whose rule book applies, e.g. cn-js-changzhou-tianning"},
               {"parent", true, "ID the superior agency, if any"},
               kAt, kEventId},
              RunRegisterAgency},
      Command{"register", "--key ADMIN.pem --person ID --name NAME --agency AGENCY (--public-key FILE.pub | --certificate FILE)",
              "register a person, their first key and their roles",
              "Appends a registerPerson event signed by an administrator. Each --role is\n"
              "ROLE, ROLE@AGENCY or ROLE@AGENCY/SECTION; roles: administrator, handler,\n"
              "sectionHead, leaderInCharge, principal, confidentialityReviewer, transferClerk,\n"
              "leadingGroupOffice, disclosureOfficeHead, supervision, assessor, archivist.",
              {kAdminKey,
               {"person", true, "ID stable person id"},
               {"name", true, "NAME the person's name"},
               {"agency", true, "AGENCY the person's agency"},
               {"section", true, "SECTION the person's section"},
               {"role", true, "ROLE[@AGENCY[/SECTION]] a role held from --valid-from (repeatable)"},
               {"public-key", true, "FILE the person's public key (FILE.pub from keygen)"},
               {"certificate", true, "FILE instead of --public-key: an X.509 certificate of an SM2 key (PEM or DER)"},
               {"valid-from", true, "TIME when key and roles become valid (default now; a certificate's notBefore)"},
               kAt, kEventId},
              RunRegister},
      Command{"add-key", "--key ADMIN.pem --person ID (--public-key FILE.pub | --certificate FILE)",
              "register another key for a person (key rotation)",
              "The new key may be of either algorithm (Ed25519 or SM2). With --certificate, the\n"
              "key is the SM2 key of an X.509 certificate, which the ledger keeps beside it: the\n"
              "key signs nothing recorded outside the certificate's validity, and where\n"
              "DATA/ca-roots.pem exists the certificate must chain to one of its roots.",
              {kAdminKey,
               {"person", true, "ID the person"},
               {"public-key", true, "FILE the new public key"},
               {"certificate", true, "FILE instead of --public-key: an X.509 certificate of an SM2 key (PEM or DER)"},
               {"valid-from", true, "TIME when the key becomes valid (default now; a certificate's notBefore)"},
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
