// Structural validation of actions: one test per malformed case.
#include <gtest/gtest.h>

#include <capnp/any.h>
#include <capnp/schema.h>

#include "ledger/action.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

void ExpectInvalid(const Bytes& bytes, ErrorCode code, std::string_view part) {
  auto action = Action::Parse(bytes);
  ASSERT_FALSE(action.has_value()) << "accepted";
  EXPECT_EQ(action.error().code, code) << action.error().message;
  EXPECT_NE(action.error().message.find(part), std::string::npos) << action.error().message;
}

const PrivateKey& Key() {
  static PrivateKey key = SeededKey(5);
  return key;
}

TEST(ActionTest, ValidNoteParses) {
  Bytes bytes = BuildAction(Key(), {"e1", "item/1", 3}, [](auto p) {
    auto note = p.initNote();
    note.setSubject("s");
    note.setDigest(capnp::Data::Reader(Bytes(32, 7).data(), 32));
  });
  auto action = Action::Parse(bytes);
  ASSERT_TRUE(action.has_value()) << action.error().message;
  EXPECT_EQ(action->event_id(), "e1");
  EXPECT_EQ(action->stream(), "item/1");
  EXPECT_EQ(action->expected_version(), 3);
  EXPECT_EQ(action->business_time(), kStart);
  EXPECT_EQ(action->actor_key_id(), Key().public_key().id());
  EXPECT_EQ(action->kind(), PayloadKind::NOTE);
  EXPECT_TRUE(std::equal(action->bytes().begin(), action->bytes().end(), bytes.begin(), bytes.end()));
}

TEST(ActionTest, EnvelopeFieldsAreChecked) {
  auto note = [](auto p) { p.initNote().setSubject("s"); };
  ExpectInvalid(BuildAction(Key(), {"e", "s", -1, kStart, ""}, note), ErrorCode::kMalformed, "ledger is missing");
  ExpectInvalid(BuildAction(Key(), {"e", std::string(257, 's')}, note), ErrorCode::kTooLarge,
                "stream is 257 bytes; the limit is 256");
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::Action>();
  a.setLedger("l");
  a.setEventId("e");
  a.setStream("s");
  a.setActorKeyId(Key().public_key().id());
  a.initPayload().initNote().setSubject("s");
  ExpectInvalid(Canonicalize(a.asReader()), ErrorCode::kMalformed, "businessTime is missing");
  a.initBusinessTime().setUnixMicros(1);
  a.setActorKeyId("ABC");
  ExpectInvalid(Canonicalize(a.asReader()), ErrorCode::kMalformed, "actorKeyId must be 32 lower-case hex");
}

TEST(ActionTest, PayloadFieldsAreChecked) {
  ExpectInvalid(BuildAction(Key(), {"e"}, [](auto p) { p.initNote(); }), ErrorCode::kMalformed,
                "note.subject is missing");
  ExpectInvalid(BuildAction(Key(), {"e"}, [](auto p) {
                  auto n = p.initNote();
                  n.setSubject("s");
                  n.setDigest(capnp::Data::Reader(Bytes(31).data(), 31));
                }),
                ErrorCode::kMalformed, "note.digest must be 32 bytes");
  ExpectInvalid(BuildAction(Key(), {"e"}, [](auto p) {
                  auto r = p.initRegisterPerson();
                  r.setPersonId("p");
                  r.setName("n");
                  r.setAgency("a");
                  r.initValidFrom();
                }),
                ErrorCode::kMalformed, "registerPerson.publicKey is missing");
  ExpectInvalid(BuildAction(Key(), {"e"}, [](auto p) {
                  auto r = p.initRevokeKey();
                  r.setKeyId(Key().public_key().id());
                  r.initEffectiveFrom();
                }),
                ErrorCode::kMalformed, "revokeKey.reason is missing");
  ExpectInvalid(BuildAction(Key(), {"e"}, [](auto p) {
                  auto a = p.initAssignRole();
                  a.setPersonId("p");
                  a.initGrant().setRole(static_cast<schema::Role>(77));
                  a.getGrant().setAgency("x");
                  a.initEffectiveFrom();
                }),
                ErrorCode::kMalformed, "assignRole.grant.role has unknown value 77");
  // Every role the schema names is known, the newest (auditor) included,
  // and the first value past them is not.
  const auto roles = capnp::Schema::from<schema::Role>().getEnumerants().size();
  for (uint16_t role : {static_cast<uint16_t>(schema::Role::AUDITOR), static_cast<uint16_t>(roles - 1)}) {
    Bytes bytes = BuildAction(Key(), {"e"}, [role](auto p) {
      auto a = p.initAssignRole();
      a.setPersonId("p");
      a.initGrant().setRole(static_cast<schema::Role>(role));
      a.getGrant().setAgency("x");
      a.initEffectiveFrom();
    });
    auto parsed = Action::Parse(bytes);
    EXPECT_TRUE(parsed.has_value()) << role << ": " << parsed.error().message;
  }
  ExpectInvalid(BuildAction(Key(), {"e"}, [roles](auto p) {
                  auto a = p.initAssignRole();
                  a.setPersonId("p");
                  a.initGrant().setRole(static_cast<schema::Role>(roles));
                  a.getGrant().setAgency("x");
                  a.initEffectiveFrom();
                }),
                ErrorCode::kMalformed, fmt::format("assignRole.grant.role has unknown value {}", roles));
}

