// The projection runner: reads the ledger's entries in order and folds them
// into the projections' store (ProjectionDb), never writing the ledger.
//
// Catch-up resumes after the last applied entry; each batch of state is
// written with its checkpoint in one WriteBatch, so a crash at any moment
// resumes without double counting. Before resuming it checks that the entry
// the checkpoint names still has the recorded hash (the ledger is the one
// the projections were built from). A rebuild fills a fresh generation from
// entry 0 and switches to it only when complete; it gives exactly the state
// catch-up gives.
#pragma once

#include <cstdint>
#include <functional>

#include "ledger/base/error.h"
#include "ledger/store.h"
#include "projections/projection_db.h"

namespace gongkai::projections {

struct RunOptions {
  uint64_t batch_entries = 20000;  // entries per committed batch
  // Called after each batch with (entries applied so far, head).
  std::function<void(uint64_t, uint64_t)> progress;
  // Stop after this many batches (0 = run to the head). For tests and tools
  // that bound the work of one call.
  uint64_t max_batches = 0;
  // Apply no entry at or after this sequence number (a point in the
  // ledger's history, for a replay into a scratch store).
  uint64_t end = UINT64_MAX;
};

struct RunReport {
  uint64_t from = 0;       // first entry applied by this run
  uint64_t applied = 0;    // entries applied by this run
  uint64_t next_seq = 0;   // the checkpoint afterwards
  uint64_t generation = 0;
};

// Applies the entries after the active generation's checkpoint.
Result<RunReport> CatchUp(const Store& ledger, ProjectionDb& db, const RunOptions& options = {});

// Builds a new generation from entry 0, then makes it the active one.
Result<RunReport> Rebuild(const Store& ledger, ProjectionDb& db, const RunOptions& options = {});

}  // namespace gongkai::projections
