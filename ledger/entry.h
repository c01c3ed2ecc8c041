// The entry record: one ledger position, as hashed and stored.
//
// Layout (all integers big-endian; see docs/FORMAT.md for a worked example):
//
//   offset  size  field
//        0     4  magic "GKE1"
//        4     1  hash algorithm id      (1 = SHA-256, 2 = SM3): the ledger's, from its genesis
//        5     1  signature algorithm id (1 = Ed25519, 2 = SM2): the signing key's
//        6     2  reserved, zero
//        8     8  sequence number (genesis is 0)
//       16     8  recorded time, microseconds since the Unix epoch (signed)
//       24    32  entry hash of the previous entry (32 zero bytes at seq 0)
//       56     4  A = length of the action bytes
//       60     A  action bytes: canonical Cap'n Proto, exactly as signed
//     60+A     2  S = length of the signature
//     62+A     S  signature over "gongkai/action/v1\0" ‖ action bytes
//                 (Ed25519: 64 bytes; SM2: DER, at most 72 bytes)
//
// entry hash = H(record), H the algorithm of byte 4. The record is the whole of what is hashed:
// no field of an entry lies outside the hash.
//
// Stored value (RocksDB column family "entries", key = 8-byte big-endian
// seq) = record ‖ entry hash (32 bytes). The trailing copy of the hash lets
// verification tell an altered entry (its hash no longer matches) from a
// broken link (the next entry's previous-hash field no longer matches).
#pragma once

#include <cstdint>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/hash.h"
#include "ledger/signing.h"
#include "ledger/base/time.h"

namespace gongkai {

inline constexpr char kEntryMagic[4] = {'G', 'K', 'E', '1'};
inline constexpr size_t kEntryHeaderSize = 60;
// The longest signature an entry may carry (Ed25519 64, SM2 at most 72), and the
// longest entry record: a tlog-tiles entry bundle frames each record with a
// 2-byte length (docs/SERVER.md, docs/FORMAT.md §2).
inline constexpr size_t kMaxSignatureBytes = 128;
inline constexpr size_t kMaxEntryRecordBytes = 65'535;

// Non-owning view of a decoded record; valid while the record bytes are.
struct EntryView {
  uint64_t seq;
  UnixMicros recorded_time;
  Digest prev_hash;
  HashAlgorithm hash_algorithm;
  SignatureAlgorithm signature_algorithm;
  ByteView action;
  ByteView signature;
};

// The algorithms an entry record names: the ledger's hash algorithm and the
// algorithm of the key that signed the action.
struct EntryAlgorithms {
  HashAlgorithm hash;
  SignatureAlgorithm signature;
};

Bytes EncodeEntry(EntryAlgorithms algorithms, uint64_t seq, UnixMicros recorded_time, const Digest& prev_hash,
                  ByteView action, ByteView signature);

// Checks framing only (magic, algorithm ids, lengths); the contents are
// checked by Action::Parse and signature verification.
Result<EntryView> DecodeEntry(ByteView record);

// H(record), H the hash algorithm the record's byte 4 names (a record
// DecodeEntry accepted names a known one).
Digest EntryHash(ByteView record);

// Checks the entry's signature with `key`: the record's signature algorithm
// byte must be the key's algorithm, and the signature must verify over
// "gongkai/action/v1\0" ‖ action.
Status VerifyEntrySignature(const EntryView& entry, const PublicKey& key);

// A stored value split into the record and the hash stored beside it.
struct StoredEntry {
  ByteView record;
  ByteView stored_hash;
};
Result<StoredEntry> SplitStoredEntry(ByteView value);
Bytes MakeStoredEntry(ByteView record, const Digest& hash);

}  // namespace gongkai
