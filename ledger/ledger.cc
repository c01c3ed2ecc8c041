#include "ledger/ledger.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <kj/debug.h>
#include <kj/exception.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <filesystem>
#include <map>

#include "ledger/base/file.h"
#include "ledger/checkpoint_store.h"
#include "ledger/capnp_text.h"
#include "ledger/merkle_store.h"
#include "ledger/payload_check.h"
#include "ledger/registry_store.h"

namespace gongkai {

// One submitted action on its way through the pipeline; owned by whichever
// queue or thread holds it.
struct Ledger::Request {
  SignedAction signed_action;
  AppendCallback done;
  uint64_t ticket = 0;           // submission order; the sequencer follows it
  std::optional<Action> action;  // parsed by a verifier
  bool signature_checked = false;
  bool answered = false;         // refused by a verifier: only its ticket goes on
};

// What one batch has sequenced so far, not yet committed.
struct Ledger::BatchState {
  uint64_t next_seq;
  Digest prev_hash;
  UnixMicros recorded_time;
  std::optional<KeyRegistry> registry;  // copy-on-write on the first registry event
  MerkleFrontier frontier{HashAlgorithm::kSha256};  // the ledger's, copied in CommitBatch
  Digest registry_digest;
  struct Sequenced {
    uint64_t seq;
    const SignedAction* signed_action;
    Digest entry_hash;
  };
  std::unordered_map<std::string, Sequenced> event_ids;
  std::unordered_map<std::string, uint64_t> stream_versions;
  rocksdb::WriteBatch write;
};

namespace {

// Log keys given in the options must be those the genesis names: the
// Ed25519 one, and with it the SM2 one exactly when the genesis names one.
Status CheckLogKey(const LedgerOptions& options, const KeyRegistry& registry) {
  if (!options.log_key) return {};
  const auto& named = registry.log_keys();
  if (!named || options.log_key->public_key() != named->ed25519) {
    return Fail(ErrorCode::kInvalidArgument, "the log key given is not the one the genesis names");
  }
  if (named->sm2 && !options.sm2_log_key) {
    return Fail(ErrorCode::kInvalidArgument,
                "the genesis names an SM2 log key ({}), and no SM2 log key was given to sign checkpoints with",
                named->sm2->id());
  }
  if (options.sm2_log_key && (!named->sm2 || options.sm2_log_key->public_key() != *named->sm2)) {
    return Fail(ErrorCode::kInvalidArgument, "the SM2 log key given is not one the genesis names");
  }
  return {};
}


}  // namespace


namespace {
// A batch holds at least one action (0 would stall the sequencer).
LedgerOptions Checked(LedgerOptions options) {
  options.max_batch = std::max<size_t>(1, options.max_batch);
  return options;
}
}  // namespace

Ledger::Ledger(std::unique_ptr<Store> store, const LedgerOptions& options)
    : store_(std::move(store)),
      options_(Checked(options)),
      clock_(options.clock ? options.clock : &system_clock_),
      to_verify_(1),
      to_sequence_(options_.max_batch) {}

void Ledger::Start() {
  unsigned threads = options_.verify_threads ? options_.verify_threads
                                             : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) verifiers_.emplace_back([this] { VerifierLoop(); });
  sequencer_ = std::thread([this] { SequencerLoop(); });
}

Ledger::~Ledger() {
  // Drain in pipeline order: verifiers finish what was submitted and hand it
  // on, then the sequencer commits everything handed to it.
  to_verify_.Close();
  for (auto& verifier : verifiers_) verifier.join();
  to_sequence_.Close();
  if (sequencer_.joinable()) sequencer_.join();
  // Everything is already durable in the WAL; flushing the memtables to
  // tables lets the next open (and read-only verification) skip replaying
  // the WAL into memory. A failure here loses nothing.
  if (!write_failure_) {
    rocksdb::FlushOptions flush;
    std::vector<rocksdb::ColumnFamilyHandle*> families;
    for (int i = 0; i < kFamilyCount; ++i) families.push_back(store_->family(static_cast<Family>(i)));
    if (auto status = store_->db()->Flush(flush, families); !status.ok()) {
      spdlog::warn("flushing {} on close: {}", store_->dir(), status.ToString());
    }
  }
}

