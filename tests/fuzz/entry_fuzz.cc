// Entry records as stored and exported: the framing (magic, algorithm ids,
// lengths). An accepted record re-encodes to the same bytes.
#include <algorithm>

#include "ledger/entry.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto entry = DecodeEntry(fuzz::BytesOf(data, size));
  if (!entry) return 0;
  (void)EntryHash(fuzz::BytesOf(data, size));
  Bytes again = EncodeEntry({entry->hash_algorithm, entry->signature_algorithm}, entry->seq, entry->recorded_time,
                            entry->prev_hash, entry->action, entry->signature);
  FUZZ_REQUIRE(again.size() == size && std::equal(again.begin(), again.end(), data));
  return 0;
}
