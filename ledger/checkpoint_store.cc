#include "ledger/checkpoint_store.h"

#include "ledger/head.h"

namespace gongkai {

void PutCheckpoint(const Store& store, rocksdb::WriteBatch& batch, uint64_t size, const SignedNote& note) {
  batch.Put(store.family(Family::kCheckpoints), ToSlice(SeqKey(size)), note.ToString());
}

Result<std::optional<SignedNote>> LoadCheckpoint(const Store& store, uint64_t size) {
  auto value = store.Get(Family::kCheckpoints, SeqKey(size));
  GK_RETURN_IF_ERROR(value);
  if (!*value) return std::optional<SignedNote>();
  auto note = ParseSignedNote(**value);
  if (!note) return Fail(ErrorCode::kCorruption, "stored checkpoint {}: {}", size, note.error().message);
  return std::optional<SignedNote>(std::move(*note));
}

Result<std::vector<uint64_t>> CheckpointSizes(const Store& store) {
  std::vector<uint64_t> sizes;
  auto it = store.Scan(Family::kCheckpoints);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Fail(ErrorCode::kCorruption, "malformed checkpoint key");
    sizes.push_back(GetBigEndian(ToBytes(it->key()).data(), 8));
  }
  if (!it->status().ok()) return Fail(ErrorCode::kIo, "reading checkpoints: {}", it->status().ToString());
  return sizes;
}

Status MergeCosignatures(Store& store, const SignedNote& cosigned) {
  auto checkpoint = ParseCheckpointBody(cosigned.body);
  GK_RETURN_IF_ERROR(checkpoint);
  auto stored = LoadCheckpoint(store, checkpoint->size);
  GK_RETURN_IF_ERROR(stored);
  if (!*stored) return Fail(ErrorCode::kNotFound, "no stored checkpoint of size {}", checkpoint->size);
  if ((*stored)->body != cosigned.body) {
    return Fail(ErrorCode::kInvalidArgument, "the checkpoint of size {} differs from the stored one", checkpoint->size);
  }
  SignedNote merged = **stored;
  constexpr size_t kMaxSignatureLines = 64;
  for (const NoteSignature& s : cosigned.signatures) {
    // Only cosignature-shaped lines (key id, timestamp, Ed25519 signature)
    // by others than the log; who counts is decided when they are read,
    // against trusted keys.
    if (s.blob.size() != 4 + 8 + kEd25519SignatureSize || s.name == checkpoint->origin) continue;
    if (merged.signatures.size() >= kMaxSignatureLines) {
      return Fail(ErrorCode::kTooLarge, "a checkpoint keeps at most {} signature lines", kMaxSignatureLines);
    }
    bool known = std::any_of(merged.signatures.begin(), merged.signatures.end(),
                             [&](const NoteSignature& m) { return m.name == s.name && m.blob == s.blob; });
    if (!known) merged.signatures.push_back(s);
  }
  rocksdb::WriteBatch batch;
  PutCheckpoint(store, batch, checkpoint->size, merged);
  return store.Write(batch, /*sync=*/true);
}

Result<std::optional<SignedNote>> LatestCheckpointWithQuorum(const Store& store,
                                                             const std::vector<WitnessKey>& witnesses,
                                                             size_t quorum) {
  auto sizes = CheckpointSizes(store);
  GK_RETURN_IF_ERROR(sizes);
  for (auto size = sizes->rbegin(); size != sizes->rend(); ++size) {
    auto note = LoadCheckpoint(store, *size);
    GK_RETURN_IF_ERROR(note);
    if (!*note || CountCosignatures(**note, witnesses) < quorum) continue;
    // Never a checkpoint larger than the ledger: that is evidence of
    // removed entries, not something to publish.
    auto head = ReadHead(store);
    GK_RETURN_IF_ERROR(head);
    if (*size > head->size) {
      return Fail(ErrorCode::kCorruption,
                  "the latest checkpoint with the quorum is of size {}, but the ledger holds {} entries: entries "
                  "were removed (gongkai verify names them)",
                  *size, head->size);
    }
    return note;
  }
  return std::optional<SignedNote>();
}

}  // namespace gongkai
