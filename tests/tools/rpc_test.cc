// gongkai serve's Cap'n Proto RPC (tools/server/rpc.capnp), from a client
// process over loopback: pipelined and streamed appends each answered once
// durable, proofs that verify against the published checkpoint, login by a
// signed challenge, queries byte-identical to the command line's, roles
// enforced, reads recorded, and following the ledger as it grows.
#include <gtest/gtest.h>

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>

#include <set>

#include "ledger/checkpoint.h"
#include "ledger/data_dir.h"
#include "ledger/entry.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "tests/support/cli_runner.h"
#include "tests/support/server_process.h"
#include "tests/support/test_ledger.h"
#include "tools/server/rpc.capnp.h"
#include "tools/server/rpc_service.h"

namespace gongkai::testing {
namespace {

rpc::SignedAction::Reader Fill(rpc::SignedAction::Builder out, const SignedAction& action) {
  out.setAction(capnp::Data::Reader(action.action.data(), action.action.size()));
  out.setSignature(capnp::Data::Reader(action.signature.data(), action.signature.size()));
  return out.asReader();
}

class Outcomes final : public rpc::OutcomeSink::Server {
 public:
  explicit Outcomes(std::map<uint64_t, std::string>& seen) : seen_(seen) {}

 protected:
  kj::Promise<void> outcome(OutcomeContext context) override {
    auto outcome = context.getParams().getOutcome();
    seen_[context.getParams().getIndex()] =
        outcome.isReceipt() ? std::to_string(outcome.getReceipt().getSeq()) : outcome.getRefused().getCode().cStr();
    return kj::READY_NOW;
  }

 private:
  std::map<uint64_t, std::string>& seen_;
};

class Entries final : public rpc::EntrySink::Server {
 public:
  explicit Entries(std::vector<std::pair<uint64_t, Bytes>>& seen) : seen_(seen) {}

 protected:
  kj::Promise<void> entries(EntriesContext context) override {
    for (auto entry : context.getParams().getEntries()) {
      seen_.emplace_back(entry.getSeq(), Bytes(entry.getRecord().begin(), entry.getRecord().end()));
    }
    return kj::READY_NOW;
  }

 private:
  std::vector<std::pair<uint64_t, Bytes>>& seen_;
};

class RpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitServedDataDir(data_, {{"alice", alice_, schema::Role::HANDLER}, {"sun", sun_, schema::Role::SUPERVISION}});
  }

  TempDir dir_;
  std::string data_ = dir_.Sub("data");
  PrivateKey log_key_ = SeededKey(2), alice_ = SeededKey(10), sun_ = SeededKey(11);
};

// The RPC port from the banner: "...; Cap'n Proto RPC at 127.0.0.1:PORT".
int RpcPort(const std::string& banner) {
  auto at = banner.find("Cap'n Proto RPC at 127.0.0.1:");
  return at == std::string::npos ? 0 : std::stoi(banner.substr(at + 29));
}

