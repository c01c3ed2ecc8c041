// Administrative actions built from parameters (ledger/admin_actions.h):
// role grants parse and print back, drafts follow the stream and event id
// conventions, and the ledger accepts what SignDraft signs.
#include "ledger/admin_actions.h"

#include <gtest/gtest.h>

#include "ledger/key_registry.h"
#include "ledger/rules/calendar.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

TEST(RoleGrant, ParsesEachFormAndPrintsBack) {
  auto plain = ParseRoleGrant("handler", "天宁区政府办");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->role, schema::Role::HANDLER);
  EXPECT_EQ(plain->agency, "天宁区政府办");
  EXPECT_EQ(FormatRoleGrant(*plain), "handler@天宁区政府办");

  auto sectioned = ParseRoleGrant("sectionHead@天宁区教育局/办公室", "ignored");
  ASSERT_TRUE(sectioned.has_value());
  EXPECT_EQ(sectioned->role, schema::Role::SECTION_HEAD);
  EXPECT_EQ(sectioned->agency, "天宁区教育局");
  EXPECT_EQ(sectioned->section, "办公室");
  EXPECT_EQ(FormatRoleGrant(*sectioned), "sectionHead@天宁区教育局/办公室");
}

TEST(RoleGrant, RefusesAnUnknownRoleAndAMissingAgency) {
  auto unknown = ParseRoleGrant("boss@A", "");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("unknown role 'boss' (roles: administrator, handler,"), std::string::npos);

  auto no_agency = ParseRoleGrant("handler", "");
  ASSERT_FALSE(no_agency.has_value());
  EXPECT_EQ(no_agency.error().message, "role 'handler' needs an agency (ROLE@AGENCY)");
}

class Drafts : public LedgerFixture {};

TEST_F(Drafts, FollowTheConventionsAndAreAccepted) {
  PrivateKey bob = SeededKey(20);
  PersonSpec person{"bob", "Bob", "天宁区政府办", "信息公开科",
                    {RoleGrantSpec{schema::Role::HANDLER, "天宁区政府办", ""}}, bob.public_key(), kStart};
  ActionDraft registered = RegisterPersonDraft(person);
  EXPECT_EQ(registered.event_id, "register/bob");
  EXPECT_EQ(registered.stream, "person/bob");
  auto signed_action = SignDraft(registered, kOrigin, kStart, admin_);
  ASSERT_TRUE(signed_action.has_value());
  MustAppend(*signed_action);
  KeyRegistry registry = ledger_->registry();
  ASSERT_NE(registry.FindPerson("bob"), nullptr);
  EXPECT_EQ(registry.FindPerson("bob")->name, "Bob");

  RoleGrantSpec leader{schema::Role::LEADER_IN_CHARGE, "天宁区政府办", ""};
  ActionDraft assigned = AssignRoleDraft("bob", leader, kStart + 1);
  EXPECT_EQ(assigned.event_id, "role/assign/bob/leaderInCharge@天宁区政府办/" + std::to_string(kStart + 1));
  auto assign = SignDraft(assigned, kOrigin, kStart, admin_);
  ASSERT_TRUE(assign.has_value());
  MustAppend(*assign);

  // --event-id overrides the conventional id; the stream stays.
  auto revoked = SignDraft(RevokeKeyDraft(bob.public_key().id(), kStart + 2, "left the post"), kOrigin, kStart,
                           admin_, "revoke/bob-first-key");
  ASSERT_TRUE(revoked.has_value());
  auto action = Action::Parse(revoked->action);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->event_id(), "revoke/bob-first-key");
  EXPECT_EQ(action->stream(), "key/" + bob.public_key().id());
}

TEST_F(Drafts, AReferenceTextExpectsAnEmptyStreamAndADomainStream) {
  ActionDraft rules = ReferenceDraft(ReferenceKind::kRuleSet, "changzhou-2026", "text");
  EXPECT_EQ(rules.event_id, "rules/changzhou-2026");
  EXPECT_EQ(rules.expected_version, 0);
  // A draft with no stream takes the payload's domain stream.
  const rules::Calendar& official = rules::Calendar::Official();
  ActionDraft unnamed{"calendar/x", "",
                      ReferenceDraft(ReferenceKind::kCalendar, official.id(), official.text()).fill_payload, 0};
  auto signed_action = SignDraft(unnamed, kOrigin, kStart, admin_);
  ASSERT_TRUE(signed_action.has_value()) << signed_action.error().ToString();
  EXPECT_EQ(Action::Parse(signed_action->action)->stream(), "calendar/" + official.id());
  // The ledger's rule for reference texts is checked before signing.
  unnamed.expected_version = -1;
  auto unexpected = SignDraft(unnamed, kOrigin, kStart, admin_);
  ASSERT_FALSE(unexpected.has_value());
  EXPECT_NE(unexpected.error().message.find("must carry expectedVersion 0"), std::string::npos);
}

TEST_F(Drafts, AnInvalidActionIsRefusedBeforeSigning) {
  PersonSpec nameless{"", "No id", "天宁区政府办", "", {}, SeededKey(21).public_key(), kStart};
  auto refused = SignDraft(RegisterPersonDraft(nameless), kOrigin, kStart, admin_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace gongkai::testing
