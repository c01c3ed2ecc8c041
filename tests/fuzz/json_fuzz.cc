// The JSON parser every JSON input goes through (strict RFC 8259, depth
// limit, escaped error messages).
#include <capnp/message.h>

#include "ledger/json_parser.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  capnp::MallocMessageBuilder message;
  auto value = message.initRoot<capnp::JsonValue>();
  if (auto status = ParseJson(fuzz::TextOf(data, size), value); !status) {
    FUZZ_REQUIRE(!status.error().message.empty());
  }
  return 0;
}
