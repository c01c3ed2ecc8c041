// Who may read what (tools/query/access.h): each role, agency staff outside
// their agency, ended and future roles, and the key behind a request.
#include <gtest/gtest.h>

#include "ledger/registry_store.h"
#include "tests/support/test_ledger.h"
#include "tools/query/access.h"

namespace gongkai::testing {
namespace {

using query::ReadScope;

PersonRecord Holding(schema::Role role, const std::string& agency, UnixMicros from = kStart,
                     std::optional<UnixMicros> to = std::nullopt) {
  PersonRecord person;
  person.id = "reader";
  person.agency = agency;
  person.roles.push_back(RoleRecord{role, agency, "", from, to, 1, std::nullopt});
  return person;
}

const UnixMicros kNow = kStart + 1'000'000;
const ReadScope kAgencyA = query::AgencyScope(std::string("A"));
const ReadScope kAgencyB = query::AgencyScope(std::string("B"));
const ReadScope kAll = query::AgencyScope(std::nullopt);

TEST(AccessTest, AgencyStaffReadTheirAgencyOnly) {
  PersonRecord handler = Holding(schema::Role::HANDLER, "A");
  EXPECT_TRUE(query::MayRead(handler, kAgencyA, kNow).has_value());
  EXPECT_TRUE(query::MayRead(handler, query::LedgerScope(), kNow).has_value());
  auto other = query::MayRead(handler, kAgencyB, kNow);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(other.error().message,
            "reader may not read agency B: that needs a role in agency B, or supervision, assessor, archivist or "
            "auditor");
  auto all = query::MayRead(handler, kAll, kNow);
  ASSERT_FALSE(all.has_value());
  EXPECT_EQ(all.error().message,
            "reader may not read every agency's records: across agencies only supervision, assessor, archivist and "
            "auditor may");
}

TEST(AccessTest, OversightRolesReadEverything) {
  for (schema::Role role : {schema::Role::SUPERVISION, schema::Role::ASSESSOR, schema::Role::ARCHIVIST,
                            schema::Role::AUDITOR}) {
    PersonRecord reader = Holding(role, "监察委");
    EXPECT_TRUE(query::MayRead(reader, kAll, kNow).has_value()) << RoleName(role);
    EXPECT_TRUE(query::MayRead(reader, kAgencyB, kNow).has_value()) << RoleName(role);
  }
}

TEST(AccessTest, TheAdministratorKeepsTheRegistryNotTheFiles) {
  PersonRecord admin = Holding(schema::Role::ADMINISTRATOR, "A");
  EXPECT_EQ(query::MayRead(admin, kAgencyA, kNow).error().code, ErrorCode::kUnauthorized);
  EXPECT_TRUE(query::MayRead(admin, query::LedgerScope(), kNow).has_value());
}

TEST(AccessTest, OnlyRolesHeldNowCount) {
  PersonRecord ended = Holding(schema::Role::SUPERVISION, "监察委", kStart, kNow);
  EXPECT_TRUE(query::MayRead(ended, kAll, kNow - 1).has_value());
  EXPECT_EQ(query::MayRead(ended, kAll, kNow).error().code, ErrorCode::kUnauthorized);
  PersonRecord future = Holding(schema::Role::HANDLER, "A", kNow + 1);
  EXPECT_EQ(query::MayRead(future, kAgencyA, kNow).error().code, ErrorCode::kUnauthorized);
}

class ReaderKeyTest : public LedgerFixture {};

TEST_F(ReaderKeyTest, ARevokedKeyReadsNothingFromItsRevocation) {
  PrivateKey reader = AddPerson("reader", 10);
  MustAppend(RevokeKey(admin_, reader.public_key().id(), kNow));
  auto stored = LoadStoredRegistry(ledger_->store());
  ASSERT_TRUE(stored.has_value());
  const KeyRegistry& registry = stored->registry;
  auto before = query::ReaderOf(registry, reader.public_key().id(), kNow - 1);
  ASSERT_TRUE(before.has_value()) << before.error().ToString();
  EXPECT_EQ((*before)->id, "reader");
  auto revoked = query::ReaderOf(registry, reader.public_key().id(), kNow);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, ErrorCode::kKeyRevoked);
  EXPECT_EQ(query::ReaderOf(registry, "00112233445566778899aabbccddeeff", kNow).error().code, ErrorCode::kUnknownKey);
  EXPECT_EQ(query::ReaderOf(registry, reader.public_key().id(), kStart - 1).error().code,
            ErrorCode::kKeyNotYetValid);
}

}  // namespace
}  // namespace gongkai::testing
