// C2SP tlog-policy: verifier keys as signed-note writes them, the policy
// file's every rule, and quorums of nested groups (the spec's example).
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "ledger/witness_policy.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// The signed-note specification's example verifier key.
constexpr std::string_view kPeterVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

std::string WitnessVkey(std::string_view name, uint8_t seed) {
  return VerifierKey{std::string(name), kNoteCosignatureEd25519, SeededKey(seed).public_key()}.ToString();
}

TEST(WitnessPolicyTest, VerifierKeysAreTheSignedNoteSpecs) {
  auto key = ParseVerifierKey(kPeterVkey);
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_EQ(key->name, "PeterNeumann");
  EXPECT_EQ(key->type, kNoteSignatureEd25519);
  EXPECT_EQ(key->ToString(), kPeterVkey);
  for (std::string bad : {std::string("PeterNeumann"), std::string("PeterNeumann+c74f20a3"),
                          std::string("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                          std::string("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                          std::string("PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                          std::string("PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                          std::string("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10"),
                          std::string("PeterNeumann+c74f20a3+not base64")}) {
    auto parsed = ParseVerifierKey(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << bad;
  }
}

// The spec's example: X-witnesses 2 of 3 and any of the Y-witnesses.
std::string ExamplePolicy() {
  std::string text = fmt::format("# the example of c2sp.org/tlog-policy\nlog {} https://log.example/\n\n", kPeterVkey);
  for (int i = 1; i <= 3; ++i) {
    text += fmt::format("witness X{} {}\n", i, WitnessVkey(fmt::format("x{}.example", i), static_cast<uint8_t>(50 + i)));
  }
  text += "group X-witnesses 2 X1 X2 X3\n\n";
  for (int i = 1; i <= 3; ++i) {
    text += fmt::format("\twitness  Y{}\t{} http://127.0.0.1:9/\n", i,
                        WitnessVkey(fmt::format("y{}.example", i), static_cast<uint8_t>(60 + i)));
  }
  return text + "group Y-witnesses any Y1 Y2 Y3\n\ngroup X-and-Y all X-witnesses Y-witnesses\nquorum X-and-Y\n";
}

TEST(WitnessPolicyTest, NestedGroupsDecideTheQuorumAsTheSpecsExample) {
  auto policy = WitnessPolicy::Parse(ExamplePolicy());
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  ASSERT_EQ(policy->logs().size(), 1u);
  EXPECT_EQ(policy->logs()[0].url, "https://log.example/");
  ASSERT_EQ(policy->witnesses().size(), 6u);
  EXPECT_EQ(policy->witnesses()[3].name, "Y1");
  EXPECT_EQ(policy->witnesses()[3].key.name, "y1.example");
  EXPECT_EQ(policy->witnesses()[3].url, "http://127.0.0.1:9/");
  EXPECT_FALSE(policy->requires_none());
  //                                 X1     X2     X3     Y1     Y2     Y3
  EXPECT_TRUE(policy->Satisfied({true, true, false, false, false, true}));
  EXPECT_TRUE(policy->Satisfied({false, true, true, true, true, true}));
  EXPECT_FALSE(policy->Satisfied({true, false, false, true, true, true}));  // one X
  EXPECT_FALSE(policy->Satisfied({true, true, true, false, false, false}));  // no Y
  EXPECT_FALSE(policy->Satisfied(std::vector<bool>(6, false)));
}

TEST(WitnessPolicyTest, TheQuorumCountsCosignaturesThatVerify) {
  auto policy = WitnessPolicy::Parse(fmt::format("witness A {}\nwitness B {}\ngroup both all A B\nquorum both\n",
                                                 WitnessVkey("a.example", 71), WitnessVkey("b.example", 72)));
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  SignedNote note{"log.example\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", {}};
  note.signatures.push_back(CosignNote(note.body, "a.example", SeededKey(71), 1'700'000'000));
  EXPECT_FALSE(policy->Satisfied(note));
  note.signatures.push_back(CosignNote(note.body, "b.example", SeededKey(73), 1'700'000'000));  // the wrong key
  EXPECT_FALSE(policy->Satisfied(note));
  note.signatures.push_back(CosignNote(note.body, "b.example", SeededKey(72), 1'700'000'000));
  EXPECT_TRUE(policy->Satisfied(note));
}

TEST(WitnessPolicyTest, QuorumNoneRequiresNoCosignature) {
  auto policy = WitnessPolicy::Parse("quorum none\n");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  EXPECT_TRUE(policy->requires_none());
  EXPECT_TRUE(policy->Satisfied(SignedNote{"x\n", {}}));
}

TEST(WitnessPolicyTest, EveryRuleOfTheFileIsEnforced) {
  const std::string a = WitnessVkey("a.example", 81), b = WitnessVkey("b.example", 82);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no quorum line"},
      {fmt::format("witness A {}\n", a), "no quorum line"},
      {"quorum none\nquorum none\n", "line 2: a second quorum line"},
      {"quorum A\n", "line 1: 'A' is not defined on an earlier line"},
      {fmt::format("quorum A\nwitness A {}\n", a), "line 1: 'A' is not defined"},
      {fmt::format("witness A {}\nwitness A {}\nquorum A\n", a, b), "line 2: 'A' is already defined"},
      {fmt::format("witness A {}\nwitness B {}\nquorum A\n", a, a), "line 2: the same witness key again"},
      {fmt::format("witness none {}\nquorum none\n", a), "line 1: 'none' is already defined"},
      {fmt::format("witness A {}\ngroup G 2 A\nquorum G\n", a), "line 2: threshold '2' is not all, any or 1..1"},
      {fmt::format("witness A {}\ngroup G 0 A\nquorum G\n", a), "threshold '0'"},
      {fmt::format("witness A {}\ngroup G 01 A\nquorum G\n", a), "threshold '01'"},
      {fmt::format("witness A {}\ngroup G any A A\nquorum G\n", a), "line 2: 'A' is listed twice"},
      {fmt::format("witness A {}\ngroup G any\nquorum G\n", a), "line 2: group <name> all|any|<k> <name>..."},
      {fmt::format("witness A {}\ngroup G any G\nquorum G\n", a), "'G' is not defined on an earlier line"},
      {fmt::format("witness A {}\ngroup A any A\nquorum A\n", a), "line 2: 'A' is already defined"},
      {fmt::format("witness A {}\nquorum A\nwitnesses B {}\n", a, b), "line 3: unknown keyword 'witnesses'"},
      {fmt::format("witness A {} url extra\nquorum A\n", a), "line 1: witness <name> <vkey> [<url>]"},
      {fmt::format("witness A {}\nquorum A\n", kPeterVkey), "line 1: a witness's key is of type 0x04"},
      {fmt::format("log {}\nquorum none\n", a), "line 1: a log's key is of type 0x01"},
      {fmt::format("log {}\nlog {}\nquorum none\n", kPeterVkey, kPeterVkey), "line 2: the same log key again"},
      {"quorum none\r\n", "line 1: control character 0x0d"},
      {"quorum none\n\x01\n", "line 2: control character 0x01"},
  };
  for (const auto& [text, expected] : cases) {
    auto policy = WitnessPolicy::Parse(text);
    ASSERT_FALSE(policy.has_value()) << text;
    EXPECT_EQ(policy.error().code, ErrorCode::kMalformed) << text;
    EXPECT_NE(policy.error().message.find(expected), std::string::npos) << text << " → " << policy.error().message;
  }
  // Comments, blank lines, tabs and non-ASCII names are allowed.
  EXPECT_TRUE(WitnessPolicy::Parse(fmt::format("  # 说明\n\nwitness 档案馆\t{}\n \t\nquorum 档案馆", a)).has_value());
}

}  // namespace
}  // namespace gongkai::testing
