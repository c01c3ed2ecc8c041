#include "tools/server/rpc_service.h"

#include <fmt/core.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <capnp/rpc-twoparty.h>
#include <kj/encoding.h>

#include <map>

#include "ledger/bytes.h"
#include "ledger/merkle_store.h"
#include "tools/query/entries.h"
#include "tools/server/rpc.capnp.h"

namespace gongkai::server {
namespace {

constexpr UnixMicros kNonceLifetime = 60'000'000;
constexpr UnixMicros kSessionLifetime = 15 * 60'000'000LL;
constexpr size_t kNonceBytes = 32;
// Entries sent to a follower in one call at most.
constexpr uint64_t kFollowBatch = 256;

void SetFailure(rpc::Failure::Builder out, const Error& error) {
  out.setCode(std::string(ErrorCodeName(error.code)));
  out.setMessage(error.ToString());
}

Bytes BytesOf(capnp::Data::Reader data) { return Bytes(data.begin(), data.end()); }

void SetOutcome(rpc::AppendOutcome::Builder out, const Result<AppendReceipt>& receipt) {
  if (receipt) {
    query::ToSchema(*receipt, out.initReceipt());
  } else {
    SetFailure(out.initRefused(), receipt.error());
  }
}

void SetProof(rpc::Proof::Builder out, const Result<std::vector<Digest>>& proof) {
  if (!proof) return SetFailure(out.initRefused(), proof.error());
  auto hashes = out.initHashes(static_cast<unsigned>(proof->size()));
  for (unsigned i = 0; i < proof->size(); ++i) {
    hashes.set(i, capnp::Data::Reader((*proof)[i].data(), (*proof)[i].size()));
  }
}

// "RPC query NAME?a=b&c" with each part percent-encoded as in a URL.
std::string QueryRequest(std::string_view command, const QueryParams& params) {
  std::string text = fmt::format("RPC query {}", command);
  char separator = '?';
  for (const auto& [name, value] : params) {
    text += separator;
    separator = '&';
    text += kj::encodeUriComponent(kj::StringPtr(name.c_str())).cStr();
    if (!value.empty()) text += fmt::format("={}", kj::encodeUriComponent(kj::StringPtr(value.c_str())).cStr());
  }
  return text;
}

// Sends a follower every entry from `next` on, batch by batch, then waits
// for the ledger to grow; ends when dropped (the client let go of
// Following) or the sink fails.
class Follower final : public rpc::Following::Server {
 public:
  Follower(Ledger& ledger, AppendDesk& appends, rpc::EntrySink::Client sink, uint64_t next)
      : ledger_(ledger), appends_(appends), sink_(kj::mv(sink)), next_(next) {
    loop_ = Loop().eagerlyEvaluate([](kj::Exception&& e) {
      spdlog::debug("a follower stopped: {}", e.getDescription().cStr());
    });
  }

 private:
  kj::Promise<void> Loop() {
    uint64_t head = ledger_.head().size;
    if (next_ >= head) return appends_.Grown().then([this]() { return Loop(); });
    uint64_t end = std::min(head, next_ + kFollowBatch);
    auto request = sink_.entriesRequest();
    auto entries = request.initEntries(static_cast<unsigned>(end - next_));
    for (uint64_t seq = next_; seq < end; ++seq) {
      auto stored = ledger_.ReadStored(seq);
      if (!stored) return kj::READY_NOW;  // logged by the ledger's reader; the follower sees the stream end
      auto entry = entries[static_cast<unsigned>(seq - next_)];
      entry.setSeq(seq);
      // The stored value is the record followed by its 32-byte entry hash.
      entry.setRecord(capnp::Data::Reader(stored->data(), stored->size() - 32));
    }
    next_ = end;
    return request.send().then([this]() { return Loop(); });
  }

