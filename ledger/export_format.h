// The export directory an auditor takes away (docs/FORMAT.md, "Exports"):
//
//   manifest.json            schema/audit.capnp ExportManifest, as JSON
//   entries.bin              for each entry from `from` to `to`, in order:
//                              u32 (BE) record length ‖ record ‖ entry hash (32)
//   checkpoints/<size>.note  each signed checkpoint of a size in (from, to+1],
//                            with its cosignatures
//   prefix.bin               from > 0: every registry event before `from`, same
//                            framing (their completeness is proven by the
//                            registry digest the checkpoints sign)
//
// Reading and writing the framing lives here, in the storage-free core, so
// the offline verifier and the exporter share it.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/hash.h"

namespace gongkai {

inline constexpr std::string_view kExportFormat = "gongkai-export-1";
inline constexpr std::string_view kExportEntriesFile = "entries.bin";
inline constexpr std::string_view kExportManifestFile = "manifest.json";
inline constexpr std::string_view kExportCheckpointDir = "checkpoints";
inline constexpr std::string_view kExportPrefixFile = "prefix.bin";

struct ExportManifest {
  std::string origin;
  Bytes log_key;  // raw Ed25519 public key
  Bytes sm2_log_key;  // where the genesis names one: the raw SM2 public key (65 bytes), else empty
  uint64_t from = 0;
  uint64_t to = 0;
  std::string entries_sha256;  // hex
  std::vector<std::string> checkpoint_files;  // relative to the export directory
  std::vector<Digest> frontier;  // from > 0: the tree's edge at `from`, largest subtree first
  std::string prefix_sha256;     // from > 0: hex SHA-256 of prefix.bin
};

std::string ExportManifestToJson(const ExportManifest& manifest);
Result<ExportManifest> ExportManifestFromJson(std::string_view json);

// Reads entries.bin one stored value (record ‖ entry hash) at a time.
class ExportEntryReader {
 public:
  static Result<ExportEntryReader> Open(const std::string& path);
  // The next stored value; nullopt at the end of the file.
  Result<std::optional<std::string>> Next();

 private:
  struct FileClose {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<FILE, FileClose> file_;
  std::string path_;
  uint64_t offset_ = 0;
};

// The frame of one entry in entries.bin.
std::string ExportEntryFrame(ByteView record, ByteView entry_hash);

}  // namespace gongkai
