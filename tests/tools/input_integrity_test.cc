// What a person signs is exactly what they wrote, end to end through the
// command line: JSON in every escape form comes back byte-identical from
// show --json, the queries and an export; a full disk and a read-only copy
// are clear errors, never an abort; receipts arrive as entries are made.
#include <gtest/gtest.h>

#include <capnp/message.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ledger/json_parser.h"
#include "tests/support/cli_runner.h"
#include "tests/support/json_text.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

// The value at `path` (field names) in a parsed JSON object, as a string.
std::string StringAt(capnp::JsonValue::Reader value, std::initializer_list<std::string_view> path) {
  for (std::string_view name : path) {
    bool found = false;
    if (value.isObject()) {
      for (auto field : value.getObject()) {
        if (std::string_view(field.getName().cStr()) == name) {
          value = field.getValue();
          found = true;
          break;
        }
      }
    }
    if (!found) return "<no " + std::string(name) + ">";
  }
  return value.isString() ? std::string(value.getString().cStr(), value.getString().size()) : "<not a string>";
}

class InputIntegrityTest : public ::testing::Test {
 protected:
  CliRun Gongkai(const std::string& args, const std::string& stdin_text = "") {
    return RunCommand(GONGKAI_BINARY, dir_.path(), "--data " + data_ + " " + args, stdin_text);
  }
  void ExpectError(const CliRun& run, std::string_view part, int exit_code = 1) {
    EXPECT_EQ(run.exit_code, exit_code) << run.err;
    EXPECT_TRUE(run.err.starts_with("gongkai: error: ")) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "not one line: " << run.err;
    EXPECT_NE(run.err.find(part), std::string::npos) << run.err;
  }
  void Init(const std::string& agency = "天宁区政府办") {
    ASSERT_EQ(Gongkai("keygen --out admin.pem").exit_code, 0);
    ASSERT_EQ(Gongkai("keygen --out alice.pem").exit_code, 0);
    auto init = Gongkai("init --origin integrity.test/1 --key admin.pem --person admin --name 管理员 --agency " +
                        agency + " --valid-from 2026-01-01");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto registered = Gongkai("register-agency --key admin.pem --agency " + agency +
                              " --name 常州市天宁区人民政府办公室 --jurisdiction cn-js-changzhou-tianning");
    ASSERT_EQ(registered.exit_code, 0) << registered.err;
    auto reg = Gongkai("register --key admin.pem --person alice --name 张三 --agency " + agency +
                       " --role handler --role leaderInCharge --public-key alice.pem.pub --valid-from 2026-01-01");
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
  }

  TempDir dir_;
  std::string data_ = "data";
};