Result<std::unique_ptr<Ledger>> Ledger::Create(const std::string& dir_argument, const SignedAction& genesis,
                                               const LedgerOptions& options) {
  std::string dir = std::filesystem::path(dir_argument).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  // Check the genesis completely before touching the disk.
  auto action = Action::Parse(genesis.action);
  GK_RETURN_IF_ERROR(action);
  if (action->kind() != PayloadKind::GENESIS) {
    return Fail(ErrorCode::kInvalidArgument, "entry 0 must be a genesis action, got {}",
                PayloadKindName(action->kind()));
  }
  KeyRegistry scratch;
  auto key = scratch.SigningKey(*action);
  GK_RETURN_IF_ERROR(key);
  if (auto s = key->Verify(kActionSignatureContext, genesis.action, genesis.signature); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = scratch.Apply(*action, 0); !s) return std::unexpected(s.error());
  if (auto s = CheckLogKey(options, scratch); !s) return std::unexpected(s.error());

  // Build the new ledger beside its final place and rename it there once
  // the genesis is durable: a crash during creation leaves no half-made
  // ledger at `dir`, only a ".creating" directory the next attempt replaces.
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "CURRENT", ec) || (fs::exists(dir, ec) && !fs::is_empty(dir, ec))) {
    return Fail(ErrorCode::kAlreadyExists, "{} already exists and is not empty", dir);
  }
  std::string staging = dir + ".creating";
  fs::remove_all(staging, ec);
  if (fs::path parent = fs::path(dir).parent_path(); !parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create {}: {}", parent.string(), ec.message());
  }
  {
    auto store = Store::Open(staging, Store::Mode::kCreate, options.env);
    GK_RETURN_IF_ERROR(store);
    std::unique_ptr<Ledger> ledger(new Ledger(std::move(*store), options));
    ledger->Start();
    auto receipt = ledger->Append(genesis);
    if (!receipt) {
      ledger.reset();
      fs::remove_all(staging, ec);
      return std::unexpected(receipt.error());
    }
  }
  fs::rename(staging, dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot move the new ledger into {}: {}", dir, ec.message());
  if (auto s = SyncDirectory(fs::path(dir).parent_path().string()); !s) return std::unexpected(s.error());
  return Open(dir, options);
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& dir, const LedgerOptions& options) {
  auto store = Store::Open(dir, Store::Mode::kOpen, options.env);
  GK_RETURN_IF_ERROR(store);
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(*store), options));
  if (auto s = ledger->Load(); !s) return std::unexpected(s.error());
  if (auto s = CheckLogKey(options, ledger->registry_); !s) return std::unexpected(s.error());
  ledger->Start();
  return ledger;
}

Status Ledger::Load() {
  auto format = store_->Get(Family::kMeta, AsBytes(kFormatKey));
  GK_RETURN_IF_ERROR(format);
  if (!*format) return Fail(ErrorCode::kCorruption, "{} has no ledger format marker", store_->dir());
  if (**format != kFormatValue) {
    return Fail(ErrorCode::kCorruption, "{} has format '{}', this program reads '{}'", store_->dir(),
                **format, kFormatValue);
  }
  auto head = ReadHead(*store_);
  GK_RETURN_IF_ERROR(head);
  head_ = *head;
  auto hash = StoredHashAlgorithm(*store_);
  GK_RETURN_IF_ERROR(hash);
  hash_algorithm_ = *hash;
  auto frontier = MerkleFrontier::Load(StoredMerkleNodes(*store_, *hash), head_.size);
  GK_RETURN_IF_ERROR(frontier);
  frontier_ = std::move(*frontier);
  if (head_.size > 0) {
    // The stored tree must cover exactly the stored entries.
    auto last = store_->Get(Family::kMerkle, MerkleNodeKey(0, head_.size - 1));
    auto beyond = store_->Get(Family::kMerkle, MerkleNodeKey(0, head_.size));
    if (!last || !beyond || !*last || *beyond) {
      return Fail(ErrorCode::kCorruption, "{}: the Merkle tree does not end at entry {}", store_->dir(),
                  head_.size - 1);
    }
  }

  // Rebuild the registry from the registry events, in order.
  auto registry = LoadStoredRegistry(*store_);
  GK_RETURN_IF_ERROR(registry);
  registry_ = std::move(registry->registry);
  origin_ = registry_.origin();
  if (origin_.empty()) return Fail(ErrorCode::kCorruption, "{} has no genesis", store_->dir());
  spdlog::debug("opened ledger '{}' at {}: {} entries, {} people, {} keys", origin_, store_->dir(),
                head_.size, registry_.persons().size(), registry_.keys().size());
  return {};
}

