// Writes an export directory (docs/FORMAT.md, "Exports"): the format that
// ledger/export_format.h describes and tools/verify reads.
//
//   OUT/entries.bin        entries FROM..TO as frames (ExportEntryFrame)
//   OUT/prefix.bin         FROM > 0: the registry events before FROM
//   OUT/checkpoints/N.note every stored checkpoint of a size in FROM+1..TO+1
//   OUT/manifest.json      written last: the export is complete once it exists
// Every write is checked and every file synced before the manifest is
// written; OUT must be new or empty.
#pragma once

#include <functional>
#include <string>

#include "ledger/base/error.h"
#include "ledger/export_format.h"
#include "ledger/store.h"

namespace gongkai {

// Called now and then with (entries written, entries to write).
using ExportProgress = std::function<void(uint64_t done, uint64_t total)>;

// Exports entries `from`..`to` (inclusive) of `store` into `out`.
Result<ExportManifest> WriteExport(const Store& store, const std::string& out, uint64_t from, uint64_t to,
                                   const ExportProgress& progress = nullptr);

}  // namespace gongkai
