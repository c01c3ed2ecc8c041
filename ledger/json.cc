#include "ledger/json.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include "ledger/action.h"
#include "ledger/time.h"

namespace gongkai {
namespace {

class TimeHandler final : public capnp::JsonCodec::Handler<schema::Time> {
 public:
  void encode(const capnp::JsonCodec&, schema::Time::Reader input,
              capnp::JsonValue::Builder output) const override {
    output.setString(FormatTime(input.getUnixMicros()));
  }
  void decode(const capnp::JsonCodec&, capnp::JsonValue::Reader input,
              schema::Time::Builder output) const override {
    KJ_REQUIRE(input.isString(), "a time must be an RFC 3339 string");
    auto parsed = ParseTime(input.getString().cStr());
    KJ_REQUIRE(parsed.has_value(), parsed.error().message);
    output.setUnixMicros(*parsed);
  }
};

// One configured codec per thread: configuring is not free, and the codec is
// not documented as safe for concurrent use.
capnp::JsonCodec& Codec() {
  thread_local TimeHandler time_handler;
  thread_local std::unique_ptr<capnp::JsonCodec> codec = [] {
    auto c = std::make_unique<capnp::JsonCodec>();
    c->addTypeHandler(time_handler);
    c->handleByAnnotation<schema::Action>();
    c->handleByAnnotation<schema::SignedAction>();
    c->setRejectUnknownFields(true);
    return c;
  }();
  return *codec;
}

}  // namespace

Result<Bytes> CanonicalActionFromJson(std::string_view json, const ActionDefaults& defaults) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Action>();
  kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] {
    Codec().decode(kj::ArrayPtr<const char>(json.data(), json.size()), root);
  });
  KJ_IF_MAYBE(e, exception) {
    return Fail(ErrorCode::kMalformed, "action JSON: {}", e->getDescription().cStr());
  }
  auto fill = [&](std::string_view field, capnp::Text::Reader current,
                  const std::string& wanted, auto setter) -> Status {
    if (wanted.empty()) return {};
    if (current.size() == 0) {
      setter(wanted);
    } else if (std::string_view(current.cStr(), current.size()) != wanted) {
      return Fail(ErrorCode::kInvalidArgument, "action JSON has {} '{}' but this is '{}'", field,
                  current.cStr(), wanted);
    }
    return {};
  };
  if (auto s = fill("ledger", root.getLedger(), defaults.ledger,
                    [&](const std::string& v) { root.setLedger(v); }); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = fill("actorKeyId", root.getActorKeyId(), defaults.actor_key_id,
                    [&](const std::string& v) { root.setActorKeyId(v); }); !s) {
    return std::unexpected(s.error());
  }
  Bytes bytes = Canonicalize(root.asReader());
  // Validate now, so the signer learns of a bad action before signing it.
  auto action = Action::Parse(bytes);
  if (!action) return std::unexpected(action.error());
  return bytes;
}

std::string ActionToJson(schema::Action::Reader action, bool pretty) {
  capnp::JsonCodec& codec = Codec();
  codec.setPrettyPrint(pretty);
  std::string out = codec.encode(action).cStr();
  codec.setPrettyPrint(false);
  return out;
}

Result<SignedAction> SignedActionFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::SignedAction>();
  kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] {
    Codec().decode(kj::ArrayPtr<const char>(json.data(), json.size()), root);
  });
  KJ_IF_MAYBE(e, exception) {
    return Fail(ErrorCode::kMalformed, "signed action JSON: {}", e->getDescription().cStr());
  }
  auto action = root.getAction();
  auto signature = root.getSignature();
  if (action.size() == 0) return Fail(ErrorCode::kMalformed, "signed action JSON: 'action' is missing");
  if (signature.size() == 0) {
    return Fail(ErrorCode::kMalformed, "signed action JSON: 'signature' is missing");
  }
  return SignedAction{Bytes(action.begin(), action.end()), Bytes(signature.begin(), signature.end())};
}

std::string SignedActionToJson(const SignedAction& signed_action) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::SignedAction>();
  root.setAction(capnp::Data::Reader(signed_action.action.data(), signed_action.action.size()));
  root.setSignature(
      capnp::Data::Reader(signed_action.signature.data(), signed_action.signature.size()));
  return Codec().encode(root.asReader()).cStr();
}

}  // namespace gongkai
