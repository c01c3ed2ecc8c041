#include "ledger/signed_action.h"

namespace gongkai {

Result<SignedAction> SignAction(const PrivateKey& key, Bytes canonical_action) {
  auto signature = key.Sign(kActionSignatureContext, canonical_action);
  GK_RETURN_IF_ERROR(signature);
  return SignedAction{std::move(canonical_action), std::move(*signature)};
}

}  // namespace gongkai
