#include "ledger/genesis.h"

#include <capnp/message.h>

#include "ledger/action.h"
#include "ledger/admin_actions.h"
#include "ledger/key_registry.h"

namespace gongkai {

Bytes BuildGenesis(const GenesisSpec& spec, const PublicKey& admin, const LogKeys& log_keys) {
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
  genesis.setHashAlgorithm(static_cast<schema::HashAlgorithm>(spec.hash));
  genesis.setSignatureAlgorithm(schema::SignatureAlgorithm::ED25519);
  genesis.setSimulated(spec.simulated);
  FillPerson(PersonSpec{spec.person_id, spec.name, spec.agency, spec.section,
                        {RoleGrantSpec{schema::Role::ADMINISTRATOR, spec.agency, ""}}, admin, spec.valid_from},
             genesis.initAdministrator());
  KeyToSchema(log_keys.ed25519, genesis.initLogKey());
  if (log_keys.sm2) KeyToSchema(*log_keys.sm2, genesis.initSm2LogKey());
  return Canonicalize(action.asReader());
}

}  // namespace gongkai