  Ledger& ledger_;
  AppendDesk& appends_;
  rpc::EntrySink::Client sink_;
  uint64_t next_;
  kj::Promise<void> loop_ = nullptr;
};

class ReaderImpl final : public rpc::Reader::Server {
 public:
  ReaderImpl(Ledger& ledger, AppendDesk& appends, ReadDesk& reads, std::string key_id, UnixMicros expires)
      : ledger_(ledger), appends_(appends), reads_(reads), key_id_(std::move(key_id)), expires_(expires) {}

 protected:
  kj::Promise<void> query(QueryContext context) override {
    auto params = context.getParams();
    std::string command = params.getCommand();
    server::QueryParams query_params;
    for (auto param : params.getParams()) query_params.emplace_back(param.getName(), param.getValue());
    auto answer = reads_.Run([this, command = kj::mv(command), query_params = kj::mv(query_params)](ReadDesk& desk) {
      const std::string request = QueryRequest(command, query_params);
      const UnixMicros now = desk.Now();
      auto reader = Session(desk, request, now);
      if (!reader) return QueryAnswer{{}, std::unexpected(reader.error())};
      return desk.Query(*reader, command, query_params, request, now);
    });
    return answer.then([context](QueryAnswer result) mutable {
      auto answer = context.getResults().initAnswer();
      answer.setContentType(result.content_type);
      if (result.body) {
        answer.setBody(*result.body);
      } else {
        SetFailure(answer.initRefused(), result.body.error());
      }
    });
  }

  kj::Promise<void> follow(FollowContext context) override {
    const uint64_t from = context.getParams().getFrom();
    auto allowed = reads_.Run([this, from](ReadDesk& desk) -> Status {
      const std::string request = fmt::format("RPC follow {}", from);
      const UnixMicros now = desk.Now();
      auto reader = Session(desk, request, now);
      GK_RETURN_IF_ERROR(reader);
      Status may = query::MayRead(*reader->person, query::AgencyScope(std::nullopt), now);
      auto recorded = desk.Recorded(*reader, request, "entries",
                                    may ? Result<std::string>(std::string()) : Result<std::string>(std::unexpected(may.error())),
                                    now);
      GK_RETURN_IF_ERROR(recorded);
      return {};
    });
    return allowed.then([this, context, from](Status allowed) mutable {
      auto follow = context.getResults().initFollow();
      if (!allowed) return SetFailure(follow.initRefused(), allowed.error());
      follow.setFollowing(kj::heap<Follower>(ledger_, appends_, context.getParams().getSink(), from));
    });
  }

 private:
  // The session's reader as of `now`: refused once it expired, or once the
  // key or the person's roles no longer allow reading.
  // (On the read worker.)
  Result<Reader> Session(ReadDesk& desk, std::string_view request, UnixMicros now) const {
    if (now >= expires_) {
      return Fail(ErrorCode::kUnauthenticated, "the session expired 15 minutes after login; log in again");
    }
    auto registry = desk.Registry();
    GK_RETURN_IF_ERROR(registry);
    return desk.ReaderOf(**registry, key_id_, request, now);
  }

  Ledger& ledger_;
  AppendDesk& appends_;
  ReadDesk& reads_;
  std::string key_id_;
  UnixMicros expires_;
};

// An append stream: each action submitted as it arrives, its outcome sent
// to the client's sink once known.
class ActionSinkImpl final : public rpc::ActionSink::Server {
 public:
  ActionSinkImpl(AppendDesk& appends, rpc::OutcomeSink::Client outcomes)
      : appends_(appends), outcomes_(kj::mv(outcomes)) {}

 protected:
  kj::Promise<void> send(SendContext context) override {
    auto params = context.getParams();
    const uint64_t index = params.getIndex();
    SignedAction signed_action{BytesOf(params.getAction().getAction()), BytesOf(params.getAction().getSignature())};
    ++pending_;
    return appends_.Append(std::move(signed_action)).then([this, index](Result<AppendReceipt> receipt) {
      auto request = outcomes_.outcomeRequest();
      request.setIndex(index);
      SetOutcome(request.initOutcome(), receipt);
      return request.send().ignoreResult().attach(kj::defer([this]() { Settled(); }));
    });
  }

