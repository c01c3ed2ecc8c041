#include "ledger/action.h"

#include <capnp/message.h>
#include <capnp/schema.h>
#include <kj/exception.h>

#include <algorithm>
#include <cstring>

#include "ledger/certificate.h"
#include "ledger/hash.h"
#include "ledger/known_fields.h"
#include "ledger/payload_check.h"
#include "ledger/signing.h"
#include "ledger/base/text_check.h"

namespace gongkai {
namespace {

Status CheckKeyId(std::string_view field, capnp::Text::Reader text) {
  std::string_view view(text.cStr(), text.size());
  bool hex = view.size() == kKeyIdChars &&
             view.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex) {
    return Fail(ErrorCode::kMalformed, "{} must be {} lower-case hex characters, got '{}'", field,
                kKeyIdChars, view.substr(0, 64));
  }
  return {};
}

Status CheckTime(std::string_view field, bool present, schema::Time::Reader time) {
  if (!present) return Fail(ErrorCode::kMalformed, "{} is missing", field);
  if (time.getUnixMicros() < kMinTime || time.getUnixMicros() > kMaxTime) {
    return Fail(ErrorCode::kMalformed, "{} is outside the years 0001..9999", field);
  }
  return {};
}

// A value the schema names: enumerants are numbered 0..n-1, so the schema's
// own count is the bound (a new enumerant is known the day it is added).
template <typename Enum>
Status CheckEnum(std::string_view field, Enum value) {
  if (static_cast<uint16_t>(value) >= capnp::Schema::from<Enum>().getEnumerants().size()) {
    return Fail(ErrorCode::kMalformed, "{} has unknown value {}", field,
                static_cast<uint16_t>(value));
  }
  return {};
}

// A person's key may be Ed25519 or SM2; the log key only Ed25519
// (`ed25519_only`), as C2SP checkpoints and witnesses require.
Status CheckPublicKey(std::string_view field, bool present, schema::PublicKey::Reader key,
                      bool ed25519_only = false) {
  if (!present) return Fail(ErrorCode::kMalformed, "{} is missing", field);
  auto algorithm = SignatureAlgorithmFromId(static_cast<uint8_t>(key.getAlgorithm()));
  if (!algorithm || (ed25519_only && *algorithm != SignatureAlgorithm::kEd25519)) {
    return Fail(ErrorCode::kMalformed, "{}.algorithm must be {}", field, ed25519_only ? "ed25519" : "ed25519 or sm2");
  }
  if (key.getKey().size() != PublicKeySize(*algorithm)) {
    return Fail(ErrorCode::kMalformed, "{}.key must be {} bytes for {}, got {}", field, PublicKeySize(*algorithm),
                SignatureAlgorithmName(*algorithm), key.getKey().size());
  }
  if (key.hasCertificate()) {
    if (ed25519_only) return Fail(ErrorCode::kMalformed, "{} carries no certificate", field);
    auto der = key.getCertificate();
    auto certificate = ParseCertificate(ByteView(der.begin(), der.size()));
    if (!certificate) return Fail(certificate.error().code, "{}.certificate: {}", field, certificate.error().message);
    auto raw = key.getKey();
    if (*algorithm != SignatureAlgorithm::kSm2 || !std::ranges::equal(certificate->key.raw(), ByteView(raw.begin(), raw.size()))) {
      return Fail(ErrorCode::kMalformed, "{}.certificate is for key {}, not for the key given", field,
                  certificate->key.id());
    }
  }
  return {};
}

Status CheckGrant(std::string_view field, bool present, schema::RoleGrant::Reader grant) {
  if (!present) return Fail(ErrorCode::kMalformed, "{} is missing", field);
  GK_RETURN_IF_ERROR(CheckEnum(fmt::format("{}.role", field), grant.getRole()));
  if (auto s = CheckText(fmt::format("{}.agency", field), grant.getAgency(), 1, kMaxTextBytes, true); !s)
    return s;
  return CheckText(fmt::format("{}.section", field), grant.getSection(), 0, kMaxTextBytes, true);
}

Status CheckRegisterPerson(std::string_view field, schema::RegisterPerson::Reader p) {
  auto name = [&](std::string_view sub) { return fmt::format("{}.{}", field, sub); };
  GK_RETURN_IF_ERROR(CheckText(name("personId"), p.getPersonId(), 1, kMaxEventIdBytes, true));
  GK_RETURN_IF_ERROR(CheckText(name("name"), p.getName(), 1, kMaxTextBytes, true));
  GK_RETURN_IF_ERROR(CheckText(name("agency"), p.getAgency(), 1, kMaxTextBytes, true));
  GK_RETURN_IF_ERROR(CheckText(name("section"), p.getSection(), 0, kMaxTextBytes, true));
  auto roles = p.getRoles();
  for (uint32_t i = 0; i < roles.size(); ++i) {
    GK_RETURN_IF_ERROR(CheckGrant(fmt::format("{}.roles[{}]", field, i), true, roles[i]));
  }
  GK_RETURN_IF_ERROR(CheckPublicKey(name("publicKey"), p.hasPublicKey(), p.getPublicKey()));
  return CheckTime(name("validFrom"), p.hasValidFrom(), p.getValidFrom());
}

Status CheckPayload(schema::Action::Payload::Reader payload) {
  using P = schema::Action::Payload;
  switch (payload.which()) {
    case P::NOTE: {
      auto note = payload.getNote();
      GK_RETURN_IF_ERROR(CheckText("note.subject", note.getSubject(), 1, kMaxTextBytes));
      GK_RETURN_IF_ERROR(CheckText("note.body", note.getBody(), 0, kMaxActionBytes));  // bounded by the action
      if (note.hasDigest() && note.getDigest().size() != kDigestBytes) {
        return Fail(ErrorCode::kMalformed, "note.digest must be {} bytes (SHA-256), got {}",
                    kDigestBytes, note.getDigest().size());
      }
      return {};
    }
    case P::GENESIS: {
      auto g = payload.getGenesis();
      GK_RETURN_IF_ERROR(CheckText("genesis.origin", g.getOrigin(), 1, kMaxOriginBytes, true));
      if (!HashAlgorithmFromId(static_cast<uint8_t>(g.getHashAlgorithm()))) {
        return Fail(ErrorCode::kMalformed, "genesis.hashAlgorithm must be sha256 or sm3");
      }
      if (g.getSignatureAlgorithm() != schema::SignatureAlgorithm::ED25519) {
        return Fail(ErrorCode::kMalformed, "genesis.signatureAlgorithm must be ed25519 (the log key's algorithm)");
      }
      if (!g.hasAdministrator()) return Fail(ErrorCode::kMalformed, "genesis.administrator is missing");
      GK_RETURN_IF_ERROR(CheckRegisterPerson("genesis.administrator", g.getAdministrator()));
      bool is_admin = false;
      for (auto grant : g.getAdministrator().getRoles()) {
        is_admin |= grant.getRole() == schema::Role::ADMINISTRATOR;
      }
      if (!is_admin) {
        return Fail(ErrorCode::kMalformed, "genesis.administrator must hold the administrator role");
      }
      GK_RETURN_IF_ERROR(CheckPublicKey("genesis.logKey", g.hasLogKey(), g.getLogKey(), /*ed25519_only=*/true));
      if (!g.hasSm2LogKey()) return {};
      GK_RETURN_IF_ERROR(CheckPublicKey("genesis.sm2LogKey", true, g.getSm2LogKey()));
      if (g.getSm2LogKey().getAlgorithm() != schema::SignatureAlgorithm::SM2 || g.getSm2LogKey().hasCertificate()) {
        return Fail(ErrorCode::kMalformed, "genesis.sm2LogKey must be an sm2 key without a certificate");
      }
      return {};
    }
    case P::REGISTER_PERSON:
      return CheckRegisterPerson("registerPerson", payload.getRegisterPerson());
    case P::ADD_KEY: {
      auto k = payload.getAddKey();
      GK_RETURN_IF_ERROR(CheckText("addKey.personId", k.getPersonId(), 1, kMaxEventIdBytes, true));
      GK_RETURN_IF_ERROR(CheckPublicKey("addKey.publicKey", k.hasPublicKey(), k.getPublicKey()));
      return CheckTime("addKey.validFrom", k.hasValidFrom(), k.getValidFrom());
    }
    case P::REVOKE_KEY: {
      auto r = payload.getRevokeKey();
      GK_RETURN_IF_ERROR(CheckKeyId("revokeKey.keyId", r.getKeyId()));
      GK_RETURN_IF_ERROR(CheckText("revokeKey.reason", r.getReason(), 1, kMaxTextBytes));
      return CheckTime("revokeKey.effectiveFrom", r.hasEffectiveFrom(), r.getEffectiveFrom());
    }
    case P::ASSIGN_ROLE: {
      auto a = payload.getAssignRole();
      GK_RETURN_IF_ERROR(CheckText("assignRole.personId", a.getPersonId(), 1, kMaxEventIdBytes, true));
      GK_RETURN_IF_ERROR(CheckGrant("assignRole.grant", a.hasGrant(), a.getGrant()));
      return CheckTime("assignRole.effectiveFrom", a.hasEffectiveFrom(), a.getEffectiveFrom());
    }
    case P::END_ROLE: {
      auto e = payload.getEndRole();
      GK_RETURN_IF_ERROR(CheckText("endRole.personId", e.getPersonId(), 1, kMaxEventIdBytes, true));
      GK_RETURN_IF_ERROR(CheckGrant("endRole.grant", e.hasGrant(), e.getGrant()));
      return CheckTime("endRole.effectiveTo", e.hasEffectiveTo(), e.getEffectiveTo());
    }
    case P::ORGANISATION:
    case P::ITEM:
    case P::APPLICATION:
    case P::INQUIRY:
    case P::ACCOUNTABILITY:
    case P::ASSESSMENT:
    case P::REFERENCE:
      return {};  // checked with the envelope by CheckDomainPayload (it needs the stream)
  }
  return Fail(ErrorCode::kMalformed, "unknown payload kind {}", static_cast<uint16_t>(payload.which()));
}

Status CheckEnvelope(schema::Action::Reader a) {
  GK_RETURN_IF_ERROR(CheckText("ledger", a.getLedger(), 1, kMaxOriginBytes, true));
  GK_RETURN_IF_ERROR(CheckText("eventId", a.getEventId(), 1, kMaxEventIdBytes, true));
  GK_RETURN_IF_ERROR(CheckText("stream", a.getStream(), 1, kMaxStreamBytes, true));
  if (a.getExpectedVersion() < -1) {
    return Fail(ErrorCode::kMalformed, "expectedVersion must be -1 (any) or >= 0, got {}",
                a.getExpectedVersion());
  }
  GK_RETURN_IF_ERROR(CheckTime("businessTime", a.hasBusinessTime(), a.getBusinessTime()));
  GK_RETURN_IF_ERROR(CheckKeyId("actorKeyId", a.getActorKeyId()));
  GK_RETURN_IF_ERROR(CheckPayload(a.getPayload()));
  return CheckDomainPayload(a);
}

}  // namespace

