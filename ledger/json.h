// JSON <-> Cap'n Proto for actions, through Cap'n Proto's own JSON codec.
//
// Field names are the schema's (camelCase); Data fields are hex or base64 as
// annotated in the schema; Time fields are RFC 3339 strings (ledger/base/time.h);
// enums are their names; unknown fields are rejected. 64-bit integers are
// written as strings, as the codec does, and read from strings or numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/bytes.h"
#include "ledger/hash.h"
#include "ledger/base/error.h"
#include "ledger/schema/action.capnp.h"
#include "ledger/schema/audit.capnp.h"
#include "ledger/signed_action.h"

namespace gongkai {

// Values filled into an action whose JSON leaves them out; an action that
// gives a different value is refused (it was meant for another ledger or
// another signer).
struct ActionDefaults {
  std::string ledger;
  std::string actor_key_id;
};

// Decodes one action from JSON and returns its canonical bytes.
Result<Bytes> CanonicalActionFromJson(std::string_view json, const ActionDefaults& defaults);

std::string ActionToJson(schema::Action::Reader action, bool pretty = false);

Result<SignedAction> SignedActionFromJson(std::string_view json);
std::string SignedActionToJson(const SignedAction& signed_action);

// Merkle proofs as JSON (schema/audit.capnp).
struct InclusionProof {
  std::string origin;
  uint64_t index = 0;
  uint64_t size = 0;
  Digest leaf_hash{};
  std::vector<Digest> proof;
};
struct ConsistencyProof {
  std::string origin;
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<Digest> proof;
};
std::string InclusionProofToJson(const InclusionProof& proof);
Result<InclusionProof> InclusionProofFromJson(std::string_view json);
std::string ConsistencyProofToJson(const ConsistencyProof& proof);
Result<ConsistencyProof> ConsistencyProofFromJson(std::string_view json);

}  // namespace gongkai
