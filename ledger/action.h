// A signed action's bytes, parsed and structurally validated.
//
// The bytes are the Cap'n Proto canonical form of one schema::Action (see
// docs/FORMAT.md). Parsing checks, in order: size limit, canonical form,
// required envelope fields and their limits, and the payload's own fields.
// It does not check the signature or the key registry (see KeyRegistry and
// Ledger::Append) and it never judges procedure.
#pragma once

#include <memory>
#include <string_view>

#include "ledger/bytes.h"
#include "ledger/base/error.h"
#include "ledger/schema/action.capnp.h"
#include "ledger/base/time.h"

namespace gongkai {

// Input limits, set so that one entry stays small enough to verify and
// replay quickly, while being far above any real action: documents are
// referenced by digest, never stored. The action limit keeps every entry
// record within 65,535 bytes (kMaxEntryRecordBytes, entry.h), the most a
// C2SP tlog-tiles entry bundle can frame: 65,535 − 62 bytes of framing −
// 128 bytes for the signature = 65,345.
inline constexpr size_t kMaxActionBytes = 65'345;
inline constexpr size_t kMaxEventIdBytes = 128;
inline constexpr size_t kMaxStreamBytes = 256;
inline constexpr size_t kMaxOriginBytes = 256;
inline constexpr size_t kMaxTextBytes = 4096;  // any other text field
inline constexpr size_t kKeyIdChars = 32;
inline constexpr size_t kDigestBytes = 32;

// How far an action's business time may lie after the time the ledger
// records it (clock skew between signer and ledger). Beyond it the action is
// future-dated and refused, at append and at verify alike.
inline constexpr UnixMicros kMaxBusinessTimeLead = 10 * 60 * 1'000'000LL;
// Every Time in an action lies in years 0001..9999 (what RFC 3339 can say).
inline constexpr UnixMicros kMinTime = -62135596800LL * 1'000'000;
inline constexpr UnixMicros kMaxTime = 253402300799LL * 1'000'000 + 999'999;

using PayloadKind = schema::Action::Payload::Which;
std::string_view PayloadKindName(PayloadKind kind);
bool IsRegistryPayload(PayloadKind kind);

class Action {
 public:
  static Result<Action> Parse(ByteView canonical_bytes);
  // Reads the bytes of an entry already in the store, which passed Parse
  // when it was appended (and pass it again in every verify): the bytes must
  // still be canonical (so no pointer aliases or dangles, and every field
  // reads), but the envelope and payload rules are not checked again. For
  // projections and replay, which read every entry and must not pay for
  // validating it twice; never for bytes from outside the store.
  static Result<Action> ParseStored(ByteView stored_bytes);

  Action(Action&&) noexcept;
  Action& operator=(Action&&) noexcept;
  ~Action();

  schema::Action::Reader reader() const;
  // The canonical bytes, exactly as signed.
  ByteView bytes() const;

  std::string_view ledger() const;
  std::string_view event_id() const;
  std::string_view stream() const;
  std::string_view actor_key_id() const;
  int64_t expected_version() const { return reader().getExpectedVersion(); }
  UnixMicros business_time() const { return reader().getBusinessTime().getUnixMicros(); }
  PayloadKind kind() const { return reader().getPayload().which(); }

 private:
  struct Message;
  explicit Action(std::unique_ptr<Message> message);
  static Result<Action> ParseWith(ByteView bytes, bool validate);
  std::unique_ptr<Message> message_;
};

// Refuses an action whose business time is more than kMaxBusinessTimeLead
// after `recorded_time`.
Status CheckBusinessTime(const Action& action, UnixMicros recorded_time);

// Builds the canonical bytes of an action held in a Cap'n Proto builder.
Bytes Canonicalize(schema::Action::Reader action);

}  // namespace gongkai
