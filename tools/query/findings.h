// Queries over findings: the findings as of a point, filtered, and one
// finding by its id with its responsibility.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "projections/finding.h"
#include "tools/query/session.h"

namespace gongkai::query {

struct FindingFilter {
  std::optional<std::string> agency;  // only this agency's (and only its subjects are folded)
  std::optional<std::string> kind;    // only this kind; must be a known kind
  std::optional<int> year;            // only those dated in this year
};

// The findings as of the day `point` is judged at, that pass `filter`.
// Errors: kNotFound for an unknown kind or an agency without entries.
Result<std::vector<projections::Finding>> FindingsAsOf(QuerySession& session, const replay::LedgerPoint& point,
                                                       const FindingFilter& filter);

// The finding `id` names (KIND@SUBJECT or KIND@SUBJECT#SEQ) as of `point`:
// only its subject is folded. Errors: kInvalidArgument for a malformed id,
// kNotFound for a finding that is not there.
Result<projections::Finding> FindingById(QuerySession& session, const std::string& id,
                                         const replay::LedgerPoint& point);

}  // namespace gongkai::query
