// A set of rule sets with their bases resolved, and the shipped ones
// (data/rules/*.rules, compiled into the binary).
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/rules/date.h"
#include "ledger/rules/rule_set.h"

namespace gongkai::rules {

// A rule-set file: its name (for messages; shipped files are ID.rules) and
// its exact text.
struct RuleFile {
  std::string_view name;
  std::string_view text;
};

// The shipped files, in file-name order.
std::span<const RuleFile> ShippedRuleFiles();

// Immutable once built, so it is safe to share between threads.
class RuleLibrary {
 public:
  // Parses every file and resolves each base among them (a base may come
  // after the set that names it); a book with a `rebase` line also gives its
  // derived set (RebaseRuleSet), in force from the rebase date. Errors name the file, then "line N: …"
  // for a problem in it (kMalformed), or the set and its missing base
  // (kNotFound), a cycle of bases, or a rule-set id given twice (kMalformed).
  static Result<RuleLibrary> Build(std::span<const RuleFile> files);
  // The shipped rule sets, built on first use (the tests build them, so a
  // failure here is a broken build and aborts).
  static const RuleLibrary& Shipped();

  // Every rule set, resolved, by id.
  const std::map<std::string, RuleSet, std::less<>>& sets() const { return sets_; }
  // kNotFound naming the id.
  Result<const RuleSet*> Find(std::string_view id) const;
  // The rule set of `jurisdiction` in force on `date`: of those selected by
  // some date (selected-by not none), the one with the latest effective date
  // on or before `date`. kOutOfRange when none is in force yet, kNotFound for
  // a jurisdiction without rule sets.
  Result<const RuleSet*> InForce(std::string_view jurisdiction, Date date) const;
  // InForce(kNationalJurisdiction, date): national-2007 before 2019-05-15,
  // national-2019 from that day.
  Result<const RuleSet*> NationalFor(Date date) const { return InForce(kNationalJurisdiction, date); }
  // A rule set parsed elsewhere (a file being checked, a set recorded in the
  // ledger) laid over its base from this library, without adding it.
  Result<RuleSet> Resolve(const RuleSet& parsed) const;
  // Likewise its rebased set (RebaseRuleSet) over the regulation its rebase
  // names, from this library.
  Result<RuleSet> ResolveRebased(const RuleSet& parsed) const;

 private:
  std::map<std::string, RuleSet, std::less<>> sets_;
};

}  // namespace gongkai::rules
