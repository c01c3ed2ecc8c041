// An export's manifest.json, as gongkai-verify reads it. An accepted
// manifest writes back to JSON that reads to the same manifest.
#include "ledger/export_format.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto manifest = ExportManifestFromJson(fuzz::TextOf(data, size));
  if (!manifest) return 0;
  std::string json = ExportManifestToJson(*manifest);
  auto again = ExportManifestFromJson(json);
  FUZZ_REQUIRE(again.has_value());
  FUZZ_REQUIRE(ExportManifestToJson(*again) == json);
  return 0;
}
