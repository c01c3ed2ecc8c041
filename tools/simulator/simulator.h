// The county simulator: a realistic, signed ledger of one county-year of
// government information disclosure, with violations injected at a chosen
// rate and a ground-truth manifest naming each one, its evidence and who is
// responsible (docs/SIMULATOR.md).
//
// Deterministic: the same options give the same entries, byte for byte
// (keys derive from the seed, recorded times are simulated, and the actions
// are appended in one fixed order), so the head hash names the result.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/base/error.h"
#include "ledger/hash.h"

namespace gongkai::sim {

struct SimulationOptions {
  uint64_t seed = 1;
  size_t agencies = 30;            // assessed departments
  int year = 2025;                 // 2017..2025: the calendar must cover the year before and after
  std::optional<uint64_t> events;  // approximate total; default ≈ 10,000 per agency
  double violation_rate = 0.03;    // share of items, cases and inquiries given one violation
  uint64_t checkpoint_every = 10000;
  std::string data_dir;            // must not hold a ledger yet
};

struct SimulationSummary {
  std::string origin;
  uint64_t entries = 0;
  size_t items = 0, cases = 0, inquiries = 0, violations = 0;
  Digest head_hash{};
  std::string manifest_path;
};

// Called after each simulated day with the entries appended so far and the
// total planned.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// Writes DATA/ledger, DATA/log-key.pem, DATA/log-key.pub, the keys of the
// administrator, assessor and supervisor under DATA/keys/, and
// DATA/ground-truth.jsonl (tools/simulator/ground_truth.capnp).
Result<SimulationSummary> Simulate(const SimulationOptions& options, const ProgressFn& progress);

}  // namespace gongkai::sim
