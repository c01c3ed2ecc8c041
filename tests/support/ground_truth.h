// The simulator's ground truth (DIR/ground-truth.jsonl) read back the way a
// third party would: each line decoded by the JSON codec into its schema
// (tools/simulator/ground_truth.capnp). A line that does not decode fails
// the test.
#pragma once

#include <gtest/gtest.h>

#include <capnp/message.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/json_codec.h"
#include "tests/support/test_ledger.h"
#include "tools/simulator/ground_truth.capnp.h"

namespace gongkai::testing {

struct GroundTruth {
  std::vector<std::unique_ptr<capnp::MallocMessageBuilder>> lines;
  schema::sim::Header::Reader header;
  std::vector<schema::sim::Violation::Reader> violations;
};

inline void ReadGroundTruth(const std::string& path, GroundTruth& truth) {
  std::istringstream text(ReadFile(path));
  std::string line;
  for (size_t number = 1; std::getline(text, line); ++number) {
    auto& message = truth.lines.emplace_back(std::make_unique<capnp::MallocMessageBuilder>());
    if (number == 1) {
      auto header = message->initRoot<schema::sim::Header>();
      auto decoded = DecodeJson(line, header);
      ASSERT_TRUE(decoded.has_value()) << path << " line 1: " << decoded.error().ToString();
      truth.header = header.asReader();
    } else {
      auto violation = message->initRoot<schema::sim::Violation>();
      auto decoded = DecodeJson(line, violation);
      ASSERT_TRUE(decoded.has_value()) << path << " line " << number << ": " << decoded.error().ToString();
      truth.violations.push_back(violation.asReader());
    }
  }
  ASSERT_FALSE(truth.lines.empty()) << path << " is empty";
}

}  // namespace gongkai::testing
