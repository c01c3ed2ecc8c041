// gongkai serve, run as its users reach it: over loopback HTTP, from a
// process of its own. Checkpoints and tiles a client verifies with the log
// key and the C2SP specs alone; signed appends from many clients at once,
// each acknowledged once durable; every refusal with its status; SIGTERM
// finishing what was acknowledged.
#include <gtest/gtest.h>

#include <fmt/ranges.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <thread>

#include "ledger/admin_actions.h"
#include "ledger/base/file.h"
#include "ledger/checkpoint.h"
#include "ledger/data_dir.h"
#include "ledger/json.h"
#include "ledger/ledger.h"
#include "ledger/merkle_store.h"
#include "ledger/tiles.h"
#include "ledger/verifier.h"
#include "tests/support/cli_runner.h"
#include "tests/support/server_process.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { InitServedDataDir(data_, {{"alice", alice_, schema::Role::HANDLER}}); }

  TempDir dir_;
  std::string data_ = dir_.Sub("data");
  PrivateKey admin_ = SeededKey(1), log_key_ = SeededKey(2), alice_ = SeededKey(10);
};

TEST_F(ServerTest, ACheckpointAndItsTreeVerifyFromTilesAlone) {
  Server server(data_);
  ASSERT_GT(server.port(), 0);
  HttpAnswer checkpoint = Http(server.port(), "GET", "/1/checkpoint");
  ASSERT_EQ(checkpoint.status, 200) << checkpoint.body;
  EXPECT_NE(checkpoint.headers.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  auto note = ParseSignedNote(checkpoint.body);
  ASSERT_TRUE(note.has_value()) << checkpoint.body;
  auto opened = OpenCheckpoint(*note, kOrigin, LogKeys{log_key_.public_key(), std::nullopt});
  ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
  EXPECT_EQ(opened->size, 3u);

  tiles::TileFetch fetch = [&](const tiles::TilePath& path) -> Result<Bytes> {
    HttpAnswer tile = Http(server.port(), "GET", "/1/" + tiles::FormatTilePath(path));
    if (tile.status != 200) return Fail(ErrorCode::kNotFound, "{}: {}", tile.status, tile.body);
    EXPECT_NE(tile.headers.find("immutable"), std::string::npos);
    return Bytes(tile.body.begin(), tile.body.end());
  };
  auto root = MerkleRoot(tiles::NodesFromTiles(HashAlgorithm::kSha256, opened->size, fetch), opened->size);
  ASSERT_TRUE(root.has_value()) << root.error().ToString();
  EXPECT_EQ(*root, opened->root);

  // Only the tiles of checkpointed trees; entry bundles not to anonymous readers.
  EXPECT_EQ(Http(server.port(), "GET", "/1/tile/0/000").status, 404);
  EXPECT_EQ(Http(server.port(), "GET", "/1/tile/0/000.p/4").status, 404);
  EXPECT_EQ(Http(server.port(), "GET", "/1/tile/entries/000.p/3").status, 401);
  EXPECT_EQ(Http(server.port(), "GET", "/1/tile/0/0001").status, 400);
  EXPECT_EQ(Http(server.port(), "GET", "/2/checkpoint").status, 404);
  EXPECT_EQ(Http(server.port(), "DELETE", "/1/checkpoint").status, 405);
  HttpAnswer health = Http(server.port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_TRUE(health.body.starts_with("ok 3 ")) << health.body;
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(ServerTest, ConcurrentSignedAppendsAreEachAcknowledgedOnceDurable) {
  Server server(data_);
  ASSERT_GT(server.port(), 0);
  constexpr int kClients = 8, kEach = 10;
  std::vector<std::vector<std::string>> receipts(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        ActionSpec spec{fmt::format("note/{}/{}", c, i), fmt::format("notes/{}", c)};
        HttpAnswer answer = Http(server.port(), "POST", "/1/add", SignedActionToJson(Note(alice_, spec)));
        receipts[c].push_back(answer.status == 200 ? answer.body : fmt::format("{} {}", answer.status, answer.body));
      }
    });
  }
  for (auto& client : clients) client.join();
  std::set<std::string> seqs;
  for (const auto& of_client : receipts) {
    for (const std::string& receipt : of_client) {
      ASSERT_TRUE(receipt.starts_with("{\"seq\":\"")) << receipt;
      seqs.insert(receipt.substr(8, receipt.find('"', 8) - 8));
    }
  }
  EXPECT_EQ(seqs.size(), static_cast<size_t>(kClients * kEach));

  // The same signed action again is the same entry; refusals have their status.
  std::string again = SignedActionToJson(Note(alice_, {"note/0/0", "notes/0"}));
  HttpAnswer duplicate = Http(server.port(), "POST", "/1/add", again);
  EXPECT_EQ(duplicate.status, 200);
  EXPECT_NE(duplicate.body.find("\"duplicate\":true"), std::string::npos) << duplicate.body;
  HttpAnswer unknown = Http(server.port(), "POST", "/1/add", SignedActionToJson(Note(SeededKey(99), {"x", "notes/x"})));
  EXPECT_EQ(unknown.status, 403) << unknown.body;
  EXPECT_TRUE(unknown.body.starts_with("unknown_key: ")) << unknown.body;
  HttpAnswer conflict = Http(server.port(), "POST", "/1/add", SignedActionToJson(Note(alice_, {"note/0/0", "notes/9"})));
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  HttpAnswer junk = Http(server.port(), "POST", "/1/add", "{\"action\":");
  EXPECT_EQ(junk.status, 400) << junk.body;
  EXPECT_EQ(Http(server.port(), "POST", "/1/add", std::string(300 * 1024, ' ')).status, 413);
  EXPECT_EQ(Http(server.port(), "GET", "/1/add").status, 405);
  HttpAnswer metrics = Http(server.port(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("gongkai_head_entries 83\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_appends_total{outcome=\"acknowledged\"} 81\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_appends_total{outcome=\"refused\"} 2\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_http_answers_total{status=\"413\"} 1\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_append_seconds_count 83\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_append_seconds_bucket{le=\"+Inf\"} 83\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_appends_in_flight 0\n"), std::string::npos) << metrics.body;
  EXPECT_EQ(server.Stop(), 0);

  // Everything acknowledged is in the ledger, which verifies.
  auto store = Store::Open(DataDir(data_).ledger(), Store::Mode::kReadOnly);
  ASSERT_TRUE(store.has_value());
  auto verified = VerifyLedger(**store, {});
  ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
  EXPECT_EQ(verified->checked, 3u + kClients * kEach);
}

TEST_F(ServerTest, TheCommandLineAppendsAndVerifiesAgainstTheServer) {
  Server server(data_);
  ASSERT_GT(server.port(), 0);
  const std::string url = fmt::format("http://127.0.0.1:{}/1", server.port());
  ASSERT_TRUE(alice_.SavePem(dir_.Sub("alice.pem")).has_value());
  ASSERT_TRUE(WriteFileDurably(dir_.Sub("alice.pub"), alice_.public_key().ToPem()).has_value());
  // Signed here, appended there: the receipt is the local one's form.
  std::string action =
      R"({"eventId":"note/remote","stream":"notes/r","businessTime":"2026-01-05T09:00:00+08:00",)"
      R"("payload":{"note":{"subject":"远程","body":"签名在本地，追加在服务器"}}})";
  CliRun appended = RunCommand(GONGKAI_BINARY, dir_.path(),
                               "--server " + url + " append --key alice.pem --origin test.gongkai/1", action + "\n");
  ASSERT_EQ(appended.exit_code, 0) << appended.err;
  EXPECT_TRUE(appended.out.starts_with("3 ")) << appended.out;
  CliRun again = RunCommand(GONGKAI_BINARY, dir_.path(),
                            "--server " + url + " append --key alice.pem --origin test.gongkai/1 --json", action);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("\"duplicate\":true"), std::string::npos) << again.out;
  CliRun refused = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " append",
                              SignedActionToJson(Note(SeededKey(98), {"n", "notes/n"})) + "\n");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("server: "), std::string::npos) << refused.err;

  // The server signs a checkpoint covering entry 3 within a second or so.
  for (int i = 0; i < 200 && Http(server.port(), "GET", "/1/checkpoint").body.find("\n4\n") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CliRun verified = RunCommand(GONGKAI_BINARY, dir_.path(),
                               "--server " + url + " verify --log-key data/log-key.pub");
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out, "checkpoint of 'test.gongkai/1' at 4 entries: signed by the log key, its root rebuilt "
                          "from 1 tiles\n");
  CliRun wrong_key = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " verify --log-key alice.pub");
  EXPECT_EQ(wrong_key.exit_code, 1);
  EXPECT_NE(wrong_key.err.find("verification FAILED"), std::string::npos) << wrong_key.err;
  // A command that signs an action signs it here and appends it there.
  ASSERT_TRUE(admin_.SavePem(dir_.Sub("admin.pem")).has_value());
  ASSERT_TRUE(WriteFileDurably(dir_.Sub("bob.pub"), SeededKey(12).public_key().ToPem()).has_value());
  CliRun registered = RunCommand(GONGKAI_BINARY, dir_.path(),
                                 "--server " + url + " register --key admin.pem --person bob --name 鲍 "
                                 "--agency 天宁区政府办 --role handler --public-key bob.pub");
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_TRUE(registered.out.starts_with("4 ")) << registered.out;
  CliRun not_admin = RunCommand(GONGKAI_BINARY, dir_.path(),
                                "--server " + url + " revoke-key " + SeededKey(12).public_key().id() +
                                " --key alice.pem --reason lost");
  EXPECT_EQ(not_admin.exit_code, 1);
  EXPECT_TRUE(not_admin.err.starts_with("gongkai: error: server: ")) << not_admin.err;
  CliRun not_remote = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " keygen --out k");
  EXPECT_EQ(not_remote.exit_code, 2);
  EXPECT_EQ(not_remote.err, "gongkai: error: 'keygen' does not run against a server; with --server: the queries, "
                            "append, register-agency, register, add-key, revoke-key, role, calendar, rules, verify "
                            "(docs/SERVER.md)\n");
  // People name registered agencies: 409 registry_conflict until the agency is registered there.
  CliRun unknown_agency = RunCommand(GONGKAI_BINARY, dir_.path(),
                                     "--server " + url + " register --key admin.pem --person carol --name 蔡 "
                                     "--agency 天宁区教育局 --role handler --public-key bob.pub --event-id register/carol");
  EXPECT_EQ(unknown_agency.exit_code, 1);
  EXPECT_NE(unknown_agency.err.find("names agency '天宁区教育局', which is not registered"), std::string::npos)
      << unknown_agency.err;
  auto dave = SignDraft(RegisterPersonDraft(PersonSpec{"dave", "丁", "天宁区卫健委", "", {}, SeededKey(13).public_key(), kStart}),
                        kOrigin, kStart, admin_);
  ASSERT_TRUE(dave.has_value()) << dave.error().ToString();
  HttpAnswer refused_person = Http(server.port(), "POST", "/1/add", SignedActionToJson(*dave));
  EXPECT_EQ(refused_person.status, 409) << refused_person.body;
  EXPECT_NE(refused_person.body.find("registry_conflict"), std::string::npos) << refused_person.body;
  CliRun agency = RunCommand(GONGKAI_BINARY, dir_.path(),
                             "--server " + url + " register-agency --key admin.pem --agency 天宁区教育局 --name "
                             "常州市天宁区教育局 --jurisdiction cn-js-changzhou-tianning");
  ASSERT_EQ(agency.exit_code, 0) << agency.err;
  EXPECT_TRUE(agency.out.starts_with("5 ")) << agency.out;
  EXPECT_EQ(server.Stop(), 0);
  CliRun unreachable = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " verify --log-key data/log-key.pub");
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("cannot reach"), std::string::npos) << unreachable.err;
}

