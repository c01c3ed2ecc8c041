// Who may read what (docs/SERVER.md, "Who may read what"): the scope a query
// reads, and whether a reader's key and the roles they hold now allow it.
//
//   - supervision, assessor, archivist and auditor roles read everything;
//   - any other role held in an agency (administrator excepted: it keeps
//     the key registry, not the files) reads that agency's items, cases,
//     inquiries and people;
//   - any registered reader with a valid key reads the ledger's public face:
//     sizes, hashes, proofs and the statistics.
// A key revoked or a role ended takes effect for the next request.
#pragma once

#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/key_registry.h"
#include "tools/query/session.h"

namespace gongkai::query {

struct ReadScope {
  enum class Kind {
    kLedger,      // sizes, hashes and proofs: any registered reader
    kAgency,      // one agency's subjects and people
    kEverything,  // every agency's
  };
  Kind kind = Kind::kEverything;
  std::string agency;  // for kAgency
  std::string about;   // what the access log records: "item/X", "agency G", "person P", "all", "ledger"
};

ReadScope LedgerScope();
// One agency's, or everything without one.
ReadScope AgencyScope(const std::optional<std::string>& agency);
// The scope of a subject ("item/…", "case/…", "inquiry/…"): its agency's. A
// subject without entries is kLedger: the query itself then says not found.
Result<ReadScope> SubjectScope(QuerySession& session, const std::string& subject);
// A person's acts: their agency's (as registered). An unknown person is
// kLedger, as an unknown subject.
Result<ReadScope> PersonScope(QuerySession& session, const std::string& person);

// The reader a key id names in `registry` as of `now`. Errors: kUnknownKey,
// kKeyRevoked, kKeyNotYetValid, kKeyExpired.
Result<const PersonRecord*> ReaderOf(const KeyRegistry& registry, std::string_view key_id, UnixMicros now);

// Errors: kUnauthorized naming the scope and the roles that would allow it.
Status MayRead(const PersonRecord& reader, const ReadScope& scope, UnixMicros now);

}  // namespace gongkai::query
