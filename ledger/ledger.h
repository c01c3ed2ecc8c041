// The ledger: append signed actions, durably, in one hash chain.
//
// Append pipeline (many threads may submit at once):
//   1. a pool of verifier threads (one per core) parses and validates each
//      action and checks its signature when the signing key is already known:
//      signature checks run in parallel;
//   2. the single sequencer thread: idempotency, key validity and
//      authorisation as of the entry's position, expected stream version,
//      registry changes; then sequence number, recorded time and chain link;
//   3. one synced RocksDB write per batch of queued actions (group commit):
//      every action that queued while the previous batch was syncing shares
//      the next sync. An action is acknowledged only after its batch is on
//      disk.
// A rejected action writes nothing and does not consume a sequence number.
// Entries follow submission order: each Submit takes a ticket, and the
// sequencer takes checked actions in ticket order however the verifiers
// finish, so one thread's submissions are appended in the order it made
// them (the simulator relies on this for byte-identical ledgers).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "ledger/action.h"
#include "ledger/batch_queue.h"
#include "ledger/certificate.h"
#include "ledger/checkpoint.h"
#include "ledger/entry.h"
#include "ledger/base/error.h"
#include "ledger/head.h"
#include "ledger/key_registry.h"
#include "ledger/merkle.h"
#include "ledger/signed_action.h"
#include "ledger/store.h"
#include "ledger/base/time.h"

namespace gongkai {

struct LedgerOptions {
  // Source of recorded times; the system clock when null. Not owned.
  Clock* clock = nullptr;
  // Most actions committed by one synced write.
  size_t max_batch = 1024;
  // Signature-checking threads; 0 = one per core.
  unsigned verify_threads = 0;
  // The ledger's log key (its public half is in the genesis), for signed
  // checkpoints. Not owned. Without it, no checkpoints are made.
  const PrivateKey* log_key = nullptr;
  // The ledger's SM2 log key, required with `log_key` when the genesis
  // names one: every checkpoint then carries its signature line too.
  const PrivateKey* sm2_log_key = nullptr;
  // With a log key: sign a checkpoint whenever the head passes a multiple of
  // this many entries (0 = only on demand).
  uint64_t checkpoint_interval = 0;
  // CA roots configured for the ledger (DATA/ca-roots.pem): a registry event
  // carrying a certificate is appended only if it chains to one of them, as
  // at its recorded time. A condition of appending, like expectedVersion:
  // verify does not repeat it (the roots are the operator's configuration).
  std::shared_ptr<const CertificateRoots> certificate_roots;
  // Group commit window: when the previous batch held more than one action
  // (appenders are concurrent), the sequencer waits up to this long for
  // more before syncing, so one sync serves more appends. Appends that come
  // one at a time are not delayed, except the first after a busy spell.
  std::chrono::microseconds group_commit_window{1000};
  // The environment RocksDB reads and writes the store through; the default
  // (the local file system) when null. Tests inject storage faults with it
  // (tests/support/faulty_file_system.h). Not owned.
  rocksdb::Env* env = nullptr;
};

struct AppendReceipt {
  uint64_t seq;
  Digest entry_hash;
  UnixMicros recorded_time;
  bool duplicate;           // the event id was already recorded with these bytes
};

// Receives the outcome of a submitted action, once. Runs on one of the
// ledger's threads: it must be short and must not call back into the ledger.
using AppendCallback = std::function<void(Result<AppendReceipt>)>;

class Ledger {
 public:
  // Creates a ledger in `dir` whose entry 0 is `genesis`. The genesis is
  // fully checked before anything is written.
  static Result<std::unique_ptr<Ledger>> Create(const std::string& dir, const SignedAction& genesis,
                                                const LedgerOptions& options = {});
  static Result<std::unique_ptr<Ledger>> Open(const std::string& dir,
                                              const LedgerOptions& options = {});
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Thread-safe. Blocks until the entry is durable or the action is refused.
  Result<AppendReceipt> Append(const SignedAction& signed_action);
  // Thread-safe and non-blocking: `done` gets the receipt once the entry is
  // durable, or the refusal.
  void Submit(SignedAction signed_action, AppendCallback done);

  Head head() const;
  // The Merkle root over the first `size` entries (size <= head().size).
  Result<Digest> MerkleRootAt(uint64_t size) const;
  // Signs a checkpoint of the current head with the log key, stores it
  // (durably) and returns it.
  Result<SignedNote> MakeCheckpoint();
  // Adds the cosignature lines of `cosigned` to the stored checkpoint of
  // the same body (MergeCosignatures), durably.
  Status AddCosignatures(const SignedNote& cosigned);
  const std::string& origin() const { return origin_; }
  // The hash algorithm of entries, chain and tree, as the genesis names it.
  HashAlgorithm hash_algorithm() const { return hash_algorithm_; }
  // A copy of the registry as of the head.
  KeyRegistry registry() const;
  // The stored value of entry `seq` (record ‖ entry hash).
  Result<Bytes> ReadStored(uint64_t seq) const;
  const Store& store() const { return *store_; }

 private:
  struct Request;
  struct BatchState;
  struct Earlier;

  Ledger(std::unique_ptr<Store> store, const LedgerOptions& options);
  Status Load();
  void Start();
  void VerifierLoop();
  // Answers a request a verifier refused and passes its ticket on.
  void Refuse(std::unique_ptr<Request> request, Error error);
  void SequencerLoop();
  void CommitBatch(std::vector<std::unique_ptr<Request>>& batch);
  Result<AppendReceipt> Sequence(Request& request, BatchState& state);
  // The number of entries in `stream`, this batch's included.
  Result<uint64_t> StreamVersion(const std::string& stream, const BatchState& state) const;
  // Role grants and people name registered agencies (docs/EVENTS.md §2): an
  // agency's stream holds only organisation events, its first registers it,
  // once; its other events and every registerPerson and assignRole after the
  // genesis need it registered.
  Status CheckAgencyReferences(const Action& action, uint64_t version, const BatchState& state) const;
  Result<std::optional<Earlier>> FindEarlier(const std::string& event_id, const SignedAction& signed_action,
                                             const BatchState& state) const;

  std::unique_ptr<Store> store_;
  LedgerOptions options_;
  SystemClock system_clock_;
  Clock* clock_;
  std::string origin_;

  // Guarded by state_mutex_: the committed head and registry.
  mutable std::shared_mutex state_mutex_;
  Head head_;
  KeyRegistry registry_;
  HashAlgorithm hash_algorithm_ = HashAlgorithm::kSha256;  // set by Load
  MerkleFrontier frontier_{HashAlgorithm::kSha256};  // the tree's right edge at head_.size (set by Load)

  // Orders tickets with pushes to to_verify_ (see Submit).
  std::mutex submit_mutex_;
  uint64_t next_ticket_ = 0;
  // Submitted actions wait in to_verify_, checked ones in to_sequence_.
  BatchQueue<std::unique_ptr<Request>> to_verify_;
  BatchQueue<std::unique_ptr<Request>> to_sequence_;
  std::vector<std::thread> verifiers_;
  std::thread sequencer_;
  // Set by the sequencer when a write fails. What reached the disk is then
  // unknown (the WAL may hold the batch even though the sync failed), so
  // every later append is refused until the ledger is reopened, which
  // recovers the true state; clients retry with the same event ids.
  std::optional<Error> write_failure_;
};

}  // namespace gongkai