TEST_F(InputIntegrityTest, AnyTextComesBackAsWrittenFromShowQueriesAndExport) {
  Init();
  std::mt19937_64 random(1206);
  struct Written {
    std::string item, title, agency, comment;
  };
  std::vector<Written> written;
  std::string actions;
  for (int i = 0; i < 24; ++i) {
    bool ensure_ascii = i % 2 == 0;
    std::u32string title = RandomText(random, 1, false), agency = RandomText(random, 1, false),
                   comment = RandomText(random, 0, false);
    std::string item = fmt::format("2026-{:04}", i);
    std::string head = fmt::format(R"("stream":"item/{0}","businessTime":"2026-03-02","payload":{{"item":{{"itemId":"{0}","agency":{1})",
                                   item, JsonLiteral(agency, ensure_ascii, random));
    actions += fmt::format(R"({{"eventId":"{0}#0",{1},"drafted":{{"title":{2},"category":"normativeDocument",)"
                           R"("contentDigest":"{3}","section":"s"}}}}}}}})"
                           "\n",
                           item, head, JsonLiteral(title, ensure_ascii, random), std::string(64, 'a'));
    actions += fmt::format(R"({{"eventId":"{0}#1",{1},"signedOff":{{"decision":"approve","attribute":"proactive",)"
                           R"("comment":{2}}}}}}}}})"
                           "\n",
                           item, head, JsonLiteral(comment, ensure_ascii, random));
    written.push_back({item, Utf8(title), Utf8(agency), Utf8(comment)});
  }
  std::ofstream(dir_.Sub("actions.jsonl"), std::ios::binary) << actions;
  // Signed separately from appending: the signature covers the decoded text.
  auto signed_run = Gongkai("sign --key alice.pem actions.jsonl");
  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
  std::ofstream(dir_.Sub("actions.signed"), std::ios::binary) << signed_run.out;
  auto append = Gongkai("append actions.signed");
  ASSERT_EQ(append.exit_code, 0) << append.err;
  ASSERT_EQ(std::count(append.out.begin(), append.out.end(), '\n'), 48);
  ASSERT_EQ(Gongkai("verify").exit_code, 0);

  for (size_t i = 0; i < written.size(); ++i) {
    const Written& w = written[i];
    uint64_t seq = 3 + 2 * i;  // after the genesis, the agency and alice's registration
    auto show = Gongkai(fmt::format("show {} --json", seq));
    ASSERT_EQ(show.exit_code, 0) << show.err;
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<capnp::JsonValue>();
    ASSERT_TRUE(ParseJson(show.out, root).has_value()) << show.out;
    ASSERT_EQ(StringAt(root, {"action", "eventId"}), w.item + "#0");
    EXPECT_EQ(StringAt(root, {"action", "payload", "item", "drafted", "title"}), w.title);
    EXPECT_EQ(StringAt(root, {"action", "payload", "item", "agency"}), w.agency);

    auto sign_off = Gongkai(fmt::format("show {} --json", seq + 1));
    capnp::MallocMessageBuilder sign_off_message;
    auto sign_off_root = sign_off_message.initRoot<capnp::JsonValue>();
    ASSERT_TRUE(ParseJson(sign_off.out, sign_off_root).has_value()) << sign_off.out;
    EXPECT_EQ(StringAt(sign_off_root, {"action", "payload", "item", "signedOff", "comment"}), w.comment);

    // A query answers with the same text (the acts projection stores it).
    auto approved = Gongkai("who-approved " + w.item + " --json");
    ASSERT_EQ(approved.exit_code, 0) << approved.err;
    std::string last_line = approved.out.substr(approved.out.rfind('\n', approved.out.size() - 2) + 1);
    capnp::MallocMessageBuilder act_message;
    auto act = act_message.initRoot<capnp::JsonValue>();
    ASSERT_TRUE(ParseJson(last_line, act).has_value()) << approved.out;
    EXPECT_EQ(StringAt(act, {"act"}), "item.signedOff");
    EXPECT_EQ(StringAt(act, {"agency"}), w.agency);
  }

  // The export holds the exact bytes, and verifies offline.
  ASSERT_EQ(Gongkai("checkpoint").exit_code, 0);
  auto exported = Gongkai("export --out export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string entries = ReadFile(dir_.Sub("export/entries.bin"));
  for (const Written& w : written) {
    EXPECT_NE(entries.find(w.title), std::string::npos) << w.title;
    EXPECT_NE(entries.find(w.agency), std::string::npos) << w.agency;
  }
  auto verified = RunCommand(std::filesystem::path(GONGKAI_BINARY).parent_path() / "gongkai-verify", dir_.path(),
                             "export --log-key " + data_ + "/log-key.pub");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(InputIntegrityTest, TheReportedEscapesAreStoredAsWritten) {
  Init();
  std::string json =
      R"({"eventId":"i1#0","stream":"item/i1","businessTime":"2026-03-02","payload":{"item":{"itemId":"i1",)"
      R"("agency":"\u5929\u5b81\u533a\u653f\u5e9c\u529e\u516c\u5ba4","drafted":{"title":"\u5173\u4e8e\u653f\u52a1)"
      R"(\u516c\u5f00\u7684\u901a\u77e5 \u00e9","category":"normativeDocument","contentDigest":")" +
      std::string(64, 'b') + R"(","section":"s"}}}})";
  auto append = Gongkai("append --key alice.pem -", json + "\n");
  ASSERT_EQ(append.exit_code, 0) << append.err;
  auto show = Gongkai("show 3");
  EXPECT_NE(show.out.find("天宁区政府办公室"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("关于政务公开的通知 é"), std::string::npos) << show.out;
  ExpectError(Gongkai("append --key alice.pem -", R"({"eventId":"x","stream":"item/x","businessTime":"2026-03-02",)"
                                                   R"("payload":{"note":{"subject":"\ud800"}}})" "\n"),
              "input line 1: action JSON: JSON at byte 91: \\ud800 is a high surrogate not followed by");
  ExpectError(Gongkai("append --key alice.pem -", json.substr(0, json.size()) + std::string("\0garbage\n", 9)),
              "unexpected a NUL byte after the JSON value");
  EXPECT_EQ(Gongkai("log").out.find("garbage"), std::string::npos);
}

