#include "projections/runner.h"

#include <algorithm>

#include "ledger/head.h"
#include "ledger/registry_store.h"
#include "projections/acts.h"
#include "projections/entry_scan.h"
#include "projections/event_record.h"
#include "projections/table_rows.h"

namespace gongkai::projections {
namespace {

// How a batch reaches the store.
enum class Writing {
  kLogged,  // catch-up: a synced WriteBatch with its checkpoint
  kBulk,    // rebuild: sorted table files ingested (ProjectionDb::Ingest)
};

// A rebuild loads the whole ledger as one batch: one sorted file per
// table, nothing to compact (memory: about 250 bytes per act). Progress is
// reported every kProgressEntries.
constexpr uint64_t kProgressEntries = 100'000;

// Applies entries [applied.next_seq, head) to `generation`.
Result<RunReport> Apply(const Store& ledger, ProjectionDb& db, uint64_t generation, const RunOptions& options,
                        Writing writing) {
  const uint64_t batch_entries = writing == Writing::kBulk ? UINT64_MAX : std::max<uint64_t>(options.batch_entries, 1);
  auto applied = db.AppliedOf(generation);
  GK_RETURN_IF_ERROR(applied);
  auto head = ReadHead(ledger);
  GK_RETURN_IF_ERROR(head);
  RunReport report{applied->next_seq, 0, applied->next_seq, generation};
  const uint64_t stop = std::min(options.end, head->size);
  if (applied->next_seq > head->size) {
    return Fail(ErrorCode::kCorruption,
                "the projections have applied {} entries but the ledger holds {}: they were built from another "
                "ledger (run 'gongkai project --rebuild')",
                applied->next_seq, head->size);
  }
  if (applied->next_seq > 0) {
    auto last = ReadStoredAction(ledger, applied->next_seq - 1);
    GK_RETURN_IF_ERROR(last);
    if (last->entry_hash != applied->last_hash) {
      return Fail(ErrorCode::kCorruption,
                  "entry {} differs from the one the projections applied: they were built from another ledger (run "
                  "'gongkai project --rebuild')",
                  applied->next_seq - 1);
    }
  }
  // The people and roles as of the checkpoint.
  auto registry = LoadStoredRegistry(ledger, applied->next_seq);
  GK_RETURN_IF_ERROR(registry);
  Roster roster(std::move(registry->registry));

  TableRows rows;
  if (writing == Writing::kBulk && stop > applied->next_seq) rows.Reserve(stop - applied->next_seq);
  uint64_t batches = 0, in_batch = 0;
  Applied at = *applied;
  if (at.next_seq >= stop) return report;
  auto scanned = ScanEntries(ledger, at.next_seq, stop, [&](const EventRecord& record, const Digest& hash)
                                                                   -> Result<bool> {
    if (auto s = roster.Apply(record); !s) return std::unexpected(s.error());
    rows.Add(ActsOf(record, roster));
    at.next_seq = record.seq + 1;
    at.last_hash = hash;
    if (++in_batch < batch_entries && at.next_seq < stop) {
      if (options.progress && writing == Writing::kBulk && at.next_seq % kProgressEntries == 0) {
        options.progress(at.next_seq, stop);
      }
      return true;
    }
    auto s = writing == Writing::kBulk ? db.Ingest(generation, rows, at) : db.Commit(generation, rows, at);
    GK_RETURN_IF_ERROR(s);
    report.applied += in_batch;
    report.next_seq = at.next_seq;
    rows.clear();
    in_batch = 0;
    if (options.progress) options.progress(at.next_seq, stop);
    return !(options.max_batches && ++batches == options.max_batches);
  });
  GK_RETURN_IF_ERROR(scanned);
  return report;
}

}  // namespace

Result<RunReport> CatchUp(const Store& ledger, ProjectionDb& db, const RunOptions& options) {
  return Apply(ledger, db, db.active_generation(), options, Writing::kLogged);
}

Result<RunReport> Rebuild(const Store& ledger, ProjectionDb& db, const RunOptions& options) {
  uint64_t generation = db.active_generation() + 1;
  if (auto s = db.StartGeneration(generation); !s) return std::unexpected(s.error());
  RunOptions whole = options;
  whole.max_batches = 0;
  auto report = Apply(ledger, db, generation, whole, Writing::kBulk);
  if (!report) return report;
  if (auto s = db.SwitchTo(generation); !s) return std::unexpected(s.error());
  return report;
}

}  // namespace gongkai::projections
