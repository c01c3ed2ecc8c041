// A finding (a violation of RULES.md §4 that the events show) and who is
// responsible for it (RULES.md §5). docs/FINDINGS.md defines every kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/rules/date.h"

namespace gongkai::projections {

// One person's share of the responsibility for a finding.
struct Responsible {
  std::string person;  // key-registry person id
  std::string role;    // the role held at the time of the act ("handler", "leaderInCharge", ...)
  std::string agency;  // the agency that role was held in (a joint document's people may serve in several)
  // graded rules: primary | secondary | reduced; statutory rules: in-charge
  // (the leaders responsible) | direct (the directly responsible staff);
  // unattributed when the rule set has no written attribution rule.
  std::string share;
  std::string rule;    // the attribution rule applied, e.g. "004 §64(一)", "条例（2019）第五十三条"
  std::string reason;  // one line, naming the sequence numbers it rests on
};

struct Attribution {
  std::string approval;  // none | leader | collective: what decided the act
  // The approving leader or the principal first, then the handler, then the
  // other members present at a collective decision, in the order recorded.
  std::vector<Responsible> responsible;
};

struct Finding {
  std::string id;       // "<kind>@<subject>", plus "#<seq>" for kinds that can recur on a subject
  std::string kind;     // a finding kind of docs/RULES.md
  std::string agency;
  std::string subject;  // the stream: item/…, case/…, inquiry/…
  rules::Date date{0};  // the day it happened (for an absence: the day its deadline passed)
  std::vector<uint64_t> evidence;  // sequence numbers, ascending
  std::string rule_set;            // the rule set that defines the kind for this subject
  std::string article;             // that rule set's source for the kind
  Attribution attribution;
  // Judged against a due date that counted working days of a year with no
  // published calendar (Monday to Friday): it may change once the year's
  // calendar is published.
  bool provisional = false;
};

// The subject a finding id names: "<kind>@<subject>" or
// "<kind>@<subject>#<seq>"; nullopt for a text of neither form.
std::optional<std::string> SubjectOfFinding(std::string_view id);

}  // namespace gongkai::projections