TEST_F(RpcTest, AppendsProofsLoginQueriesAndFollowingOverRpc) {
  Server server({"--data", data_, "serve", "--listen", "127.0.0.1:0", "--rpc-listen", "127.0.0.1:0",
                 "--checkpoint-seconds", "1"});
  const int port = RpcPort(server.banner());
  ASSERT_GT(port, 0) << server.banner();
  auto io = kj::setupAsyncIo();
  auto& wait = io.waitScope;
  auto stream = io.provider->getNetwork().parseAddress(fmt::format("127.0.0.1:{}", port)).wait(wait)->connect().wait(wait);
  capnp::TwoPartyClient client(*stream);
  auto ledger = client.bootstrap().castAs<rpc::Ledger>();

  // Pipelined appends: each answered once durable, each its own entry.
  std::vector<capnp::RemotePromise<rpc::Ledger::AppendResults>> appends;
  for (int i = 0; i < 40; ++i) {
    auto request = ledger.appendRequest();
    Fill(request.initAction(), Note(alice_, {fmt::format("rpc/{}", i), "notes/rpc"}));
    appends.push_back(request.send());
  }
  std::set<uint64_t> seqs;
  for (auto& append : appends) {
    auto outcome = append.wait(wait).getOutcome();
    ASSERT_TRUE(outcome.isReceipt()) << outcome.getRefused().getMessage().cStr();
    seqs.insert(outcome.getReceipt().getSeq());
  }
  EXPECT_EQ(seqs.size(), 40u);
  auto again = ledger.appendRequest();
  Fill(again.initAction(), Note(alice_, {"rpc/0", "notes/rpc"}));
  auto duplicate_response = again.send().wait(wait);  // the results live as long as it
  auto duplicate = duplicate_response.getOutcome();
  ASSERT_TRUE(duplicate.isReceipt());
  EXPECT_TRUE(duplicate.getReceipt().getDuplicate());
  auto stranger = ledger.appendRequest();
  Fill(stranger.initAction(), Note(SeededKey(99), {"rpc/x", "notes/x"}));
  auto refused_response = stranger.send().wait(wait);  // the results live as long as it
  auto refused = refused_response.getOutcome();
  ASSERT_TRUE(refused.isRefused());
  EXPECT_EQ(std::string(refused.getRefused().getCode().cStr()), "unknown_key");

  // A stream of appends: every outcome arrives, then done() returns.
  std::map<uint64_t, std::string> outcomes;
  auto open = ledger.appendStreamRequest();
  open.setOutcomes(kj::heap<Outcomes>(outcomes));
  auto sink = open.send().wait(wait).getActions();
  for (uint64_t i = 0; i < 100; ++i) {
    auto send = sink.sendRequest();
    send.setIndex(i);
    Fill(send.initAction(), Note(alice_, {fmt::format("stream/{}", i), "notes/stream"}));
    send.send().wait(wait);
  }
  sink.doneRequest().send().wait(wait);
  ASSERT_EQ(outcomes.size(), 100u);
  for (const auto& [index, outcome] : outcomes) EXPECT_NE(outcome, "") << index;
  const uint64_t size = 4 + 40 + 100;  // genesis, agency, alice, sun, then the appends

  // Proofs against the published checkpoint.
  std::string note;
  for (int i = 0; i < 100 && note.find(fmt::format("\n{}\n", size)) == std::string::npos; ++i) {
    note = ledger.checkpointRequest().send().wait(wait).getNote();
    if (note.find(fmt::format("\n{}\n", size)) == std::string::npos) io.provider->getTimer().afterDelay(100 * kj::MILLISECONDS).wait(wait);
  }
  auto checkpoint = OpenCheckpoint(*ParseSignedNote(note), kOrigin, LogKeys{log_key_.public_key(), std::nullopt});
  ASSERT_TRUE(checkpoint.has_value()) << note;
  ASSERT_EQ(checkpoint->size, size);
  auto inclusion = ledger.inclusionProofRequest();
  inclusion.setSeq(7);
  inclusion.setSize(size);
  auto proof_response = inclusion.send().wait(wait);  // the results live as long as it
  auto proof = proof_response.getProof();
  ASSERT_TRUE(proof.isHashes());
  std::vector<Digest> hashes;
  for (auto hash : proof.getHashes()) {
    Digest digest;
    std::copy(hash.begin(), hash.end(), digest.begin());
    hashes.push_back(digest);
  }
  auto beyond = ledger.inclusionProofRequest();
  beyond.setSeq(1);
  beyond.setSize(size + 1);
  auto refused_proof_response = beyond.send().wait(wait);  // the results live as long as it
  auto refused_proof = refused_proof_response.getProof();
  ASSERT_TRUE(refused_proof.isRefused());
  EXPECT_EQ(std::string(refused_proof.getRefused().getMessage().cStr()),
            fmt::format("the checkpointed tree has {} entries, not {}", size, size + 1));

  // Login: a signed challenge; a nonce is good once; a wrong signature fails.
  auto login = [&](const PrivateKey& key, bool tamper = false) {
    auto challenge = ledger.challengeRequest().send().wait(wait);
    Bytes nonce_bytes(challenge.getNonce().begin(), challenge.getNonce().end());
    std::string message = server::RpcLoginMessage(kOrigin, nonce_bytes);
    if (tamper) message += "x";
    auto request = ledger.loginRequest();
    request.setKeyId(key.public_key().id());
    request.setNonce(capnp::Data::Reader(nonce_bytes.data(), nonce_bytes.size()));
    Bytes signature = *key.Sign("", AsBytes(message));
    request.setSignature(capnp::Data::Reader(signature.data(), signature.size()));
    return request.send().wait(wait);
  };
  auto forged = login(sun_, /*tamper=*/true);
  ASSERT_TRUE(forged.getLogin().isRefused());
  EXPECT_EQ(std::string(forged.getLogin().getRefused().getCode().cStr()), "unauthenticated");
  auto sun_login = login(sun_);
  ASSERT_TRUE(sun_login.getLogin().isReader());
  auto sun = sun_login.getLogin().getReader();

  // A query answers exactly what the command line prints.
  auto stats = sun.queryRequest();
  stats.setCommand("log");
  auto params = stats.initParams(2);
  params[0].setName("from");
  params[0].setValue("0");
  params[1].setName("to");
  params[1].setValue("4");
  auto answer_response = stats.send().wait(wait);  // the results live as long as it
  auto answer = answer_response.getAnswer();
  ASSERT_TRUE(answer.isBody()) << answer.getRefused().getMessage().cStr();
  CliRun local = RunCommand(GONGKAI_BINARY, dir_.path(), "--data data log --from 0 --to 4");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(std::string(answer.getBody().cStr()), local.out);

  // A handler reads her agency only; following is for readers of everything.
  auto alice = login(alice_).getLogin().getReader();
  auto beyond_agency = alice.queryRequest();
  beyond_agency.setCommand("findings");
  auto refused_answer_response = beyond_agency.send().wait(wait);  // the results live as long as it
  auto refused_answer = refused_answer_response.getAnswer();
  ASSERT_TRUE(refused_answer.isRefused());
  EXPECT_EQ(std::string(refused_answer.getRefused().getCode().cStr()), "unauthorized");
  std::vector<std::pair<uint64_t, Bytes>> alice_entries;
  auto alice_follow = alice.followRequest();
  alice_follow.setSink(kj::heap<Entries>(alice_entries));
  EXPECT_TRUE(alice_follow.send().wait(wait).getFollow().isRefused());

  // Following: every entry from 5 on, then each new one as it comes.
  std::vector<std::pair<uint64_t, Bytes>> followed;
  auto follow = sun.followRequest();
  follow.setFrom(5);
  follow.setSink(kj::heap<Entries>(followed));
  auto follow_answer = follow.send().wait(wait);
  ASSERT_TRUE(follow_answer.getFollow().isFollowing());
  auto following = follow_answer.getFollow().getFollowing();  // entries come while it is held
  auto caught_up = [&](uint64_t until) {
    for (int i = 0; i < 100 && (followed.empty() || followed.back().first + 1 < until); ++i) {
      io.provider->getTimer().afterDelay(50 * kj::MILLISECONDS).wait(wait);
    }
    return !followed.empty() && followed.back().first + 1 == until;
  };
  ASSERT_TRUE(caught_up(size));
  auto grow = ledger.appendRequest();
  Fill(grow.initAction(), Note(alice_, {"after/follow", "notes/rpc"}));
  ASSERT_TRUE(grow.send().wait(wait).getOutcome().isReceipt());
  ASSERT_TRUE(caught_up(size + 1));
  ASSERT_EQ(followed.size(), size + 1 - 5);
  for (size_t i = 0; i < followed.size(); ++i) {
    ASSERT_EQ(followed[i].first, 5 + i);
    auto decoded = DecodeEntry(followed[i].second);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->seq, followed[i].first);
  }
  // The record followed for entry 7 is the one the checkpoint's tree holds.
  EXPECT_TRUE(VerifyMerkleInclusion(HashAlgorithm::kSha256, MerkleLeafHash(HashAlgorithm::kSha256, followed[2].second), 7, size, hashes, checkpoint->root).has_value());

  // Every RPC read is in the access log with the person and the status.
  CliRun log = RunCommand(GONGKAI_BINARY, dir_.path(), "--data data access-log --person sun");
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_NE(log.out.find("RPC query log?from=0&to=4"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("RPC follow 5"), std::string::npos) << log.out;
  EXPECT_EQ(server.Stop(), 0);
}