Result<AppendReceipt> Ledger::Append(const SignedAction& signed_action) {
  // The callback runs on the sequencer (or a verifier) thread and notifies
  // while holding the mutex, so this frame cannot end before it is done.
  struct Waiter {
    std::mutex mutex;
    std::condition_variable ready;
    std::optional<Result<AppendReceipt>> result;
  } waiter;
  Submit(signed_action, [&waiter](Result<AppendReceipt> outcome) {
    std::lock_guard lock(waiter.mutex);
    waiter.result = std::move(outcome);
    waiter.ready.notify_one();
  });
  std::unique_lock lock(waiter.mutex);
  waiter.ready.wait(lock, [&] { return waiter.result.has_value(); });
  return std::move(*waiter.result);
}

void Ledger::Submit(SignedAction signed_action, AppendCallback done) {
  auto request = std::make_unique<Request>(Request{std::move(signed_action), std::move(done)});
  {
    // Tickets and the queue share one order: a ticket is pushed before any
    // later one, so the sequencer never waits for a ticket not yet queued.
    std::lock_guard lock(submit_mutex_);
    request->ticket = next_ticket_++;
    if (to_verify_.Push(std::move(request))) return;
  }
  // Push leaves `request` alone when it refuses it.
  request->done(Fail(ErrorCode::kInternal, "the ledger is closing"));
}

void Ledger::Refuse(std::unique_ptr<Request> request, Error error) {
  // The ticket goes on first, so a callback that appends again (a retry)
  // never waits behind its own refused ticket.
  AppendCallback done = std::move(request->done);
  request->answered = true;
  to_sequence_.Push(std::move(request));
  done(std::unexpected(std::move(error)));
}

void Ledger::VerifierLoop() {
  pthread_setname_np(pthread_self(), "gk-verifier");
  while (true) {
    auto batch = to_verify_.Take();
    if (batch.empty()) return;  // closed and drained
    for (auto& request : batch) {
      auto action = Action::Parse(request->signed_action.action);
      if (!action) {
        Refuse(std::move(request), action.error());
        continue;
      }
      // Check the signature here, in parallel, when the key is known: key
      // ids are bound to their key for good, so the result stays true. An
      // action by a key registered in a batch not yet committed is checked
      // by the sequencer instead.
      std::optional<PublicKey> key;
      {
        std::shared_lock lock(state_mutex_);
        if (auto found = registry_.SigningKey(*action)) key = std::move(*found);
      }
      if (key) {
        const SignedAction& s = request->signed_action;
        if (auto status = key->Verify(kActionSignatureContext, s.action, s.signature); !status) {
          Refuse(std::move(request), status.error());
          continue;
        }
        request->signature_checked = true;
      }
      request->action = std::move(*action);
      if (!to_sequence_.Push(std::move(request))) {
        request->done(Fail(ErrorCode::kInternal, "the ledger is closing"));
      }
    }
  }
}

