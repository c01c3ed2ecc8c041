// Hand-built ledgers for the findings engine: one agency "g", the people
// a test registers, and the events it signs, each applied to a
// FindingsEngine as it is built (sequence numbers from 0, genesis first).
#pragma once

#include <gtest/gtest.h>
#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/action.h"
#include "ledger/key_registry.h"
#include "projections/findings.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/date.h"
#include "ledger/rules/rule_library.h"
#include "tests/support/test_ledger.h"

namespace gongkai::projections {

using P = schema::Action::Payload;
using rules::Date;
inline constexpr UnixMicros kMinute = 60'000'000;

// Builds, parses and applies actions one by one; each is its own entry.
// Subject events are signed at 09:00 on their day plus a minute per entry.
class Scenario {
 public:
  // Agency "g" of `jurisdiction`; the default has no rule set of its own,
  // so the national one in force applies.
  explicit Scenario(std::string jurisdiction = "cn-test-district")
      : engine_(rules::RuleLibrary::Shipped(), rules::Calendar::Official()) {
    Apply(testing::Genesis(admin_, testing::SeededKey(2)).action);
    Organisation(rules::FromCivil(2016, 1, 4), [&](schema::OrganisationEvent::Builder e) {
      auto r = e.initAgencyRegistered();
      r.setName("测试局");
      r.setKind(schema::AgencyKind::DEPARTMENT);
      r.setJurisdiction(jurisdiction);
    });
  }

  // Registers `id` holding `roles` in `agency` (the scenario's agency "g"
  // unless named) from 2016.
  void Person(const std::string& id, uint8_t seed, std::vector<schema::Role> roles, const std::string& agency = "g") {
    keys_.emplace(id, testing::SeededKey(seed));
    UnixMicros from = rules::StartOfDay(rules::FromCivil(2016, 1, 1));
    Apply(testing::BuildAction(admin_, {"register/" + id, "person/" + id, -1, from}, [&](P::Builder p) {
      auto r = p.initRegisterPerson();
      r.setPersonId(id);
      r.setName(id);
      r.setAgency(agency);
      auto grants = r.initRoles(static_cast<unsigned>(roles.size()));
      for (unsigned i = 0; i < roles.size(); ++i) {
        grants[i].setRole(roles[i]);
        grants[i].setAgency(agency);
      }
      KeyToSchema(keys_.at(id).public_key(), r.initPublicKey());
      r.initValidFrom().setUnixMicros(from);
    }));
  }
  // `id` stops holding `from_role` and holds `to_role` from `day`.
  void ChangeRole(const std::string& id, schema::Role from_role, schema::Role to_role, Date day) {
    UnixMicros at = rules::StartOfDay(day);
    Apply(testing::BuildAction(admin_, {"end/" + id, "person/" + id, -1, at}, [&](P::Builder p) {
      auto r = p.initEndRole();
      r.setPersonId(id);
      r.initGrant().setRole(from_role);
      r.getGrant().setAgency("g");
      r.initEffectiveTo().setUnixMicros(at);
    }));
    Apply(testing::BuildAction(admin_, {"assign/" + id, "person/" + id, -1, at}, [&](P::Builder p) {
      auto r = p.initAssignRole();
      r.setPersonId(id);
      r.initGrant().setRole(to_role);
      r.getGrant().setAgency("g");
      r.initEffectiveFrom().setUnixMicros(at);
    }));
  }
  // `id` holds `position` on agency g's leadership team from 2016.
  void OnTeam(const std::string& id, schema::LeadershipPosition position) {
    Organisation(rules::FromCivil(2016, 1, 4), [&](schema::OrganisationEvent::Builder e) {
      auto r = e.initLeadershipAssigned();
      r.setPersonId(id);
      r.setPosition(position);
      r.setEffectiveFrom("2016-01-04");
    });
  }
  void Principal(const std::string& id) { OnTeam(id, schema::LeadershipPosition::PRINCIPAL); }
  // Agency g merges into `successor` from `day`.
  void MergeInto(const std::string& successor, Date day) {
    Organisation(day, [&](schema::OrganisationEvent::Builder e) {
      auto r = e.initAgencySucceeded();
      r.setSuccessor(successor);
      r.setHow(schema::Succession::MERGED);
      r.setEffectiveFrom(rules::FormatDate(day));
    });
  }

  // The administrator publishes a calendar file (reference.calendarPublished)
  // or a rule-set file (reference.ruleSetPublished) on `day`, each id once
  // (an id names one text); returns its sequence number.
  uint64_t PublishCalendar(const std::string& id, const std::string& text, Date day) {
    return PublishReference("calendar/" + id, id, day, [&](auto r) { r.setCalendarPublished(text); });
  }
  uint64_t PublishRuleSet(const std::string& id, const std::string& text, Date day) {
    return PublishReference("rules/" + id, id, day, [&](auto r) { r.setRuleSetPublished(text); });
  }