std::string_view PayloadKindName(PayloadKind kind) {
  using P = schema::Action::Payload;
  switch (kind) {
    case P::NOTE: return "note";
    case P::GENESIS: return "genesis";
    case P::REGISTER_PERSON: return "registerPerson";
    case P::ADD_KEY: return "addKey";
    case P::REVOKE_KEY: return "revokeKey";
    case P::ASSIGN_ROLE: return "assignRole";
    case P::END_ROLE: return "endRole";
    case P::ORGANISATION: return "organisation";
    case P::ITEM: return "item";
    case P::APPLICATION: return "application";
    case P::INQUIRY: return "inquiry";
    case P::ACCOUNTABILITY: return "accountability";
    case P::ASSESSMENT: return "assessment";
    case P::REFERENCE: return "reference";
  }
  return "unknown";
}

bool IsRegistryPayload(PayloadKind kind) {
  using P = schema::Action::Payload;
  return kind == P::GENESIS || kind == P::REGISTER_PERSON || kind == P::ADD_KEY ||
         kind == P::REVOKE_KEY || kind == P::ASSIGN_ROLE || kind == P::END_ROLE;
}

// Owns a word-aligned copy of the bytes (Cap'n Proto reads aligned words)
// and the reader over it. Heap-allocated so the reader's internal pointers
// stay valid when an Action moves.
//
// Reader limits: Cap'n Proto's traversal limit guards against messages whose
// pointers alias, so that a small message reads as a huge one. Canonical
// form rules aliasing out (every object sits once, in pre-order), and Parse
// refuses anything not canonical before reading a field, so the limit is
// lifted: every field of an accepted action may be read any number of times.
// The nesting limit stays: no gongkai schema nests deeper than 8.
struct Action::Message {
  kj::Array<capnp::word> words;
  kj::ArrayPtr<const capnp::word> segments[1];
  capnp::SegmentArrayMessageReader reader;
  schema::Action::Reader root;

