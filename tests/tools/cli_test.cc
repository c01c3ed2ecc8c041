// The gongkai command line, run as a user would: exit codes, one-line
// errors, help on every command, and the whole keygen → verify workflow.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/cli_runner.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  // Runs `gongkai --data DIR/data ARGS` in DIR through the shell.
  CliRun Gongkai(const std::string& args, const std::string& stdin_text = "") {
    return RunCommand(GONGKAI_BINARY, dir_.path(), "--data data " + args, stdin_text);
  }

  // Runs a command that must succeed and saves its standard output in FILE.
  void SaveOutput(const std::string& args, const std::string& file, const std::string& stdin_text = "") {
    CliRun run = Gongkai(args, stdin_text);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
    std::ofstream(dir_.Sub(file), std::ios::binary) << run.out;
  }

  void ExpectError(const CliRun& run, int exit_code, std::string_view part) {
    EXPECT_EQ(run.exit_code, exit_code) << run.err;
    EXPECT_TRUE(run.err.starts_with("gongkai: error: ")) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "not one line: " << run.err;
    EXPECT_NE(run.err.find(part), std::string::npos) << run.err;
  }

  void InitLedger() {
    ASSERT_EQ(Gongkai("keygen --out admin.pem").exit_code, 0);
    ASSERT_EQ(Gongkai("keygen --out alice.pem").exit_code, 0);
    auto init = Gongkai("init --origin cli.test/1 --key admin.pem --person admin --name 管理员 --agency 天宁区政府办 "
                        "--valid-from 2026-01-01");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto agency = Gongkai("register-agency --key admin.pem --agency 天宁区政府办 --name 常州市天宁区人民政府办公室 "
                          "--kind government --jurisdiction cn-js-changzhou-tianning");
    ASSERT_EQ(agency.exit_code, 0) << agency.err;
    auto reg = Gongkai("register --key admin.pem --person alice --name 张三 --agency 天宁区政府办 "
                       "--section 信息公开科 --role handler --role sectionHead@天宁区政府办/信息公开科 "
                       "--public-key alice.pem.pub --valid-from 2026-01-01");
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
  }

  TempDir dir_;
};

const char* kNote =
    R"({"eventId":"%s","stream":"item/1","businessTime":"2026-03-02T10:00:00+08:00","payload":{"note":{"subject":"s"}}})";
std::string NoteJson(const std::string& id) {
  std::string s = kNote;
  return s.replace(s.find("%s"), 2, id) + "\n";
}

TEST_F(CliTest, HelpForEveryCommand) {
  auto help = Gongkai("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (std::string command : {"keygen", "init", "sign", "append", "verify", "show", "log", "stats", "register",
                              "add-key", "revoke-key", "role"}) {
    EXPECT_NE(help.out.find("  " + command + " "), std::string::npos) << command;
    auto one = Gongkai(command + " --help");
    EXPECT_EQ(one.exit_code, 0) << command;
    EXPECT_NE(one.out.find("usage: gongkai [--data DIR] " + command), std::string::npos) << one.out;
  }
}

TEST_F(CliTest, UsageErrorsAreOneLineAndExitTwo) {
  ExpectError(Gongkai("frobnicate"), 2, "unknown command 'frobnicate'");
  ExpectError(Gongkai("verify --frm 3"), 2, "unknown option --frm");
  ExpectError(Gongkai("verify --from"), 2, "option --from needs a value");
  ExpectError(Gongkai("show x"), 2, "SEQ must be a non-negative integer");
  ExpectError(Gongkai("keygen"), 2, "missing required option --out");
}

TEST_F(CliTest, MissingLedgerIsOneLineAndExitOne) {
  ExpectError(Gongkai("verify"), 1, "no ledger at data/ledger (create one with 'gongkai init')");
  ExpectError(Gongkai("show 0"), 1, "no ledger at");
}

TEST_F(CliTest, WholeWorkflow) {
  InitLedger();
  auto appended = Gongkai("append --key alice.pem", NoteJson("n1") + NoteJson("n2"));
  ASSERT_EQ(appended.exit_code, 0) << appended.err;
  EXPECT_TRUE(appended.out.starts_with("3 ")) << appended.out;

  auto signed_line = Gongkai("sign --key alice.pem", NoteJson("n3"));
  ASSERT_EQ(signed_line.exit_code, 0) << signed_line.err;
  EXPECT_TRUE(signed_line.out.starts_with("{\"action\":\"")) << signed_line.out;
  auto append_signed = Gongkai("append --json", signed_line.out);
  ASSERT_EQ(append_signed.exit_code, 0) << append_signed.err;
  EXPECT_NE(append_signed.out.find("\"seq\":\"5\""), std::string::npos) << append_signed.out;
  auto again = Gongkai("append", signed_line.out);
  EXPECT_NE(again.out.find("(duplicate: already recorded)"), std::string::npos) << again.out;

  auto verify = Gongkai("verify --quiet");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("verified entries 0..5 (6 entries, every signature and key valid)"), std::string::npos)
      << verify.out;
  auto show = Gongkai("show 3");
  EXPECT_NE(show.out.find("signer      张三 (alice, 天宁区政府办/信息公开科)"), std::string::npos) << show.out;
  auto log = Gongkai("log --stream item/1");
  EXPECT_EQ(std::count(log.out.begin(), log.out.end(), '\n'), 1 + 3) << log.out;  // the header, then 3 entries
  EXPECT_TRUE(log.out.starts_with("     SEQ  RECORDED          KIND")) << log.out;
  auto stats = Gongkai("stats --json");
  EXPECT_NE(stats.out.find("\"entries\":\"6\""), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find("\"origin\":\"cli.test/1\""), std::string::npos) << stats.out;
}

