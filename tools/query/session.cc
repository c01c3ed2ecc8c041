#include "tools/query/session.h"

#include "ledger/registry_store.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"
#include "projections/entry_scan.h"
#include "projections/subjects.h"

namespace gongkai::query {

Result<Period> ParsePeriod(std::optional<std::string_view> from, std::optional<std::string_view> to) {
  Period period;
  if (from) {
    auto date = rules::ParseDate(*from);
    if (!date) return Fail(ErrorCode::kInvalidArgument, "--from: {}", date.error().message);
    period.from = rules::StartOfDay(*date);
  }
  if (to) {
    auto date = rules::ParseDate(*to);
    if (!date) return Fail(ErrorCode::kInvalidArgument, "--to: {}", date.error().message);
    period.to = rules::StartOfDay(rules::Date{date->days + 1});  // `to` is inclusive
  }
  if (period.from >= period.to) return Fail(ErrorCode::kInvalidArgument, "--from must not be after --to");
  return period;
}

Result<std::unique_ptr<QuerySession>> QuerySession::Open(const DataDir& dir) {
  auto ledger = Store::Open(dir.ledger(), Store::Mode::kReadOnly);
  GK_RETURN_IF_ERROR(ledger);
  std::unique_ptr<QuerySession> session(new QuerySession(dir));
  session->owned_ledger_ = std::move(*ledger);
  session->ledger_ = session->owned_ledger_.get();
  GK_RETURN_IF_ERROR(session->Refresh());
  return session;
}

Result<std::unique_ptr<QuerySession>> QuerySession::Attach(const DataDir& dir, const Store& live) {
  std::unique_ptr<QuerySession> session(new QuerySession(dir));
  session->ledger_ = &live;
  GK_RETURN_IF_ERROR(session->Refresh());
  return session;
}

Status QuerySession::Refresh() {
  auto head = ReadHead(*ledger_);
  GK_RETURN_IF_ERROR(head);
  if (head->size == seen_size_) return {};
  seen_size_ = head->size;
  // The registry is read again only when a registry event came: the head's
  // registry digest commits to every one of them.
  if (head->registry_digest != seen_registry_digest_) {
    registry_.reset();
    seen_registry_digest_ = head->registry_digest;
  }
  if (projections_) GK_RETURN_IF_ERROR(projections::CatchUp(*ledger_, *projections_, {}));
  return {};
}

Result<const projections::ProjectionDb*> QuerySession::Projections(const projections::RunOptions& options) {
  if (projections_) return projections_.get();
  auto path = dir_.projections();
  GK_RETURN_IF_ERROR(path);
  auto db = projections::ProjectionDb::Open(*path);
  GK_RETURN_IF_ERROR(db);
  GK_RETURN_IF_ERROR(projections::CatchUp(*ledger_, **db, options));
  projections_ = std::move(*db);
  return projections_.get();
}

Result<replay::LedgerPoint> QuerySession::Point(std::optional<std::string_view> as_of) const {
  auto point = replay::ParseLedgerPoint(as_of, *ledger_);
  GK_RETURN_IF_ERROR(point);
  // A live store may have grown since the last Refresh: the projections
  // know only the entries before seen_size_.
  if (point->end > seen_size_) {
    if (!as_of) return replay::PointBeforeSeq(*ledger_, seen_size_);
    point->end = seen_size_;
  }
  return point;
}

Result<const KeyRegistry*> QuerySession::Registry() {
  if (!registry_) {
    auto stored = LoadStoredRegistry(*ledger_);
    GK_RETURN_IF_ERROR(stored);
    registry_ = std::make_unique<KeyRegistry>(std::move(stored->registry));
  }
  return registry_.get();
}

Status QuerySession::RequireKnownPerson(std::string_view person) {
  auto registry = Registry();
  GK_RETURN_IF_ERROR(registry);
  if ((*registry)->FindPerson(person)) return {};
  return Fail(ErrorCode::kNotFound, "no person '{}' in this ledger's key registry", person);
}

Status QuerySession::RequireKnownAgency(std::string_view agency) {
  auto db = Projections();
  GK_RETURN_IF_ERROR(db);
  bool found = false;
  auto visited = (*db)->VisitByAgency(agency, INT64_MIN, INT64_MAX, [&](const projections::ActRecord&) -> Status {
    found = true;
    return Fail(ErrorCode::kAlreadyExists, "found");  // stops the visit at the first act
  });
  if (!visited && visited.error().code != ErrorCode::kAlreadyExists) return visited;
  if (found) return {};
  return Fail(ErrorCode::kNotFound, "no entry of agency '{}' in this ledger", agency);
}

Result<projections::SubjectLoader*> QuerySession::SubjectsAt(const replay::LedgerPoint& point) {
  if (loader_ && loader_end_ == point.end && loader_->subjects_loaded() < kMaxKeptSubjects) return loader_.get();
  auto db = Projections();
  GK_RETURN_IF_ERROR(db);
  loader_.reset();
  auto loader = projections::SubjectLoader::Open(*ledger_, **db, point.end);
  GK_RETURN_IF_ERROR(loader);
  loader_ = std::move(*loader);
  loader_end_ = point.end;
  return loader_.get();
}

Result<FoldedSubjects> QuerySession::Fold(const std::optional<std::string>& agency,
                                          const replay::LedgerPoint& point) {
  FoldedSubjects folded;
  if (!agency) {
    folded.whole = std::make_unique<projections::FindingsEngine>(rules::RuleLibrary::Shipped(),
                                                                 rules::Calendar::Official());
    GK_RETURN_IF_ERROR(projections::ApplyEntries(*ledger_, point.end, [&](const projections::EventRecord& record) {
      return folded.whole->Apply(record);
    }));
    return folded;
  }
  auto db = Projections();
  GK_RETURN_IF_ERROR(db);
  auto acts = (*db)->ByAgency(*agency, INT64_MIN, INT64_MAX);
  GK_RETURN_IF_ERROR(acts);
  std::erase_if(*acts, [&](const projections::ActRecord& act) { return act.seq >= point.end; });
  if (acts->empty()) return Fail(ErrorCode::kNotFound, "no entry of agency '{}' in this ledger", *agency);
  auto loader = projections::SubjectLoader::Open(*ledger_, **db, point.end);
  GK_RETURN_IF_ERROR(loader);
  folded.loader = std::move(*loader);
  for (const projections::ActRecord& act : *acts) {
    if (!projections::HasSubjectState(act.subject)) continue;
    GK_RETURN_IF_ERROR(folded.loader->Load(act.subject));
  }
  return folded;
}

}  // namespace gongkai::query
