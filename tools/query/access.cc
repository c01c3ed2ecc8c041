#include "tools/query/access.h"

#include <fmt/core.h>

namespace gongkai::query {
namespace {

bool ReadsEverything(schema::Role role) {
  return role == schema::Role::SUPERVISION || role == schema::Role::ASSESSOR || role == schema::Role::ARCHIVIST ||
         role == schema::Role::AUDITOR;
}

bool Holds(const RoleRecord& held, UnixMicros now) { return held.from <= now && (!held.to || now < *held.to); }

}  // namespace

ReadScope LedgerScope() { return {ReadScope::Kind::kLedger, "", "ledger"}; }

ReadScope AgencyScope(const std::optional<std::string>& agency) {
  if (!agency) return {ReadScope::Kind::kEverything, "", "all"};
  return {ReadScope::Kind::kAgency, *agency, "agency " + *agency};
}

Result<ReadScope> SubjectScope(QuerySession& session, const std::string& subject) {
  auto db = session.Projections();
  GK_RETURN_IF_ERROR(db);
  auto acts = (*db)->BySubject(subject);
  GK_RETURN_IF_ERROR(acts);
  if (acts->empty()) return ReadScope{ReadScope::Kind::kLedger, "", subject};
  return ReadScope{ReadScope::Kind::kAgency, acts->front().agency, subject};
}

Result<ReadScope> PersonScope(QuerySession& session, const std::string& person) {
  auto registry = session.Registry();
  GK_RETURN_IF_ERROR(registry);
  const PersonRecord* found = (*registry)->FindPerson(person);
  if (!found) return ReadScope{ReadScope::Kind::kLedger, "", "person " + person};
  return ReadScope{ReadScope::Kind::kAgency, found->agency, "person " + person};
}

Result<const PersonRecord*> ReaderOf(const KeyRegistry& registry, std::string_view key_id, UnixMicros now) {
  const KeyRecord* key = registry.FindKey(key_id);
  if (!key) return Fail(ErrorCode::kUnknownKey, "key {} is not registered in this ledger", key_id);
  GK_RETURN_IF_ERROR(KeyValidAt(*key, now));
  const PersonRecord* person = registry.FindPerson(key->person_id);
  if (!person) return Fail(ErrorCode::kUnknownKey, "key {} names no registered person", key_id);
  return person;
}

Status MayRead(const PersonRecord& reader, const ReadScope& scope, UnixMicros now) {
  if (scope.kind == ReadScope::Kind::kLedger) return {};
  for (const RoleRecord& held : reader.roles) {
    if (!Holds(held, now)) continue;
    if (ReadsEverything(held.role)) return {};
    if (scope.kind == ReadScope::Kind::kAgency && held.role != schema::Role::ADMINISTRATOR &&
        held.agency == scope.agency) {
      return {};
    }
  }
  if (scope.kind == ReadScope::Kind::kAgency) {
    return Fail(ErrorCode::kUnauthorized,
                "{} may not read {}: that needs a role in agency {}, or supervision, assessor, archivist or auditor",
                reader.id, scope.about, scope.agency);
  }
  return Fail(ErrorCode::kUnauthorized,
              "{} may not read {}: across agencies only supervision, assessor, archivist and auditor may", reader.id,
              scope.about == "all" ? "every agency's records" : scope.about);
}

}  // namespace gongkai::query