TEST_F(CliTest, RefusalsNameTheLineAndTheReason) {
  InitLedger();
  ExpectError(Gongkai("append --key alice.pem", NoteJson("ok") + "{\"eventId\":\n"), 1, "input line 2: action JSON");
  // The first line was appended before the bad one.
  EXPECT_NE(Gongkai("log").out.find("id ok"), std::string::npos);
  ExpectError(Gongkai("append", "{\"action\":\"AAAA\",\"signature\":\"AAAA\"}\n"), 1,
              "input line 1: action is 3 bytes");
  auto alice_id = Gongkai("show 1 --json").out;
  ASSERT_EQ(Gongkai("keygen --out mallory.pem").exit_code, 0);
  ExpectError(Gongkai("append --key mallory.pem", NoteJson("m1")), 1, "is not registered");
  ExpectError(Gongkai("init --origin x --key admin.pem --person a --name b --agency c"), 1, "already holds a ledger");
}

// An SM3 ledger whose administrator holds an SM2 key, with a person of each
// algorithm; a person rotates from SM2 to Ed25519; the whole verifies.
TEST_F(CliTest, Sm3LedgerWithSm2AndEd25519People) {
  ASSERT_EQ(Gongkai("keygen --algorithm sm2 --out admin.pem").exit_code, 0);
  ExpectError(Gongkai("init --origin cli.test/sm --key admin.pem --person admin --name 管理员 --agency 天宁区政府办 "
                      "--hash sha3"),
              2, "unknown hash algorithm 'sha3' (expected sha256 or sm3)");
  auto init = Gongkai("init --origin cli.test/sm --key admin.pem --person admin --name 管理员 --agency 天宁区政府办 "
                      "--valid-from 2026-01-01 --hash sm3 --sm2-log-key");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("(hash sm3)"), std::string::npos) << init.out;
  EXPECT_NE(init.out.find("SM2 log key "), std::string::npos) << init.out;
  EXPECT_NE(init.out.find("(sm2)"), std::string::npos) << init.out;
  ASSERT_EQ(Gongkai("register-agency --key admin.pem --agency 天宁区政府办 --name 天宁区政府办 --jurisdiction cn-t").exit_code,
            0);
  auto sm = Gongkai("keygen --algorithm sm2 --out carol.pem");
  EXPECT_NE(sm.out.find("(sm2)"), std::string::npos);
  ASSERT_EQ(Gongkai("keygen --out dave.pem").exit_code, 0);
  for (std::string person : {"carol", "dave"}) {
    auto reg = Gongkai("register --key admin.pem --person " + person + " --name " + person +
                       " --agency 天宁区政府办 --public-key " + person + ".pem.pub --valid-from 2026-01-01");
    ASSERT_EQ(reg.exit_code, 0) << reg.err;
    ASSERT_EQ(Gongkai("append --key " + person + ".pem", NoteJson(person + "-1")).exit_code, 0);
  }
  // carol moves to an Ed25519 key and gives up her SM2 one.
  ASSERT_EQ(Gongkai("keygen --out carol2.pem").exit_code, 0);
  auto add = Gongkai("add-key --key admin.pem --person carol --public-key carol2.pem.pub --valid-from 2026-01-01");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  std::string sm_id = sm.out.substr(7, 32);
  ASSERT_EQ(Gongkai("revoke-key " + sm_id + " --key admin.pem --reason rotated").exit_code, 0);
  ExpectError(Gongkai("append --key carol.pem", NoteJson("carol-2")), 1, "was revoked from");
  ASSERT_EQ(Gongkai("append --key carol2.pem", NoteJson("carol-3")).exit_code, 0);
  auto verified = Gongkai("verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out.find("simulated"), std::string::npos) << verified.out;
  // Checkpoints carry the Ed25519 line and the SM2 one; the SM2 log key is
  // required to make them.
  auto checkpoint = Gongkai("checkpoint");
  ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.err;
  size_t log_lines = 0;
  for (size_t at = 0; (at = checkpoint.out.find("\u2014 cli.test/sm ", at)) != std::string::npos; ++at) ++log_lines;
  EXPECT_EQ(log_lines, 2u) << checkpoint.out;
  std::ofstream(dir_.Sub("c.note")) << checkpoint.out;
  SaveOutput("prove inclusion 3", "i3.json");
  auto with_ed25519_only = Gongkai("check-proof --proof i3.json --checkpoint c.note --log-key data/log-key.pub");
  ASSERT_EQ(with_ed25519_only.exit_code, 0) << with_ed25519_only.err;
  EXPECT_NE(with_ed25519_only.out.find("1 more signature line under 'cli.test/sm' not checked"), std::string::npos)
      << with_ed25519_only.out;
  auto with_both = Gongkai("check-proof --proof i3.json --checkpoint c.note --log-key data/log-key.pub "
                           "--log-key data/log-sm2-key.pub");
  ASSERT_EQ(with_both.exit_code, 0) << with_both.err;
  EXPECT_EQ(with_both.out.find("not checked"), std::string::npos) << with_both.out;
  ExpectError(Gongkai("check-proof --proof i3.json --checkpoint c.note --log-key data/log-key.pub "
                      "--log-key carol.pem.pub"),
              1, "c.note: the note has no sm2 signature by cli.test/sm");
  std::filesystem::rename(dir_.Sub("data/log-sm2-key.pem"), dir_.Sub("log-sm2-key.pem"));
  ExpectError(Gongkai("checkpoint"), 2, "no SM2 log key was given to sign checkpoints with");
  std::filesystem::rename(dir_.Sub("log-sm2-key.pem"), dir_.Sub("data/log-sm2-key.pem"));
  ASSERT_EQ(Gongkai("export --out ex").exit_code, 0);
  const auto verify_binary = std::filesystem::path(GONGKAI_BINARY).parent_path() / "gongkai-verify";
  auto exported = RunCommand(verify_binary, dir_.path(), "ex --log-key data/log-key.pub --log-key data/log-sm2-key.pub");
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.err.find("warning: no witness quorum"), std::string::npos) << exported.err;
  auto twice = RunCommand(verify_binary, dir_.path(), "ex --log-key data/log-key.pub --log-key data/log-key.pub");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("--log-key: two ed25519 log keys given"), std::string::npos) << twice.err;
  // A log key must be Ed25519 (the witness network's): an SM2 one is refused.
  ExpectError(Gongkai("vkey --name x --public carol.pem.pub"), 1, "is an sm2 key; an ed25519 key is needed here");
}

