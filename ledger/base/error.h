// The one error model used across gongkai's module boundaries.
//
// Every fallible operation returns `Result<T>` (std::expected<T, Error>).
// An Error carries a machine-checkable code (tests assert on it) and one
// human-readable line (the CLI prints it). Exceptions from libraries
// (Cap'n Proto's kj::Exception, RocksDB statuses, OpenSSL errors) are turned
// into Errors at the module that calls the library; they never cross modules.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/core.h>

namespace gongkai {

enum class ErrorCode {
  kInvalidArgument,     // a caller-supplied value is unusable (CLI, API)
  kNotFound,            // the thing named does not exist
  kAlreadyExists,       // creating something that is already there
  kMalformed,           // bytes or JSON that do not parse or fail validation
  kTooLarge,            // an input over a documented size limit
  kNotCanonical,        // action bytes not in Cap'n Proto canonical form
  kWrongLedger,         // action signed for another ledger (origin)
  kBadSignature,        // signature does not verify
  kUnknownKey,          // signing key id not in the registry
  kKeyRevoked,          // signing key revoked at that point
  kKeyNotYetValid,      // signing key's validFrom is after the recorded time
  kKeyExpired,          // signing key's certificate had expired at the recorded time
  kUnauthorized,        // signer lacks the role the action needs (or a reader the
                        // role a read needs)
  kUnauthenticated,     // a request to a server without a valid signature
  kRateLimited,         // a client over a server's per-client request rate
  kRegistryConflict,    // registry or organisation event inconsistent with the
                        // registered people, keys and agencies
  kWrongExpectedVersion,// stream version differs from expectedVersion
  kFutureBusinessTime,  // business time later than the recorded time allows
  kOutOfRange,          // a value outside what the data covers (a date in a year
                        // with no published working-day calendar)
  kEventIdConflict,     // event id reused for different action bytes
  kProofRequired,       // a witness asked to accept a larger checkpoint without the
                        // consistency proof (from the accepted size) that shows it extends it
  kInconsistent,        // the events give an output that breaks its own rules (an
                        // annual report whose rows do not add up)
  kBusy,                // the store is owned by another process
  kNoSpace,             // the disk is too full to write safely; nothing was written
  kReadOnly,            // a write to a ledger or directory that cannot be written
  kIo,                  // storage or file system failure
  kCorruption,          // stored data fails verification
  kInternal,            // a bug: an invariant did not hold
};

// Stable lower-case name of a code, used in `--json` output and logs.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
  // The ledger sequence number the error is about, when there is one
  // (verification failures, duplicate event ids).
  std::optional<uint64_t> seq;

  // "message" or "entry 42: message".
  std::string ToString() const;
};

// A value or the error that stopped it. [[nodiscard]]: a result that is
// dropped unchecked is a compiler warning (an error in CI's builds).
template <typename T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result(std::expected<T, Error> other) : std::expected<T, Error>(std::move(other)) {}
};
using Status = Result<void>;

// Forwards the error of `expr` (any Result or Status) from the enclosing
// function, which must return a Result or Status:
//   auto key = PrivateKey::FromPemFile(path);
//   GK_RETURN_IF_ERROR(key);
//   GK_RETURN_IF_ERROR(ledger.Append(action));
#define GK_RETURN_IF_ERROR(expr)                                       \
  do {                                                                 \
    if (auto&& gk_result_ = (expr); !gk_result_) {                     \
      return ::std::unexpected(::std::move(gk_result_).error());       \
    }                                                                  \
  } while (false)

template <typename... Args>
std::unexpected<Error> Fail(ErrorCode code, fmt::format_string<Args...> format,
                            Args&&... args) {
  return std::unexpected(
      Error{code, fmt::format(format, std::forward<Args>(args)...), std::nullopt});
}

template <typename... Args>
std::unexpected<Error> FailAt(uint64_t seq, ErrorCode code,
                              fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(
      Error{code, fmt::format(format, std::forward<Args>(args)...), seq});
}

}  // namespace gongkai
