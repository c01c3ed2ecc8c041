#include "ledger/genesis.h"

#include <capnp/message.h>

#include "ledger/action.h"

namespace gongkai {
namespace {

void FillKey(schema::PublicKey::Builder out, const PublicKey& key) {
  out.setAlgorithm(schema::SignatureAlgorithm::ED25519);
  out.setKey(capnp::Data::Reader(key.raw().data(), key.raw().size()));
}

}  // namespace

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
  FillKey(person.initPublicKey(), admin);
  person.initValidFrom().setUnixMicros(spec.valid_from);
  FillKey(genesis.initLogKey(), log_key);
  return Canonicalize(action.asReader());
}

}  // namespace gongkai