TEST_F(CliTest, RevokedKeyIsRefused) {
  InitLedger();
  std::string key_id = Gongkai("keygen --out bob.pem").out.substr(7, 32);
  ASSERT_EQ(Gongkai("register --key admin.pem --person bob --name 李四 --agency 天宁区政府办 --public-key bob.pem.pub "
                    "--valid-from 2026-01-01").exit_code, 0);
  ASSERT_EQ(Gongkai("append --key bob.pem", NoteJson("b1")).exit_code, 0);
  auto revoke = Gongkai("revoke-key " + key_id + " --key admin.pem --reason lost");
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  ExpectError(Gongkai("append --key bob.pem", NoteJson("b2")), 1, "was revoked from");
  ExpectError(Gongkai("register --key alice.pem --person eve --name e --agency 天宁区政府办 --public-key bob.pem.pub"), 1,
              "must be signed by an administrator");
  EXPECT_EQ(Gongkai("verify --quiet").exit_code, 0);
}

TEST_F(CliTest, PeopleAndRolesNameRegisteredAgencies) {
  InitLedger();
  ASSERT_EQ(Gongkai("keygen --out bob.pem").exit_code, 0);
  ExpectError(Gongkai("register --key admin.pem --person bob --name 李四 --agency 天宁区发改局 --public-key bob.pem.pub"),
              1, "person bob names agency '天宁区发改局', which is not registered");
  ExpectError(Gongkai("register-agency --key admin.pem --agency 天宁区发改局 --name 发改局 --kind bureau "
                      "--jurisdiction cn-js-changzhou-tianning"),
              2, "unknown agency kind 'bureau' (agency kinds: government, department, township, archive,");
  ExpectError(Gongkai("register-agency --key admin.pem --agency 天宁区发改局 --name 发改局 --jurisdiction x "
                      "--parent 天宁区政府"),
              1, "the parent of agency '天宁区发改局' names agency '天宁区政府', which is not registered");
  ASSERT_EQ(Gongkai("register-agency --key admin.pem --agency 天宁区发改局 --name 常州市天宁区发展和改革局 "
                    "--jurisdiction cn-js-changzhou-tianning --parent 天宁区政府办").exit_code, 0);
  ExpectError(Gongkai("register-agency --key admin.pem --agency 天宁区发改局 --name 发改局 --jurisdiction x"), 1,
              "agency '天宁区发改局' is already registered");
  auto registered = Gongkai("register --key admin.pem --person bob --name 李四 --agency 天宁区发改局 "
                            "--role principal --public-key bob.pem.pub");
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_TRUE(registered.out.starts_with("4 ")) << registered.out;
}

TEST_F(CliTest, TamperedStoreFailsVerifyWithTheEntryNumber) {
  InitLedger();
  ASSERT_EQ(Gongkai("append --key alice.pem", NoteJson("n1") + NoteJson("n2")).exit_code, 0);
  {
    auto store = Store::Open(dir_.Sub("data/ledger"), Store::Mode::kOpen);
    ASSERT_TRUE(store.has_value());
    std::string value = **(*store)->Get(Family::kEntries, SeqKey(2));
    value[100] ^= 1;
    rocksdb::WriteBatch batch;
    batch.Put((*store)->family(Family::kEntries), ToSlice(SeqKey(2)), value);
    ASSERT_TRUE((*store)->Write(batch, true).has_value());
  }
  ExpectError(Gongkai("verify --quiet"), 1, "verification FAILED at entry 2: entry hash does not match");
}

std::string Notes(int first, int last) {
  std::string out;
  for (int i = first; i <= last; ++i) out += NoteJson(fmt::format("e{}", i));
  return out;
}

