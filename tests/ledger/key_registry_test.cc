// The registry fold on its own: roles over time, revocation, authorisation.
#include <gtest/gtest.h>

#include "ledger/key_registry.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

Action Parse(const SignedAction& s) { return *Action::Parse(s.action); }

// Over every flavour: Ed25519 and SM2 people, SHA-256 and SM3 ledgers.
class KeyRegistryTest : public ::testing::TestWithParam<LedgerFlavour> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(registry_.Apply(Parse(Genesis(admin_, SeededKey(2), kOrigin, GetParam().hash)), 0).has_value());
    EXPECT_EQ(registry_.hash_algorithm(), GetParam().hash);
  }
  PrivateKey Key(uint8_t n) const { return TestKey(GetParam().people, n); }
  PrivateKey admin_ = Key(1);
  KeyRegistry registry_;
};

TEST_P(KeyRegistryTest, GenesisRegistersTheAdministrator) {
  EXPECT_EQ(registry_.origin(), kOrigin);
  const PersonRecord* admin = registry_.FindPerson("admin");
  ASSERT_NE(admin, nullptr);
  EXPECT_TRUE(registry_.HoldsRole(*admin, schema::Role::ADMINISTRATOR, kStart));
  EXPECT_FALSE(registry_.HoldsRole(*admin, schema::Role::ADMINISTRATOR, kStart - 1));
}

TEST_P(KeyRegistryTest, RolesHaveEffectiveDates) {
  PrivateKey key = Key(10);
  ASSERT_TRUE(registry_.Apply(Parse(RegisterPerson(admin_, key, "p", {schema::Role::HANDLER})), 1).has_value());
  auto assign = Signed(admin_, BuildAction(admin_, {"a"}, [](auto p) {
    auto a = p.initAssignRole();
    a.setPersonId("p");
    a.initGrant().setRole(schema::Role::LEADER_IN_CHARGE);
    a.getGrant().setAgency("天宁区政府办");
    a.initEffectiveFrom().setUnixMicros(kStart + 100);
  }));
  ASSERT_TRUE(registry_.Apply(Parse(assign), 2).has_value());
  auto again = registry_.Apply(Parse(assign), 3);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kRegistryConflict);
  auto end = Signed(admin_, BuildAction(admin_, {"e"}, [](auto p) {
    auto e = p.initEndRole();
    e.setPersonId("p");
    e.initGrant().setRole(schema::Role::LEADER_IN_CHARGE);
    e.getGrant().setAgency("天宁区政府办");
    e.initEffectiveTo().setUnixMicros(kStart + 200);
  }));
  ASSERT_TRUE(registry_.Apply(Parse(end), 4).has_value());
  const PersonRecord& p = *registry_.FindPerson("p");
  EXPECT_FALSE(registry_.HoldsRole(p, schema::Role::LEADER_IN_CHARGE, kStart + 99));
  EXPECT_TRUE(registry_.HoldsRole(p, schema::Role::LEADER_IN_CHARGE, kStart + 150));
  EXPECT_FALSE(registry_.HoldsRole(p, schema::Role::LEADER_IN_CHARGE, kStart + 200));
  EXPECT_TRUE(registry_.HoldsRole(p, schema::Role::HANDLER, kStart + 200));
  auto end_again = registry_.Apply(Parse(end), 5);
  ASSERT_FALSE(end_again.has_value());
  EXPECT_NE(end_again.error().message.find("holds no open leaderInCharge role"), std::string::npos);
}