TEST(ActionTest, UnknownPayloadKindIsMalformed) {
  Bytes bytes = BuildAction(Key(), {"e"}, [](auto p) { p.initNote().setSubject("s"); });
  auto action = Action::Parse(bytes);
  ASSERT_TRUE(action.has_value());
  capnp::MallocMessageBuilder message;
  message.setRoot(action->reader());
  auto root = message.getRoot<schema::Action>();
  auto data = capnp::toAny(root).getDataSection();
  // The discriminant's offset, in 16-bit units, comes from the schema.
  uint32_t offset = capnp::Schema::from<schema::Action::Payload>().getProto().getStruct().getDiscriminantOffset();
  data[2 * offset] = 99;
  data[2 * offset + 1] = 0;
  ExpectInvalid(Canonicalize(root.asReader()), ErrorCode::kMalformed, "unknown payload kind 99");
}

TEST(ActionTest, SizeAndEncodingAreChecked) {
  ExpectInvalid(Bytes(kMaxActionBytes + 8), ErrorCode::kTooLarge, "the limit is 65345");
  ExpectInvalid(Bytes(), ErrorCode::kMalformed, "non-empty multiple of 8");
  ExpectInvalid(Bytes(8, 0), ErrorCode::kMalformed, "ledger is missing");
}

}  // namespace
}  // namespace gongkai::testing

namespace gongkai::testing {
namespace {

// Inputs the action fuzz target found (tests/fuzz/corpus/action/): bytes
// Cap'n Proto calls canonical, accepted before, whose JSON form decoded to
// other bytes. Each was a valid action with bits changed that no field reads.
Bytes FuzzRegression(const std::string& name) {
  std::string bytes = ReadFile(std::string(GONGKAI_SOURCE_DIR) + "/tests/fuzz/corpus/action/" + name);
  return Bytes(bytes.begin(), bytes.end());
}

TEST(ActionFuzzRegressionTest, PaddingBitIsRefused) {
  auto action = Action::Parse(FuzzRegression("regression-padding-bit"));
  ASSERT_FALSE(action.has_value());
  EXPECT_EQ(action.error().code, ErrorCode::kNotCanonical);
  EXPECT_NE(action.error().message.find("hold bits no field of the schema reads"), std::string::npos)
      << action.error().message;
}

TEST(ActionFuzzRegressionTest, DataOfAnotherUnionMemberIsRefused) {
  auto action = Action::Parse(FuzzRegression("regression-union-data-bits"));
  ASSERT_FALSE(action.has_value());
  EXPECT_EQ(action.error().code, ErrorCode::kNotCanonical);
}

TEST(ActionFuzzRegressionTest, UnknownEnumValueIsRefused) {
  auto action = Action::Parse(FuzzRegression("regression-unknown-enum-value"));
  ASSERT_FALSE(action.has_value());
  EXPECT_EQ(action.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(action.error().message, "algorithm is 25857, not a value of SignatureAlgorithm this version knows");
}

}  // namespace
}  // namespace gongkai::testing
