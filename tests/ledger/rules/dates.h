// Dates written as text in the replay tests.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "ledger/rules/date.h"

namespace gongkai::rules {

// The date "YYYY-MM-DD"; text that is not a date fails the test.
inline Date D(std::string_view text) {
  auto date = ParseDate(text);
  EXPECT_TRUE(date.has_value()) << text;
  return *date;
}

}  // namespace gongkai::rules
