// gongkai calendar: the working-day calendar (工作日) the disclosure
// deadlines count in. Only `publish` needs a ledger.
#include <fmt/core.h>

#include <limits>

#include "ledger/rules/calendar.h"
#include "tools/cli/command.h"
#include "tools/cli/io.h"
#include "tools/query/reference.h"

namespace gongkai::cli {
namespace {

using rules::Calendar;
using rules::Date;

// After a count that went through a year with no published calendar.
constexpr std::string_view kProvisionalCount =
    " (provisional: counted Monday to Friday in a year with no published calendar)";

// The shipped calendar, or the one in --calendar FILE.
Result<Calendar> LoadCalendar(const Args& args) {
  auto path = args.Get("calendar");
  if (!path) return Calendar::Official();
  auto text = ReadInput(*path);
  GK_RETURN_IF_ERROR(text);
  auto calendar = Calendar::Parse(*text);
  if (!calendar) return Fail(calendar.error().code, "{}: {}", *path, calendar.error().message);
  return calendar;
}

Status RunIsWorkday(const std::vector<std::string>& words, const Calendar& calendar, bool json) {
  if (words.size() != 1) return Fail(ErrorCode::kInvalidArgument, "calendar is-workday takes one DATE");
  auto date = rules::ParseDate(words[0]);
  GK_RETURN_IF_ERROR(date);
  capnp::MallocMessageBuilder message;
  GK_RETURN_IF_ERROR(query::CalendarDay(calendar, *date, message.initRoot<schema::CalendarDay>()));
  StdoutOutput out;
  PrintAnswer(out, message.getRoot<schema::CalendarDay>().asReader(), json, [&](schema::CalendarDay::Reader day) {
    std::string_view holiday = day.getHoliday().cStr();
    if (day.getProvisional()) {
      fmt::print("{} {} (provisional: no published calendar for {}, so Monday to Friday work)\n", day.getDate().cStr(),
                 day.getWorkingDay() ? "working day" : "off", rules::Year(*date));
    } else if (day.getWorkingDay()) {
      fmt::print("{} working day{}\n", day.getDate().cStr(), holiday.empty() ? "" : fmt::format(" (调休: {})", holiday));
    } else {
      fmt::print("{} off ({})\n", day.getDate().cStr(), holiday.empty() ? "weekend" : holiday);
    }
  });
  return {};
}

Status RunAdd(const std::vector<std::string>& words, const Calendar& calendar, bool json) {
  if (words.size() != 2) return Fail(ErrorCode::kInvalidArgument, "calendar add takes DATE N");
  auto from = rules::ParseDate(words[0]);
  GK_RETURN_IF_ERROR(from);
  auto n = ParseUint(words[1], "N");
  GK_RETURN_IF_ERROR(n);
  if (*n > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Fail(ErrorCode::kInvalidArgument, "N must be at most {}, got {}", std::numeric_limits<int32_t>::max(), *n);
  }
  capnp::MallocMessageBuilder message;
  GK_RETURN_IF_ERROR(
      query::CalendarAdd(calendar, *from, static_cast<int32_t>(*n), message.initRoot<schema::CalendarCount>()));
  StdoutOutput out;
  PrintAnswer(out, message.getRoot<schema::CalendarCount>().asReader(), json,
              [](schema::CalendarCount::Reader sum) {
                fmt::print("{}{}\n", sum.getTo().cStr(), sum.getProvisional() ? kProvisionalCount : "");
              });
  return {};
}

Status RunBetween(const std::vector<std::string>& words, const Calendar& calendar, bool json) {
  if (words.size() != 2) return Fail(ErrorCode::kInvalidArgument, "calendar between takes DATE1 DATE2");
  auto from = rules::ParseDate(words[0]);
  GK_RETURN_IF_ERROR(from);
  auto to = rules::ParseDate(words[1]);
  GK_RETURN_IF_ERROR(to);
  capnp::MallocMessageBuilder message;
  GK_RETURN_IF_ERROR(query::CalendarBetween(calendar, *from, *to, message.initRoot<schema::CalendarCount>()));
  StdoutOutput out;
  PrintAnswer(out, message.getRoot<schema::CalendarCount>().asReader(), json,
              [](schema::CalendarCount::Reader span) {
                fmt::print("{}{}\n", span.getWorkingDays(), span.getProvisional() ? kProvisionalCount : "");
              });
  return {};
}

// Records the calendar in the ledger (reference.calendarPublished), so that
// replays use the calendar of the time.
Status RunPublish(const std::vector<std::string>& words, const Calendar& calendar, const Args& args,
                  const Context& context) {
  if (!words.empty()) return Fail(ErrorCode::kInvalidArgument, "calendar publish takes no DATE (see --calendar)");
  return AppendSignedAction(args, context,
                            ReferenceDraft(ReferenceKind::kCalendar, calendar.id(), std::string(calendar.text())));
}

Status RunCalendar(const Args& args, const Context& context) {
  const auto& positional = args.positional();
  if (positional.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "calendar needs a subcommand: is-workday, add, between or publish");
  }
  const std::string& sub = positional[0];
  if (sub != "is-workday" && sub != "add" && sub != "between" && sub != "publish") {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown calendar subcommand '{}' (is-workday, add, between or publish)", sub);
  }
  auto calendar = LoadCalendar(args);
  GK_RETURN_IF_ERROR(calendar);
  std::vector<std::string> words(positional.begin() + 1, positional.end());
  bool json = args.Has("json");
  if (sub == "is-workday") return RunIsWorkday(words, *calendar, json);
  if (sub == "add") return RunAdd(words, *calendar, json);
  if (sub == "publish") return RunPublish(words, *calendar, args, context);
  return RunBetween(words, *calendar, json);
}

}  // namespace