  kj::Promise<void> done(DoneContext) override {
    if (pending_ == 0) return kj::READY_NOW;
    auto paf = kj::newPromiseAndFulfiller<void>();
    waiting_.push_back(kj::mv(paf.fulfiller));
    return kj::mv(paf.promise);
  }

 private:
  void Settled() {
    if (--pending_ > 0) return;
    for (auto& fulfiller : waiting_) fulfiller->fulfill();
    waiting_.clear();
  }

  AppendDesk& appends_;
  rpc::OutcomeSink::Client outcomes_;
  uint64_t pending_ = 0;
  std::vector<kj::Own<kj::PromiseFulfiller<void>>> waiting_;
};

}  // namespace

std::string RpcLoginMessage(std::string_view origin, ByteView nonce) {
  return fmt::format("gongkai rpc login v1\n{}\n{}\n", origin, ToBase64(nonce));
}

class RpcService::LedgerImpl final : public rpc::Ledger::Server {
 public:
  LedgerImpl(Ledger& ledger, const CheckpointPublisher& checkpoints, AppendDesk& appends, ReadDesk& reads)
      : ledger_(ledger), checkpoints_(checkpoints), appends_(appends), reads_(reads) {}

 protected:
  kj::Promise<void> checkpoint(CheckpointContext context) override {
    if (const auto& published = checkpoints_.published()) context.getResults().setNote(published->ToString());
    return kj::READY_NOW;
  }

  kj::Promise<void> append(AppendContext context) override {
    auto action = context.getParams().getAction();
    SignedAction signed_action{BytesOf(action.getAction()), BytesOf(action.getSignature())};
    return appends_.Append(std::move(signed_action)).then([context](Result<AppendReceipt> receipt) mutable {
      SetOutcome(context.getResults().initOutcome(), receipt);
    });
  }

  kj::Promise<void> appendStream(AppendStreamContext context) override {
    context.getResults().setActions(kj::heap<ActionSinkImpl>(appends_, context.getParams().getOutcomes()));
    return kj::READY_NOW;
  }

  kj::Promise<void> inclusionProof(InclusionProofContext context) override {
    auto params = context.getParams();
    Result<std::vector<Digest>> proof = InclusionProof(params.getSeq(), params.getSize());
    SetProof(context.getResults().initProof(), proof);
    return kj::READY_NOW;
  }

  kj::Promise<void> consistencyProof(ConsistencyProofContext context) override {
    auto params = context.getParams();
    Result<std::vector<Digest>> proof = ConsistencyProof(params.getOldSize(), params.getNewSize());
    SetProof(context.getResults().initProof(), proof);
    return kj::READY_NOW;
  }

  kj::Promise<void> challenge(ChallengeContext context) override {
    Bytes nonce(kNonceBytes);
    if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
      return KJ_EXCEPTION(FAILED, "no randomness for a login challenge");
    }
    const UnixMicros now = reads_.Now();
    std::erase_if(nonces_, [now](const auto& entry) { return entry.second <= now; });
    nonces_.emplace(nonce, now + kNonceLifetime);
    context.getResults().setNonce(capnp::Data::Reader(nonce.data(), nonce.size()));
    return kj::READY_NOW;
  }

