// Verification of an export directory, needing nothing from the ledger:
// no RocksDB, no network. What it checks is listed in docs/FORMAT.md,
// "Verifying an export".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "ledger/witness_policy.h"
#include "ledger/signing.h"

namespace gongkai {

struct ExportVerifyOptions {
  unsigned jobs = 0;                     // 0 = one per core
  // The log keys as the auditor knows them. An SM2 key left out is taken
  // from the manifest, which must name the one the genesis names (checked
  // when the export holds entries).
  std::optional<LogKeys> log_keys;
  std::vector<WitnessKey> witnesses;     // cosigners whose cosignatures count
  uint64_t quorum = 0;                   // cosignatures the last checkpoint needs
  // A C2SP tlog-policy: the last checkpoint's cosignatures must meet its
  // quorum, and a log it lists under the export's origin must be the log
  // key the export names.
  std::optional<WitnessPolicy> witness_policy;
  bool allow_uncovered_tail = false;     // accept entries after the last checkpoint
  std::function<void(uint64_t)> progress;
};

struct ExportVerifyReport {
  std::string origin;
  uint64_t entries = 0;
  uint64_t checkpoints = 0;
  uint64_t last_checkpoint_size = 0;
  uint64_t last_checkpoint_cosignatures = 0;
  bool simulated = false;  // the genesis marks a simulator's ledger (keys from a public seed)
};

Result<ExportVerifyReport> VerifyExport(const std::string& dir, const ExportVerifyOptions& options);

}  // namespace gongkai