TEST_F(CliTest, CheckpointsProofsAndAWitnessCatchARewrittenHistory) {
  InitLedger();  // entries 0..2
  ASSERT_EQ(Gongkai("append --key alice.pem", Notes(3, 5)).exit_code, 0);
  ASSERT_EQ(Gongkai("keygen --out witness.pem").exit_code, 0);
  SaveOutput("checkpoint", "c6.note");
  const std::string witness = "witness --state ws --key witness.pem --name archive.test/w --log-key data/log-key.pub";
  SaveOutput(witness + " --checkpoint c6.note", "c6w.note");
  ASSERT_EQ(Gongkai("checkpoint --add c6w.note").exit_code, 0);

  // The ledger grows honestly: the witness cosigns with a consistency proof.
  ASSERT_EQ(Gongkai("append --key alice.pem", Notes(6, 8)).exit_code, 0);
  SaveOutput("checkpoint", "c9.note");
  ExpectError(Gongkai(witness + " --checkpoint c9.note"), 1, "refused: a consistency proof from 6 to 9 is needed");
  SaveOutput("prove consistency 6 9", "p69.json");
  auto cosigned = Gongkai(witness + " --checkpoint c9.note --proof p69.json");
  ASSERT_EQ(cosigned.exit_code, 0) << cosigned.err;
  auto check = Gongkai("check-proof --proof p69.json --checkpoint c9.note --old-checkpoint c6.note --log-key data/log-key.pub");
  EXPECT_EQ(check.exit_code, 0) << check.err;
  SaveOutput("prove inclusion 4", "i4.json");
  SaveOutput("show 4 --raw", "e4.bin");
  auto included = Gongkai("check-proof --proof i4.json --checkpoint c9.note --log-key data/log-key.pub --entry e4.bin");
  EXPECT_EQ(included.exit_code, 0) << included.err;
  EXPECT_NE(included.out.find("ok: entry 4 (the record given) is in 'cli.test/1' as signed at size 9"), std::string::npos);

  // Checkpoints at an interval, while appending.
  ASSERT_EQ(Gongkai("append --key alice.pem --checkpoint-every 5", Notes(9, 12)).exit_code, 0);
  EXPECT_NE(Gongkai("checkpoint --list").out.find("          10  "), std::string::npos);

  // A checkpoint that rolls history back is refused by the witness.
  ExpectError(Gongkai(witness + " --checkpoint c6.note"), 1, "history rolled back");
}

}  // namespace
}  // namespace gongkai::testing

