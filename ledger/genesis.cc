#include "ledger/genesis.h"

#include <capnp/message.h>

#include "ledger/action.h"
#include "ledger/key_registry.h"

namespace gongkai {

Bytes BuildGenesis(const GenesisSpec& spec, const PublicKey& admin, const PublicKey& log_key) {
  capnp::MallocMessageBuilder message;
  auto action = message.initRoot<schema::Action>();
  action.setLedger(spec.origin);
  action.setEventId("genesis");
  action.setStream("ledger");
  action.setExpectedVersion(0);
  action.initBusinessTime().setUnixMicros(spec.valid_from);
  action.setActorKeyId(admin.id());
  auto genesis = action.initPayload().initGenesis();
  genesis.setOrigin(spec.origin);
  genesis.setHashAlgorithm(schema::HashAlgorithm::SHA256);
  genesis.setSignatureAlgorithm(schema::SignatureAlgorithm::ED25519);
  auto person = genesis.initAdministrator();
  person.setPersonId(spec.person_id);
  person.setName(spec.name);
  person.setAgency(spec.agency);
  person.setSection(spec.section);
  auto role = person.initRoles(1)[0];
  role.setRole(schema::Role::ADMINISTRATOR);
  role.setAgency(spec.agency);
  KeyToSchema(admin, person.initPublicKey());
  person.initValidFrom().setUnixMicros(spec.valid_from);
  KeyToSchema(log_key, genesis.initLogKey());
  return Canonicalize(action.asReader());
}

}  // namespace gongkai
