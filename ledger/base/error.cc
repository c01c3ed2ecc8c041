#include "ledger/base/error.h"

namespace gongkai {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kMalformed: return "malformed";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kNotCanonical: return "not_canonical";
    case ErrorCode::kWrongLedger: return "wrong_ledger";
    case ErrorCode::kBadSignature: return "bad_signature";
    case ErrorCode::kUnknownKey: return "unknown_key";
    case ErrorCode::kKeyRevoked: return "key_revoked";
    case ErrorCode::kKeyNotYetValid: return "key_not_yet_valid";
    case ErrorCode::kKeyExpired: return "key_expired";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kRegistryConflict: return "registry_conflict";
    case ErrorCode::kWrongExpectedVersion: return "wrong_expected_version";
    case ErrorCode::kFutureBusinessTime: return "future_business_time";
    case ErrorCode::kOutOfRange: return "out_of_range";
    case ErrorCode::kEventIdConflict: return "event_id_conflict";
    case ErrorCode::kProofRequired: return "proof_required";
    case ErrorCode::kInconsistent: return "inconsistent";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kNoSpace: return "no_space";
    case ErrorCode::kReadOnly: return "read_only";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (seq) return fmt::format("entry {}: {}", *seq, message);
  return message;
}

}  // namespace gongkai