namespace gongkai::testing {
namespace {

// ---- reference data recorded in the ledger: calendar and rule sets ----

TEST_F(CliTest, CalendarAndRuleSetsArePublishedIntoTheLedger) {
  InitLedger();
  CliRun calendar = Gongkai("calendar publish --key admin.pem --at 2026-03-01");
  ASSERT_EQ(calendar.exit_code, 0) << calendar.err;
  CliRun rules = Gongkai("rules publish national-2019 --key admin.pem --at 2026-03-01");
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  std::ofstream(dir_.Sub("local.rules")) << "ruleset tianning-2026\ntitle 天宁区规则\njurisdiction 天宁区\n"
                                            "effective 2026-01-01\nselected-by receipt formation\nbase national-2019\n";
  CliRun local = Gongkai("rules publish local.rules --key admin.pem --at 2026-03-01");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  CliRun log = Gongkai("log --from 2");
  EXPECT_NE(log.out.find("reference.calendarPublished          calendar/cn-official"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("reference.ruleSetPublished           rules/national-2019"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("rules/tianning-2026"), std::string::npos) << log.out;
  EXPECT_EQ(Gongkai("verify").exit_code, 0);
  // Publishing the same signed content again is idempotent; other content
  // under the same id is refused: an id names one text for good.
  CliRun again = Gongkai("calendar publish --key admin.pem --at 2026-03-01");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("duplicate"), std::string::npos) << again.out;
  ExpectError(Gongkai("rules publish national-2019 --key admin.pem --at 2026-03-02"), 1,
              "event id 'rules/national-2019' is already recorded with different contents");
  ExpectError(Gongkai("rules publish national-2019 --key admin.pem --event-id another"), 1,
              "stream 'rules/national-2019' is at version 1, the action expects 0");
}

// What an administrator does once the State Council publishes next year's
// holidays (docs/RULES.md, "Provisional years"), for a made-up 2027: until
// then an application received on 2026-12-07 is due 2027-01-04
// provisionally (Monday to Friday); the published calendar makes 元旦 off,
// and the case shows the date it moved to and why.
TEST_F(CliTest, PublishingNextYearsCalendarSettlesProvisionalDueDates) {
  InitLedger();
  std::string received = fmt::format(
      R"({{"eventId":"c1-received","stream":"case/c1","businessTime":"2026-12-07T10:00:00+08:00",)"
      R"("payload":{{"application":{{"caseId":"c1","agency":"天宁区政府办","received":{{"receiptDate":"2026-12-07",)"
      R"("applicant":"{}","requestDigest":"{}","itemCount":1}}}}}}}})",
      std::string(64, 'a'), std::string(64, '0'));
  CliRun append = Gongkai("append --key alice.pem", received + "\n");
  ASSERT_EQ(append.exit_code, 0) << append.err;

  CliRun before = Gongkai("case c1 --as-of 2027-01-05");
  EXPECT_NE(before.out.find("reply-application                    from 2026-12-07  due 2027-01-04  missed   (provisional)"),
            std::string::npos)
      << before.out;
  CliRun findings = Gongkai("findings --as-of 2027-01-05");
  EXPECT_NE(findings.out.find("2027-01-05  late-reply"), std::string::npos) << findings.out;
  EXPECT_NE(findings.out.find("evidence 3  (provisional)"), std::string::npos) << findings.out;

  std::ofstream(dir_.Sub("2027.calendar")) << "calendar made-up-2027\ncovers 2027 2027\n"
                                              "source https://example.org/2027-notice\noff 2027-01-01 元旦\n";
  CliRun check = Gongkai("calendar is-workday 2027-01-01 --calendar 2027.calendar");
  EXPECT_EQ(check.out, "2027-01-01 off (元旦)\n");
  CliRun publish = Gongkai("calendar publish --calendar 2027.calendar --key admin.pem");
  ASSERT_EQ(publish.exit_code, 0) << publish.err;
  ASSERT_TRUE(publish.out.starts_with("4 ")) << publish.out;

  CliRun after = Gongkai("case c1 --as-of 2027-01-05");
  EXPECT_NE(after.out.find("reply-application                    from 2026-12-07  due 2027-01-05  pending  "
                           "(moved from 2027-01-04 by calendar made-up-2027 at seq 4)"),
            std::string::npos)
      << after.out;
  CliRun none = Gongkai("findings --as-of 2027-01-05");
  EXPECT_EQ(none.out.find("late-reply"), std::string::npos) << none.out;
  CliRun overdue = Gongkai("overdue --as-of 2027-01-06");
  EXPECT_NE(overdue.out.find("case/c1 (moved from 2027-01-04 by calendar made-up-2027 at seq 4)"), std::string::npos)
      << overdue.out;
  // As the ledger stood before the publication, the answer is the provisional one.
  CliRun replayed = Gongkai("case c1 --as-of 4");
  EXPECT_NE(replayed.out.find("due 2027-01-04  pending  (provisional)"), std::string::npos) << replayed.out;
}

// Two clocks (docs/FINDINGS.md): an application and its reply entered on
// 2026-12-07 or later with business dates in November. Every listing marks
// both acts recorded late (more than default-scoring's 5 working days after
// their day); the reply, dated before its due date 2026-11-30 but recorded
// after it, is a recorded-after-deadline finding; --as-of business:DATE
// judges every entry recorded so far on a business date, and says so.
TEST_F(CliTest, BackFilledActsAreMarkedAndJudgedByEitherClock) {
  InitLedger();
  auto act = [&](std::string_view id, std::string_view time, std::string_view body) {
    CliRun run = Gongkai("append --key alice.pem",
                         fmt::format(R"({{"eventId":"{}","stream":"case/c2","businessTime":"{}",)"
                                     R"("payload":{{"application":{{"caseId":"c2","agency":"天宁区政府办",{}}}}}}})",
                                     id, time, body) +
                             "\n");
    ASSERT_EQ(run.exit_code, 0) << run.err;
  };
  act("c2-received", "2026-11-02T10:00:00+08:00",
      fmt::format(R"("received":{{"receiptDate":"2026-11-02","applicant":"{}","requestDigest":"{}","itemCount":1}})",
                  std::string(64, 'a'), std::string(64, '0')));
  act("c2-reply", "2026-11-27T10:00:00+08:00",
      fmt::format(R"("replyIssued":{{"legalBasis":"条例第三十六条","reasons":"依法答复","remedyStatement":true,)"
                  R"("replyDigest":"{}"}})",
                  std::string(64, '0')));

  CliRun state = Gongkai("case c2");
  EXPECT_NE(state.out.find("due 2026-11-30  met       seq 4 on 2026-11-27"), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("application.received                 alice            handler                    "
                           "(recorded late: "),
            std::string::npos)
      << state.out;
  CliRun chain = Gongkai("who-approved case/c2");
  EXPECT_NE(chain.out.find("disclosed  (recorded late: "), std::string::npos) << chain.out;
  CliRun timeline = Gongkai("timeline --case c2");
  EXPECT_NE(timeline.out.find("application.replyIssued              alice            handler  (recorded late: "),
            std::string::npos)
      << timeline.out;
  CliRun json = Gongkai("who-approved case/c2 --json");
  EXPECT_NE(json.out.find("\"recordedLate\":true"), std::string::npos) << json.out;

  CliRun findings = Gongkai("findings");
  EXPECT_NE(findings.out.find("recorded-after-deadline                  天宁区政府办 case/c2                      "
                              "evidence 4  (id recorded-after-deadline@case/c2#4)"),
            std::string::npos)
      << findings.out;
  CliRun judged = Gongkai("case c2 --as-of business:2026-11-28");
  EXPECT_NE(judged.out.find("as of 2026-11-28 (business date; entries 0..4 recorded so far)"), std::string::npos)
      << judged.out;
  EXPECT_NE(judged.out.find("due 2026-11-30  met "), std::string::npos) << judged.out;
  ExpectError(Gongkai("case c2 --as-of business:2026-11-31"), 2,
              "--as-of business:DATE: '2026-11-31' is not a date: 2026-11 has 30 days");
}

TEST_F(CliTest, RuleSetPublishRefusesABadFileNamingTheLine) {
  InitLedger();
  std::ofstream(dir_.Sub("bad.rules")) << "ruleset x\ntitle t\nbogus line\n";
  ExpectError(Gongkai("rules publish bad.rules --key admin.pem"), 1, "bad.rules: line 3: unknown directive 'bogus'");
  ExpectError(Gongkai("rules publish no-such-set --key admin.pem"), 1,
              "'no-such-set' is neither a shipped rule set nor a readable file");
  CliRun log = Gongkai("log");
  EXPECT_EQ(log.out.find("reference"), std::string::npos) << "nothing was written: " << log.out;
}

TEST_F(CliTest, RuleSetsArePublishedByAnAdministratorOrAssessorOnly) {
  InitLedger();
  ExpectError(Gongkai("rules publish national-2019 --key alice.pem"), 1,
              "reference.ruleSetPublished events must be signed by a holder of the administrator or assessor role");
  ExpectError(Gongkai("calendar publish --key alice.pem"), 1,
              "reference.calendarPublished events must be signed by a holder of the administrator role");
}

}  // namespace
}  // namespace gongkai::testing

namespace gongkai::testing {
namespace {

// ---- projections on the command line ----

TEST_F(CliTest, ApprovalsFindingsAndResponsibilityOfASimulatedCounty) {
  CliRun simulated = Gongkai("simulate --seed 5 --agencies 2 --events 4000 --violation-rate 0.2 --quiet");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  // Its keys derive from the seed: the genesis says so, and verify warns.
  EXPECT_NE(Gongkai("show 0 --json").out.find("\"simulated\":true"), std::string::npos);
  CliRun verified = Gongkai("verify --quiet");
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("warning: a simulated ledger (its genesis says so)"), std::string::npos) << verified.out;
  ASSERT_EQ(Gongkai("export --out sx --quiet").exit_code, 0);
  auto exported = RunCommand(std::filesystem::path(GONGKAI_BINARY).parent_path() / "gongkai-verify", dir_.path(),
                             "sx --allow-uncovered-tail --quiet");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("warning: a simulated ledger (its genesis says so)"), std::string::npos) << exported.out;
  std::string manifest = ReadFile(dir_.Sub("data/ground-truth.jsonl"));
  auto at = manifest.find("\"violations\":");
  ASSERT_NE(at, std::string::npos);
  size_t injected = std::stoul(manifest.substr(at + 13));
  EXPECT_EQ(static_cast<size_t>(std::ranges::count(manifest, '\n')), injected + 1);  // the header, a line each
  ASSERT_GT(injected, 5u);

