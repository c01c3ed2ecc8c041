#include "tools/verify/export_verifier.h"

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <random>
#include <unordered_set>

#include "ledger/action.h"
#include "ledger/base/file.h"
#include "ledger/chain_checker.h"
#include "ledger/entry.h"
#include "ledger/checkpoint.h"
#include "ledger/export_format.h"
#include "ledger/merkle.h"

namespace gongkai {
namespace {

Result<Digest> FileSha256(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::unexpected(OpenFailure(path));
  HashStream digest;
  std::vector<char> buffer(1 << 20);
  while (file) {
    file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    digest.Update(ByteView(reinterpret_cast<const uint8_t*>(buffer.data()), static_cast<size_t>(file.gcount())));
  }
  return digest.Finish();
}

struct LoadedCheckpoint {
  std::string file;
  SignedNote note;
  Checkpoint checkpoint;
};

// 16 bytes of SHA-256 per event id: the uniqueness check needs no more, and
// stays small (about 40 MB for a million entries).
struct EventIdKey {
  std::array<uint8_t, 16> bytes;
  bool operator==(const EventIdKey&) const = default;
};
// Buckets by bytes 8..15 of the key XOR a per-run random value, so that
// event ids chosen to collide cannot make the check quadratic.
struct EventIdKeyHash {
  size_t salt;
  size_t operator()(const EventIdKey& k) const {
    size_t h;
    std::memcpy(&h, k.bytes.data() + 8, sizeof h);
    return h ^ salt;
  }
};

// Where the chain check starts. From entry 0: nothing before. From entry
// N > 0: the registry rebuilt from prefix.bin (each event checked as at
// append: authorised, signed, applied in order), the registry digest over
// them (a checkpoint's digest then proves none is missing), the Merkle edge
// from the manifest (checkpoint roots then prove it), and the previous hash
// entry N itself names (its leaf, under a checkpoint, proves it).
Result<ChainStart> PrepareStart(const ExportManifest& manifest, const std::string& prefix_path,
                                const std::string& entries_path) {
  ChainStart start;
  start.from = manifest.from;
  if (manifest.from == 0) return start;
  auto prefix = ExportEntryReader::Open(prefix_path);
  GK_RETURN_IF_ERROR(prefix);
  std::optional<uint64_t> first_seq, last;
  while (true) {
    auto value = prefix->Next();
    GK_RETURN_IF_ERROR(value);
    if (!*value) break;
    auto stored = SplitStoredEntry(AsBytes(**value));
    GK_RETURN_IF_ERROR(stored);
    auto entry = DecodeEntry(stored->record);
    GK_RETURN_IF_ERROR(entry);
    uint64_t seq = entry->seq;
    Digest hash = EntryHash(stored->record);
    if (!std::equal(hash.begin(), hash.end(), stored->stored_hash.begin())) {
      return FailAt(seq, ErrorCode::kCorruption, "prefix.bin: entry hash does not match its contents");
    }
    if (seq >= manifest.from || (last && seq <= *last)) {
      return FailAt(seq, ErrorCode::kCorruption, "prefix.bin: entries out of order or not before {}", manifest.from);
    }
    if (!first_seq) first_seq = seq;
    last = seq;
    auto action = Action::Parse(entry->action);
    if (!action) return FailAt(seq, action.error().code, "prefix.bin: {}", action.error().message);
    if (!IsRegistryPayload(action->kind())) {
      return FailAt(seq, ErrorCode::kCorruption, "prefix.bin holds a {} entry, not a registry event",
                    PayloadKindName(action->kind()));
    }
    if (auto s = start.registry.Authorize(*action, entry->recorded_time); !s) {
      return FailAt(seq, s.error().code, "prefix.bin: {}", s.error().message);
    }
    auto key = start.registry.SigningKey(*action);
    if (!key) return FailAt(seq, key.error().code, "prefix.bin: {}", key.error().message);
    if (auto s = VerifyEntrySignature(*entry, *key); !s) {
      return FailAt(seq, ErrorCode::kBadSignature, "prefix.bin: {}", s.error().message);
    }
    if (auto s = start.registry.Apply(*action, seq); !s) return FailAt(seq, s.error().code, "prefix.bin: {}", s.error().message);
    if (entry->hash_algorithm != start.registry.hash_algorithm()) {
      return FailAt(seq, ErrorCode::kCorruption, "prefix.bin: the entry names hash algorithm {}, the ledger's is {}",
                    HashAlgorithmName(entry->hash_algorithm), HashAlgorithmName(start.registry.hash_algorithm()));
    }
    start.registry_digest = RegistryDigestStep(entry->hash_algorithm, start.registry_digest, hash);
  }
  if (!first_seq || *first_seq != 0) return Fail(ErrorCode::kCorruption, "prefix.bin does not start with the genesis");
  start.hash = start.registry.hash_algorithm();
  size_t i = 0;
  auto frontier = MerkleFrontier::Load(
      NodeSource{*start.hash,
                 [&](int, uint64_t) -> Result<Digest> {
                   if (i >= manifest.frontier.size()) {
                     return Fail(ErrorCode::kMalformed, "manifest.json: too few frontier hashes");
                   }
                   return manifest.frontier[i++];
                 }},
      manifest.from);
  GK_RETURN_IF_ERROR(frontier);
  start.frontier = std::move(*frontier);
  // The chain continues from what entry `from` names as its predecessor.
  auto entries = ExportEntryReader::Open(entries_path);
  GK_RETURN_IF_ERROR(entries);
  auto first = entries->Next();
  GK_RETURN_IF_ERROR(first);
  if (*first) {
    auto stored = SplitStoredEntry(AsBytes(**first));
    auto entry = stored ? DecodeEntry(stored->record) : Result<EntryView>(std::unexpected(stored.error()));
    if (entry) start.prev_hash = entry->prev_hash;
  }
  return start;
}

}  // namespace

Result<ExportVerifyReport> VerifyExport(const std::string& dir, const ExportVerifyOptions& options) {
  namespace fs = std::filesystem;
  auto manifest_text = ReadWholeFile((fs::path(dir) / kExportManifestFile).string());
  GK_RETURN_IF_ERROR(manifest_text);
  auto manifest = ExportManifestFromJson(*manifest_text);
  GK_RETURN_IF_ERROR(manifest);
  if (manifest->to == UINT64_MAX) return Fail(ErrorCode::kMalformed, "manifest.json: 'to' is out of range");
  auto log_key = PublicKey::FromRaw(SignatureAlgorithm::kEd25519, manifest->log_key);
  GK_RETURN_IF_ERROR(log_key);
  if (options.log_keys && options.log_keys->ed25519 != *log_key) {
    return Fail(ErrorCode::kWrongLedger, "the export names log key {}, not the one given ({})", log_key->id(),
                options.log_keys->ed25519.id());
  }
  if (options.witness_policy) {
    const auto& logs = options.witness_policy->logs();
    const bool named = std::any_of(logs.begin(), logs.end(), [&](const PolicyLog& log) {
      return log.key.name == manifest->origin && log.key.key == *log_key;
    });
    if (!logs.empty() && !named) {
      return Fail(ErrorCode::kWrongLedger, "the witness policy lists no log '{}' with the log key the export names ({})",
                  manifest->origin, log_key->id());
    }
  }
  LogKeys log_keys{*log_key, std::nullopt};
  if (!manifest->sm2_log_key.empty()) {
    auto sm2 = PublicKey::FromRaw(SignatureAlgorithm::kSm2, manifest->sm2_log_key);
    GK_RETURN_IF_ERROR(sm2);
    log_keys.sm2 = std::move(*sm2);
  }
  if (options.log_keys && options.log_keys->sm2 && options.log_keys->sm2 != log_keys.sm2) {
    return Fail(ErrorCode::kWrongLedger, "the export names {}, not the SM2 log key given ({})",
                log_keys.sm2 ? "SM2 log key " + log_keys.sm2->id() : std::string("no SM2 log key"),
                options.log_keys->sm2->id());
  }
  std::string entries_path = (fs::path(dir) / kExportEntriesFile).string();
  auto digest = FileSha256(entries_path);
  GK_RETURN_IF_ERROR(digest);
  // A file whose digest differs is named once the entries have been read,
  // so that a changed entry is named by its seq first.
  std::optional<std::string> altered_file;
  if (ToHex(*digest) != manifest->entries_sha256) altered_file = entries_path;
  std::string prefix_path = (fs::path(dir) / kExportPrefixFile).string();
  if (manifest->from > 0) {
    auto prefix_digest = FileSha256(prefix_path);
    GK_RETURN_IF_ERROR(prefix_digest);
    if (ToHex(*prefix_digest) != manifest->prefix_sha256) altered_file = prefix_path;
  }

  // Every checkpoint must be signed by the log; two of the same size are a
  // fork whatever the entries say.
  std::map<uint64_t, LoadedCheckpoint> checkpoints;
  for (const std::string& file : manifest->checkpoint_files) {
    auto text = ReadWholeFile((fs::path(dir) / file).string());
    GK_RETURN_IF_ERROR(text);
    auto note = ParseSignedNote(*text);
    if (!note) return Fail(note.error().code, "{}: {}", file, note.error().message);
    auto checkpoint = OpenCheckpoint(*note, manifest->origin, log_keys);
    if (!checkpoint) return Fail(checkpoint.error().code, "{}: {}", file, checkpoint.error().message);
    if (checkpoint->size <= manifest->from) {
      return Fail(ErrorCode::kMalformed, "{}: size {} does not reach the export's first entry {}", file,
                  checkpoint->size, manifest->from);
    }
    auto [it, inserted] = checkpoints.emplace(checkpoint->size, LoadedCheckpoint{file, *note, *checkpoint});
    if (!inserted && it->second.checkpoint.root != checkpoint->root) {
      return FailAt(checkpoint->size - 1, ErrorCode::kCorruption,
                    "two signed checkpoints of size {} with different roots ({} and {}): the log forked its history",
                    checkpoint->size, it->second.file, file);
    }
  }

  // The entries, through the same checks as the ledger's own verify; the
  // Merkle root at each checkpoint size must be the signed one.
  std::unordered_set<EventIdKey, EventIdKeyHash> event_ids(
      1024, EventIdKeyHash{static_cast<size_t>(std::random_device{}()) << 32 | std::random_device{}()});
  ChainChecker* self = nullptr;
  ChainCheckOptions check;
  check.jobs = options.jobs;
  check.progress = options.progress;
  check.event_id_check = [&](std::string_view event_id, uint64_t seq) -> std::optional<Error> {
    Digest d = Sha256(AsBytes(event_id));
    EventIdKey key;
    std::copy(d.begin(), d.begin() + 16, key.bytes.begin());
    if (event_ids.insert(key).second) return std::nullopt;
    return Error{ErrorCode::kCorruption,
                 fmt::format("event id '{}' appears twice (event ids must be unique)", event_id), seq};
  };
  check.on_node = [&](const MerkleNode& node, uint64_t seq) -> std::optional<Error> {
    if (node.level != 0) return std::nullopt;
    auto it = checkpoints.find(seq + 1);
    if (it == checkpoints.end()) return std::nullopt;
    if (self->frontier().hash() != it->second.checkpoint.hash) {
      return Error{ErrorCode::kCorruption,
                   fmt::format("{} names hash algorithm {}, the ledger's is {}", it->second.file,
                               HashAlgorithmName(it->second.checkpoint.hash), HashAlgorithmName(self->frontier().hash())),
                   seq};
    }
    if (self->frontier().Root() != it->second.checkpoint.root) {
      return Error{ErrorCode::kCorruption,
                   fmt::format("the entries up to here do not give the root signed in {} (history rewritten)",
                               it->second.file),
                   seq};
    }
    if (self->RegistryDigestAt(seq + 1) != it->second.checkpoint.registry) {
      return Error{ErrorCode::kCorruption,
                   fmt::format("the registry events up to here do not give the registry digest signed in {}",
                               it->second.file),
                   seq};
    }
    return std::nullopt;
  };
  auto start = PrepareStart(*manifest, prefix_path, entries_path);
  GK_RETURN_IF_ERROR(start);
  ChainChecker checker(std::move(*start), std::move(check));
  self = &checker;

  auto reader = ExportEntryReader::Open(entries_path);
  GK_RETURN_IF_ERROR(reader);
  std::optional<Error> read_failure;
  for (uint64_t seq = manifest->from;; ++seq) {
    auto value = reader->Next();
    if (!value) {
      read_failure = Error{value.error().code, value.error().message, seq};
      break;
    }
    if (!*value) break;
    if (seq > manifest->to) {
      read_failure = Error{ErrorCode::kCorruption,
                           fmt::format("entry beyond the last one the manifest names ({})", manifest->to), seq};
      break;
    }
    if (!checker.Feed(seq, std::move(**value))) break;
  }
  std::optional<Error> failure = EarlierFailure(checker.Finish(), read_failure);
  if (!failure && checker.next_seq() != manifest->to + 1) {
    failure = Error{ErrorCode::kCorruption,
                    fmt::format("entries end here but the manifest names entries up to {} (truncated)", manifest->to),
                    checker.next_seq()};
  }
  if (!failure && checker.next_seq() > manifest->from) {
    // The log keys and origin the checkpoints are checked with must be the
    // ones the genesis names: otherwise a made-up ledger with its own keys
    // could borrow the real log key's name, or a manifest drop the SM2 key.
    const KeyRegistry& registry = checker.registry();
    if (registry.log_keys() != log_keys || registry.origin() != manifest->origin) {
      failure = Error{ErrorCode::kWrongLedger,
                      "the genesis names other log keys or another origin than the manifest", 0};
    }
  }
  if (!failure) {
    for (const auto& [size, loaded] : checkpoints) {
      if (size > checker.next_seq()) {
        failure = Error{ErrorCode::kCorruption,
                        fmt::format("{} is signed for {} entries, but the export ends at {} (entries removed)",
                                    loaded.file, size, checker.next_seq()),
                        checker.next_seq()};
        break;
      }
    }
  }
  if (failure) return std::unexpected(*failure);
  if (checker.next_seq() == manifest->from) return Fail(ErrorCode::kCorruption, "the export holds no entries");
  if (altered_file) {
    return Fail(ErrorCode::kCorruption, "{} does not have the SHA-256 the manifest names", *altered_file);
  }

  // Every entry must be under a signed checkpoint: entries after the last
  // one are tied to nothing but the keys in the export itself.
  uint64_t covered = checkpoints.empty() ? 0 : checkpoints.rbegin()->first;
  if (uint64_t first_uncovered = std::max(covered, manifest->from);
      first_uncovered < checker.next_seq() && !options.allow_uncovered_tail) {
    return FailAt(first_uncovered, ErrorCode::kCorruption,
                  "entries {}..{} are under no signed checkpoint (sign one with 'gongkai checkpoint' before "
                  "exporting, or accept them unproven with --allow-uncovered-tail)",
                  first_uncovered, checker.next_seq() - 1);
  }
  ExportVerifyReport report{manifest->origin, checker.next_seq() - manifest->from, checkpoints.size(), covered, 0,
                            checker.registry().simulated()};
  if (!checkpoints.empty()) {
    const LoadedCheckpoint& last = checkpoints.rbegin()->second;
    report.last_checkpoint_cosignatures = CountCosignatures(last.note, options.witnesses);
  }
  if (report.last_checkpoint_cosignatures < options.quorum) {
    return Fail(ErrorCode::kBadSignature, "the last checkpoint has {} valid cosignatures, {} are required",
                report.last_checkpoint_cosignatures, options.quorum);
  }
  if (options.witness_policy && !options.witness_policy->requires_none() &&
      (checkpoints.empty() || !options.witness_policy->Satisfied(checkpoints.rbegin()->second.note))) {
    return Fail(ErrorCode::kBadSignature, "the last checkpoint's cosignatures do not meet the witness policy's quorum");
  }
  return report;
}

}  // namespace gongkai