TEST_F(InputIntegrityTest, ErrorsNameTheRealCause) {
  // No ledger yet: that is what is said, before anything about keys.
  ExpectError(Gongkai("checkpoint"), "no ledger at data/ledger (create one with 'gongkai init')");
  ExpectError(Gongkai("append --key missing.pem -", "{}\n"), "no ledger at data/ledger");
  Init();
  auto item = [](std::string_view payload) {
    return fmt::format(R"({{"eventId":"e","stream":"item/1","businessTime":"2026-03-02","payload":{{"item":{{)"
                       R"("itemId":"1","agency":"天宁区政府办"{}}}}}}})"
                       "\n",
                       payload);
  };
  ExpectError(Gongkai("append --key alice.pem -", item("")),
              "payload.item: says nothing: expected one of: drafted, ");
  ExpectError(Gongkai("append --key alice.pem -", item(R"(,"drafted":{},"published":{})")),
              "payload.item: only one of drafted and published may be given");
  ExpectError(Gongkai("append --key alice.pem -", R"({"eventId":"e","stream":"s","businessTime":"2026-03-02"})" "\n"),
              "payload is missing: expected one of: note, genesis");
  ExpectError(Gongkai("append --key alice.pem -", R"({"eventId":"e","payload":{"note":{"subject":"x",)"
                                                   R"("digest":12}}})" "\n"),
              "payload.note.digest: expected a string, found a number");
  ExpectError(Gongkai("append --key alice.pem -", ""), "the input holds no action: nothing was appended", 2);
  ExpectError(Gongkai("append --key alice.pem -", "\n  \n"), "nothing was appended", 2);
  ExpectError(Gongkai("register --key admin.pem --person alice --name 张三 --agency 天宁区政府办 --role handler "
                      "--public-key alice.pem.pub"),
              "person alice is already registered");
  ExpectError(Gongkai("approvals --actor nobody"), "no person 'nobody' in this ledger's key registry");
  ExpectError(Gongkai("timeline --agency 无此机关"), "no entry of agency '无此机关' in this ledger");
  ExpectError(Gongkai("findings --kind no-such-kind"), "no finding kind 'no-such-kind'");
  ExpectError(Gongkai("log --stream item/none"), "no stream 'item/none' in this ledger");
  // Untrusted bytes never reach the terminal raw.
  auto escaped = Gongkai("log --stream \"$(printf '\\033[31mred')\"");
  ExpectError(escaped, "no stream '\\x1b[31mred'");
  EXPECT_EQ(escaped.err.find('\x1b'), std::string::npos);
}

// ---- storage conditions: a nearly full disk, a read-only copy ---------------