std::vector<Command> CalendarCommands() {
  return {
      Command{"calendar",
              "(is-workday DATE | add DATE N | between DATE1 DATE2 | publish --key K) [--calendar FILE] [--json]",
              "working days (工作日) of the official calendar",
              "is-workday DATE  whether DATE is a working day, and the holiday it belongs to:\n"
              "                 '2019-10-01 off (国庆节)', '2019-09-29 working day (调休: 国庆节)',\n"
              "                 '2019-09-30 working day', '2019-10-19 off (weekend)'\n"
              "add DATE N       the date N working days after DATE\n"
              "between D1 D2    the number of working days after D1 up to and including D2\n"
              "publish          record the calendar in the ledger of --data (an administrator\n"
              "                 signs with --key), so that replays use the calendar of the time\n"
              "\n"
              "Working days are Monday to Friday, except the holidays of the State Council's\n"
              "yearly notices, plus the weekend days they make working days (调休). Counting\n"
              "starts the day after DATE: DATE itself never counts, whether it is a working\n"
              "day or not, so 'add DATE 0' is DATE and 'between D1 D2' is 0 when D2 is not\n"
              "after D1; 'between D1 (add D1 N)' is N. Dates are YYYY-MM-DD.\n"
              "\n"
              "The shipped calendar covers 2016–2026. A year after it is provisional until\n"
              "its calendar is published: Monday to Friday work, and every answer that\n"
              "counted such a day says '(provisional: …)'. A date before 2016 is an error.\n"
              "--calendar reads another calendar file (format in docs/RULES.md).\n"
              "\n"
              "publish records the file of --calendar in the ledger: the years it covers\n"
              "replace those years of the calendar in force (the others stay), and every\n"
              "deadline of the ledger is counted on the result from then on; a due date\n"
              "that was provisional shows the calendar that settled it. To add next year\n"
              "once the State Council's notice is out: write a file 'covers 2027 2027'\n"
              "with its off and work days, check it with 'calendar is-workday --calendar',\n"
              "then 'calendar publish --calendar FILE --key ADMIN.pem'. Only publish needs\n"
              "a ledger.",
              {{"calendar", true, "FILE a calendar file instead of the shipped one"},
               {"json", false, "one JSON object"},
               {"key", true, "FILE publish: the administrator's private key"},
               {"at", true, "TIME publish: business time (default now)"},
               {"event-id", true, "ID publish: event id (default calendar/ID)"}},
              RunCalendar},
  };
}

}  // namespace gongkai::cli
