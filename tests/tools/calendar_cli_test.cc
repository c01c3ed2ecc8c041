// gongkai calendar, run as a user would: each subcommand's output, --json,
// another calendar file, and one-line errors with their exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/cli_runner.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {
namespace {

class CalendarCliTest : public ::testing::Test {
 protected:
  // Runs `gongkai calendar ARGS` in a temporary directory (no ledger there).
  CliRun Calendar(const std::string& args) { return RunCommand(GONGKAI_BINARY, dir_.path(), "calendar " + args); }

  void ExpectOutput(const std::string& args, const std::string& out) {
    CliRun run = Calendar(args);
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.err;
    EXPECT_EQ(run.out, out) << args;
    EXPECT_EQ(run.err, "") << args;
  }

  void ExpectError(const std::string& args, int exit_code, const std::string& line) {
    CliRun run = Calendar(args);
    EXPECT_EQ(run.exit_code, exit_code) << args << ": " << run.err;
    EXPECT_EQ(run.err, "gongkai: error: " + line + "\n") << args;
    EXPECT_EQ(run.out, "") << args;
  }

  TempDir dir_;
};

TEST_F(CalendarCliTest, IsWorkday) {
  ExpectOutput("is-workday 2019-10-01", "2019-10-01 off (国庆节)\n");
  ExpectOutput("is-workday 2019-09-29", "2019-09-29 working day (调休: 国庆节)\n");
  ExpectOutput("is-workday 2019-09-30", "2019-09-30 working day\n");
  ExpectOutput("is-workday 2019-10-19", "2019-10-19 off (weekend)\n");
  ExpectOutput("is-workday 2019-10-01 --json",
               "{\"calendar\":\"cn-official\",\"date\":\"2019-10-01\",\"workingDay\":false,\"holiday\":\"国庆节\",\"provisional\":false}\n");
  ExpectOutput("is-workday --json 2019-09-30",
               "{\"calendar\":\"cn-official\",\"date\":\"2019-09-30\",\"workingDay\":true,\"holiday\":\"\",\"provisional\":false}\n");
}

TEST_F(CalendarCliTest, Add) {
  ExpectOutput("add 2019-09-27 15", "2019-10-23\n");
  ExpectOutput("add 2019-09-27 20", "2019-10-30\n");
  ExpectOutput("add 2019-09-27 0", "2019-09-27\n");
  ExpectOutput("add 2019-09-27 20 --json",
               "{\"calendar\":\"cn-official\",\"from\":\"2019-09-27\",\"to\":\"2019-10-30\",\"workingDays\":20,\"provisional\":false}\n");
}

TEST_F(CalendarCliTest, Between) {
  ExpectOutput("between 2019-09-27 2019-10-23", "15\n");
  ExpectOutput("between 2019-10-23 2019-09-27", "0\n");
  ExpectOutput("between 2019-09-27 2019-10-23 --json",
               "{\"calendar\":\"cn-official\",\"from\":\"2019-09-27\",\"to\":\"2019-10-23\",\"workingDays\":15,\"provisional\":false}\n");
}

TEST_F(CalendarCliTest, AnotherCalendarFile) {
  std::ofstream(dir_.Sub("test.calendar")) << "calendar test\ncovers 2030 2030\noff 2030-01-02 测试日\n";
  ExpectOutput("is-workday 2030-01-02 --calendar test.calendar", "2030-01-02 off (测试日)\n");
  ExpectOutput("add 2030-01-01 1 --calendar=test.calendar", "2030-01-03\n");
  ExpectError("is-workday 2019-10-01 --calendar test.calendar", 1,
              "no published working-day calendar for 2019 (the calendar test covers 2030)");
  std::ofstream(dir_.Sub("bad.calendar")) << "calendar bad\ncovers 2030 2030\nwork 2030-01-02 x\n";
  ExpectError("is-workday 2030-01-02 --calendar bad.calendar", 1,
              "bad.calendar: line 3: 'work' on 2030-01-02, a Wednesday (only a Saturday or Sunday can be made a "
              "working day)");
  ExpectError("is-workday 2030-01-02 --calendar missing.calendar", 1, "cannot open missing.calendar: No such file or directory");
}

TEST_F(CalendarCliTest, BeforeTheFirstYearIsAnError) {
  ExpectError("between 2015-12-31 2016-01-05", 1,
              "no published working-day calendar for 2015 (the calendar cn-official covers 2016–2026)");
  ExpectError("is-workday 2015-10-01", 1,
              "no published working-day calendar for 2015 (the calendar cn-official covers 2016–2026)");
}

// Today (2026-12-07) a count of 20 working days runs into 2027, which the
// shipped calendar does not publish: answered, Monday to Friday, and marked.
TEST_F(CalendarCliTest, YearsAfterTheCalendarAreProvisional) {
  ExpectOutput("is-workday 2027-01-04",
               "2027-01-04 working day (provisional: no published calendar for 2027, so Monday to Friday work)\n");
  ExpectOutput("is-workday 2027-01-02",
               "2027-01-02 off (provisional: no published calendar for 2027, so Monday to Friday work)\n");
  ExpectOutput("add 2026-12-25 10",
               "2027-01-08 (provisional: counted Monday to Friday in a year with no published calendar)\n");
  ExpectOutput("add 2026-12-07 5", "2026-12-14\n");
  ExpectOutput("between 2026-12-25 2027-01-08",
               "10 (provisional: counted Monday to Friday in a year with no published calendar)\n");
  ExpectOutput("add 2026-12-25 10 --json",
               "{\"calendar\":\"cn-official\",\"from\":\"2026-12-25\",\"to\":\"2027-01-08\",\"workingDays\":10,"
               "\"provisional\":true}\n");
}

// Malformed arguments are usage errors (exit 2), like every other command's.
TEST_F(CalendarCliTest, BadArguments) {
  ExpectError("is-workday 2019-02-29", 2, "'2019-02-29' is not a date: 2019-02 has 28 days");
  ExpectError("add 2019/09/27 15", 2, "'2019/09/27' is not a date (YYYY-MM-DD)");
  ExpectError("add 2019-09-27 -1", 2, "N must be a non-negative integer, got '-1'");
  ExpectError("add 2019-09-27 3000000000", 2, "N must be at most 2147483647, got 3000000000");
  ExpectError("add 2019-09-27", 2, "calendar add takes DATE N");
  ExpectError("between 2019-09-27", 2, "calendar between takes DATE1 DATE2");
  ExpectError("is-workday", 2, "calendar is-workday takes one DATE");
  ExpectError("", 2, "calendar needs a subcommand: is-workday, add, between or publish");
  ExpectError("holiday 2019-10-01", 2, "unknown calendar subcommand 'holiday' (is-workday, add, between or publish)");
  ExpectError("is-workday 2019-10-01 --calender x", 2, "unknown option --calender (see --help)");
}

TEST_F(CalendarCliTest, Help) {
  CliRun run = Calendar("--help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("usage: gongkai [--data DIR] calendar (is-workday DATE | add DATE N | between DATE1 DATE2 | publish --key K)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Counting\nstarts the day after DATE"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--calendar FILE"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace gongkai::testing
