// Reading stored entries back as actions, and the key registry rebuilt from
// the registry events the store's registry index lists.
#pragma once

#include "ledger/action.h"
#include "ledger/hash.h"
#include "ledger/key_registry.h"
#include "ledger/store.h"

namespace gongkai {

// The action of stored entry `seq`, with the entry's stored hash.
struct StoredAction {
  Action action;
  Digest entry_hash;
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