TEST_P(KeyRegistryTest, RevocationAppliesFromItsEffectiveTime) {
  PrivateKey key = Key(10);
  ASSERT_TRUE(registry_.Apply(Parse(RegisterPerson(admin_, key, "p", {})), 1).has_value());
  ASSERT_TRUE(registry_.Apply(Parse(RevokeKey(admin_, key.public_key().id(), kStart + 50)), 2).has_value());
  Action note = Parse(Note(key, {"n"}));
  EXPECT_TRUE(registry_.Authorize(note, kStart + 49).has_value());
  auto revoked = registry_.Authorize(note, kStart + 50);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, ErrorCode::kKeyRevoked);
  auto twice = registry_.Apply(Parse(RevokeKey(admin_, key.public_key().id(), kStart, "r2")), 3);
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("already revoked (entry 2)"), std::string::npos);
}

TEST_P(KeyRegistryTest, AdministratorRoleCanBeLostAndWithItTheRightToRegister) {
  auto end = Signed(admin_, BuildAction(admin_, {"end-admin"}, [](auto p) {
    auto e = p.initEndRole();
    e.setPersonId("admin");
    e.initGrant().setRole(schema::Role::ADMINISTRATOR);
    e.getGrant().setAgency("天宁区政府办");
    e.initEffectiveTo().setUnixMicros(kStart + 10);
  }));
  ASSERT_TRUE(registry_.Authorize(Parse(end), kStart).has_value());
  ASSERT_TRUE(registry_.Apply(Parse(end), 1).has_value());
  auto later = registry_.Authorize(Parse(RegisterPerson(admin_, Key(10), "p", {})), kStart + 10);
  ASSERT_FALSE(later.has_value());
  EXPECT_EQ(later.error().code, ErrorCode::kUnauthorized);
}

TEST_P(KeyRegistryTest, FailedApplyChangesNothing) {
  PrivateKey key = Key(10);
  // A person whose key is already registered: refused, and the person id
  // stays free.
  auto clash = RegisterPerson(admin_, admin_, "p", {});
  ASSERT_FALSE(registry_.Apply(Parse(clash), 1).has_value());
  EXPECT_EQ(registry_.FindPerson("p"), nullptr);
  EXPECT_TRUE(registry_.Apply(Parse(RegisterPerson(admin_, key, "p", {})), 2).has_value());
}

// Rotation from one algorithm to the other: a person's second key may be of
// the other kind, and revoking the first leaves the second signing.
TEST_P(KeyRegistryTest, KeysRotateAcrossAlgorithms) {
  SignatureAlgorithm other =
      GetParam().people == SignatureAlgorithm::kSm2 ? SignatureAlgorithm::kEd25519 : SignatureAlgorithm::kSm2;
  PrivateKey first = Key(10);
  PrivateKey second = TestKey(other, 11);
  ASSERT_TRUE(registry_.Apply(Parse(RegisterPerson(admin_, first, "p", {})), 1).has_value());
  auto add = Signed(admin_, BuildAction(admin_, {"add"}, [&](auto p) {
    auto a = p.initAddKey();
    a.setPersonId("p");
    KeyToSchema(second.public_key(), a.initPublicKey());
    a.initValidFrom().setUnixMicros(kStart + 10);
  }));
  ASSERT_TRUE(registry_.Apply(Parse(add), 2).has_value());
  ASSERT_TRUE(registry_.Apply(Parse(RevokeKey(admin_, first.public_key().id(), kStart + 20)), 3).has_value());
  EXPECT_EQ(registry_.FindKey(second.public_key().id())->key.algorithm(), other);
  EXPECT_EQ(registry_.FindPerson("p")->key_ids.size(), 2u);
  EXPECT_FALSE(registry_.Authorize(Parse(Note(first, {"n1"})), kStart + 20).has_value());
  EXPECT_TRUE(registry_.Authorize(Parse(Note(second, {"n2"})), kStart + 20).has_value());
  auto signing = registry_.SigningKey(Parse(Note(second, {"n3"})));
  ASSERT_TRUE(signing.has_value());
  EXPECT_EQ(*signing, second.public_key());
}

INSTANTIATE_TEST_SUITE_P(Flavours, KeyRegistryTest, AllFlavours(), FlavourName);

}  // namespace
}  // namespace gongkai::testing