  kj::Promise<void> login(LoginContext context) override {
    auto params = context.getParams();
    std::string key_id = params.getKeyId();
    const UnixMicros now = reads_.Now();
    Bytes nonce = BytesOf(params.getNonce());
    auto issued = nonces_.find(nonce);
    if (issued == nonces_.end() || issued->second <= now) {
      SetFailure(context.getResults().initLogin().initRefused(),
                 Error{ErrorCode::kUnauthenticated, "the login nonce is unknown, used or older than 60 seconds", {}});
      return kj::READY_NOW;
    }
    nonces_.erase(issued);  // good once
    auto reader = reads_.Run([origin = ledger_.origin(), key_id, nonce = kj::mv(nonce),
                              signature = BytesOf(params.getSignature())](ReadDesk& desk) -> Status {
      auto registry = desk.Registry();
      GK_RETURN_IF_ERROR(registry);
      const KeyRecord* key = (*registry)->FindKey(key_id);
      if (!key) return Fail(ErrorCode::kUnknownKey, "no registered key {}", key_id);
      if (!key->key.Verify("", AsBytes(RpcLoginMessage(origin, nonce)), signature)) {
        return Fail(ErrorCode::kUnauthenticated, "the login signature does not verify with key {}", key_id);
      }
      auto reader = desk.ReaderOf(**registry, key_id, "RPC login", desk.Now());
      GK_RETURN_IF_ERROR(reader);
      return {};
    });
    return reader.then([this, context, key_id](Status allowed) mutable {
      auto login = context.getResults().initLogin();
      if (!allowed) return SetFailure(login.initRefused(), allowed.error());
      login.setReader(kj::heap<ReaderImpl>(ledger_, appends_, reads_, key_id, reads_.Now() + kSessionLifetime));
    });
  }

 private:
  Result<std::vector<Digest>> InclusionProof(uint64_t seq, uint64_t size) const {
    GK_RETURN_IF_ERROR(WithinCheckpoint(size));
    if (seq >= size) return Fail(ErrorCode::kInvalidArgument, "entry {} is not in a tree of {} entries", seq, size);
    return StoredInclusionProof(ledger_.store(), ledger_.hash_algorithm(), seq, size);
  }

  Result<std::vector<Digest>> ConsistencyProof(uint64_t old_size, uint64_t new_size) const {
    GK_RETURN_IF_ERROR(WithinCheckpoint(new_size));
    if (old_size == 0 || old_size > new_size) {
      return Fail(ErrorCode::kInvalidArgument, "a consistency proof goes from 1..{} entries to {}, not from {}",
                  new_size, new_size, old_size);
    }
    return StoredConsistencyProof(ledger_.store(), ledger_.hash_algorithm(), old_size, new_size);
  }

  // Proofs are of trees a signed checkpoint covers.
  Status WithinCheckpoint(uint64_t size) const {
    const auto& sizes = checkpoints_.checkpoint_sizes();
    uint64_t checkpointed = sizes.empty() ? 0 : sizes.back();
    if (size == 0 || size > checkpointed) {
      return Fail(ErrorCode::kInvalidArgument, "the checkpointed tree has {} entries, not {}", checkpointed, size);
    }
    return {};
  }

  Ledger& ledger_;
  const CheckpointPublisher& checkpoints_;
  AppendDesk& appends_;
  ReadDesk& reads_;
  std::map<Bytes, UnixMicros> nonces_;  // issued, until when
};

RpcService::RpcService(Ledger& ledger, const CheckpointPublisher& checkpoints, AppendDesk& appends, ReadDesk& reads)
    : bootstrap_(kj::heap<capnp::Capability::Client>(
          rpc::Ledger::Client(kj::heap<LedgerImpl>(ledger, checkpoints, appends, reads)))) {}

RpcService::~RpcService() = default;

kj::Promise<void> RpcService::Serve(kj::Own<kj::AsyncIoStream> connection) {
  auto network = kj::heap<capnp::TwoPartyVatNetwork>(*connection, capnp::rpc::twoparty::Side::SERVER);
  auto system = kj::heap<capnp::RpcSystem<capnp::rpc::twoparty::VatId>>(capnp::makeRpcServer(*network, *bootstrap_));
  // Destroyed in this order: the RPC system, its network, the connection.
  return network->onDisconnect().attach(kj::mv(system)).attach(kj::mv(network)).attach(kj::mv(connection));
}

}  // namespace gongkai::server
