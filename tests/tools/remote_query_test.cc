// Queries through `gongkai serve`: for every query command the remote
// answer is byte for byte the local one (and a refusal the same refusal);
// who may read what, each refusal by its status and reason; every signed
// read kept in the access log that `gongkai verify` checks.
#include <gtest/gtest.h>

#include <regex>

#include "ledger/tiles.h"
#include "tests/support/cli_runner.h"
#include "tests/support/server_process.h"
#include "tests/support/simulated_county.h"
#include "tools/server/access_log.h"
#include "tools/server/request_signature.h"
#include "tools/simulator/county.h"

namespace gongkai::testing {
namespace {

constexpr uint64_t kSeed = 5;

class RemoteQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = SimulateCounty(dir_, "county", kSeed, 2, 2025, 2500, 0.05);
    // A handler of department a01 signs with the key the simulator derives.
    auto handler = sim::DerivedKey(kSeed, "a01-handler-1-1");
    ASSERT_TRUE(handler.has_value());
    ASSERT_TRUE(handler->SavePem(dir_.Sub("handler.pem")).has_value());
  }
  CliRun Local(const std::string& args) { return RunCommand(GONGKAI_BINARY, dir_.path(), "--data county " + args); }
  CliRun Remote(const std::string& identity, const std::string& args) {
    return RunCommand(GONGKAI_BINARY, dir_.path(), "--server " + url_ + " --identity " + identity + " " + args);
  }
  // The first stream named like `pattern` in the ledger's log.
  std::string FirstStream(const std::string& log, const std::string& pattern) {
    std::smatch match;
    EXPECT_TRUE(std::regex_search(log, match, std::regex(pattern))) << pattern;
    return match.empty() ? "" : match.str(0);
  }

  TempDir dir_;
  std::string data_;
  std::string url_;
};

