// Action JSON as a signer submits it, and a signed action's JSON form.
// Whatever JSON yields canonical bytes, those bytes pass Action::Parse.
#include "ledger/action.h"
#include "ledger/json.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::TextOf(data, size);
  if (auto bytes = CanonicalActionFromJson(text, ActionDefaults{.ledger = "fuzz-ledger", .actor_key_id = ""})) {
    FUZZ_REQUIRE(Action::Parse(*bytes).has_value());
  }
  if (auto signed_action = SignedActionFromJson(text)) {
    auto again = SignedActionFromJson(SignedActionToJson(*signed_action));
    FUZZ_REQUIRE(again.has_value());
  }
  return 0;
}
