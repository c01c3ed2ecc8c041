#include "projections/subject_loader.h"

#include <algorithm>
#include <string>

#include "ledger/registry_store.h"
#include "ledger/rules/calendar.h"
#include "ledger/rules/rule_library.h"

namespace gongkai::projections {

// The streams every subject's answer may rest on besides its own.
constexpr std::string_view kContextStreams[] = {"agency/", "calendar/", "rules/"};

bool HasSubjectState(std::string_view stream) {
  return stream.starts_with("item/") || stream.starts_with("case/") || stream.starts_with("inquiry/");
}

SubjectLoader::SubjectLoader(const Store& ledger, const ProjectionDb& db, uint64_t end, Roster roster)
    : ledger_(ledger),
      db_(db),
      end_(end),
      engine_(rules::RuleLibrary::Shipped(), rules::Calendar::Official(), std::move(roster)) {}

Result<std::unique_ptr<SubjectLoader>> SubjectLoader::Open(const Store& ledger, const ProjectionDb& db,
                                                           uint64_t end) {
  auto registry = LoadStoredRegistry(ledger, end);
  GK_RETURN_IF_ERROR(registry);
  std::unique_ptr<SubjectLoader> loader(new SubjectLoader(ledger, db, end, Roster(std::move(registry->registry))));
  std::vector<ActRecord> context;
  for (std::string_view prefix : kContextStreams) {
    auto acts = db.BySubjectPrefix(prefix);
    GK_RETURN_IF_ERROR(acts);
    std::erase_if(*acts, [&](const ActRecord& act) { return act.seq >= end; });
    context.insert(context.end(), acts->begin(), acts->end());
  }
  // In ledger order: a rule set may be laid over one published before it.
  std::ranges::stable_sort(context, {}, &ActRecord::seq);
  if (auto s = loader->Fold(context); !s) return std::unexpected(s.error());
  return loader;
}

Status SubjectLoader::Load(std::string_view subject) {
  if (loaded_.contains(subject)) return {};
  auto acts = db_.BySubject(subject);
  GK_RETURN_IF_ERROR(acts);
  std::erase_if(*acts, [&](const ActRecord& act) { return act.seq >= end_; });
  if (acts->empty()) return Fail(ErrorCode::kNotFound, "no entry of '{}' in this ledger", subject);
  GK_RETURN_IF_ERROR(Fold(*acts));
  loaded_.emplace(std::string(subject), std::move(*acts));
  return {};
}

const std::vector<ActRecord>* SubjectLoader::ActsOf(std::string_view subject) const {
  auto it = loaded_.find(subject);
  return it == loaded_.end() ? nullptr : &it->second;
}

// Folds the entries `acts` name (ascending; a collective decision's votes
// share its entry), reading each from the ledger.
Status SubjectLoader::Fold(const std::vector<ActRecord>& acts) {
  uint64_t last = UINT64_MAX;
  for (const ActRecord& act : acts) {
    if (act.seq == last) continue;
    last = act.seq;
    auto stored = ReadStoredAction(ledger_, act.seq);
    GK_RETURN_IF_ERROR(stored);
    GK_RETURN_IF_ERROR(engine_.Apply(EventRecord{act.seq, stored->recorded_time, stored->action}));
  }
  return {};
}

}  // namespace gongkai::projections
