#include "ledger/json.h"

#include <capnp/message.h>

#include "ledger/action.h"
#include "ledger/capnp_text.h"
#include "ledger/json_codec.h"

namespace gongkai {

Result<Bytes> CanonicalActionFromJson(std::string_view json, const ActionDefaults& defaults) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Action>();
  if (auto s = DecodeJson(json, root); !s) {
    return Fail(s.error().code, "action JSON: {}", s.error().message);
  }
  auto fill = [&](std::string_view field, capnp::Text::Reader current,
                  const std::string& wanted, auto setter) -> Status {
    if (wanted.empty()) return {};
    if (current.size() == 0) {
      setter(wanted);
    } else if (TextView(current) != wanted) {
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
  GK_RETURN_IF_ERROR(action);
  return bytes;
}

std::string ActionToJson(schema::Action::Reader action, bool pretty) { return EncodeJson(action, pretty); }

Result<SignedAction> SignedActionFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::SignedAction>();
  if (auto s = DecodeJson(json, root); !s) {
    return Fail(s.error().code, "signed action JSON: {}", s.error().message);
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
  return EncodeJson(root.asReader());
}

namespace {

template <typename T>
Result<typename T::Reader> DecodeProof(std::string_view json, capnp::MallocMessageBuilder& message,
                                       std::string_view what) {
  auto root = message.initRoot<T>();
  if (auto s = DecodeJson(json, root); !s) return Fail(s.error().code, "{} JSON: {}", what, s.error().message);
  return root.asReader();
}

Result<Digest> DigestFromBase64(capnp::Text::Reader text, std::string_view what) {
  auto bytes = FromBase64(TextView(text));
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
    GK_RETURN_IF_ERROR(digest);
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
  return EncodeJson(root.asReader());
}

Result<InclusionProof> InclusionProofFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = DecodeProof<schema::InclusionProof>(json, message, "inclusion proof");
  GK_RETURN_IF_ERROR(root);
  InclusionProof proof{root->getOrigin(), root->getIndex(), root->getSize(), {}, {}};
  auto leaf = DigestFromBase64(root->getLeafHash(), "leafHash");
  GK_RETURN_IF_ERROR(leaf);
  proof.leaf_hash = *leaf;
  auto path = PathFromJson(root->getProof());
  GK_RETURN_IF_ERROR(path);
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
  return EncodeJson(root.asReader());
}

Result<ConsistencyProof> ConsistencyProofFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = DecodeProof<schema::ConsistencyProof>(json, message, "consistency proof");
  GK_RETURN_IF_ERROR(root);
  auto path = PathFromJson(root->getProof());
  GK_RETURN_IF_ERROR(path);
  return ConsistencyProof{root->getOrigin(), root->getOldSize(), root->getNewSize(), std::move(*path)};
}

}  // namespace gongkai