// Garbage frames and connections cut mid-message end those connections
// only: the server answers the next client.
TEST_F(RpcTest, MalformedFramesAndAbruptDisconnectsLeaveTheServerServing) {
  Server server({"--data", data_, "serve", "--listen", "127.0.0.1:0", "--rpc-listen", "127.0.0.1:0"});
  const int port = RpcPort(server.banner());
  ASSERT_GT(port, 0) << server.banner();
  auto io = kj::setupAsyncIo();
  auto& wait = io.waitScope;
  auto connect = [&] {
    return io.provider->getNetwork().parseAddress(fmt::format("127.0.0.1:{}", port)).wait(wait)->connect().wait(wait);
  };
  {
    auto junk = connect();
    std::string bytes(4096, '\xff');
    junk->write(bytes.data(), bytes.size()).wait(wait);
  }
  {
    auto cut = connect();  // a frame header announcing more than is sent
    const uint8_t header[] = {0, 0, 0, 0, 100, 0, 0, 0, 1, 2, 3};
    cut->write(header, sizeof header).wait(wait);
  }
  auto stream = connect();
  capnp::TwoPartyClient client(*stream);
  auto ledger = client.bootstrap().castAs<rpc::Ledger>();
  auto request = ledger.appendRequest();
  Fill(request.initAction(), Note(alice_, {"after/junk", "notes/rpc"}));
  EXPECT_TRUE(request.send().wait(wait).getOutcome().isReceipt());
  EXPECT_EQ(Http(server.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace gongkai::testing
