// Reading stored entries back as actions, and the key registry rebuilt from
// the registry events the store's registry index lists.
#pragma once

#include <functional>

#include "ledger/action.h"
#include "ledger/entry.h"
#include "ledger/hash.h"
#include "ledger/key_registry.h"
#include "ledger/store.h"

namespace gongkai {

// Calls `use` with stored entry `seq` decoded (views into the stored value,
// valid during the call) and its stored hash; its error is returned.
// Errors: kCorruption naming the entry for a missing or malformed one.
Status ReadEntry(const Store& store, uint64_t seq,
                 const std::function<Status(const EntryView& entry, ByteView stored_hash)>& use);

// The action of stored entry `seq`, with the entry's stored hash and the
// time the ledger recorded it.
struct StoredAction {
  Action action;
  Digest entry_hash;
  UnixMicros recorded_time = 0;
};
Result<StoredAction> ReadStoredAction(const Store& store, uint64_t seq);

// Entry 0 of a store, parsed (it must be the genesis).
Result<Action> ReadGenesis(const Store& store);

// The registry folded from the registry events before entry `before`, and
// their registry digest (checkpoint.h). The events were checked when they
// were appended (and are again by a full verify); a stored event that no
// longer applies is corruption.
struct StoredRegistry {
  KeyRegistry registry;
  Digest digest{};
};
Result<StoredRegistry> LoadStoredRegistry(const Store& store, uint64_t before = UINT64_MAX);

}  // namespace gongkai
