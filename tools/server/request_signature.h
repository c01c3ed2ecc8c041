// Signed reads: HTTP Message Signatures (RFC 9421) with the reader's own
// registered key (Ed25519, or SM2 as docs/FORMAT.md §8 signs), the subset
// gongkai's servers accept (docs/SERVER.md, "Authentication"). A request
// carries
//
//   Signature-Input: gk=("@method" "@path" "@query");created=1796860800;keyid="<key id>";alg="ed25519"
//   Signature: gk=:<base64 of the signature (Ed25519 64 bytes; SM2 DER)>:
//
// The label is any RFC 8941 key; the covered components must be exactly
// "@method", "@path" and "@query" (in any order); `created` is required,
// `alg` if given must name the registered key's algorithm ("ed25519" or
// "sm2"), `expires` if given must not have passed.
// The signature is over the signature base of RFC 9421 §2.5: one line per
// component, `"<name>": <value>`, then `"@signature-params": <the member
// value of Signature-Input after "<label>=">`, joined by "\n" with no
// newline at the end. @path is the request path as sent (percent-encoded),
// @query is "?" followed by the query string as sent ("?" when empty).
//
// The key id is the registered key's (ledger/signing.h); a signature is good
// for kSignatureLifetime after `created` (a session of one request), and
// `created` may be at most kClockSkew ahead of the server's clock.
#pragma once

#include <string>
#include <string_view>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/key_registry.h"
#include "ledger/signing.h"

namespace gongkai::server {

inline constexpr UnixMicros kSignatureLifetime = 300'000'000;  // 5 minutes
inline constexpr UnixMicros kClockSkew = 60'000'000;           // 1 minute

struct RequestSignature {
  std::string signature_input;  // the Signature-Input header's value
  std::string signature;        // the Signature header's value
};

// Signs a request with `key` at `now`: `path` and `query` exactly as they
// go on the wire (`query` without its '?').
Result<RequestSignature> SignRequest(const PrivateKey& key, std::string_view method, std::string_view path,
                                     std::string_view query, UnixMicros now);

// The key id of a correctly signed request. The key must be registered in
// `registry` (its validity and the reader's roles are query::ReaderOf's and
// query::MayRead's). Errors: kUnauthenticated for a missing, malformed,
// stale or wrong signature, each named; kUnknownKey for a key id the
// registry does not hold.
Result<std::string> VerifyRequest(const RequestSignature& headers, std::string_view method, std::string_view path,
                                  std::string_view query, const KeyRegistry& registry, UnixMicros now);

}  // namespace gongkai::server