void Ledger::SequencerLoop() {
  pthread_setname_np(pthread_self(), "gk-sequencer");
  size_t last_batch_size = 0;
  // Checked requests wait here until every earlier ticket has arrived, so
  // entries follow submission order although verifiers finish out of order.
  std::map<uint64_t, std::unique_ptr<Request>> waiting;
  uint64_t next_ticket = 0;
  while (true) {
    // Linger for company only when appends are arriving concurrently.
    auto arrived = to_sequence_.Take(last_batch_size > 1 ? options_.group_commit_window
                                                         : std::chrono::microseconds{0});
    // Closed and drained: what still waits has gaps only for actions refused
    // because the ledger was closing; commit it in ticket order.
    const bool closed = arrived.empty();
    for (auto& request : arrived) {
      uint64_t ticket = request->ticket;
      waiting.emplace(ticket, std::move(request));
    }
    // Commit every request whose turn has come, at most max_batch per write.
    bool more = true;
    while (more) {
      std::vector<std::unique_ptr<Request>> batch;
      while (!waiting.empty() && (closed || waiting.begin()->first == next_ticket) &&
             batch.size() < options_.max_batch) {
        auto node = waiting.extract(waiting.begin());
        next_ticket = node.key() + 1;
        if (!node.mapped()->answered) batch.push_back(std::move(node.mapped()));
      }
      more = batch.size() == options_.max_batch;
      if (!batch.empty()) {
        last_batch_size = batch.size();
        CommitBatch(batch);
      }
    }
    if (closed) return;
  }
}

// An earlier entry with the same event id, and whether it holds exactly
// this signed action.
struct Ledger::Earlier {
  uint64_t seq;
  Digest entry_hash;
  UnixMicros recorded_time;
  bool same_action;
};

Result<std::optional<Ledger::Earlier>> Ledger::FindEarlier(const std::string& event_id,
                                                           const SignedAction& signed_action,
                                                           const BatchState& state) const {
  if (auto it = state.event_ids.find(event_id); it != state.event_ids.end()) {
    const SignedAction& first = *it->second.signed_action;
    bool same = first.action == signed_action.action && first.signature == signed_action.signature;
    return Earlier{it->second.seq, it->second.entry_hash, state.recorded_time, same};
  }
  auto indexed = store_->Get(Family::kEventIds, AsBytes(event_id));
  GK_RETURN_IF_ERROR(indexed);
  if (!*indexed) return std::nullopt;
  if ((*indexed)->size() != 8) return Fail(ErrorCode::kCorruption, "bad event id index value for '{}'", event_id);
  uint64_t seq = GetBigEndian(AsBytes(**indexed).data(), 8);
  // Compare with the entry itself, not with anything the index says.
  auto stored = ReadStored(seq);
  GK_RETURN_IF_ERROR(stored);
  auto split = SplitStoredEntry(*stored);
  if (!split) return FailAt(seq, split.error().code, "{}", split.error().message);
  auto entry = DecodeEntry(split->record);
  if (!entry) return FailAt(seq, entry.error().code, "{}", entry.error().message);
  Earlier earlier{seq, {}, entry->recorded_time, false};
  std::copy(split->stored_hash.begin(), split->stored_hash.end(), earlier.entry_hash.begin());
  earlier.same_action = std::ranges::equal(entry->action, signed_action.action) &&
                        std::ranges::equal(entry->signature, signed_action.signature);
  return earlier;
}

Result<uint64_t> Ledger::StreamVersion(const std::string& stream, const BatchState& state) const {
  if (auto it = state.stream_versions.find(stream); it != state.stream_versions.end()) return it->second;
  auto stored_version = store_->Get(Family::kStreams, AsBytes(stream));
  GK_RETURN_IF_ERROR(stored_version);
  if (!*stored_version) return 0;
  if ((*stored_version)->size() != 8) return Fail(ErrorCode::kCorruption, "bad version of stream '{}'", stream);
  return GetBigEndian(AsBytes(**stored_version).data(), 8);
}

