// gongkai rules and gongkai deadline, run as a user would: the listing, a
// resolved rule set, checking files, due dates with every option, help, and
// one-line errors with their exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/cli_runner.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

class RulesCliTest : public ::testing::Test {
 protected:
  // Runs `gongkai ARGS` in a temporary directory (no ledger there).
  CliRun Gongkai(const std::string& args, const std::string& stdin_text = "") {
    return RunCommand(GONGKAI_BINARY, dir_.path(), args, stdin_text);
  }

  void ExpectOutput(const std::string& args, const std::string& out) {
    CliRun run = Gongkai(args);
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.err;
    EXPECT_EQ(run.out, out) << args;
    EXPECT_EQ(run.err, "") << args;
  }

  void ExpectError(const std::string& args, int exit_code, const std::string& line,
                   const std::string& stdin_text = "") {
    CliRun run = Gongkai(args, stdin_text);
    EXPECT_EQ(run.exit_code, exit_code) << args << ": " << run.err;
    EXPECT_EQ(run.err, "gongkai: error: " + line + "\n") << args;
    EXPECT_EQ(run.out, "") << args;
  }

  void WriteFile(const std::string& name, const std::string& text) { std::ofstream(dir_.Sub(name)) << text; }

  TempDir dir_;
};

constexpr const char* kLocalRules =
    "ruleset test-district\n"
    "title 测试区规定\n"
    "jurisdiction 测试区\n"
    "effective 2021-01-01\n"
    "base national-2019\n"
    "deadline inquiry-consultation-answer\n"
    "  within 3 wd\n"
    "  from request\n"
    "  source 测试区规定 第二条\n";

TEST_F(RulesCliTest, ListsTheShippedRuleSets) {
  CliRun run = Gongkai("rules list");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("ID                                 EFFECTIVE   BASE            JURISDICTION")) << run.out;
  for (const char* id : {"000-tianning ", "001-city ", "002-yuhuan ", "003-weichang-archive ", "004-zhongwei-science ",
                         "default-scoring ", "national-2007 ", "national-2019 ", "000-tianning+national-2019 ",
                         "001-city+national-2019 ", "002-yuhuan+national-2019 ", "004-zhongwei-science+national-2019 "}) {
    EXPECT_NE(run.out.find(std::string("\n") + id), std::string::npos) << id;
  }
  EXPECT_NE(run.out.find("national-2019                      2019-05-15  default-scoring 全国"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("000-tianning+national-2019         2019-05-15  national-2019   江苏省常州市天宁区"), std::string::npos)
      << run.out;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 13);

  CliRun json = Gongkai("rules list --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), 12);
  EXPECT_NE(json.out.find("{\"id\":\"national-2007\",\"title\":\"中华人民共和国政府信息公开条例（2007年，国务院令第492号）\","
                          "\"jurisdiction\":\"全国\",\"effective\":\"2008-05-01\","
                          "\"selectedBy\":[\"receipt\",\"formation\"],\"base\":\"default-scoring\",\"rebase\":\"\","
                          "\"rebasedFrom\":\"\"}\n"),
            std::string::npos)
      << json.out;
}