  explicit Message(kj::Array<capnp::word> w)
      : words(kj::mv(w)),
        segments{words.asPtr()},
        reader(kj::arrayPtr(segments, 1), capnp::ReaderOptions{UINT64_MAX / sizeof(capnp::word), 16}) {}
};

Action::Action(std::unique_ptr<Message> message) : message_(std::move(message)) {}
Action::Action(Action&&) noexcept = default;
Action& Action::operator=(Action&&) noexcept = default;
Action::~Action() = default;

namespace {

// Refuses `bytes` unless they are exactly the canonical encoding of
// `action`'s known fields (ledger/known_fields.h).
Status CheckSaysOnlyItsFields(schema::Action::Reader action, ByteView bytes) {
  capnp::MallocMessageBuilder copy(bytes.size() / sizeof(capnp::word) + 1);
  GK_RETURN_IF_ERROR(CopyKnownFields(action, copy.initRoot<schema::Action>()));
  kj::Array<capnp::word> words = capnp::canonicalize(copy.getRoot<schema::Action>().asReader());
  auto again = words.asBytes();
  if (again.size() != bytes.size() || std::memcmp(again.begin(), bytes.data(), bytes.size()) != 0) {
    return Fail(ErrorCode::kNotCanonical,
                "action bytes hold bits no field of the schema reads (padding, another union member's data or a "
                "field this version does not know): they are not the canonical form of what they say");
  }
  return {};
}

}  // namespace

