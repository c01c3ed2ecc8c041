// Reading the ledger's stored entries in order, for projections: each entry
// must hold its own sequence number and none below the end may be missing.
#pragma once

#include <cstdint>
#include <functional>

#include "ledger/base/error.h"
#include "ledger/hash.h"
#include "ledger/store.h"
#include "projections/event_record.h"

namespace gongkai::projections {

// Called with each entry and its stored hash; returns false to stop early.
using EntryVisitor = std::function<Result<bool>(const EventRecord& record, const Digest& entry_hash)>;

// Visits entries [from, end) of `store`. Actions are read with
// Action::ParseStored (validated when appended). Errors name the entry.
Status ScanEntries(const Store& store, uint64_t from, uint64_t end, const EntryVisitor& visit);

// Gives every entry [0, min(end, head)) to `apply`, in order, stopping at
// the first error (which names the entry). For folds of a whole ledger.
Status ApplyEntries(const Store& store, uint64_t end, const std::function<Status(const EventRecord&)>& apply);

}  // namespace gongkai::projections
