// Where subjects stand as of a point: one item's or case's state, the
// overdue deadlines, and a timeline of steps with what each one met.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "projections/acts.h"
#include "projections/findings.h"
#include "tools/query/acts.h"
#include "tools/query/results.capnp.h"
#include "tools/query/session.h"

namespace gongkai::query {

// "KIND/ID" for a bare ID, else the stream as given ("inquiry/7").
std::string SubjectOf(const std::string& id, std::string_view kind);

// An item, case or inquiry as of the day `point` is judged at.
struct SubjectView {
  std::string subject;
  projections::SubjectState state;
  std::vector<projections::ActRecord> steps;  // on or before the day judged, in ledger order
  size_t current = 0;   // index into steps: the last entry's first act (not a vote)
  std::string holder;   // the reviewer awaited, else whoever did the current step
};
// Errors: kNotFound for a subject that is not an item, case or inquiry, or
// has no step on or before the day judged.
Result<SubjectView> StateOf(QuerySession& session, const std::string& subject, const replay::LedgerPoint& point);
void ToSchema(const SubjectView& view, rules::Date as_of, schema::SubjectView::Builder out);

// One step of a timeline: the act, the working days since the previous
// step of its subject, and the deadlines it met (or failed to meet in time).
struct TimelineStep {
  projections::ActRecord act;
  std::optional<int32_t> working_days;  // since the subject's previous step; none for its first
  std::vector<projections::DeadlineStatus> meets;
};
struct Timeline {
  std::vector<TimelineStep> steps;
  // For a subject's timeline: its deadlines as of the day judged (those
  // with no meeting step are still open); empty otherwise.
  std::vector<projections::DeadlineStatus> deadlines;
};
// The steps of `of` (query::Steps) with, for the steps of items, cases and
// inquiries, the working days since the subject's previous step and the
// deadlines each step met.
Result<Timeline> TimelineOf(QuerySession& session, const StepsOf& of, const Period& period,
                            const replay::LedgerPoint& point);
void ToSchema(const TimelineStep& step, schema::TimelineStep::Builder out);

struct OverdueDeadline {
  std::string subject, agency;
  projections::DeadlineStatus deadline;  // its state is kMissed
  int32_t working_days_over = 0;         // working days from its due date to the day judged
};

// Every deadline missed as of the day `point` is judged at (due before it,
// still not met), of `agency`'s subjects or of all; oldest due date first.
// Errors: kNotFound for an agency without entries.
Result<std::vector<OverdueDeadline>> Overdue(QuerySession& session, const replay::LedgerPoint& point,
                                             const std::optional<std::string>& agency);
void ToSchema(const OverdueDeadline& overdue, schema::OverdueDeadline::Builder out);

}  // namespace gongkai::query