TEST_F(RulesCliTest, ShowsAResolvedRuleSet) {
  CliRun run = Gongkai("rules show national-2019");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("rule set      national-2019\n")) << run.out;
  EXPECT_NE(run.out.find("  reply-application                      within 20 wd             from receipt"
                         "                    extension 20 wd; pause third-party interagency; restart correction\n"
                         "                                         条例（2019）第三十三条、第三十条\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  late-reply                               -6 applications    breaches reply-application\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("   90..100  优秀\n"), std::string::npos);
  EXPECT_NE(run.out.find("  不合格 2 years in a row raises the consecutive-fail flag\n"), std::string::npos);
  EXPECT_EQ(run.out.find(" \n"), std::string::npos) << "trailing blanks";

  CliRun book = Gongkai("rules show 004-zhongwei-science");
  EXPECT_NE(book.out.find("rebase        national-2019 from 2019-05-15 (read as 004-zhongwei-science+national-2019 "
                          "from then: its statutory deadlines yield to the regulation)\n"),
            std::string::npos)
      << book.out;
  EXPECT_NE(book.out.find("extension 15 wd; pause third-party; statutory\n"), std::string::npos) << book.out;
  CliRun rebased = Gongkai("rules show 004-zhongwei-science+national-2019");
  EXPECT_NE(rebased.out.find("read from     004-zhongwei-science, over national-2019 from its rebase date"),
            std::string::npos)
      << rebased.out;
  EXPECT_NE(rebased.out.find("effective     2019-05-15 (selected by receipt and formation)\n"), std::string::npos);

  EXPECT_NE(rebased.out.find("joint documents (联合发文): whose act discharges the lead agency's duty\n"
                          "  publication        lead-agency under 条例（2019）第十条第三款\n"
                          "  archive-transfer   lead-agency (no written rule: a co-producer's act discharges nothing)\n"),
            std::string::npos)
      << rebased.out;

  CliRun local = Gongkai("rules show 003-weichang-archive");
  EXPECT_NE(local.out.find("   70..79   基本合格\n"), std::string::npos) << local.out;
  EXPECT_NE(local.out.find("  no consecutive-fail flag\n"), std::string::npos) << local.out;

  CliRun json = Gongkai("rules show 000-tianning --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(json.out.starts_with("{\"id\":\"000-tianning\",\"title\":")) << json.out;
  EXPECT_NE(json.out.find("{\"id\":\"archive-transfer-paper\",\"period\":\"by day 10 of next month\","
                          "\"direction\":\"within\",\"unit\":\"day-of-next-month\",\"count\":0,\"month\":0,"
                          "\"day\":10,\"from\":\"formation\",\"extension\":{\"none\":null},\"pauses\":[],"
                          "\"restartsOnCorrection\":false,\"source\":\"天宁区移送管理办法 第七条\",\"statutory\":false}"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"consecutiveFailYears\":2,\"recordLagWorkingDays\":5,"
                          "\"responsibility\":\"statutory 000 考核评议和责任追究办法 第十条\","
                          "\"rebase\":\"national-2019 from 2019-05-15\",\"rebasedFrom\":\"\","
                          "\"jointDuties\":[\"archive-transfer lead-agency 天宁区移送管理办法 第五条\"]}"),
            std::string::npos)
      << json.out;
}

TEST_F(RulesCliTest, ChecksAFile) {
  WriteFile("local.rules", kLocalRules);
  ExpectOutput("rules check local.rules",
               "ok: test-district (9 deadlines, 16 findings, 8 sections; base national-2019)\n");
  CliRun stdin_run = Gongkai("rules check -", kLocalRules);
  EXPECT_EQ(stdin_run.exit_code, 0) << stdin_run.err;
  CliRun json = Gongkai("rules check local.rules --json");
  EXPECT_TRUE(json.out.starts_with("{\"id\":\"test-district\"")) << json.out;

  WriteFile("typo.rules", std::string(kLocalRules) + "deadlin reply-application\n");
  ExpectError("rules check typo.rules", 1,
              "typo.rules: line 10: unknown directive 'deadlin' (ruleset, title, jurisdiction, effective, "
              "selected-by, base, deadline, finding, section, deduct, grades, band, consecutive-fail, record-lag, responsibility, "
              "rebase, joint-duty)");
  WriteFile("weights.rules", std::string(kLocalRules) + "section organisation 组织领导 20\n");
  ExpectError("rules check weights.rules", 1, "weights.rules: line 10: the section weights sum to 110, not 100");
  WriteFile("orphan.rules", "ruleset orphan\ntitle t\njurisdiction j\neffective 2021-01-01\nbase national-2031\n");
  CliRun orphan = Gongkai("rules check orphan.rules");
  EXPECT_EQ(orphan.exit_code, 1);
  EXPECT_TRUE(orphan.err.starts_with("gongkai: error: orphan.rules: rule set orphan has base 'national-2031', which "
                                     "is not a known rule set (known: 000-tianning, "))
      << orphan.err;
}

TEST_F(RulesCliTest, DeadlineSwitchesOn20190515) {
  ExpectOutput("deadline reply-application 2019-05-14",
               "2019-06-04\nnational-2007 reply-application (条例（2007）第二十四条): 15 wd after 2019-05-14 → due "
               "2019-06-04\n");
  ExpectOutput("deadline reply-application 2019-05-15",
               "2019-06-13\nnational-2019 reply-application (条例（2019）第三十三条、第三十条): 20 wd after 2019-05-15 → "
               "due 2019-06-13\n");
}

TEST_F(RulesCliTest, DeadlineOptions) {
  ExpectOutput("deadline reply-application 2019-09-27 --extended",
               "2019-11-27\nnational-2019 reply-application (条例（2019）第三十三条、第三十条): 20 wd + 20 wd extension "
               "after 2019-09-27 → due 2019-11-27\n");
  ExpectOutput("deadline reply-application 2019-09-27 --paused 5 --restart 2019-10-08 --json",
               "{\"ruleSet\":\"national-2019\",\"deadline\":\"reply-application\",\"trigger\":\"2019-09-27\","
               "\"date\":\"2019-11-11\",\"direction\":\"within\",\"explanation\":\"national-2019 reply-application "
               "(条例（2019）第三十三条、第三十条): 20 wd + 5 paused wd after 2019-10-08 (restarted on the correction; "
               "received 2019-09-27) → due 2019-11-11\",\"provisional\":false}\n");
  ExpectOutput("deadline archive-transfer-paper 2019-12-02 --rules 000-tianning",
               "2020-01-10\n000-tianning archive-transfer-paper (天宁区移送管理办法 第七条): by day 10 of the month "
               "after 2019-12-02 → due 2020-01-10\n");
  ExpectOutput("deadline collective-decision-notice 2020-03-05 --rules 004-zhongwei-science",
               "2020-03-03\n004-zhongwei-science collective-decision-notice (中卫市科技局政务信息公开制度 第三十条（三）): "
               "at least 2 wd before 2020-03-05 → no later than 2020-03-03\n");
}

TEST_F(RulesCliTest, Help) {
  CliRun rules = Gongkai("rules --help");
  EXPECT_EQ(rules.exit_code, 0);
  EXPECT_TRUE(rules.out.starts_with("usage: gongkai [--data DIR] rules (list | show ID | check FILE | publish (ID | FILE) --key K) [--json]\n"));
  CliRun deadline = Gongkai("deadline --help");
  EXPECT_EQ(deadline.exit_code, 0);
  EXPECT_NE(deadline.out.find("  reply-application\n"), std::string::npos) << deadline.out;
  EXPECT_NE(deadline.out.find("  --restart DATE"), std::string::npos) << deadline.out;
  CliRun main = Gongkai("--help");
  EXPECT_NE(main.out.find("  rules        "), std::string::npos);
  EXPECT_NE(main.out.find("  deadline     "), std::string::npos);
}

TEST_F(RulesCliTest, Errors) {
  ExpectError("rules", 2, "rules needs a subcommand: list, show, check or publish");
  ExpectError("rules lsit", 2, "unknown rules subcommand 'lsit' (list, show, check or publish)");
  ExpectError("rules list extra", 2, "rules list takes no arguments");
  ExpectError("rules show", 2, "rules show takes one rule-set ID");
  ExpectError("rules check", 2, "rules check takes one FILE");
  CliRun unknown = Gongkai("rules show national-2031");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(unknown.err.starts_with("gongkai: error: no rule set 'national-2031' (known: 000-tianning, ")) << unknown.err;
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1);

  ExpectError("deadline reply-application", 2, "deadline takes KIND DATE");
  ExpectError("deadline reply-lunch 2020-01-02", 2, "unknown deadline 'reply-lunch' (gongkai deadline --help lists them)");
  ExpectError("deadline reply-application 2020-02-30", 2, "'2020-02-30' is not a date: 2020-02 has 29 days");
  ExpectError("deadline reply-application 2020-01-02 --paused x", 2, "--paused must be a non-negative integer, got 'x'");
  ExpectError("deadline reply-application 2020-01-02 --paused 4000", 2, "--paused must be at most 3650, got 4000");
  ExpectError("deadline reply-application 2020-01-02 --restart soon", 2,
              "--restart: 'soon' is not a date (YYYY-MM-DD)");
  ExpectError("deadline correction-notice 2020-01-02 --extended", 2,
              "correction-notice in national-2019 has no extension");
  ExpectError("deadline reply-application 2019-01-02 --restart 2019-01-10", 2,
              "reply-application in national-2007 does not restart on a correction");
  ExpectError("deadline inquiry-consultation-answer 2020-01-02", 1,
              "rule set national-2019 has no deadline 'inquiry-consultation-answer' (defined in "
              "004-zhongwei-science, 004-zhongwei-science+national-2019; choose one with --rules)");
  ExpectError("deadline reply-application 2008-04-30", 1,
              "no rule set of 全国 is in force on 2008-04-30 (the earliest, national-2007, takes effect 2008-05-01)");
  CliRun before = Gongkai("deadline reply-application 2015-12-20");  // before the calendar's first year
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_EQ(before.err, "gongkai: error: no published working-day calendar for 2015 (the calendar cn-official covers 2016–2026)\n");
}

// Counting into a year with no published calendar answers, provisionally.
TEST_F(RulesCliTest, DeadlinePastTheCalendarIsProvisional) {
  CliRun run = Gongkai("deadline reply-application 2026-12-20");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "2027-01-15\n"
            "national-2019 reply-application (条例（2019）第三十三条、第三十条): 20 wd after 2026-12-20 → due 2027-01-15; "
            "provisional: 2027 counted Monday to Friday (no published calendar for it yet)\n");
  CliRun json = Gongkai("deadline reply-application 2026-12-20 --json");
  EXPECT_NE(json.out.find("\"provisional\":true"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace gongkai::testing