// Limits: connections over --max-connections are answered 503 busy and
// closed; requests over an address's --client-rate 429 rate_limited.
TEST_F(ServerTest, ConnectionsAndRequestRatesAreLimitedWithClearAnswers) {
  Server server({"--data", data_, "serve", "--listen", "127.0.0.1:0", "--max-connections", "2", "--client-rate", "5"});
  ASSERT_GT(server.port(), 0);
  auto connect = [&] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
  };
  int first = connect(), second = connect();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both accepted
  HttpAnswer busy = Http(server.port(), "GET", "/healthz");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.body, "busy: at most 2 connections at once; retry shortly\n");
  ::close(first);
  ::close(second);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the bucket refills

  std::vector<int> statuses;
  HttpAnswer limited;
  for (int i = 0; i < 8; ++i) {
    HttpAnswer answer = Http(server.port(), "GET", "/healthz");
    statuses.push_back(answer.status);
    if (answer.status == 429) limited = answer;
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 5) << fmt::format("{}", fmt::join(statuses, " "));
  EXPECT_EQ(limited.body, "rate_limited: at most 5 requests a second from one address (127.0.0.1)\n");
  EXPECT_NE(limited.headers.find("Retry-After: 1"), std::string::npos) << limited.headers;
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  HttpAnswer metrics = Http(server.port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("gongkai_connections_refused_total 1\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("gongkai_requests_rate_limited_total 3\n"), std::string::npos) << metrics.body;
  EXPECT_EQ(server.Stop(), 0);

  CliRun bad = RunCommand(GONGKAI_BINARY, dir_.path(), "--data data serve --max-connections 0");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "gongkai: error: --max-connections must be 1..65536, got 0\n");
  CliRun half_tls = RunCommand(GONGKAI_BINARY, dir_.path(), "--data data serve --tls-cert c.pem");
  EXPECT_EQ(half_tls.err, "gongkai: error: --tls-cert and --tls-key go together\n");
}

