// The query layer's entry point: a data directory opened for reading, with
// its projections caught up on demand. The ledger is opened read-only, which
// in RocksDB is a snapshot: every query through one session sees the ledger
// as it stood when the session was opened. The command line makes one per
// run. A server attaches one session to the store it writes (Attach) and
// calls Refresh before each query to see the entries appended since.
//
// Every query of gongkai is a function of tools/query/ over a session and a
// point of the ledger (replay/ledger_point.h): the front ends only parse,
// authorise and print.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/data_dir.h"
#include "ledger/key_registry.h"
#include "ledger/store.h"
#include "projections/findings.h"
#include "projections/projection_db.h"
#include "projections/runner.h"
#include "projections/subject_loader.h"
#include "replay/ledger_point.h"

namespace gongkai::query {

// A period of business time [from, to); unbounded where not given.
struct Period {
  UnixMicros from = INT64_MIN, to = INT64_MAX;
};
// From inclusive dates (YYYY-MM-DD, China Standard Time), either optional.
// Errors: kInvalidArgument for a bad date or `from` after `to`.
Result<Period> ParsePeriod(std::optional<std::string_view> from, std::optional<std::string_view> to);

// The items, cases and inquiries a question is about, folded into a
// findings engine: those of one agency (named by the acts index, each folded
// from its own entries), or every one by a fold of the whole ledger (one
// sequential read beats reading every subject's entries).
struct FoldedSubjects {
  std::unique_ptr<projections::FindingsEngine> whole;  // without an agency
  std::unique_ptr<projections::SubjectLoader> loader;  // with one
  const projections::FindingsEngine& engine() const { return whole ? *whole : loader->engine(); }
};

class QuerySession {
 public:
  // Opens the ledger of `dir` read-only (a read-only copy works: the
  // projections then live in a scratch directory, DataDir::projections()).
  static Result<std::unique_ptr<QuerySession>> Open(const DataDir& dir);
  // A session over `live`, the store of `dir` that this process writes
  // (gongkai serve); `live` must outlive the session. Reads see the entries
  // as of the last Refresh.
  static Result<std::unique_ptr<QuerySession>> Attach(const DataDir& dir, const Store& live);

  // Brings the session to the store's head: the projections catch up and
  // the key registry is read again when entries were appended since.
  Status Refresh();

  const Store& ledger() const { return *ledger_; }
  const DataDir& dir() const { return dir_; }

  // The projections, opened and caught up to the session's ledger on first
  // use. `options` as projections::RunOptions (for progress).
  Result<const projections::ProjectionDb*> Projections(const projections::RunOptions& options = {});

  // The point --as-of names (replay::ParseLedgerPoint), within the entries
  // as of the last Refresh.
  Result<replay::LedgerPoint> Point(std::optional<std::string_view> as_of) const;

  // kNotFound unless the person is in the key registry, or the agency has
  // an act in the ledger: a misspelt name is an error, not an empty answer.
  Status RequireKnownPerson(std::string_view person);
  // The key registry as of the session's ledger (as of the last Refresh).
  Result<const KeyRegistry*> Registry();
  Status RequireKnownAgency(std::string_view agency);

  // A loader of chosen subjects, with the context (registry, agencies,
  // reference streams) folded as it stood at `point`. The session keeps it
  // for the next query at the same point, so the context is folded once and
  // a subject asked for again is not folded again; it starts afresh once
  // the loader holds kMaxKeptSubjects subjects. Valid until the next call.
  Result<projections::SubjectLoader*> SubjectsAt(const replay::LedgerPoint& point);
  static constexpr size_t kMaxKeptSubjects = 20'000;

  // The subjects of `agency` (or all) folded to `point` (see FoldedSubjects).
  // Errors: kNotFound for an agency without entries.
  Result<FoldedSubjects> Fold(const std::optional<std::string>& agency, const replay::LedgerPoint& point);

 private:
  explicit QuerySession(DataDir dir) : dir_(std::move(dir)) {}
  DataDir dir_;
  std::unique_ptr<Store> owned_ledger_;                       // Open's; null for Attach
  const Store* ledger_ = nullptr;
  uint64_t seen_size_ = 0;                                    // the head at Open or the last Refresh
  std::unique_ptr<projections::ProjectionDb> projections_;  // opened on first use
  std::unique_ptr<projections::SubjectLoader> loader_;      // the last SubjectsAt's
  uint64_t loader_end_ = 0;                                 // its point's end
  std::unique_ptr<KeyRegistry> registry_;                   // loaded on first use
  Digest seen_registry_digest_{};                           // the head's at the last Refresh
};

}  // namespace gongkai::query
