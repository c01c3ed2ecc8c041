// Witness policy files (c2sp.org/tlog-policy) and the verifier keys
// (vkeys) in them, as gongkai-verify --witness-policy reads them.
#include "ledger/witness_policy.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::TextOf(data, size);
  if (auto key = ParseVerifierKey(text)) FUZZ_REQUIRE(ParseVerifierKey(key->ToString()).has_value());
  auto policy = WitnessPolicy::Parse(text);
  if (!policy) return 0;
  (void)policy->Satisfied(std::vector<bool>(policy->witnesses().size(), true));
  (void)policy->Satisfied(std::vector<bool>(policy->witnesses().size(), false));
  return 0;
}
