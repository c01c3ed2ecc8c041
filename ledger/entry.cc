#include "ledger/entry.h"

#include "ledger/action.h"

#include <cstring>

namespace gongkai {

static_assert(kEntryHeaderSize + kMaxActionBytes + 2 + kMaxSignatureBytes == kMaxEntryRecordBytes,
              "an entry record of the largest action and signature must fit a tlog-tiles entry bundle");

Bytes EncodeEntry(EntryAlgorithms algorithms, uint64_t seq, UnixMicros recorded_time, const Digest& prev_hash,
                  ByteView action, ByteView signature) {
  Bytes record(kEntryHeaderSize + action.size() + 2 + signature.size());
  uint8_t* p = record.data();
  std::memcpy(p, kEntryMagic, 4);
  p[4] = static_cast<uint8_t>(algorithms.hash);
  p[5] = static_cast<uint8_t>(algorithms.signature);
  p[6] = p[7] = 0;
  PutBigEndian(p + 8, seq, 8);
  PutBigEndian(p + 16, static_cast<uint64_t>(recorded_time), 8);
  std::memcpy(p + 24, prev_hash.data(), prev_hash.size());
  PutBigEndian(p + 56, action.size(), 4);
  std::memcpy(p + 60, action.data(), action.size());
  p += kEntryHeaderSize + action.size();
  PutBigEndian(p, signature.size(), 2);
  std::memcpy(p + 2, signature.data(), signature.size());
  return record;
}

Result<EntryView> DecodeEntry(ByteView record) {
  if (record.size() < kEntryHeaderSize + 2) {
    return Fail(ErrorCode::kCorruption, "entry record is {} bytes, shorter than its header",
                record.size());
  }
  const uint8_t* p = record.data();
  if (std::memcmp(p, kEntryMagic, 4) != 0) {
    return Fail(ErrorCode::kCorruption, "entry record does not start with magic GKE1");
  }
  auto hash_algorithm = HashAlgorithmFromId(p[4]);
  auto signature_algorithm = SignatureAlgorithmFromId(p[5]);
  if (!hash_algorithm || !signature_algorithm) {
    return Fail(ErrorCode::kCorruption, "unknown algorithm ids hash={} signature={}", p[4], p[5]);
  }
  if (p[6] != 0 || p[7] != 0) return Fail(ErrorCode::kCorruption, "reserved bytes are not zero");
  EntryView view;
  view.hash_algorithm = *hash_algorithm;
  view.signature_algorithm = *signature_algorithm;
  view.seq = GetBigEndian(p + 8, 8);
  view.recorded_time = static_cast<UnixMicros>(GetBigEndian(p + 16, 8));
  std::memcpy(view.prev_hash.data(), p + 24, view.prev_hash.size());
  uint64_t action_size = GetBigEndian(p + 56, 4);
  if (kEntryHeaderSize + action_size + 2 > record.size()) {
    return Fail(ErrorCode::kCorruption, "action length {} runs past the record", action_size);
  }
  view.action = record.subspan(kEntryHeaderSize, action_size);
  uint64_t signature_size = GetBigEndian(p + kEntryHeaderSize + action_size, 2);
  if (kEntryHeaderSize + action_size + 2 + signature_size != record.size()) {
    return Fail(ErrorCode::kCorruption, "signature length {} does not end the record",
                signature_size);
  }
  view.signature = record.subspan(kEntryHeaderSize + action_size + 2, signature_size);
  return view;
}

Digest EntryHash(ByteView record) {
  auto algorithm = record.size() > 4 ? HashAlgorithmFromId(record[4]) : Result<HashAlgorithm>(HashAlgorithm::kSha256);
  return Hash(algorithm ? *algorithm : HashAlgorithm::kSha256, record);
}

Status VerifyEntrySignature(const EntryView& entry, const PublicKey& key) {
  if (entry.signature_algorithm != key.algorithm()) {
    return Fail(ErrorCode::kBadSignature, "the entry names signature algorithm {}, but key {} is {}",
                SignatureAlgorithmName(entry.signature_algorithm), key.id(), SignatureAlgorithmName(key.algorithm()));
  }
  return key.Verify(kActionSignatureContext, entry.action, entry.signature);
}

Result<StoredEntry> SplitStoredEntry(ByteView value) {
  if (value.size() < kEntryHeaderSize + 2 + sizeof(Digest)) {
    return Fail(ErrorCode::kCorruption, "stored entry is {} bytes, too short", value.size());
  }
  size_t record_size = value.size() - sizeof(Digest);
  return StoredEntry{value.first(record_size), value.subspan(record_size)};
}

Bytes MakeStoredEntry(ByteView record, const Digest& hash) {
  Bytes value(record.begin(), record.end());
  value.insert(value.end(), hash.begin(), hash.end());
  return value;
}

}  // namespace gongkai
