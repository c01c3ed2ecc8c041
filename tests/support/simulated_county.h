// A simulated county-year for tests (docs/SIMULATOR.md), written into a
// test's temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_ledger.h"
#include "tools/simulator/simulator.h"

namespace gongkai::testing {

// Simulates into dir/name and returns that data directory (DIR/ledger holds
// the ledger, DIR/ground-truth.jsonl the manifest); a test failure if the
// simulator fails.
inline std::string SimulateCounty(const TempDir& dir, const std::string& name, uint64_t seed, size_t agencies,
                                  int year, uint64_t events, double violation_rate) {
  sim::SimulationOptions options;
  options.seed = seed;
  options.agencies = agencies;
  options.year = year;
  options.events = events;
  options.violation_rate = violation_rate;
  options.data_dir = dir.Sub(name);
  auto summary = sim::Simulate(options, nullptr);
  EXPECT_TRUE(summary.has_value()) << summary.error().ToString();
  return options.data_dir;
}

}  // namespace gongkai::testing
