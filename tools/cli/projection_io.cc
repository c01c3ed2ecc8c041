#include "tools/cli/projection_io.h"

#include <fmt/core.h>

#include <algorithm>

#include "ledger/json.h"
#include "tools/cli/io.h"
#include "ledger/ledger.h"
#include "ledger/registry_store.h"
#include "projections/entry_scan.h"
#include "projections/runner.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"

namespace gongkai::cli {

const OptionSpec kAsOfOption{"as-of", true,
                             "SEQ|TIME|DATE|business:DATE the ledger as it stood then: before entry SEQ, or "
                             "recorded by TIME or by the end of DATE (default: all of it); business:DATE judges "
                             "every entry recorded so far as of that business date"};

Result<std::unique_ptr<query::QuerySession>> OpenSession(const Context& context) {
  return query::QuerySession::Open(context.dir());
}

Result<query::ReadScope> AgencyOptionScope(const Args& args, query::QuerySession&) {
  return query::AgencyScope(args.Get("agency"));
}

Result<query::ReadScope> EverythingScope(const Args&, query::QuerySession&) {
  return query::AgencyScope(std::nullopt);
}

Result<query::ReadScope> PublicScope(const Args&, query::QuerySession&) { return query::LedgerScope(); }

Result<query::Period> PeriodOption(const Args& args) {
  auto from = args.Get("from"), to = args.Get("to");
  return query::ParsePeriod(from ? std::optional<std::string_view>(*from) : std::nullopt,
                            to ? std::optional<std::string_view>(*to) : std::nullopt);
}

Result<replay::LedgerPoint> PointOption(const Args& args, const query::QuerySession& session) {
  auto text = args.Get("as-of");
  return session.Point(text ? std::optional<std::string_view>(*text) : std::nullopt);
}


void PrintActs(Output& out, const std::vector<projections::ActRecord>& acts, bool show_subject) {
  if (acts.empty()) return;
  out.print("{:>8}  {:<16}  {:<36} {:<16} {:<24} {}\n", "SEQ", "BUSINESS TIME", "ACT", "PERSON", "ROLE",
             show_subject ? "OPINION  SUBJECT" : "OPINION");
  for (const projections::ActRecord& act : acts) {
    out.print("{:>8}  {}  {:<36} {:<16} {:<24} {}{}{}\n", act.seq, FormatTime(act.business_time).substr(0, 16),
               act.act, act.person, act.role.empty() ? "(no role)" : act.role, act.opinion,
               show_subject ? "  " + act.subject : "", RecordedNote(act));
  }
}

std::string RecordedNote(const projections::ActRecord& act) {
  if (!act.recorded_late) return "";
  return fmt::format("  (recorded late: {})", FormatTime(act.recorded_time).substr(0, 16));
}

std::string SeqList(const std::vector<uint64_t>& seqs) {
  std::string out;
  for (uint64_t seq : seqs) out += fmt::format("{}{}", out.empty() ? "" : ",", seq);
  return out;
}

void PrintFindingLine(Output& out, const projections::Finding& f) {
  // The id is KIND@SUBJECT, shown only when it says more (a #SEQ suffix).
  bool usual_id = f.id == f.kind + "@" + f.subject;
  out.print("{}  {:<40} {:<8} {:<28} evidence {}{}{}\n", rules::FormatDate(f.date), f.kind, f.agency, f.subject,
             SeqList(f.evidence), usual_id ? "" : fmt::format("  (id {})", f.id), f.provisional ? "  (provisional)" : "");
}

std::string DueNote(const projections::DeadlineStatus& d) {
  if (d.provisional) return " (provisional)";
  if (!d.settled) return "";
  if (d.settled->provisional_due == d.due) {
    return fmt::format(" (confirmed by calendar {} at seq {})", d.settled->calendar, d.settled->calendar_seq);
  }
  return fmt::format(" (moved from {} by calendar {} at seq {})", rules::FormatDate(d.settled->provisional_due),
                     d.settled->calendar, d.settled->calendar_seq);
}

std::string DueText(const projections::DeadlineStatus& d) { return rules::FormatDate(d.due) + DueNote(d); }

}  // namespace gongkai::cli
