// Answers for chosen subjects without folding the whole ledger: the acts
// index (ProjectionDb) names the entries of each subject, which are read
// from the ledger and folded into a FindingsEngine, after the key registry
// (as now) and every agency and reference stream (calendars, rule sets).
//
// A subject folded this way gives the deadlines and findings a fold of the
// whole ledger gives for it (tested): nothing a subject's findings rest on
// lies outside its own entries, the registry, the agencies and the
// reference streams.
#pragma once

#include <map>
#include <memory>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/store.h"
#include "projections/findings.h"
#include "projections/projection_db.h"

namespace gongkai::projections {

// Whether `stream` is an item, a case or an inquiry ("item/…", "case/…",
// "inquiry/…"): a subject with state, deadlines and findings of its own.
bool HasSubjectState(std::string_view stream);

class SubjectLoader {
 public:
  // `ledger` and `db` (caught up with the ledger) must outlive the loader.
  // Only entries before `end` count (a point in the ledger's history,
  // LedgerPoint): the registry as it stood then, and no act after it.
  static Result<std::unique_ptr<SubjectLoader>> Open(const Store& ledger, const ProjectionDb& db,
                                                     uint64_t end = UINT64_MAX);

  // Folds the entries of `subject` ("item/…", "case/…", "inquiry/…"); a
  // subject already loaded is not folded twice. Errors: kNotFound when no
  // entry (before the end) belongs to it; the ledger's and the engine's.
  Status Load(std::string_view subject);

  const FindingsEngine& engine() const { return engine_; }
  size_t subjects_loaded() const { return loaded_.size(); }
  // The acts of a loaded subject before the end, in ledger order; nullptr
  // when not loaded.
  const std::vector<ActRecord>* ActsOf(std::string_view subject) const;

 private:
  SubjectLoader(const Store& ledger, const ProjectionDb& db, uint64_t end, Roster roster);
  Status Fold(const std::vector<ActRecord>& acts);

  const Store& ledger_;
  const ProjectionDb& db_;
  uint64_t end_;
  FindingsEngine engine_;
  std::map<std::string, std::vector<ActRecord>, std::less<>> loaded_;
};

}  // namespace gongkai::projections