  CliRun findings = Gongkai("findings --json");
  ASSERT_EQ(findings.exit_code, 0) << findings.err;
  EXPECT_EQ(static_cast<size_t>(std::count(findings.out.begin(), findings.out.end(), '\n')), injected);
  std::string first_id = findings.out.substr(7, findings.out.find('"', 7) - 7);  // {"id":"…"
  CliRun responsibility = Gongkai("responsibility '" + first_id + "'");
  ASSERT_EQ(responsibility.exit_code, 0) << responsibility.err;
  EXPECT_NE(responsibility.out.find("decided by"), std::string::npos) << responsibility.out;
  EXPECT_NE(responsibility.out.find("004 §64"), std::string::npos) << responsibility.out;

  CliRun chain = Gongkai("who-approved a01-2025-i00001");
  ASSERT_EQ(chain.exit_code, 0) << chain.err;
  EXPECT_NE(chain.out.find("item.drafted"), std::string::npos) << chain.out;
  CliRun acts = Gongkai("approvals --actor a01-head-1 --from 2025-01-01 --to 2025-12-31 --json");
  ASSERT_EQ(acts.exit_code, 0) << acts.err;
  EXPECT_NE(acts.out.find("\"role\":\"sectionHead\""), std::string::npos) << acts.out.substr(0, 300);

  ExpectError(Gongkai("responsibility late-reply@case/no-such-case"), 1,
              "no finding 'late-reply@case/no-such-case' as of 2025-12-");
  ExpectError(Gongkai("responsibility no-such-finding"), 2, "'no-such-finding' is not a finding id");
  ExpectError(Gongkai("findings --as-of 2025-13-01"), 2, "--as-of");
  ExpectError(Gongkai("who-approved no-such-item"), 1, "no approval chain for 'item/no-such-item'");
  ExpectError(Gongkai("approvals --actor a01-head-1 --from 2025-02-30"), 2, "--from");
  ExpectError(Gongkai("approvals --actor a01-head-1 --from 2025-03-02 --to 2025-03-01"), 2,
              "--from must not be after --to");
}

TEST_F(CliTest, StateTimelineAndOverdueOfASimulatedCounty) {
  CliRun simulated = Gongkai("simulate --seed 6 --agencies 2 --events 4000 --violation-rate 0.2 --quiet");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;

  CliRun agency = Gongkai("timeline --agency a01 --json");
  ASSERT_EQ(agency.exit_code, 0) << agency.err;
  EXPECT_GT(std::count(agency.out.begin(), agency.out.end(), '\n'), 100) << agency.out.substr(0, 300);
  size_t at = agency.out.find("\"subject\":\"case/");
  ASSERT_NE(at, std::string::npos);
  std::string id = agency.out.substr(at + 16, agency.out.find('"', at + 16) - at - 16);

  CliRun state = Gongkai("case " + id + " --json");
  ASSERT_EQ(state.exit_code, 0) << state.err;
  EXPECT_NE(state.out.find("\"subject\":\"case/" + id + "\",\"agency\":\"a01\""), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("{\"deadline\":\"reply-application\""), std::string::npos) << state.out;
  CliRun text = Gongkai("case " + id);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("holder    a01-"), std::string::npos) << text.out;
  CliRun timeline = Gongkai("timeline --case " + id);
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_NE(timeline.out.find("application.received"), std::string::npos) << timeline.out;
  EXPECT_NE(timeline.out.find("reply-application"), std::string::npos) << timeline.out;

