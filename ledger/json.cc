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

namespace {

template <typename T>
Result<typename T::Reader> DecodeJson(std::string_view json, capnp::MallocMessageBuilder& message,
                                      std::string_view what) {
  auto root = message.initRoot<T>();
  kj::Maybe<kj::Exception> exception = kj::runCatchingExceptions([&] {
    Codec().decode(kj::ArrayPtr<const char>(json.data(), json.size()), root);
  });
  KJ_IF_MAYBE(e, exception) {
    return Fail(ErrorCode::kMalformed, "{} JSON: {}", what, e->getDescription().cStr());
  }
  return root.asReader();
}

Result<Digest> DigestFromBase64(capnp::Text::Reader text, std::string_view what) {
  auto bytes = FromBase64(std::string_view(text.cStr(), text.size()));
  if (!bytes || bytes->size() != sizeof(Digest)) {
    return Fail(ErrorCode::kMalformed, "{} must be a 32-byte hash in base64", what);
  }
  Digest digest;
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

Result<std::vector<Digest>> PathFromJson(capnp::List<capnp::Text>::Reader list) {
  std::vector<Digest> path;
  for (auto text : list) {
    auto digest = DigestFromBase64(text, "each proof element");
    if (!digest) return std::unexpected(digest.error());
    path.push_back(*digest);
  }
  return path;
}

void PathToJson(const std::vector<Digest>& path, capnp::List<capnp::Text>::Builder list) {
  for (unsigned i = 0; i < path.size(); ++i) list.set(i, ToBase64(path[i]));
}

}  // namespace

std::string InclusionProofToJson(const InclusionProof& proof) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::InclusionProof>();
  root.setOrigin(proof.origin);
  root.setIndex(proof.index);
  root.setSize(proof.size);
  root.setLeafHash(ToBase64(proof.leaf_hash));
  PathToJson(proof.proof, root.initProof(static_cast<unsigned>(proof.proof.size())));
  return Codec().encode(root.asReader()).cStr();
}

Result<InclusionProof> InclusionProofFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = DecodeJson<schema::InclusionProof>(json, message, "inclusion proof");
  if (!root) return std::unexpected(root.error());
  InclusionProof proof{root->getOrigin(), root->getIndex(), root->getSize(), {}, {}};
  auto leaf = DigestFromBase64(root->getLeafHash(), "leafHash");
  if (!leaf) return std::unexpected(leaf.error());
  proof.leaf_hash = *leaf;
  auto path = PathFromJson(root->getProof());
  if (!path) return std::unexpected(path.error());
  proof.proof = std::move(*path);
  return proof;
}

std::string ConsistencyProofToJson(const ConsistencyProof& proof) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::ConsistencyProof>();
  root.setOrigin(proof.origin);
  root.setOldSize(proof.old_size);
  root.setNewSize(proof.new_size);
  PathToJson(proof.proof, root.initProof(static_cast<unsigned>(proof.proof.size())));
  return Codec().encode(root.asReader()).cStr();
}

Result<ConsistencyProof> ConsistencyProofFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = DecodeJson<schema::ConsistencyProof>(json, message, "consistency proof");
  if (!root) return std::unexpected(root.error());
  auto path = PathFromJson(root->getProof());
  if (!path) return std::unexpected(path.error());
  return ConsistencyProof{root->getOrigin(), root->getOldSize(), root->getNewSize(), std::move(*path)};
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<uint8_t>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
  }
  return out + "\"";
}

}  // namespace gongkai
