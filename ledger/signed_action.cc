#include "ledger/signed_action.h"

namespace gongkai {

Result<SignedAction> SignAction(const PrivateKey& key, Bytes canonical_action) {
  auto signature = key.Sign(kActionSignatureContext, canonical_action);
  if (!signature) return std::unexpected(signature.error());
  return SignedAction{std::move(canonical_action), std::move(*signature)};
}

}  // namespace gongkai