  CliRun overdue = Gongkai("overdue --as-of 2025-12-31 --json");
  ASSERT_EQ(overdue.exit_code, 0) << overdue.err;
  size_t lines = std::count(overdue.out.begin(), overdue.out.end(), '\n');
  EXPECT_GT(lines, 0u);
  size_t missed = 0;
  for (size_t p = overdue.out.find("\"state\":\"missed\""); p != std::string::npos;
       p = overdue.out.find("\"state\":\"missed\"", p + 1)) {
    ++missed;
  }
  EXPECT_EQ(missed, lines) << overdue.out.substr(0, 300);
  // An agency's answers, folded from its own subjects, are the whole
  // ledger's answers for it.
  auto lines_of_a01 = [](const std::string& out) {
    std::string kept;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("\"agency\":\"a01\"") != std::string::npos) kept += line + "\n";
    }
    return kept;
  };
  CliRun one_agency = Gongkai("overdue --as-of 2025-12-31 --agency a01 --json");
  ASSERT_EQ(one_agency.exit_code, 0) << one_agency.err;
  EXPECT_EQ(one_agency.out, lines_of_a01(overdue.out));
  CliRun all_findings = Gongkai("findings --json");
  CliRun a01_findings = Gongkai("findings --agency a01 --json");
  ASSERT_EQ(a01_findings.exit_code, 0) << a01_findings.err;
  EXPECT_FALSE(a01_findings.out.empty());
  EXPECT_EQ(a01_findings.out, lines_of_a01(all_findings.out));

  ExpectError(Gongkai("case"), 2, "case takes one ID");
  ExpectError(Gongkai("case no-such-case"), 1, "no entry of 'case/no-such-case' in this ledger");
  ExpectError(Gongkai("item " + id + " --as-of 2025-02-30"), 2, "--as-of");
  ExpectError(Gongkai("timeline"), 2, "timeline takes one of --item, --case, --actor, --agency");
  ExpectError(Gongkai("timeline --item x --case y"), 2, "timeline takes one of");
  ExpectError(Gongkai("timeline --item no-such-item"), 1, "no entry of 'item/no-such-item' in this ledger");
  ExpectError(Gongkai("overdue"), 2, "missing required option --as-of");
  ExpectError(Gongkai("overdue --as-of 2025-12-31 --agency nobody"), 1, "no entry of agency 'nobody'");
  ExpectError(Gongkai("findings --agency nobody"), 1, "no entry of agency 'nobody'");
}

TEST_F(CliTest, AnnualReportOfASimulatedAgency) {
  CliRun simulated = Gongkai("simulate --seed 7 --agencies 2 --events 4000 --quiet");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  CliRun text = Gongkai("report --agency a01 --year 2025");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("a01 政府信息公开工作年度报告（2025年）\n")) << text.out.substr(0, 200);
  EXPECT_NE(text.out.find("一、本年新收政府信息公开申请数量"), std::string::npos);
  CliRun csv = Gongkai("report --agency a01 --year 2025 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_TRUE(csv.out.starts_with("agency,year,section,table,row,column,value,cell\n"));
  CliRun explained = Gongkai("report --agency a01 --year 2025 --explain applications/new/total");
  ASSERT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_NE(explained.out.find("  case/a01-"), std::string::npos) << explained.out.substr(0, 200);
  // As the ledger stood after its first 100 entries: nothing of a01 yet.
  ExpectError(Gongkai("report --agency a01 --year 2025 --as-of 100"), 1, "no item or application of agency 'a01'");
  CliRun at_head = Gongkai("report --agency a01 --year 2025 --format json --as-of 2100-01-01");
  ASSERT_EQ(at_head.exit_code, 0) << at_head.err;
  EXPECT_EQ(at_head.out, Gongkai("report --agency a01 --year 2025 --format json").out);

  ExpectError(Gongkai("report --year 2025"), 2, "missing required option --agency");
  ExpectError(Gongkai("report --agency a01 --year 2025 --format pdf"), 2, "unknown format 'pdf'");
  ExpectError(Gongkai("report --agency a01 --year 2025 --explain nowhere"), 2, "no cell 'nowhere'");
  ExpectError(Gongkai("report --agency nobody --year 2025"), 1, "no item or application of agency 'nobody'");
  ExpectError(Gongkai("report --agency a01 --year 2025 --as-of 99999999"), 2, "--as-of 99999999: a sequence number from 1 to");
  ExpectError(Gongkai("report --agency a01 --year 2025 --as-of 2001-01-01"), 2, "before the ledger's first entry");
  ExpectError(Gongkai("report --agency a01 --year 1999"), 2, "--year");
}

