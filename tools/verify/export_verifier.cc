#include "tools/verify/export_verifier.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_set>

#include "ledger/chain_checker.h"
#include "ledger/checkpoint.h"
#include "ledger/export_format.h"
#include "ledger/merkle.h"

namespace gongkai {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kNotFound, "cannot open {}", path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<Digest> FileSha256(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kNotFound, "cannot open {}", path);
  Sha256Stream digest;
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
struct EventIdKeyHash {
  size_t operator()(const EventIdKey& k) const {
    size_t h;
    std::memcpy(&h, k.bytes.data(), sizeof h);
    return h;
  }
};

}  // namespace

Result<ExportVerifyReport> VerifyExport(const std::string& dir, const ExportVerifyOptions& options) {
  namespace fs = std::filesystem;
  auto manifest_text = ReadFile((fs::path(dir) / kExportManifestFile).string());
  if (!manifest_text) return std::unexpected(manifest_text.error());
  auto manifest = ExportManifestFromJson(*manifest_text);
  if (!manifest) return std::unexpected(manifest.error());
  auto log_key = PublicKey::FromRaw(manifest->log_key);
  if (!log_key) return std::unexpected(log_key.error());
  if (options.log_key && options.log_key->raw() != log_key->raw()) {
    return Fail(ErrorCode::kWrongLedger, "the export names log key {}, not the one given ({})", log_key->id(),
                options.log_key->id());
  }
  std::string entries_path = (fs::path(dir) / kExportEntriesFile).string();
  auto digest = FileSha256(entries_path);
  if (!digest) return std::unexpected(digest.error());
  bool entries_file_intact = ToHex(*digest) == manifest->entries_sha256;

  // Every checkpoint must be signed by the log; two of the same size are a
  // fork whatever the entries say.
  std::map<uint64_t, LoadedCheckpoint> checkpoints;
  for (const std::string& file : manifest->checkpoint_files) {
    auto text = ReadFile((fs::path(dir) / file).string());
    if (!text) return std::unexpected(text.error());
    auto note = ParseSignedNote(*text);
    if (!note) return Fail(note.error().code, "{}: {}", file, note.error().message);
    auto checkpoint = OpenCheckpoint(*note, manifest->origin, *log_key);
    if (!checkpoint) return Fail(checkpoint.error().code, "{}: {}", file, checkpoint.error().message);
    auto [it, inserted] = checkpoints.emplace(checkpoint->size, LoadedCheckpoint{file, *note, *checkpoint});
    if (!inserted && it->second.checkpoint.root != checkpoint->root) {
      return FailAt(checkpoint->size - 1, ErrorCode::kCorruption,
                    "two signed checkpoints of size {} with different roots ({} and {}): the log forked its history",
                    checkpoint->size, it->second.file, file);
    }
  }

  // The entries, through the same checks as the ledger's own verify; the
  // Merkle root at each checkpoint size must be the signed one.
  std::unordered_set<EventIdKey, EventIdKeyHash> event_ids;
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
    if (it == checkpoints.end() || self->frontier().Root() == it->second.checkpoint.root) return std::nullopt;
    return Error{ErrorCode::kCorruption,
                 fmt::format("the entries up to here do not give the root signed in {} (history rewritten)",
                             it->second.file),
                 seq};
  };
  ChainChecker checker(ChainStart{}, std::move(check));
  self = &checker;

  auto reader = ExportEntryReader::Open(entries_path);
  if (!reader) return std::unexpected(reader.error());
  std::optional<Error> read_failure;
  for (uint64_t seq = 0;; ++seq) {
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
  if (!failure) {
    for (const auto& [size, loaded] : checkpoints) {
      if (size > checker.next_seq() || size == 0) {
        failure = Error{ErrorCode::kCorruption,
                        fmt::format("{} is signed for {} entries, but the export has {} (entries removed)",
                                    loaded.file, size, checker.next_seq()),
                        checker.next_seq()};
        break;
      }
    }
  }
  if (failure) return std::unexpected(*failure);
  if (!entries_file_intact) {
    return Fail(ErrorCode::kCorruption, "{} does not have the SHA-256 the manifest names", entries_path);
  }

  ExportVerifyReport report{manifest->origin, checker.next_seq(), checkpoints.size(), 0, 0};
  if (!checkpoints.empty()) {
    const LoadedCheckpoint& last = checkpoints.rbegin()->second;
    report.last_checkpoint_size = last.checkpoint.size;
    for (const WitnessKey& w : options.witnesses) {
      report.last_checkpoint_cosignatures += VerifyCosignature(last.note, w.name, w.key).has_value();
    }
  }
  if (report.last_checkpoint_cosignatures < options.quorum) {
    return Fail(ErrorCode::kBadSignature, "the last checkpoint has {} valid cosignatures, {} are required",
                report.last_checkpoint_cosignatures, options.quorum);
  }
  return report;
}

}  // namespace gongkai
