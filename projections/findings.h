// The findings and responsibility engine: folds ledger entries, in ledger
// order, into compact per-subject state, and answers "which violations do
// the events show as of a date, and who is responsible" (docs/FINDINGS.md).
//
// Pure: no storage, no wall clock, no randomness. The answer depends only
// on the entries applied, the rule library and the calendar:
// - rule sets: the library's, plus those published in the ledger
//   (reference.ruleSetPublished, laid over their base); for a subject, the
//   set in force for its agency's jurisdiction (organisation.agency-
//   Registered) on its trigger date (an application's receipt, an inquiry's
//   receipt, an item's formation — or its drafting while it is not formed),
//   falling back to the national set in force that day;
// - calendar: the one given, with the years each calendar published in the
//   ledger covers taken from it (reference.calendarPublished), in ledger
//   order; deadlines counted through a year none publishes are provisional.
// A kind is reported only where the subject's rule set defines it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "projections/attribution.h"
#include "projections/event_record.h"
#include "projections/finding.h"
#include "projections/subjects.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "ledger/rules/rule_set.h"

namespace gongkai::projections {

// One deadline of a subject and where it stands as of a date.
// Where a deadline stands as of a date.
enum class DeadlineState {
  kMet,      // met on or before its due date
  kLate,     // met after its due date
  kPending,  // not met, not yet due
  kMissed,   // not met, due date passed
  kClosed,   // no longer due: withdrawn, lapsed
};
// "met", "late", "pending", "missed", "closed": the form printed and in JSON.
std::string_view Name(DeadlineState state);

// A due date a calendar published in the ledger settled: it had been counted
// provisionally (rules::DueDate::provisional) under the calendar before.
struct DeadlineSettlement {
  rules::Date provisional_due{0};  // the date counted then; may equal the date now
  uint64_t calendar_seq = 0;       // the entry that published the calendar that settled it
  std::string calendar;            // that calendar's id
};

struct DeadlineStatus {
  std::string deadline;           // the rule set's deadline id, e.g. "reply-application"
  std::string rule_set;           // the rule set that counts it: the one in force when its clock started
  rules::Date trigger{0};         // the day its clock started (or restarted)
  rules::Date due{0};             // the last day on time
  std::optional<uint64_t> met_by; // the act that met it (on time or late)
  rules::Date met_on{0};
  DeadlineState state = DeadlineState::kPending;
  bool provisional = false;       // `due` counted working days of a year with no published calendar
  std::optional<DeadlineSettlement> settled;  // never with `provisional`
};

// What the engine knows of one item, case or inquiry as of a date.
struct SubjectState {
  std::string subject;
  std::string agency;
  std::string rule_set;            // the rule set in force for it; empty when none is yet
  std::string awaiting;            // the person a pending request waits for (a reviewer asked); empty if none
  std::vector<DeadlineStatus> deadlines;  // in the order the rules define them
  std::vector<Finding> findings;
};

class FindingsEngine {
 public:
  // `library` and `calendar` must outlive the engine.
  FindingsEngine(const rules::RuleLibrary& library, const rules::Calendar& calendar);
  // Starts from a registry folded elsewhere (LoadStoredRegistry): registry
  // events must then not be applied again.
  FindingsEngine(const rules::RuleLibrary& library, const rules::Calendar& calendar, Roster roster);

  // Folds one entry; entries must come in ledger order. Errors: the key
  // registry's (a registry event that does not apply), kMalformed for a
  // date, calendar or rule set in an event that does not parse. A failed
  // entry adds nothing, except that its subject may now exist (empty).
  Status Apply(const EventRecord& record);

  // Every finding as of the end of `as_of`: events dated later are ignored,
  // and an absence (a reply, transfer, interpretation, report never made) is
  // a finding once its deadline lies before `as_of`. Ordered by date, then
  // subject, kind and id. Errors: kOutOfRange when a deadline needs working
  // days the calendar does not cover.
  Result<std::vector<Finding>> Findings(rules::Date as_of) const;

  // The deadlines and findings of one subject ("item/…", "case/…",
  // "inquiry/…") as of the end of `as_of`; nullopt when no event of it was
  // applied. Its findings are those Findings(as_of) gives for it.
  Result<std::optional<SubjectState>> StateOf(std::string_view subject, rules::Date as_of) const;
  // Every item, case and inquiry applied, by stream.
  std::vector<std::string> Subjects() const;
  // Every agency holding an item, a case or an inquiry, ascending.
  std::vector<std::string> Agencies() const;
  // The rule set in force for `agency` on `date` (docs/FINDINGS.md §1);
  // nullptr when none is.
  const rules::RuleSet* RuleSetInForce(const std::string& agency, rules::Date date) const;
  // A rule set by id: published in the ledger, else shipped; nullptr if neither.
  const rules::RuleSet* FindRuleSet(std::string_view id) const;
  // The calendar deadlines are counted on: the one given, with the years of
  // each calendar published in the ledger taken from it, in ledger order
  // (rules::Calendar::MergedWith).
  const rules::Calendar& calendar() const {
    return calendar_versions_.empty() ? calendar_ : calendar_versions_.back().calendar;
  }

 private:
  friend class Detector;
  struct Leadership {
    std::string person;
    schema::LeadershipPosition position;
    rules::Date from{0};
    std::optional<rules::Date> to;  // first day no longer held
  };
  struct AgencyState {
    std::string jurisdiction;
    std::vector<Leadership> leadership;  // in ledger order
    // organisation.agencySucceeded: who answers for its records and duties
    // from `succeeded_from` on.
    std::string successor;
    rules::Date succeeded_from{0};
  };
  // The agency that answers on `date` for `agency`'s records and duties:
  // itself, or its successor (followed through successions in force).
  // The view points into `agency` or into the engine's own state.
  std::string_view AnswersFor(std::string_view agency, rules::Date date) const;

  Status ApplyOrganisation(schema::OrganisationEvent::Reader event, uint64_t seq);
  // The archive's acceptance or return of one of the item's transfers.
  Status ApplyArchiveAnswer(ItemState& item, schema::ArchiveAccepted::Reader answer, const Act& act);
  Status ApplyReference(schema::ReferenceEvent::Reader event, uint64_t seq);
  // The agency's leadership team on `date`.
  Team TeamOf(std::string_view agency, rules::Date date) const;

  const rules::RuleLibrary& library_;
  const rules::Calendar& calendar_;
  // The calendar after each publication (reference.calendarPublished), in
  // ledger order: the one before merged with the one published.
  struct CalendarVersion {
    rules::Calendar calendar;
    uint64_t seq;  // the publishing entry
  };
  std::vector<CalendarVersion> calendar_versions_;
  std::map<std::string, rules::RuleSet, std::less<>> published_sets_;  // by id
  Roster roster_;
  std::map<std::string, AgencyState, std::less<>> agencies_;
  // By stream ("item/…", "case/…", "inquiry/…").
  std::map<std::string, ItemState, std::less<>> items_;
  std::map<std::string, CaseState, std::less<>> cases_;
  std::map<std::string, InquiryState, std::less<>> inquiries_;
};

}  // namespace gongkai::projections
