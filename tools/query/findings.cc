#include "tools/query/findings.h"

#include "ledger/rules/rule_set.h"

namespace gongkai::query {

using projections::Finding;

Result<std::vector<Finding>> FindingsAsOf(QuerySession& session, const replay::LedgerPoint& point,
                                          const FindingFilter& filter) {
  if (filter.kind && !rules::IsKnownFindingKind(*filter.kind)) {
    return Fail(ErrorCode::kNotFound,
                "no finding kind '{}' (docs/FINDINGS.md lists them; 'gongkai rules show' names those of a rule set)",
                *filter.kind);
  }
  auto folded = session.Fold(filter.agency, point);
  GK_RETURN_IF_ERROR(folded);
  auto findings = folded->engine().Findings(point.judge);
  GK_RETURN_IF_ERROR(findings);
  std::erase_if(*findings, [&](const Finding& f) {
    return (filter.agency && f.agency != *filter.agency) || (filter.kind && f.kind != *filter.kind) ||
           (filter.year && rules::Year(f.date) != *filter.year);
  });
  return findings;
}

Result<Finding> FindingById(QuerySession& session, const std::string& id, const replay::LedgerPoint& point) {
  auto subject = projections::SubjectOfFinding(id);
  if (!subject) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a finding id (KIND@SUBJECT, as 'gongkai findings' lists them)",
                id);
  }
  auto loader = session.SubjectsAt(point);
  GK_RETURN_IF_ERROR(loader);
  if (auto loaded = (*loader)->Load(*subject); !loaded && loaded.error().code != ErrorCode::kNotFound) {
    return std::unexpected(loaded.error());
  } else if (loaded) {
    auto state = (*loader)->engine().StateOf(*subject, point.judge);
    GK_RETURN_IF_ERROR(state);
    if (*state) {
      for (const Finding& f : (*state)->findings) {
        if (f.id == id) return f;
      }
    }
  }
  return Fail(ErrorCode::kNotFound, "no finding '{}' as of {} ('gongkai findings' lists them)", id,
              rules::FormatDate(point.judge));
}

}  // namespace gongkai::query
