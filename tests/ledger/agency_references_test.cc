// People and role grants name registered agencies (docs/EVENTS.md,
// "Agencies"): the ledger refuses, writing nothing, a person, a role grant,
// an agency's other events, a parent or a successor naming an agency whose
// organisation.agencyRegistered it does not hold, and a second registration.
#include <gtest/gtest.h>

#include <future>

#include "ledger/admin_actions.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

using Payload = schema::Action::Payload;

class AgencyReferencesTest : public LedgerFixture {
 protected:
  // An administrator's action from `draft`, signed as the ledger expects.
  SignedAction Admin(const ActionDraft& draft) { return *SignDraft(draft, kOrigin, kStart, admin_); }

  SignedAction Agency(const std::string& id, const std::string& parent = "") {
    return Admin(AgencyRegisteredDraft(AgencySpec{id, id + "局", schema::AgencyKind::DEPARTMENT, "cn-test", parent}));
  }

  SignedAction Person(const std::string& id, const std::string& agency, const std::string& grant_agency) {
    return Admin(RegisterPersonDraft(PersonSpec{id, "某人", agency, "", {{schema::Role::HANDLER, grant_agency, ""}},
                                                SeededKey(40).public_key(), kStart}));
  }

  // An organisation event of `agency` other than its registration.
  SignedAction AgencyEvent(const std::string& agency, const std::function<void(schema::OrganisationEvent::Builder)>& fill) {
    return Signed(admin_, BuildAction(admin_, {"org/" + agency + "/" + std::to_string(++events_), "agency/" + agency},
                                      [&](Payload::Builder p) {
                                        auto event = p.initOrganisation();
                                        event.setAgencyId(agency);
                                        fill(event);
                                      }));
  }

  // `action` is refused with `code` and a message containing `part`, and the
  // ledger is unchanged.
  void ExpectRefused(const SignedAction& action, ErrorCode code, std::string_view part) {
    uint64_t size = ledger_->head().size;
    auto receipt = ledger_->Append(action);
    ASSERT_FALSE(receipt.has_value()) << "accepted as entry " << receipt->seq;
    EXPECT_EQ(ErrorCodeName(receipt.error().code), ErrorCodeName(code)) << receipt.error().message;
    EXPECT_NE(receipt.error().message.find(part), std::string::npos) << receipt.error().message;
    EXPECT_EQ(ledger_->head().size, size);
  }

  int events_ = 0;
};

TEST_F(AgencyReferencesTest, APersonAndEachOfTheirGrantsNameARegisteredAgency) {
  ExpectRefused(Person("p1", "fgj", std::string(kTestAgency)), ErrorCode::kRegistryConflict,
                "person p1 names agency 'fgj', which is not registered");
  ExpectRefused(Person("p1", std::string(kTestAgency), "fgj"), ErrorCode::kRegistryConflict,
                "the handler role of p1 names agency 'fgj', which is not registered");
  MustAppend(Agency("fgj"));
  MustAppend(Person("p1", "fgj", "fgj"));
}

TEST_F(AgencyReferencesTest, AnAssignedRoleNamesARegisteredAgency) {
  AddPerson("p2", 41);
  auto assign = Admin(AssignRoleDraft("p2", {schema::Role::LEADER_IN_CHARGE, "jyj", ""}, kStart));
  ExpectRefused(assign, ErrorCode::kRegistryConflict, "the leaderInCharge role of p2 names agency 'jyj', which is not registered");
  MustAppend(Agency("jyj"));
  MustAppend(assign);
  // The grant is held in that agency.
  auto registry = ledger_->registry();
  const PersonRecord* person = registry.FindPerson("p2");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->roles.back().agency, "jyj");
}

TEST_F(AgencyReferencesTest, AnAgencyIsRegisteredOnceAndBeforeItsOtherEvents) {
  auto section = AgencyEvent("mzj", [](schema::OrganisationEvent::Builder e) {
    auto created = e.initSectionCreated();
    created.setSectionId("s1");
    created.setName("办公室");
  });
  ExpectRefused(section, ErrorCode::kRegistryConflict, "organisation.sectionCreated is about agency 'mzj', which is not registered");
  MustAppend(Agency("mzj"));
  MustAppend(section);
  auto again = Signed(admin_, BuildAction(admin_, {"agency/mzj/again", "agency/mzj"}, [](Payload::Builder p) {
                        auto event = p.initOrganisation();
                        event.setAgencyId("mzj");
                        auto registered = event.initAgencyRegistered();
                        registered.setName("民政局");
                        registered.setJurisdiction("cn-test");
                      }));
  ExpectRefused(again, ErrorCode::kRegistryConflict, "agency 'mzj' is already registered");
  // Under the conventional event id agency/ID again, with other contents
  // (the same contents are the same action: idempotent): the registration is
  // what conflicts, not the event id.
  ExpectRefused(Admin(AgencyRegisteredDraft(AgencySpec{"mzj", "天宁区民政局", schema::AgencyKind::DEPARTMENT, "cn-test"})),
                ErrorCode::kRegistryConflict, "agency 'mzj' is already registered");
}

TEST_F(AgencyReferencesTest, AnAgencysStreamHoldsOnlyOrganisationEvents) {
  // A note there would make the agency look registered to the checks above,
  // and keep its real registration out for good.
  PrivateKey handler = AddPerson("p4", 42);
  ExpectRefused(Note(handler, {"squat", "agency/czj"}), ErrorCode::kRegistryConflict,
                "stream 'agency/czj' holds only organisation events, not note");
  MustAppend(Agency("czj"));
}

TEST_F(AgencyReferencesTest, AParentAndASuccessorAreRegisteredAgencies) {
  ExpectRefused(Agency("xzj", "zfb"), ErrorCode::kRegistryConflict, "the parent of agency 'xzj' names agency 'zfb'");
  MustAppend(Agency("xzj", std::string(kTestAgency)));
  auto merged = AgencyEvent("xzj", [](schema::OrganisationEvent::Builder e) {
    auto succeeded = e.initAgencySucceeded();
    succeeded.setSuccessor("xzfwj");
    succeeded.setHow(schema::Succession::MERGED);
    succeeded.setEffectiveFrom("2026-03-01");
  });
  ExpectRefused(merged, ErrorCode::kRegistryConflict, "organisation.agencySucceeded names agency 'xzfwj'");
  MustAppend(Agency("xzfwj"));
  MustAppend(merged);
}

TEST_F(AgencyReferencesTest, AnAgencyAndItsPeopleSubmittedBackToBackAreBothAccepted) {
  // Whether or not the two share a group commit (the sequencer decides),
  // the person's check sees the agency: the batch's own stream versions are
  // read before the stored ones.
  std::promise<Result<AppendReceipt>> agency_done, person_done;
  ledger_->Submit(Agency("wjw"), [&](Result<AppendReceipt> r) { agency_done.set_value(std::move(r)); });
  ledger_->Submit(Person("p3", "wjw", "wjw"), [&](Result<AppendReceipt> r) { person_done.set_value(std::move(r)); });
  auto agency = agency_done.get_future().get();
  auto person = person_done.get_future().get();
  ASSERT_TRUE(agency.has_value()) << agency.error().ToString();
  ASSERT_TRUE(person.has_value()) << person.error().ToString();
  EXPECT_EQ(person->seq, agency->seq + 1);
}

}  // namespace
}  // namespace gongkai::testing
