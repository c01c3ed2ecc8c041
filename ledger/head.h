// The head record of a ledger store: how far the ledger reaches. Read by
// everything that reads a store (projections, replay, the verifier), written
// by the ledger with each batch (ledger/ledger.h).
//
// Stored in column family default under key "head" (ledger/store.h), 80 bytes:
//   size (8, big-endian) ‖ last entry hash (32) ‖ last recorded time (8,
//   big-endian microseconds) ‖ registry digest (32, ledger/checkpoint.h)
#pragma once

#include <string_view>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/bytes.h"
#include "ledger/hash.h"
#include "ledger/store.h"

namespace gongkai {

struct Head {
  uint64_t size = 0;        // number of entries; the next seq
  Digest last_hash{};       // hash of entry size-1 (zeros when empty)
  UnixMicros last_recorded = 0;
  Digest registry_digest{}; // over the registry events so far (checkpoint.h)
};

// The head record of a store (column family default, key "head").
Result<Head> ReadHead(const Store& store);

Bytes EncodeHead(const Head& head);
Result<Head> DecodeHead(std::string_view value);

}  // namespace gongkai
