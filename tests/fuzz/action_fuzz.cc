// Signed action bytes: the canonical check, the envelope and payload rules.
// Accepted bytes are canonical, so they re-encode to themselves, and their
// JSON form decodes back to the same bytes.
#include "ledger/action.h"
#include "ledger/json.h"
#include "ledger/payload_check.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto action = Action::Parse(fuzz::BytesOf(data, size));
  if (!action) return 0;
  auto reader = action->reader();
  Bytes canonical = Canonicalize(reader);
  FUZZ_REQUIRE(ByteView(canonical).size() == size && std::equal(canonical.begin(), canonical.end(), data));
  (void)EventKindName(reader);
  (void)DomainStream(reader);
  (void)SignerRoles(reader);
  std::string json = ActionToJson(reader);
  auto from_json = CanonicalActionFromJson(json, ActionDefaults{});
  if (!from_json || *from_json != canonical) {
    std::fprintf(stderr, "JSON form: %s\n%s\n", json.c_str(),
                 from_json ? ActionToJson(Action::Parse(*from_json)->reader()).c_str()
                           : from_json.error().ToString().c_str());
  }
  FUZZ_REQUIRE(from_json.has_value());
  FUZZ_REQUIRE(*from_json == canonical);
  return 0;
}