  // The next entry is recorded at 20:00 on `day` instead of at its
  // business time (a back-filled or back-dated act when `day` is later).
  void RecordNextOn(Date day) { next_recorded_ = rules::StartOfDay(day) + 20 * 60 * kMinute; }

  // Item and Case act on item/g-1 and case/g-c1 unless another id is named.
  uint64_t Item(const std::string& signer, Date day, const std::function<void(schema::ItemEvent::Builder)>& fill,
                const std::string& id = "g-1") {
    return Do(signer, day, "item/" + id, [&](P::Builder p) {
      auto e = p.initItem();
      e.setItemId(id);
      e.setAgency("g");
      fill(e);
    });
  }
  uint64_t Case(const std::string& signer, Date day, const std::function<void(schema::CaseEvent::Builder)>& fill,
                const std::string& id = "g-c1") {
    return Do(signer, day, "case/" + id, [&](P::Builder p) {
      auto e = p.initApplication();
      e.setCaseId(id);
      e.setAgency("g");
      fill(e);
    });
  }
  uint64_t Inquiry(const std::string& signer, Date day, const std::function<void(schema::InquiryEvent::Builder)>& fill) {
    return Do(signer, day, "inquiry/g-q1", [&](P::Builder p) {
      auto e = p.initInquiry();
      e.setInquiryId("g-q1");
      e.setAgency("g");
      fill(e);
    });
  }

  SubjectState State(const std::string& subject, Date as_of) {
    auto state = engine_.StateOf(subject, as_of);
    EXPECT_TRUE(state.has_value()) << state.error().ToString();
    EXPECT_TRUE(state.has_value() && state->has_value());
    return state.has_value() && state->has_value() ? **state : SubjectState{};
  }

  const FindingsEngine& engine() const { return engine_; }

  // Every entry from now on is also given to `observer` (another fold
  // under test), which must accept it.
  void Observe(std::function<Status(const EventRecord&)> observer) { observer_ = std::move(observer); }

  std::vector<Finding> Findings(Date as_of) {
    auto findings = engine_.Findings(as_of);
    EXPECT_TRUE(findings.has_value()) << findings.error().ToString();
    return findings.value_or(std::vector<Finding>{});
  }

 private:
  uint64_t PublishReference(const std::string& stream, const std::string& id, Date day,
                            const std::function<void(schema::ReferenceEvent::Builder)>& text) {
    return Apply(testing::BuildAction(admin_, {stream, stream, 0, rules::StartOfDay(day)}, [&](P::Builder p) {
      auto r = p.initReference();
      r.setId(id);
      text(r);
    }));
  }
  void Organisation(Date day, const std::function<void(schema::OrganisationEvent::Builder)>& fill) {
    Apply(testing::BuildAction(admin_, {fmt::format("org/{}", seq_), "agency/g", -1, rules::StartOfDay(day)},
                               [&](P::Builder p) {
                                 auto e = p.initOrganisation();
                                 e.setAgencyId("g");
                                 fill(e);
                               }));
  }
  uint64_t Do(const std::string& signer, Date day, const std::string& stream,
              const std::function<void(P::Builder)>& fill) {
    UnixMicros at = rules::StartOfDay(day) + 9 * 60 * kMinute + static_cast<UnixMicros>(seq_) * kMinute;
    return Apply(testing::BuildAction(keys_.at(signer), {fmt::format("e{}", seq_), stream, -1, at}, fill));
  }
  uint64_t Apply(Bytes bytes) {
    auto action = Action::Parse(bytes);
    EXPECT_TRUE(action.has_value()) << action.error().ToString();
    uint64_t seq = seq_++;
    if (action) {
      EventRecord record{seq, next_recorded_.value_or(action->business_time()), *action};
      next_recorded_.reset();
      auto applied = engine_.Apply(record);
      EXPECT_TRUE(applied.has_value()) << applied.error().ToString();
      if (observer_) {
        auto observed = observer_(record);
        EXPECT_TRUE(observed.has_value()) << observed.error().ToString();
      }
    }
    return seq;
  }