Status Ledger::CheckAgencyReferences(const Action& action, uint64_t version, const BatchState& state) const {
  // An agency is registered once its stream "agency/<id>" holds an event,
  // and the first event there must be its agencyRegistered.
  auto require = [&](std::string_view agency, std::string_view what) -> Status {
    auto agency_version = StreamVersion(fmt::format("agency/{}", agency), state);
    GK_RETURN_IF_ERROR(agency_version);
    if (*agency_version > 0) return {};
    return Fail(ErrorCode::kRegistryConflict,
                "{} names agency '{}', which is not registered (register it first: organisation.agencyRegistered, gongkai register-agency)",
                what, agency);
  };
  if (action.kind() != PayloadKind::ORGANISATION && action.stream().starts_with("agency/")) {
    // Only organisation events go there: a note or registry event on an
    // agency's stream would register it, or keep its registration out.
    return Fail(ErrorCode::kRegistryConflict, "stream '{}' holds only organisation events, not {}",
                action.stream(), EventKindName(action.reader()));
  }
  auto payload = action.reader().getPayload();
  switch (action.kind()) {
    case PayloadKind::ORGANISATION: {
      auto event = payload.getOrganisation();
      std::string_view agency = TextView(event.getAgencyId());
      if (event.isAgencyRegistered()) {
        if (version > 0) return Fail(ErrorCode::kRegistryConflict, "agency '{}' is already registered", agency);
        std::string_view parent = TextView(event.getAgencyRegistered().getParentAgency());
        return parent.empty() ? Status{} : require(parent, fmt::format("the parent of agency '{}'", agency));
      }
      if (version == 0) {
        return Fail(ErrorCode::kRegistryConflict, "{} is about agency '{}', which is not registered", EventKindName(action.reader()),
                    agency);
      }
      if (event.isAgencySucceeded()) {
        return require(TextView(event.getAgencySucceeded().getSuccessor()), "organisation.agencySucceeded");
      }
      return {};
    }
    case PayloadKind::REGISTER_PERSON: {
      auto person = payload.getRegisterPerson();
      GK_RETURN_IF_ERROR(require(TextView(person.getAgency()), fmt::format("person {}", TextView(person.getPersonId()))));
      for (auto grant : person.getRoles()) {
        GK_RETURN_IF_ERROR(require(TextView(grant.getAgency()),
                                   fmt::format("the {} role of {}", RoleName(grant.getRole()), TextView(person.getPersonId()))));
      }
      return {};
    }
    case PayloadKind::ASSIGN_ROLE: {
      auto assign = payload.getAssignRole();
      return require(TextView(assign.getGrant().getAgency()),
                     fmt::format("the {} role of {}", RoleName(assign.getGrant().getRole()), TextView(assign.getPersonId())));
    }
    default:
      return {};  // names no agency; the genesis's administrator is exempt (nothing precedes it)
  }
}