// Found by the http_request fuzz target: KJ refuses a Content-Length that
// is not a number by throwing, which its server answered 500 with its own
// text; gongkai answers 400 and says why.
TEST_F(ServerTest, AContentLengthThatIsNotANumberIsABadRequest) {
  Server server(data_);
  ASSERT_GT(server.port(), 0);
  HttpAnswer answer = Exchange(server.port(),
                               "POST /1/add HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                               "Content-Length: 3l4\r\n\r\n{}");
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body, "bad request: the Content-Length is not a number\n");
  EXPECT_EQ(Http(server.port(), "GET", "/healthz").status, 200);
}

// TLS (kj-tls): the server with a certificate, the command line checking
// it against the trust store OpenSSL is given.
TEST_F(ServerTest, TheServerAnswersOverTlsToClientsThatTrustItsCertificate) {
  CliRun made = RunCommand("/usr/bin/openssl", dir_.path(),
                           "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls-key.pem "
                           "-out tls-cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  Server server({"--data", data_, "serve", "--listen", "127.0.0.1:0", "--checkpoint-seconds", "1", "--tls-cert",
                 dir_.Sub("tls-cert.pem"), "--tls-key", dir_.Sub("tls-key.pem")});
  ASSERT_GT(server.port(), 0);
  const std::string url = fmt::format("https://localhost:{}/1", server.port());
  EXPECT_EQ(Http(server.port(), "GET", "/healthz").status, 0);  // plain HTTP gets no answer
  CliRun untrusted = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " verify --log-key data/log-key.pub");
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_TRUE(untrusted.err.starts_with("gongkai: error: cannot reach")) << untrusted.err;
  ::setenv("SSL_CERT_FILE", dir_.Sub("tls-cert.pem").c_str(), 1);
  CliRun verified = RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url + " verify --log-key data/log-key.pub");
  ::unsetenv("SSL_CERT_FILE");
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out, "checkpoint of 'test.gongkai/1' at 3 entries: signed by the log key, its root rebuilt "
                          "from 1 tiles\n");
  EXPECT_EQ(server.Stop(), 0);
}