  PrivateKey admin_ = testing::SeededKey(1);
  std::map<std::string, PrivateKey> keys_;
  FindingsEngine engine_;
  std::function<Status(const EventRecord&)> observer_;
  uint64_t seq_ = 0;
  std::optional<UnixMicros> next_recorded_;
};

inline Date D(int y, int m, int d) { return rules::FromCivil(y, m, d); }

// `n` working days after `day` on the official calendar.
inline Date WD(Date day, int n) {
  auto date = rules::Calendar::Official().AddWorkingDays(day, n);
  EXPECT_TRUE(date.has_value()) << date.error().ToString();
  return date.value_or(day);
}

// The finding with this id ("KIND@SUBJECT[#…]"); nullptr when none.
inline const Finding* FindId(const std::vector<Finding>& findings, std::string_view id) {
  auto it = std::ranges::find(findings, id, &Finding::id);
  return it == findings.end() ? nullptr : &*it;
}

inline void Drafted(schema::ItemEvent::Builder e) {
  auto x = e.initDrafted();
  x.setTitle("关于测试的通知");
  x.initContentDigest(32);
  x.setSection("g/s1");
}
inline void SignedOff(schema::ItemEvent::Builder e) { e.initSignedOff().setDecision(schema::ReviewDecision::APPROVE); }
inline void Published(schema::ItemEvent::Builder e) {
  auto x = e.initPublished();
  x.setLocator("https://example.gov.cn/g-1");
  x.initContentDigest(32);
}
inline void Objection(schema::ObjectionRecorded::Builder o, const std::string& to) {
  o.setConcerning("publication");
  o.setStatement("未经保密审查，不应公开");
  o.setAddressedTo(to);
}

inline const Finding* Only(const std::vector<Finding>& findings, std::string_view kind) {
  const Finding* found = nullptr;
  for (const Finding& f : findings) {
    if (f.kind == kind) {
      EXPECT_EQ(found, nullptr) << "two " << kind;
      found = &f;
    }
  }
  EXPECT_NE(found, nullptr) << "no " << kind;
  return found;
}

inline std::vector<std::string> Shares(const Finding& f) {
  std::vector<std::string> out;
  for (const Responsible& r : f.attribution.responsible) {
    out.push_back(fmt::format("{} {} {} {}", r.person, r.role, r.share, r.rule));
  }
  return out;
}

// What a test expects of a finding; fields left empty are not checked.
struct ExpectedFinding {
  std::vector<uint64_t> evidence;
  std::optional<Date> date;
  std::string rule_set;
  std::string approval;             // none | leader | collective
  std::vector<std::string> shares;  // as Shares() gives them
};

// Checks the one finding of `kind` in `findings` against `expected` and
// returns it (nullptr, with a failure, when there is not exactly one).
// Failures name the kind and the field, and trace back to the caller's line.
inline const Finding* ExpectFinding(const std::vector<Finding>& findings, std::string_view kind,
                                    const ExpectedFinding& expected,
                                    std::source_location where = std::source_location::current()) {
  ::testing::ScopedTrace trace(where.file_name(), static_cast<int>(where.line()), fmt::format("finding {}", kind));
  const Finding* found = nullptr;
  size_t count = 0;
  for (const Finding& f : findings) {
    if (f.kind == kind) {
      found = &f;
      ++count;
    }
  }
  if (count != 1) {
    ADD_FAILURE() << "expected one " << kind << " finding, found " << count;
    return nullptr;
  }
  if (!expected.evidence.empty()) {
    EXPECT_EQ(found->evidence, expected.evidence) << kind << ": evidence";
  }
  if (expected.date) {
    EXPECT_EQ(found->date, *expected.date) << kind << ": date " << rules::FormatDate(found->date)
                                           << ", expected " << rules::FormatDate(*expected.date);
  }
  if (!expected.rule_set.empty()) {
    EXPECT_EQ(found->rule_set, expected.rule_set) << kind << ": rule set";
  }
  if (!expected.approval.empty()) {
    EXPECT_EQ(found->attribution.approval, expected.approval) << kind << ": approval";
  }
  if (!expected.shares.empty()) {
    EXPECT_EQ(Shares(*found), expected.shares) << kind << ": responsible shares";
  }
  return found;
}

// Handler h, leaders in charge l1 and l2, principal p, all of agency "g".
inline void Staff(Scenario& s) {
  s.Person("h", 10, {schema::Role::HANDLER});
  s.Person("l1", 11, {schema::Role::LEADER_IN_CHARGE});
  s.Person("l2", 12, {schema::Role::LEADER_IN_CHARGE});
  s.Person("p", 13, {schema::Role::PRINCIPAL});
  s.Principal("p");
}

// An application to "g" received on `receipt`, by the handler "h".
inline uint64_t Received(Scenario& s, Date receipt, const std::string& id = "g-c1") {
  std::string date = rules::FormatDate(receipt);
  return s.Case("h", receipt, [&](schema::CaseEvent::Builder e) {
    auto x = e.initReceived();
    x.setReceiptDate(date);
    x.setApplicant(std::string(64, 'a'));
    x.initRequestDigest(32);
    x.setItemCount(1);
  }, id);
}

// An archive transfer of item/g-1 in `form`, by `clerk`.
inline uint64_t Transfer(Scenario& s, const std::string& clerk, Date day, schema::TransferForm form) {
  return s.Item(clerk, day, [&](schema::ItemEvent::Builder e) {
    auto x = e.initTransferredToArchive();
    x.setForm(form);
    x.setArchive("archive");
    x.initTransferListDigest(32);
  });
}

// A standard reply (legal basis, reasons, remedy) to case/`id`, dated `day`,
// by the handler "h".
inline uint64_t Replied(Scenario& s, Date day, const std::string& id = "g-c1") {
  return s.Case("h", day, [](schema::CaseEvent::Builder e) {
    auto x = e.initReplyIssued();
    x.setLegalBasis("条例第三十六条");
    x.setReasons("依法答复");
    x.setRemedyStatement(true);
    x.initReplyDigest(32);
  }, id);
}

}  // namespace gongkai::projections