Result<AppendReceipt> Ledger::Sequence(Request& request, BatchState& state) {
  // Preconditions: only a request a verifier accepted reaches the sequencer,
  // and the batch's frontier stands at the next sequence number. A breach
  // is a bug; CommitBatch turns the exception into kInternal for this
  // request alone.
  KJ_REQUIRE(request.action.has_value() && !request.answered, "sequencing a request no verifier accepted");
  KJ_REQUIRE(state.frontier.size() == state.next_seq, "the Merkle frontier is not at the next entry",
             state.frontier.size(), state.next_seq);
  const Action& action = *request.action;
  const SignedAction& signed_action = request.signed_action;

  // Idempotency: resubmitting exactly a recorded signed action returns its
  // entry (no key check: whoever holds it has seen it). Anything else under
  // a recorded event id is a conflict, reported only once the action passes
  // every other check, so the error tells nothing to a stranger.
  std::string event_id(action.event_id());
  auto earlier = FindEarlier(event_id, signed_action, state);
  GK_RETURN_IF_ERROR(earlier);
  if (*earlier && (*earlier)->same_action) {
    return AppendReceipt{(*earlier)->seq, (*earlier)->entry_hash, (*earlier)->recorded_time, true};
  }

  const KeyRegistry& registry = state.registry ? *state.registry : registry_;
  if (auto s = registry.Authorize(action, state.recorded_time); !s) return std::unexpected(s.error());
  if (auto certificate = CarriedCertificate(action); certificate && options_.certificate_roots) {
    if (auto s = options_.certificate_roots->Check(*certificate, state.recorded_time); !s) {
      return std::unexpected(s.error());
    }
  }
  auto key = registry.SigningKey(action);
  GK_RETURN_IF_ERROR(key);
  if (!request.signature_checked) {
    if (auto s = key->Verify(kActionSignatureContext, signed_action.action, signed_action.signature); !s) {
      return std::unexpected(s.error());
    }
  }
  if (auto s = CheckBusinessTime(action, state.recorded_time); !s) return std::unexpected(s.error());
  std::string stream(action.stream());
  auto version = StreamVersion(stream, state);
  GK_RETURN_IF_ERROR(version);
  // Before the event-id conflict: a second registration of an agency under
  // its conventional event id is refused as what it is.
  if (auto s = CheckAgencyReferences(action, *version, state); !s) return std::unexpected(s.error());
  if (*earlier) {
    return FailAt((*earlier)->seq, ErrorCode::kEventIdConflict,
                  "event id '{}' is already recorded with different contents", event_id);
  }
  if (action.expected_version() >= 0 && static_cast<uint64_t>(action.expected_version()) != *version) {
    return Fail(ErrorCode::kWrongExpectedVersion, "stream '{}' is at version {}, the action expects {}",
                stream, *version, action.expected_version());
  }

  uint64_t seq = state.next_seq;
  if (IsRegistryPayload(action.kind())) {
    if (!state.registry) state.registry = registry_;  // Apply leaves it unchanged on error
    if (auto s = state.registry->Apply(action, seq); !s) return std::unexpected(s.error());
    state.write.Put(store_->family(Family::kRegistryIndex), ToSlice(SeqKey(seq)), rocksdb::Slice());
  }

  // After the registry event is applied: a genesis names the hash algorithm.
  const KeyRegistry& applied = state.registry ? *state.registry : registry_;
  EntryAlgorithms algorithms{applied.hash_algorithm(), key->algorithm()};
  if (seq == 0) state.frontier = MerkleFrontier(algorithms.hash);
  Bytes record = EncodeEntry(algorithms, seq, state.recorded_time, state.prev_hash, signed_action.action,
                             signed_action.signature);
  Digest entry_hash = EntryHash(record);
  if (IsRegistryPayload(action.kind())) {
    state.registry_digest = RegistryDigestStep(algorithms.hash, state.registry_digest, entry_hash);
  }
  for (const MerkleNode& node : state.frontier.Append(MerkleLeafHash(algorithms.hash, record))) {
    state.write.Put(store_->family(Family::kMerkle), ToSlice(MerkleNodeKey(node.level, node.index)),
                    ToSlice(node.hash));
  }
  state.write.Put(store_->family(Family::kEntries), ToSlice(SeqKey(seq)),
                  ToSlice(MakeStoredEntry(record, entry_hash)));
  state.write.Put(store_->family(Family::kEventIds), event_id, ToSlice(SeqKey(seq)));
  auto version_key = SeqKey(*version + 1);
  state.write.Put(store_->family(Family::kStreams), stream, ToSlice(version_key));

  state.event_ids.emplace(std::move(event_id), BatchState::Sequenced{seq, &signed_action, entry_hash});
  state.stream_versions[std::move(stream)] = *version + 1;
  state.prev_hash = entry_hash;
  state.next_seq = seq + 1;
  return AppendReceipt{seq, entry_hash, state.recorded_time, false};
}