// A file system mounted for one test (root only: CI runs as root); unmounted
// when the test ends.
class Mount {
 public:
  Mount(const std::string& target, const std::string& source, const std::string& type, unsigned long flags,
        const std::string& options)
      : target_(target) {
    std::filesystem::create_directories(target);
    mounted_ = mount(source.c_str(), target.c_str(), type.empty() ? nullptr : type.c_str(), flags,
                     options.empty() ? nullptr : options.c_str()) == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~Mount() {
    if (mounted_) umount2(target_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string target_;
  bool mounted_ = false;
  std::string error_;
};

TEST_F(InputIntegrityTest, AFullDiskRefusesAppendsAndNeverAborts) {
  Mount disk(dir_.Sub("disk"), "tmpfs", "tmpfs", 0, "size=128m");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root: " << disk.error();
  data_ = "disk/data";
  Init();
  // Leave about 50 MB: the reserve (32 MiB) and some room.
  {
    std::ofstream filler(dir_.Sub("disk/filler"), std::ios::binary);
    std::string block(1 << 20, 'f');
    for (int i = 0; i < 78; ++i) filler << block;
  }
  // Large entries whose bodies do not compress, then small ones.
  std::mt19937_64 random(7);
  std::string large, small;
  for (int i = 0; i < 600; ++i) {
    std::string body;
    for (int k = 0; k < 3000; ++k) body += fmt::format("{:016x}", random());
    large += fmt::format(R"({{"eventId":"big{}","stream":"note/{}","businessTime":"2026-03-02","payload":{{"note":{{"subject":"s","body":"{}"}}}}}})" "\n",
                         i, i, body.substr(0, 60000));
    small += fmt::format(R"({{"eventId":"small{}","stream":"note/s{}","businessTime":"2026-03-02","payload":{{"note":{{"subject":"s"}}}}}})" "\n",
                         i, i);
  }
  std::ofstream(dir_.Sub("large.jsonl"), std::ios::binary) << large;
  std::ofstream(dir_.Sub("small.jsonl"), std::ios::binary) << small;

  // Receipts of new entries (a repeated action's receipt says "duplicate").
  size_t acknowledged = 0;
  auto count_new = [&](const CliRun& run) {
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) acknowledged += line.find("duplicate") == std::string::npos;
  };
  auto first = Gongkai("append --key alice.pem large.jsonl");
  ExpectError(first, "nearly full");
  EXPECT_NE(first.err.find("nothing was written"), std::string::npos) << first.err;
  count_new(first);
  EXPECT_GT(acknowledged, 0u);
  // A later large write is refused the same way; small ones go in until
  // they too would reach the reserve; nothing aborts.
  auto again = Gongkai("append --key alice.pem large.jsonl");
  ExpectError(again, "nearly full");
  count_new(again);
  auto small_run = Gongkai("append --key alice.pem small.jsonl");
  EXPECT_TRUE(small_run.exit_code == 0 || small_run.err.find("nearly full") != std::string::npos) << small_run.err;
  count_new(small_run);
  auto checkpoint = Gongkai("checkpoint");
  EXPECT_TRUE(checkpoint.exit_code == 0 || checkpoint.err.find("nearly full") != std::string::npos) << checkpoint.err;
  auto project = Gongkai("project --quiet");
  EXPECT_TRUE(project.exit_code == 0 || project.err.find("nearly full") != std::string::npos) << project.err;
  // Nothing acknowledged was lost, and the ledger verifies.
  auto verify = Gongkai("verify --quiet");
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find(fmt::format("({} entries", 3 + acknowledged)), std::string::npos) << verify.out;
  // Space freed: appends go on from where they stopped.
  std::filesystem::remove(dir_.Sub("disk/filler"));
  auto resumed = Gongkai("append --key alice.pem large.jsonl");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(Gongkai("verify --quiet").exit_code, 0);
}

TEST_F(InputIntegrityTest, AReadOnlyCopyAnswersQueriesAndRefusesWrites) {
  Init();
  std::string json =
      R"({"eventId":"i1#0","stream":"item/i1","businessTime":"2026-03-02","payload":{"item":{"itemId":"i1",)"
      R"("agency":"天宁区政府办","drafted":{"title":"通知","category":"normativeDocument","contentDigest":")" +
      std::string(64, 'b') + R"(","section":"s"}}}})";
  ASSERT_EQ(Gongkai("append --key alice.pem -", json + "\n").exit_code, 0);
  const bool had_projections = std::filesystem::exists(dir_.Sub("data/projections"));
  Mount copy(dir_.Sub("copy"), dir_.Sub("data"), "", MS_BIND, "");
  if (!copy.mounted()) GTEST_SKIP() << "a bind mount needs root: " << copy.error();
  Mount read_only(dir_.Sub("copy"), "", "", MS_REMOUNT | MS_BIND | MS_RDONLY, "");
  ASSERT_TRUE(read_only.mounted()) << read_only.error();
  data_ = "copy";
  for (std::string query : {"verify --quiet", "log", "show 2", "stats", "item i1", "timeline --item i1",
                            "findings", "overdue --as-of 2026-12-31", "project --quiet", "replay --quiet"}) {
    auto run = Gongkai(query);
    EXPECT_EQ(run.exit_code, 0) << query << ": " << run.err;
  }
  ExpectError(Gongkai("append --key alice.pem -", json + "\n"), "the ledger at copy/ledger is read-only");
  ExpectError(Gongkai("checkpoint"), "is read-only");
  // The projections were built elsewhere: nothing was written to the copy.
  EXPECT_EQ(std::filesystem::exists(dir_.Sub("data/projections")), had_projections);
}

TEST_F(InputIntegrityTest, EachReceiptArrivesAsItsEntryIsMade) {
  Init();
  // Feed append one action at a time through a pipe, and read each receipt
  // before sending the next: a buffered receipt would never arrive.
  int to_child[2], from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    if (chdir(dir_.path().c_str()) != 0) _exit(127);
    execl(GONGKAI_BINARY, GONGKAI_BINARY, "--data", "data", "append", "--key", "alice.pem", "-", nullptr);
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  for (int i = 0; i < 3; ++i) {
    std::string line = fmt::format(R"({{"eventId":"n{}","stream":"note/1","businessTime":"2026-03-02",)"
                                   R"("payload":{{"note":{{"subject":"s"}}}}}})"
                                   "\n",
                                   i);
    ASSERT_EQ(write(to_child[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
    std::string receipt;
    char c;
    pollfd ready{from_child[0], POLLIN, 0};
    while (receipt.empty() || receipt.back() != '\n') {
      ASSERT_EQ(poll(&ready, 1, 20000), 1) << "no receipt for action " << i << " within 20 s";
      ASSERT_EQ(read(from_child[0], &c, 1), 1);
      receipt += c;
    }
    EXPECT_TRUE(receipt.starts_with(std::to_string(3 + i) + " ")) << receipt;
  }
  close(to_child[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(from_child[0]);
}

}  // namespace
}  // namespace gongkai::testing