// The log pushes each new checkpoint to the witnesses of its policy
// (tlog-witness) and publishes the newest one the quorum cosigned.
TEST_F(ServerTest, CheckpointsArePublishedOnceTheWitnessPolicysQuorumCosigned) {
  std::vector<std::unique_ptr<Server>> witnesses;
  std::string policy = "# two of the county's three offices\n";
  for (int i = 0; i < 3; ++i) {
    std::string name = fmt::format("w{}.example", i), key = dir_.Sub(name + ".pem");
    ASSERT_TRUE(SeededKey(static_cast<uint8_t>(42 + i)).SavePem(key).has_value());
    ASSERT_TRUE(WriteFileDurably(key + ".pub", SeededKey(static_cast<uint8_t>(42 + i)).public_key().ToPem()).has_value());
    CliRun vkey = RunCommand(GONGKAI_BINARY, dir_.path(), fmt::format("vkey --name {} --public {}.pub --witness", name, key));
    ASSERT_EQ(vkey.exit_code, 0) << vkey.err;
    std::string url = "http://127.0.0.1:1/";  // the third office's witness never answers
    if (i < 2) {
      witnesses.push_back(std::make_unique<Server>(std::vector<std::string>{
          "witness", "serve", "--state", dir_.Sub(name + "-state"), "--key", key, "--name", name, "--origin",
          std::string(kOrigin), "--log-key", DataDir(data_).log_public_key(), "--listen", "127.0.0.1:0"}));
      ASSERT_GT(witnesses.back()->port(), 0);
      url = fmt::format("http://127.0.0.1:{}/", witnesses.back()->port());
    }
    policy += fmt::format("witness W{} {} {}\n", i, vkey.out.substr(0, vkey.out.size() - 1), url);
  }
  policy += "group offices 2 W0 W1 W2\nquorum offices\n";
  ASSERT_TRUE(WriteFileDurably(dir_.Sub("policy"), policy).has_value());
  Server server({"--data", data_, "serve", "--listen", "127.0.0.1:0", "--checkpoint-seconds", "1",
                 "--witness-policy", dir_.Sub("policy")});
  ASSERT_GT(server.port(), 0);
  auto published = [&](uint64_t size) -> std::optional<SignedNote> {
    for (int wait = 0; wait < 100; ++wait) {
      HttpAnswer answer = Http(server.port(), "GET", "/1/checkpoint");
      if (answer.status == 200) {
        auto note = ParseSignedNote(answer.body);
        if (note && ParseCheckpointBody(note->body)->size == size) return *note;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
  };
  auto cosigned_by = [](const SignedNote& note, int witness) {
    return VerifyCosignature(note, fmt::format("w{}.example", witness), SeededKey(static_cast<uint8_t>(42 + witness)).public_key())
        .has_value();
  };
  auto first = published(3);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(cosigned_by(*first, 0) && cosigned_by(*first, 1));
  EXPECT_TRUE(OpenCheckpoint(*first, kOrigin, LogKeys{log_key_.public_key(), std::nullopt}).has_value());

  // Growth: each witness gets a consistency proof from the size it holds.
  ASSERT_EQ(Http(server.port(), "POST", "/1/add", SignedActionToJson(Note(alice_, {"w/1", "notes/w"}))).status, 200);
  auto second = published(4);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(cosigned_by(*second, 0) && cosigned_by(*second, 1));

  // One office's witness down: the quorum is not met, the checkpoint stays.
  EXPECT_EQ(witnesses[1]->Stop(), 0);
  ASSERT_EQ(Http(server.port(), "POST", "/1/add", SignedActionToJson(Note(alice_, {"w/2", "notes/w"}))).status, 200);
  std::string metrics;
  for (int wait = 0; wait < 100; ++wait) {
    metrics = Http(server.port(), "GET", "/metrics").body;
    if (metrics.find("gongkai_witness_cosigned_entries{witness=\"W0\"} 5\n") != std::string::npos &&
        metrics.find("gongkai_witness_push_failures_total{witness=\"W1\"} 0\n") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(metrics.find("gongkai_checkpoint_entries 5\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("gongkai_published_checkpoint_entries 4\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("gongkai_witness_cosigned_entries{witness=\"W0\"} 5\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("gongkai_witness_cosigned_entries{witness=\"W1\"} 4\n"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("gongkai_witness_push_failures_total{witness=\"W2\"} 0\n"), std::string::npos) << metrics;
  HttpAnswer still = Http(server.port(), "GET", "/1/checkpoint");
  EXPECT_EQ(ParseCheckpointBody(ParseSignedNote(still.body)->body)->size, 4u) << still.body;
  EXPECT_EQ(server.Stop(), 0);
}

// The witness protocol (C2SP tlog-witness), every status it defines.
TEST_F(ServerTest, AWitnessAnswersTheAddCheckpointProtocol) {
  PrivateKey witness_key = SeededKey(40);
  ASSERT_TRUE(witness_key.SavePem(dir_.Sub("witness.pem")).has_value());
  Server witness({"witness", "serve", "--state", dir_.Sub("witness-state"), "--key", dir_.Sub("witness.pem"),
                  "--name", "archive.example/witness", "--origin", std::string(kOrigin), "--log-key",
                  DataDir(data_).log_public_key(), "--listen", "127.0.0.1:0"});
  ASSERT_GT(witness.port(), 0);
  LedgerOptions options;
  options.log_key = &log_key_;
  auto ledger = Ledger::Open(DataDir(data_).ledger(), options);
  ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
  SignedNote first = *(*ledger)->MakeCheckpoint();  // size 2
  auto add = [&](uint64_t old_size, const std::vector<Digest>& proof, const SignedNote& note) {
    std::string body = fmt::format("old {}\n", old_size);
    for (const Digest& hash : proof) body += ToBase64(hash) + "\n";
    return Http(witness.port(), "POST", "/add-checkpoint", body + "\n" + note.ToString());
  };

  HttpAnswer cosigned = add(0, {}, first);
  ASSERT_EQ(cosigned.status, 200) << cosigned.body;
  auto with_cosignature = ParseSignedNote(first.ToString() + cosigned.body);
  ASSERT_TRUE(with_cosignature.has_value()) << cosigned.body;
  EXPECT_TRUE(VerifyCosignature(*with_cosignature, "archive.example/witness", witness_key.public_key()).has_value());

  HttpAnswer stale = add(0, {}, first);  // the witness is at 3 now
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.headers.find("Content-Type: text/x.tlog.size"), std::string::npos) << stale.headers;
  EXPECT_EQ(stale.body, "3\n");
  EXPECT_EQ(add(5, {}, first).status, 400);  // an old size over the checkpoint's
  EXPECT_EQ(Http(witness.port(), "POST", "/add-checkpoint", "old 0\nnot a proof\n\n" + first.ToString()).status, 400);
  SignedNote forged = first;
  forged.signatures = {SignCheckpoint(*ParseCheckpointBody(first.body), SeededKey(41)).signatures[0]};
  EXPECT_EQ(add(3, {}, forged).status, 403);
  Checkpoint other_log = *ParseCheckpointBody(first.body);
  other_log.origin = "other.example/1";
  EXPECT_EQ(add(0, {}, SignCheckpoint(other_log, log_key_)).status, 404);

  // Growth: cosigned only with a consistency proof that verifies.
  ASSERT_TRUE((*ledger)->Append(Note(alice_, {"grow/1", "notes/g"})).has_value());
  SignedNote second = *(*ledger)->MakeCheckpoint();  // size 4
  auto proof = MerkleConsistencyProof(StoredMerkleNodes((*ledger)->store(), HashAlgorithm::kSha256), 3, 4);
  ASSERT_TRUE(proof.has_value());
  std::vector<Digest> wrong = *proof;
  wrong[0][0] ^= 1;
  EXPECT_EQ(add(3, wrong, second).status, 422);
  EXPECT_EQ(add(3, *proof, second).status, 200);
  // Same size, another root: a fork.
  Checkpoint fork = *ParseCheckpointBody(second.body);
  fork.root[0] ^= 1;
  EXPECT_EQ(add(4, {}, SignCheckpoint(fork, log_key_)).status, 409);
  EXPECT_EQ(Http(witness.port(), "GET", "/add-checkpoint").status, 405);
  EXPECT_EQ(witness.Stop(), 0);
}

}  // namespace
}  // namespace gongkai::testing
