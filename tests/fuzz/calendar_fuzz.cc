// Working-day calendar files (data/calendar/*.calendar and updates).
#include "ledger/rules/calendar.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto calendar = rules::Calendar::Parse(fuzz::TextOf(data, size));
  if (!calendar) return 0;
  (void)rules::Calendar::Official().MergedWith(*calendar);
  return 0;
}
