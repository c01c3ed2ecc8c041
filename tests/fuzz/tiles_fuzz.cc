// tlog-tiles paths (the server's and a follower's) and entry bundles. An
// accepted path formats back to itself; an accepted bundle rebuilds, record
// by record, to the same bytes.
#include <algorithm>

#include "ledger/tiles.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::TextOf(data, size);
  if (auto path = tiles::ParseTilePath(text)) {
    FUZZ_REQUIRE(tiles::FormatTilePath(*path) == text);
    (void)tiles::TreeHasTile(size * 1000003, *path);
  }
  auto records = tiles::SplitBundle(fuzz::BytesOf(data, size));
  if (!records) return 0;
  Bytes bundle;
  for (ByteView record : *records) FUZZ_REQUIRE(tiles::AppendToBundle(bundle, record).has_value());
  FUZZ_REQUIRE(bundle.size() == size && std::equal(bundle.begin(), bundle.end(), data));
  return 0;
}
