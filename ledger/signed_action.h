// A signed action as it travels from the signer to the ledger.
#pragma once

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/signing.h"

namespace gongkai {

struct SignedAction {
  Bytes action;     // canonical Cap'n Proto bytes of a schema::Action
  Bytes signature;  // Ed25519 over kActionSignatureContext ‖ action
};

// Signs canonical action bytes with the actor's own key.
Result<SignedAction> SignAction(const PrivateKey& key, Bytes canonical_action);

}  // namespace gongkai
