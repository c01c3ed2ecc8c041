// Full verification of a stored ledger, streaming and parallel.
//
// For every entry from `from` to the head, in order, it checks:
//   1. the entry exists (no gap) and its record frames correctly;
//   2. the record's sequence number is its position;
//   3. its hash equals the hash stored beside it (the entry was not altered);
//   4. its previous-hash field equals the previous entry's hash (the chain);
//   5. its recorded time is not before the previous entry's (no back-dating);
//   6. its action parses, is canonical and valid, and its business time is
//      not after its recorded time by more than kMaxBusinessTimeLead;
//   7. the key registry as of that position authorises it: key registered,
//      valid, not revoked, signer's role; its event id is indexed to it
//      (event ids are unique);
//   8. its signature verifies;
//   9. the Merkle tree nodes it completes are stored, with the right hashes,
//      and a checkpoint stored for the size it completes is signed by the
//      genesis's log key over the root the entries give.
// Checks 6-9 are skipped with chain_only. Finally the head record must name
// the last entry, its hash and recorded time, and (from entry 0, not
// chain_only) the registry index must list exactly the registry events.
// Stream versions are not re-checked: expectedVersion is a concurrency
// guard at append, not a property of the record.
//
// It stops at the first bad entry and returns its error: the code says what
// failed, `seq` says where. Memory is bounded by a few batches, whatever the
// ledger's size; checks 3 and 8 run on `jobs` threads.
#pragma once

#include <functional>

#include "ledger/base/error.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

namespace gongkai {

struct VerifyOptions {
  uint64_t from = 0;
  unsigned jobs = 0;         // worker threads; 0 = one per core
  bool chain_only = false;   // skip checks 6-8
  // Called on the calling thread after each batch: (entries checked, total).
  std::function<void(uint64_t, uint64_t)> progress;
};

struct VerifyReport {
  uint64_t from = 0;
  uint64_t checked = 0;      // entries checked
  Head head;                 // the head that was verified
  bool simulated = false;    // the genesis marks a simulator's ledger (keys from a public seed)
};

Result<VerifyReport> VerifyLedger(const Store& store, const VerifyOptions& options);

}  // namespace gongkai
