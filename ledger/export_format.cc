#include "ledger/export_format.h"

#include <bit>

#include <capnp/message.h>

#include "ledger/base/file.h"
#include "ledger/capnp_text.h"
#include "ledger/entry.h"
#include "ledger/json_codec.h"
#include "ledger/schema/audit.capnp.h"

namespace gongkai {

std::string ExportManifestToJson(const ExportManifest& manifest) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::ExportManifest>();
  root.setFormat(std::string(kExportFormat));
  root.setOrigin(manifest.origin);
  root.setLogKey(ToHex(manifest.log_key));
  if (!manifest.sm2_log_key.empty()) root.setSm2LogKey(ToHex(manifest.sm2_log_key));
  root.setFrom(manifest.from);
  root.setTo(manifest.to);
  root.setEntriesFile(std::string(kExportEntriesFile));
  root.setEntriesSha256(manifest.entries_sha256);
  auto files = root.initCheckpoints(static_cast<unsigned>(manifest.checkpoint_files.size()));
  for (unsigned i = 0; i < files.size(); ++i) files.set(i, manifest.checkpoint_files[i]);
  if (manifest.from > 0) {
    auto frontier = root.initFrontier(static_cast<unsigned>(manifest.frontier.size()));
    for (unsigned i = 0; i < frontier.size(); ++i) frontier.set(i, ToBase64(manifest.frontier[i]));
    root.setPrefixFile(std::string(kExportPrefixFile));
    root.setPrefixSha256(manifest.prefix_sha256);
  }
  return EncodeJson(root.asReader(), /*pretty=*/true) + "\n";
}

Result<ExportManifest> ExportManifestFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::ExportManifest>();
  if (auto s = DecodeJson(json, root); !s) {
    return Fail(s.error().code, "manifest.json: {}", s.error().message);
  }
  if (std::string_view(root.getFormat().cStr()) != kExportFormat) {
    return Fail(ErrorCode::kMalformed, "manifest.json: format '{}', this program reads '{}'", root.getFormat().cStr(),
                kExportFormat);
  }
  if (std::string_view(root.getEntriesFile().cStr()) != kExportEntriesFile) {
    return Fail(ErrorCode::kMalformed, "manifest.json: entriesFile must be '{}'", kExportEntriesFile);
  }
  auto key = FromHex(root.getLogKey().cStr());
  if (!key || key->size() != 32) return Fail(ErrorCode::kMalformed, "manifest.json: logKey must be 64 hex digits");
  Bytes sm2_log_key;
  if (root.hasSm2LogKey()) {
    auto sm2 = FromHex(root.getSm2LogKey().cStr());
    if (!sm2 || sm2->size() != kSm2PublicKeySize) {
      return Fail(ErrorCode::kMalformed, "manifest.json: sm2LogKey must be {} hex digits", 2 * kSm2PublicKeySize);
    }
    sm2_log_key = std::move(*sm2);
  }
  ExportManifest manifest{root.getOrigin().cStr(), std::move(*key), std::move(sm2_log_key), root.getFrom(),
                          root.getTo(), root.getEntriesSha256().cStr(), {}};
  if (manifest.from > manifest.to) return Fail(ErrorCode::kMalformed, "manifest.json: 'from' is after 'to'");
  if (manifest.from > 0) {
    if (std::string_view(root.getPrefixFile().cStr()) != kExportPrefixFile) {
      return Fail(ErrorCode::kMalformed, "manifest.json: prefixFile must be '{}'", kExportPrefixFile);
    }
    manifest.prefix_sha256 = root.getPrefixSha256().cStr();
    for (auto text : root.getFrontier()) {
      auto hash = FromBase64(TextView(text));
      if (!hash || hash->size() != sizeof(Digest)) {
        return Fail(ErrorCode::kMalformed, "manifest.json: each frontier hash must be 32 bytes in base64");
      }
      Digest digest;
      std::copy(hash->begin(), hash->end(), digest.begin());
      manifest.frontier.push_back(digest);
    }
    if (manifest.frontier.size() != static_cast<size_t>(std::popcount(manifest.from))) {
      return Fail(ErrorCode::kMalformed, "manifest.json: {} frontier hashes, {} expected for from = {}",
                  manifest.frontier.size(), std::popcount(manifest.from), manifest.from);
    }
  }
  for (auto file : root.getCheckpoints()) {
    std::string name = file.cStr();
    if (name.find("..") != std::string::npos || name.starts_with("/")) {
      return Fail(ErrorCode::kMalformed, "manifest.json: checkpoint file '{}' leaves the export", name);
    }
    manifest.checkpoint_files.push_back(std::move(name));
  }
  return manifest;
}

std::string ExportEntryFrame(ByteView record, ByteView entry_hash) {
  std::string frame(4, '\0');
  PutBigEndian(reinterpret_cast<uint8_t*>(frame.data()), record.size(), 4);
  frame.append(AsChars(record));
  frame.append(AsChars(entry_hash));
  return frame;
}

Result<ExportEntryReader> ExportEntryReader::Open(const std::string& path) {
  ExportEntryReader reader;
  reader.path_ = path;
  reader.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!reader.file_) return std::unexpected(OpenFailure(path));
  return reader;
}

Result<std::optional<std::string>> ExportEntryReader::Next() {
  uint8_t length_bytes[4];
  size_t got = std::fread(length_bytes, 1, 4, file_.get());
  if (got == 0) return std::optional<std::string>();
  if (got != 4) return Fail(ErrorCode::kCorruption, "{}: truncated length at byte {}", path_, offset_);
  uint64_t length = GetBigEndian(length_bytes, 4);
  if (length > kMaxEntryRecordBytes) return Fail(ErrorCode::kCorruption, "{}: record length {} at byte {} is too large", path_, length, offset_);
  std::string value(length + 32, '\0');
  if (std::fread(value.data(), 1, value.size(), file_.get()) != value.size()) {
    return Fail(ErrorCode::kCorruption, "{}: truncated record at byte {}", path_, offset_);
  }
  offset_ += 4 + value.size();
  return std::optional<std::string>(std::move(value));
}

}  // namespace gongkai
