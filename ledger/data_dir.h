// The layout of a data directory, in one place:
//   DIR/ledger        the RocksDB store of the ledger (ledger/store.h)
//   DIR/log-key.pem   the ledger's checkpoint-signing key (mode 0600)
//   DIR/log-key.pub   its public half, which auditors and witnesses need
//   DIR/projections   the projections' RocksDB store, rebuilt from the ledger
//                     at any time (projections/projection_db.h)
//   DIR/access-log.jsonl  who read what through `gongkai serve`, hash-chained
//                     (tools/server/access_log.h)
// A read-only data directory (an auditor's copy, a read-only mount) is
// queried with its projections built in a scratch directory instead.
#pragma once

#include <memory>
#include <string>

#include "ledger/base/error.h"
#include "ledger/genesis.h"
#include "ledger/ledger.h"

namespace gongkai {

class DataDir {
 public:
  explicit DataDir(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string ledger() const { return root_ + "/ledger"; }
  std::string log_key() const { return root_ + "/log-key.pem"; }
  std::string log_public_key() const { return root_ + "/log-key.pub"; }
  // The SM2 log key, where the genesis names one (docs/FORMAT.md §8).
  std::string sm2_log_key() const { return root_ + "/log-sm2-key.pem"; }
  std::string sm2_log_public_key() const { return root_ + "/log-sm2-key.pub"; }
  std::string access_log() const { return root_ + "/access-log.jsonl"; }
  // The CA roots configured for the ledger (PEM, optional; docs/FORMAT.md §8).
  std::string ca_roots() const { return root_ + "/ca-roots.pem"; }
  // DIR/projections when DIR can be written; otherwise a directory of this
  // user's under $TMPDIR (or /tmp), one per data directory, kept between
  // runs so each query only catches up. The scratch directory is created
  // with mode 0700 and refused if another user owns it.
  Result<std::string> projections() const;
  // Where temporary stores (a replay's) are made: DIR itself when it can be
  // written, else $TMPDIR (or /tmp).
  std::string scratch_parent() const;
  // Whether this process can create and change files in the directory.
  bool writable() const;

 private:
  std::string root_;
};

// Whether the directory (or the nearest existing parent of a path that does
// not exist yet) can be written by this process: false on a read-only mount
// or without write permission.
bool IsWritableDirectory(const std::string& path);

// The CA roots in DIR/ca-roots.pem, or null when the file does not exist.
Result<std::shared_ptr<const CertificateRoots>> LoadCertificateRoots(const DataDir& dir);

// The private keys that sign a ledger's checkpoints, as DIR keeps them:
// log-key.pem (Ed25519), and log-sm2-key.pem where the genesis names an SM2
// log key.
struct LogSigningKeys {
  PrivateKey ed25519;
  std::optional<PrivateKey> sm2;

  LogKeys public_keys() const;
  // Points `options` at these keys, which must outlive the ledger.
  void ApplyTo(LedgerOptions& options) const;
};
Result<LogSigningKeys> ReadLogSigningKeys(const DataDir& dir);

// Makes a new data directory's ledger: creates DIR if needed, writes the
// checkpoint keys `log_keys` to DIR/log-key.pem and DIR/log-sm2-key.pem
// (mode 0600, never over an existing key) and their public halves to
// DIR/log-key.pub and DIR/log-sm2-key.pub durably, then creates the store
// with the genesis that `admin` signs from `spec`. Refuses (kAlreadyExists)
// a directory that holds a ledger; on failure no log key is left behind
// without the ledger it belongs to. The returned ledger signs checkpoints
// with `log_keys`, which must outlive it.
Result<std::unique_ptr<Ledger>> InitDataDir(const DataDir& dir, const GenesisSpec& spec, const PrivateKey& admin,
                                            const LogSigningKeys& log_keys, LedgerOptions options = {});

}  // namespace gongkai
