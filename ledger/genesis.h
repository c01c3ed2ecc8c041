// The genesis action (entry 0) that `gongkai init` and the simulator write.
#pragma once

#include "ledger/hash.h"

#include <string>

#include "ledger/bytes.h"
#include "ledger/checkpoint.h"
#include "ledger/signing.h"
#include "ledger/base/time.h"

namespace gongkai {

struct GenesisSpec {
  std::string origin;      // the ledger's id
  std::string person_id;   // the first administrator, who signs the genesis
  std::string name;
  std::string agency;
  std::string section;
  UnixMicros valid_from;   // business time of the genesis and start of the administrator's key
  // Of entries, chain and Merkle tree, for good. SM3 gives up the public
  // witness network and C2SP tlog-tiles clients (docs/FORMAT.md §8).
  HashAlgorithm hash = HashAlgorithm::kSha256;
  // A simulator's ledger, whose keys derive from a public seed; verifiers
  // say so (docs/FORMAT.md §3).
  bool simulated = false;
};

// What verifiers say of a ledger whose genesis marks it simulated.
inline constexpr std::string_view kSimulatedLedgerWarning =
    "warning: a simulated ledger (its genesis says so): every key, the log key included, derives from the "
    "simulator's seed, so it proves nothing about real acts";

// The canonical bytes of the genesis: `admin` registers itself as
// administrator of `spec.agency`, and `log_keys` become the ledger's
// checkpoint keys.
Bytes BuildGenesis(const GenesisSpec& spec, const PublicKey& admin, const LogKeys& log_keys);

}  // namespace gongkai
