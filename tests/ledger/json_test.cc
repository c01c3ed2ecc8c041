#include <gtest/gtest.h>

#include "ledger/action.h"
#include "ledger/json.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

const ActionDefaults kDefaults{std::string(kOrigin), std::string(32, 'a')};

TEST(JsonTest, ActionRoundTripsThroughJson) {
  std::string json = R"({"eventId":"e1","stream":"item/2026-1","expectedVersion":"2",
    "businessTime":"2026-03-04T10:11:12.5+08:00",
    "payload":{"note":{"subject":"主题","body":"正文","digest":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}}})";
  auto bytes = CanonicalActionFromJson(json, kDefaults);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto action = Action::Parse(*bytes);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->ledger(), kOrigin);
  EXPECT_EQ(action->actor_key_id(), std::string(32, 'a'));
  EXPECT_EQ(action->expected_version(), 2);
  EXPECT_EQ(action->business_time(), *ParseTime("2026-03-04T02:11:12.5Z"));
  std::string out = ActionToJson(action->reader());
  EXPECT_NE(out.find("\"businessTime\":\"2026-03-04T10:11:12.500000+08:00\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"digest\":\"00112233"), std::string::npos) << out;
  auto again = CanonicalActionFromJson(out, kDefaults);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(*again, *bytes);
}

TEST(JsonTest, RegistryActionsRoundTrip) {
  std::string json = R"({"eventId":"r1","stream":"person/p","businessTime":"2026-01-01",
    "payload":{"registerPerson":{"personId":"p","name":"李四","agency":"a","section":"s",
      "roles":[{"role":"leaderInCharge","agency":"a"}],
      "publicKey":{"algorithm":"ed25519","key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},
      "validFrom":"2026-01-01"}}})";
  auto bytes = CanonicalActionFromJson(json, kDefaults);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto action = Action::Parse(*bytes);
  EXPECT_EQ(action->kind(), PayloadKind::REGISTER_PERSON);
  EXPECT_EQ(action->reader().getPayload().getRegisterPerson().getRoles()[0].getRole(),
            schema::Role::LEADER_IN_CHARGE);
  EXPECT_EQ(*CanonicalActionFromJson(ActionToJson(action->reader()), kDefaults), *bytes);
}

TEST(JsonTest, BadJsonGetsAClearError) {
  struct Case { std::string json; ErrorCode code; std::string part; };
  std::vector<Case> cases = {
      {"{", ErrorCode::kMalformed, "action JSON"},
      {R"({"eventId":"e","stream":"s","businessTime":"2026-01-01","bogus":1,"payload":{"note":{"subject":"x"}}})",
       ErrorCode::kMalformed, "bogus"},
      {R"({"eventId":"e","stream":"s","businessTime":"yesterday","payload":{"note":{"subject":"x"}}})",
       ErrorCode::kMalformed, "bad time 'yesterday'"},
      {R"({"eventId":"e","stream":"s","payload":{"note":{"subject":"x"}}})", ErrorCode::kMalformed,
       "businessTime is missing"},
      {R"({"ledger":"other","eventId":"e","stream":"s","businessTime":"2026-01-01","payload":{"note":{"subject":"x"}}})",
       ErrorCode::kInvalidArgument, "has ledger 'other' but this is 'test.gongkai/1'"},
  };
  for (const auto& c : cases) {
    auto bytes = CanonicalActionFromJson(c.json, kDefaults);
    ASSERT_FALSE(bytes.has_value()) << c.json;
    EXPECT_EQ(bytes.error().code, c.code) << bytes.error().message;
    EXPECT_NE(bytes.error().message.find(c.part), std::string::npos) << bytes.error().message;
  }
}

TEST(JsonTest, SignedActionRoundTrips) {
  SignedAction signed_action{Bytes{1, 2, 3, 4, 5, 6, 7, 8}, Bytes(64, 9)};
  std::string json = SignedActionToJson(signed_action);
  EXPECT_NE(json.find("\"action\":\"AQIDBAUGBwg=\""), std::string::npos) << json;
  auto parsed = SignedActionFromJson(json);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->action, signed_action.action);
  EXPECT_EQ(parsed->signature, signed_action.signature);
  auto missing = SignedActionFromJson(R"({"action":"AQIDBAUGBwg="})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("'signature' is missing"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::testing