Result<Action> Action::Parse(ByteView bytes) { return ParseWith(bytes, true); }

Result<Action> Action::ParseStored(ByteView bytes) { return ParseWith(bytes, false); }

Result<Action> Action::ParseWith(ByteView bytes, bool validate) {
  if (bytes.size() > kMaxActionBytes) {
    return Fail(ErrorCode::kTooLarge, "action is {} bytes; the limit is {}", bytes.size(),
                kMaxActionBytes);
  }
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Fail(ErrorCode::kMalformed,
                "action is {} bytes; canonical Cap'n Proto is a non-empty multiple of 8",
                bytes.size());
  }
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  auto message = std::make_unique<Message>(kj::mv(words));
  Status status;
  kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] {
    if (!message->reader.isCanonical()) {
      status = Fail(ErrorCode::kNotCanonical, "action bytes are not in Cap'n Proto canonical form");
      return;
    }
    message->root = message->reader.getRoot<schema::Action>();
    if (!validate) return;
    status = CheckEnvelope(message->root);
    if (status) status = CheckSaysOnlyItsFields(message->root, bytes);
  });
  if (exception != nullptr) {
    // Cap'n Proto's own text names its internals, not the input's fault.
    return Fail(ErrorCode::kMalformed,
                "action bytes do not parse as a Cap'n Proto Action (a pointer, size or segment is out of bounds)");
  }
  GK_RETURN_IF_ERROR(status);
  return Action(std::move(message));
}

schema::Action::Reader Action::reader() const { return message_->root; }

ByteView Action::bytes() const {
  auto bytes = message_->words.asBytes();
  return {bytes.begin(), bytes.size()};
}

std::string_view Action::ledger() const {
  auto t = reader().getLedger();
  return {t.cStr(), t.size()};
}
std::string_view Action::event_id() const {
  auto t = reader().getEventId();
  return {t.cStr(), t.size()};
}
std::string_view Action::stream() const {
  auto t = reader().getStream();
  return {t.cStr(), t.size()};
}
std::string_view Action::actor_key_id() const {
  auto t = reader().getActorKeyId();
  return {t.cStr(), t.size()};
}

Status CheckBusinessTime(const Action& action, UnixMicros recorded_time) {
  if (action.business_time() > recorded_time + kMaxBusinessTimeLead) {
    return Fail(ErrorCode::kFutureBusinessTime,
                "business time {} is after the recorded time {} (more than {} s of clock skew)",
                FormatTime(action.business_time()), FormatTime(recorded_time), kMaxBusinessTimeLead / 1'000'000);
  }
  return {};
}

Bytes Canonicalize(schema::Action::Reader action) {
  kj::Array<capnp::word> words = capnp::canonicalize(action);
  auto bytes = words.asBytes();
  return Bytes(bytes.begin(), bytes.end());
}

}  // namespace gongkai