TEST_F(RemoteQueryTest, EveryQueryAnswersRemotelyAsItDoesLocally) {
  const std::string log = Local("log").out;
  const std::string item = FirstStream(log, "item/a01-[0-9a-z-]+");
  const std::string other_item = FirstStream(log, "item/a02-[0-9a-z-]+");
  const std::string application = FirstStream(log, "case/[0-9a-z-]+");
  std::string finding = Local("findings --json").out;
  finding = finding.substr(7, finding.find('"', 7) - 7);  // {"id":"<id>",...
  const std::vector<std::string> questions = {
      "item " + item, "item " + item + " --json --as-of 2025-06-30", "case " + application,
      "case " + application + " --json", "timeline --item " + item, "timeline --agency a01 --json --from 2025-03-01",
      "timeline --actor a01-handler-1-1 --to 2025-04-30", "overdue --as-of 2025-12-31",
      "overdue --as-of 2025-09-30 --agency a02 --json", "who-approved " + item, "who-approved " + item + " --json",
      "approvals --actor a01-handler-1-1 --from 2025-01-01 --to 2025-12-31", "findings", "findings --json --agency a02",
      "findings --kind published-without-review --year 2025", "responsibility " + finding,
      "responsibility " + finding + " --json", "report --agency a01 --year 2025",
      "report --agency a01 --year 2025 --format csv", "score --year 2025", "score --year 2025 --format csv --explain",
      "replay --as-of 1000 --quiet", "log --from 10 --to 40", "log --json --from 0 --to 5 --stream ledger",
      "show 7", "show 7 --json", "show 7 --hex", "stats --json", "prove inclusion 5", "prove consistency 10 20",
      // Refusals too: the same error, the same exit status.
      "item no-such-item", "who-approved " + other_item + " --as-of 3", "findings --kind no-such-kind",
      "report --agency a01 --year 2025 --format pdf", "show 999999", "overdue"};
  std::vector<CliRun> local;
  for (const std::string& question : questions) local.push_back(Local(question));

  Server server(std::vector<std::string>{"--data", data_, "serve", "--listen", "127.0.0.1:0"});
  ASSERT_GT(server.port(), 0);
  url_ = fmt::format("http://127.0.0.1:{}/2025", server.port());
  for (size_t i = 0; i < questions.size(); ++i) {
    CliRun remote = Remote("county/keys/supervisor.pem", questions[i]);
    EXPECT_EQ(remote.exit_code, local[i].exit_code) << questions[i] << "\n" << remote.err;
    EXPECT_EQ(remote.out, local[i].out) << questions[i];
    if (local[i].exit_code != 0) {
      // "gongkai: error: X" locally is "gongkai: error: server: X" remotely.
      std::string expected = local[i].err;
      expected.insert(std::string("gongkai: error: ").size(), "server: ");
      EXPECT_EQ(remote.err, expected) << questions[i];
    } else {
      EXPECT_FALSE(local[i].out.empty()) << questions[i];
    }
  }
  CliRun record = Remote("county/keys/supervisor.pem", "score --year 2025 --agency a01 --record p --key k.pem");
  EXPECT_EQ(record.exit_code, 2);
  EXPECT_EQ(record.err, "gongkai: error: --record does not go to a server: run 'score' where the data directory is\n");
  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(RemoteQueryTest, EachReaderReadsWhatTheirRolesAllowAndEveryReadIsRecorded) {
  const std::string log = Local("log").out;
  const std::string own_item = FirstStream(log, "item/a01-[0-9a-z-]+");
  const std::string other_item = FirstStream(log, "item/a02-[0-9a-z-]+");
  Server server(std::vector<std::string>{"--data", data_, "serve", "--listen", "127.0.0.1:0"});
  ASSERT_GT(server.port(), 0);
  url_ = fmt::format("http://127.0.0.1:{}/2025", server.port());

  // Agency staff: their own agency's subjects and findings, nothing else.
  EXPECT_EQ(Remote("handler.pem", "item " + own_item).exit_code, 0);
  EXPECT_EQ(Remote("handler.pem", "findings --agency a01").exit_code, 0);
  CliRun other = Remote("handler.pem", "item " + other_item);
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(other.err, "gongkai: error: server: a01-handler-1-1 may not read " + other_item +
                           ": that needs a role in agency a02, or supervision, assessor, archivist or auditor\n");
  CliRun everything = Remote("handler.pem", "findings");
  EXPECT_EQ(everything.err, "gongkai: error: server: a01-handler-1-1 may not read every agency's records: across "
                            "agencies only supervision, assessor, archivist and auditor may\n");
  // The administrator keeps the registry: the ledger's public face only.
  EXPECT_EQ(Remote("county/keys/admin.pem", "stats").exit_code, 0);
  EXPECT_EQ(Remote("county/keys/admin.pem", "item " + own_item).exit_code, 1);
  // The assessment office reads every agency.
  EXPECT_EQ(Remote("county/keys/assessor.pem", "score --year 2025").exit_code, 0);

  // Anonymous, expired and unregistered requests, by status.
  HttpAnswer anonymous = Http(server.port(), "GET", "/2025/query/stats");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body,
            "unauthenticated: this needs a signed request: Signature-Input and Signature headers (RFC 9421; "
            "docs/SERVER.md)\n");
  auto supervisor = PrivateKey::FromPemFile(data_ + "/keys/supervisor.pem");
  ASSERT_TRUE(supervisor.has_value());
  auto signed_get = [&](const PrivateKey& key, const std::string& path, UnixMicros at) {
    auto signature = server::SignRequest(key, "GET", path, "", at);
    EXPECT_TRUE(signature.has_value());
    return Http(server.port(), "GET", path, "",
                "Signature-Input: " + signature->signature_input + "\r\nSignature: " + signature->signature + "\r\n");
  };
  const UnixMicros now = SystemClock().Now();
  HttpAnswer expired = signed_get(*supervisor, "/2025/query/stats", now - 600'000'000);
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(expired.body.find("unauthenticated: the signature has expired"), std::string::npos) << expired.body;
  EXPECT_EQ(signed_get(SeededKey(77), "/2025/query/stats", now).status, 403);

  // Entry bundles hold drafts: readers of everything only; the bundle's
  // records are the entries, byte for byte.
  HttpAnswer bundle = signed_get(*supervisor, "/2025/tile/entries/000", now);
  ASSERT_EQ(bundle.status, 200);
  auto records = tiles::SplitBundle(AsBytes(bundle.body));
  ASSERT_TRUE(records.has_value()) << records.error().ToString();
  ASSERT_EQ(records->size(), 256u);
  EXPECT_EQ(std::string(AsChars((*records)[7])), Local("show 7 --raw").out);
  auto handler = PrivateKey::FromPemFile(dir_.Sub("handler.pem"));
  EXPECT_EQ(signed_get(*handler, "/2025/tile/entries/000", now).status, 403);
  ASSERT_EQ(server.Stop(), 0);

  // Every signed read, answered or refused, in order; `verify` checks the chain.
  std::vector<std::string> reads;
  auto read = server::ReadAccessLog(data_ + "/access-log.jsonl", [&](schema::AccessRecord::Reader record) {
    reads.push_back(fmt::format("{} {} {}", record.getPerson().cStr(), record.getStatus(), record.getAbout().cStr()));
  });
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(reads, (std::vector<std::string>{
                       "a01-handler-1-1 200 " + own_item, "a01-handler-1-1 200 agency a01",
                       "a01-handler-1-1 403 " + other_item, "a01-handler-1-1 403 all", "gov-office-admin 200 ledger",
                       "gov-office-admin 403 " + own_item, "gov-office-assessor 200 all", "supervision-inspector 200 entries",
                       "a01-handler-1-1 403 entries"}));
  CliRun verified = Local("verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("access log: 9 reads recorded, chain intact"), std::string::npos) << verified.out;
  CliRun who_looked = Local("access-log --about " + other_item);
  EXPECT_EQ(who_looked.exit_code, 0);
  EXPECT_TRUE(who_looked.out.starts_with("1 of 9 reads (chain intact)\n")) << who_looked.out;
  EXPECT_NE(who_looked.out.find("a01-handler-1-1"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::testing
