// Rule-set files (data/rules/*.rules and an operator's own).
#include "ledger/rules/rule_set.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto rules = rules::ParseRuleSet(fuzz::TextOf(data, size));
  if (!rules) return 0;
  if (auto resolved = rules::ResolveRuleSet(*rules, nullptr)) {
    for (const auto& deadline : resolved->deadlines) (void)rules::DescribePeriod(deadline);
  }
  return 0;
}
