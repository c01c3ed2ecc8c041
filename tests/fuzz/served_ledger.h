// The ledger the server fuzz targets serve: a data directory on tmpfs (where
// there is one) with the test ledgers' origin ("test.gongkai/1": paths under
// /1), fixed_keys.h's log key, an administrator (key seed 5) and one
// handler, "clerk" (key seed 6), whose signed actions
// tests/fuzz/make_seeds.cc puts in the seed corpus.
#pragma once

#include <string>

namespace gongkai::fuzz {

inline constexpr unsigned char kClerkKeySeed = 6;

// Creates the data directory, named for `target` and this process, and
// returns its path; aborts if it cannot.
std::string MakeServedLedger(const std::string& target);

}  // namespace gongkai::fuzz