void Ledger::CommitBatch(std::vector<std::unique_ptr<Request>>& batch) {
  if (write_failure_) {
    for (auto& request : batch) request->done(std::unexpected(*write_failure_));
    return;
  }
  // The sequencer is the only writer of head_, frontier_ and registry_, so
  // it reads them without the lock (readers on other threads take it).
  BatchState state;
  const Head head = head_;
  state.frontier = frontier_;
  state.next_seq = head.size;
  state.prev_hash = head.last_hash;
  // One recorded time for the whole batch: its entries become durable
  // together. Never earlier than the last entry's, so recorded times never
  // go backwards even if the system clock does.
  state.recorded_time = std::max(clock_->Now(), head.last_recorded);
  state.registry_digest = head.registry_digest;

  std::vector<Result<AppendReceipt>> results;
  results.reserve(batch.size());
  for (auto& request : batch) {
    // Validated actions do not throw; this guard keeps a bug from taking the
    // sequencer thread (and with it every waiting caller) down.
    Result<AppendReceipt> result = Fail(ErrorCode::kInternal, "unset");
    kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] { result = Sequence(*request, state); });
    KJ_IF_MAYBE(e, exception) {
      result = Fail(ErrorCode::kInternal, "sequencing failed: {}", e->getDescription().cStr());
    }
    results.push_back(std::move(result));
  }

  if (state.next_seq != head.size) {
    Head new_head{state.next_seq, state.prev_hash, state.recorded_time, state.registry_digest};
    if (head.size == 0) {
      state.write.Put(store_->family(Family::kMeta), kFormatKey, kFormatValue);
    }
    state.write.Put(store_->family(Family::kMeta), kHeadKey, ToSlice(EncodeHead(new_head)));
    uint64_t interval = options_.checkpoint_interval;
    if (options_.log_key && interval > 0 && new_head.size / interval > head.size / interval) {
      const KeyRegistry& registry = state.registry ? *state.registry : registry_;
      Checkpoint checkpoint{registry.origin(), new_head.size, state.frontier.Root(), state.registry_digest,
                            state.frontier.hash()};
      PutCheckpoint(*store_, state.write, new_head.size, SignCheckpoint(checkpoint, *options_.log_key, options_.sm2_log_key));
    }
    if (auto s = store_->Write(state.write, /*sync=*/true); !s && s.error().code == ErrorCode::kNoSpace) {
      // Refused before anything was written: the head stays as it was, and
      // later appends are tried again (they succeed once space is freed).
      for (auto& result : results) {
        if (result && result->seq >= head.size) result = std::unexpected(s.error());
      }
    } else if (!s) {
      spdlog::error("append failed; refusing appends until the ledger is reopened: {}", s.error().message);
      write_failure_ = Error{ErrorCode::kIo,
                             fmt::format("a write failed ({}); whether the last appends reached the disk is "
                                         "unknown: reopen the ledger and retry with the same event ids",
                                         s.error().message),
                             std::nullopt};
      // Refuse every action sequenced in this batch, including in-batch
      // duplicates of those.
      for (auto& result : results) {
        if (result && result->seq >= head.size) result = std::unexpected(*write_failure_);
      }
    } else {
      std::unique_lock lock(state_mutex_);
      head_ = new_head;
      frontier_ = std::move(state.frontier);
      if (state.registry) registry_ = std::move(*state.registry);
      if (origin_.empty()) origin_ = registry_.origin();
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done(std::move(results[i]));
}

Head Ledger::head() const {
  std::shared_lock lock(state_mutex_);
  return head_;
}

Result<SignedNote> Ledger::MakeCheckpoint() {
  if (!options_.log_key) return Fail(ErrorCode::kInvalidArgument, "no log key was given to sign checkpoints");
  Checkpoint checkpoint;
  {
    std::shared_lock lock(state_mutex_);
    checkpoint = Checkpoint{origin_, head_.size, frontier_.Root(), head_.registry_digest, hash_algorithm_};
  }
  SignedNote note = SignCheckpoint(checkpoint, *options_.log_key, options_.sm2_log_key);
  auto stored = LoadCheckpoint(*store_, checkpoint.size);
  GK_RETURN_IF_ERROR(stored);
  if (*stored) return **stored;  // one checkpoint per size: keep the one witnesses may have cosigned
  rocksdb::WriteBatch batch;
  PutCheckpoint(*store_, batch, checkpoint.size, note);
  if (auto s = store_->Write(batch, /*sync=*/true); !s) return std::unexpected(s.error());
  return note;
}

Status Ledger::AddCosignatures(const SignedNote& cosigned) { return MergeCosignatures(*store_, cosigned); }

Result<Digest> Ledger::MerkleRootAt(uint64_t size) const {
  {
    std::shared_lock lock(state_mutex_);
    if (size == frontier_.size()) return frontier_.Root();
    if (size > head_.size) {
      return Fail(ErrorCode::kInvalidArgument, "the ledger has {} entries, not {}", head_.size, size);
    }
  }
  return StoredMerkleRoot(*store_, hash_algorithm(), size);
}

KeyRegistry Ledger::registry() const {
  std::shared_lock lock(state_mutex_);
  return registry_;
}

Result<Bytes> Ledger::ReadStored(uint64_t seq) const {
  auto value = store_->Get(Family::kEntries, SeqKey(seq));
  GK_RETURN_IF_ERROR(value);
  if (!*value) {
    return Fail(ErrorCode::kNotFound, "no entry {} (the ledger has {} entries)", seq, head().size);
  }
  auto bytes = AsBytes(**value);
  return Bytes(bytes.begin(), bytes.end());
}

}  // namespace gongkai