TEST_F(CliTest, ScoresOfASimulatedCountyAndTheirRecord) {
  CliRun simulated = Gongkai("simulate --seed 9 --agencies 2 --events 4000 --violation-rate 0.05 --quiet");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  CliRun text = Gongkai("score --year 2025 --explain");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("a01  2025  rule set ")) << text.out.substr(0, 200);
  EXPECT_NE(text.out.find("\na02  2025  rule set "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  proactive "), std::string::npos);
  CliRun json = Gongkai("score --year 2025 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), 2);
  // The digest printed is SHA-256 over the canonical form of the sheet of
  // scores, which Cap'n Proto's own tool makes from the JSON form.
  std::ofstream(dir_.Sub("score.json"), std::ios::binary) << json.out;
  CliRun sha = RunCommand("/bin/sh", dir_.path(),
                          "-c \"(printf '{\\\"scores\\\":['; paste -sd, score.json | tr -d '\\n'; printf ']}') | "
                          "capnp convert json:canonical " GONGKAI_SOURCE_DIR "/replay/score.capnp ScoreSheet | sha256sum\"");
  ASSERT_EQ(sha.exit_code, 0) << sha.err;
  std::string digest = sha.out.substr(0, 64);
  EXPECT_NE(text.out.find("digest " + digest + "\n"), std::string::npos) << text.out.substr(text.out.size() - 100);
  // What-if under 003's grades: same deductions, another grade name scheme.
  CliRun what_if = Gongkai("score --year 2025 --agency a01 --rules 003-weichang-archive --format json");
  ASSERT_EQ(what_if.exit_code, 0) << what_if.err;
  EXPECT_NE(what_if.out.find("\"ruleSet\":\"003-weichang-archive\""), std::string::npos);

  CliRun recorded = Gongkai("score --year 2025 --agency a01 --record plan-2025 --key data/keys/assessor.pem");
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  CliRun log = Gongkai("log --stream assessment/plan-2025");
  EXPECT_NE(log.out.find("assessment.resultRecorded"), std::string::npos) << log.out;
  ExpectError(Gongkai("score --year 2025 --agency a01 --record plan-2025 --key data/keys/admin.pem --event-id x"), 1,
              "must be signed by a holder of the assessor role");

  ExpectError(Gongkai("score"), 2, "--year");
  ExpectError(Gongkai("score --year 2025 --format pdf"), 2, "unknown format 'pdf'");
  ExpectError(Gongkai("score --year 2025 --rules no-such-set"), 1, "no rule set 'no-such-set'");
  ExpectError(Gongkai("score --year 2025 --record plan-2025"), 2, "--record needs --agency");
  ExpectError(Gongkai("score --year 2025 --agency nobody"), 1, "no entry of agency 'nobody'");
}

TEST_F(CliTest, ReplayIsDeterministicAndUnchangedByLaterAppends) {
  CliRun simulated = Gongkai("simulate --seed 4 --agencies 2 --events 3000 --quiet");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  auto digest_of = [](const CliRun& run) {
    size_t at = run.out.find("digest ");
    return at == std::string::npos ? std::string() : run.out.substr(at + 7, 64);
  };
  CliRun first = Gongkai("replay --as-of 2000 --quiet");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(first.out.starts_with("replay of entries 0..1999 (as of ")) << first.out;
  CliRun again = Gongkai("replay --as-of 2000 --quiet --out kept");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(digest_of(again), digest_of(first));
  EXPECT_EQ(digest_of(first).size(), 64u);
  // A replay never makes or touches the live projections.
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("data/projections")));
  CliRun whole_before = Gongkai("replay --quiet");
  CliRun findings_before = Gongkai("findings --as-of 2000 --json");
  ASSERT_EQ(findings_before.exit_code, 0) << findings_before.err;

  // More entries: the earlier point answers as before, the head does not.
  CliRun recorded = Gongkai("score --year 2025 --agency a01 --record plan-2025 --key data/keys/assessor.pem");
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_EQ(digest_of(Gongkai("replay --as-of 2000 --quiet")), digest_of(first));
  EXPECT_EQ(Gongkai("findings --as-of 2000 --json").out, findings_before.out);
  EXPECT_NE(digest_of(Gongkai("replay --quiet")), digest_of(whole_before));
  // No scratch directory is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("data"))) {
    EXPECT_FALSE(entry.path().filename().string().starts_with("replay-")) << entry.path();
  }

  ExpectError(Gongkai("replay --out kept"), 1, "--out kept: not empty");
  ExpectError(Gongkai("replay --as-of 0"), 2, "--as-of 0: a sequence number from 1 to");
  ExpectError(Gongkai("replay --as-of yesterday"), 2, "--as-of");
}

}  // namespace
}  // namespace gongkai::testing

namespace gongkai::testing {
namespace {

TEST(GlobalOptionsTest, StandBeforeOrAfterTheCommandName) {
  TempDir dir;
  auto run = [&](const std::string& args) { return RunCommand(GONGKAI_BINARY, dir.path(), args); };
  auto simulated = run("simulate --seed 5 --agencies 1 --year 2025 --events 300 --data county --log-level error");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  auto before = run("--data county log --to 3");
  auto after = run("log --to 3 --data county");
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.out, after.out);
  EXPECT_NE(before.out.find("genesis"), std::string::npos) << before.out;
  auto bad = run("log --data county --log-level loud");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "gongkai: error: unknown log level 'loud' (trace, debug, info, warn, error or off)\n");
  EXPECT_NE(run("log --help").out.find("global options (before or after the command name)"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::testing
