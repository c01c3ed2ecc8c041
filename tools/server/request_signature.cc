#include "tools/server/request_signature.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include "ledger/bytes.h"

namespace gongkai::server {
namespace {

constexpr std::string_view kComponents = R"(("@method" "@path" "@query"))";

// The signature base (RFC 9421 §2.5) over the components gongkai covers, in
// the order `components` lists them.
std::string SignatureBase(const std::vector<std::string>& components, std::string_view method, std::string_view path,
                          std::string_view query, std::string_view signature_params) {
  std::string base;
  for (const std::string& name : components) {
    std::string_view value = name == "@method" ? method : name == "@path" ? path : std::string_view();
    if (name == "@query") {
      base += fmt::format("\"@query\": ?{}\n", query);
    } else {
      base += fmt::format("\"{}\": {}\n", name, value);
    }
  }
  base += fmt::format("\"@signature-params\": {}", signature_params);
  return base;
}

Error Unauthenticated(std::string message) { return Error{ErrorCode::kUnauthenticated, std::move(message), {}}; }

// An RFC 8941 key: lcalpha or "*", then lcalpha, digits, "_", "-", ".", "*".
bool IsKey(std::string_view text) {
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || text[0] == '*')) return false;
  return std::ranges::all_of(text, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*';
  });
}

// Signature-Input's one member: "label=(components);params".
struct SignatureInput {
  std::string label;
  std::string params_text;  // the member value after "label=": the @signature-params
  std::vector<std::string> components;
  std::optional<int64_t> created, expires;
  std::string key_id, alg;
};

Result<SignatureInput> ParseSignatureInput(std::string_view header) {
  SignatureInput input;
  auto eq = header.find('=');
  if (eq == std::string_view::npos || !IsKey(header.substr(0, eq))) {
    return std::unexpected(Unauthenticated("Signature-Input: expected one member LABEL=(...)"));
  }
  input.label = std::string(header.substr(0, eq));
  std::string_view rest = header.substr(eq + 1);
  input.params_text = std::string(rest);
  if (rest.empty() || rest[0] != '(') return std::unexpected(Unauthenticated("Signature-Input: expected an inner list"));
  auto close = rest.find(')');
  if (close == std::string_view::npos) return std::unexpected(Unauthenticated("Signature-Input: unclosed inner list"));
  std::string_view list = rest.substr(1, close - 1);
  while (!list.empty()) {
    if (list[0] != '"') return std::unexpected(Unauthenticated("Signature-Input: components must be quoted strings"));
    auto end = list.find('"', 1);
    if (end == std::string_view::npos) return std::unexpected(Unauthenticated("Signature-Input: unclosed string"));
    input.components.emplace_back(list.substr(1, end - 1));
    list.remove_prefix(end + 1);
    if (!list.empty()) {
      if (list[0] != ' ') return std::unexpected(Unauthenticated("Signature-Input: components are separated by a space"));
      list.remove_prefix(1);
    }
  }
  std::string_view params = rest.substr(close + 1);
  while (!params.empty()) {
    if (params[0] != ';') return std::unexpected(Unauthenticated("Signature-Input: expected ';' before a parameter"));
    params.remove_prefix(1);
    auto name_end = params.find('=');
    if (name_end == std::string_view::npos) return std::unexpected(Unauthenticated("Signature-Input: parameter without a value"));
    std::string_view name = params.substr(0, name_end);
    params.remove_prefix(name_end + 1);
    if (!params.empty() && params[0] == '"') {
      auto end = params.find('"', 1);
      if (end == std::string_view::npos) return std::unexpected(Unauthenticated("Signature-Input: unclosed string"));
      std::string value(params.substr(1, end - 1));
      params.remove_prefix(end + 1);
      if (name == "keyid") input.key_id = value;
      if (name == "alg") input.alg = value;
      continue;
    }
    auto end = std::min(params.find(';'), params.size());
    int64_t number = 0;
    auto [ptr, ec] = std::from_chars(params.data(), params.data() + end, number);
    if (ec != std::errc() || ptr != params.data() + end) {
      return std::unexpected(Unauthenticated(fmt::format("Signature-Input: parameter {} is not an integer or string", name)));
    }
    if (name == "created") input.created = number;
    if (name == "expires") input.expires = number;
    params.remove_prefix(end);
  }
  return input;
}

}  // namespace

Result<RequestSignature> SignRequest(const PrivateKey& key, std::string_view method, std::string_view path,
                                     std::string_view query, UnixMicros now) {
  std::string params = fmt::format("{};created={};keyid=\"{}\";alg=\"{}\"", kComponents, now / 1'000'000,
                                   key.public_key().id(), SignatureAlgorithmName(key.public_key().algorithm()));
  std::string base = SignatureBase({"@method", "@path", "@query"}, method, path, query, params);
  auto signature = key.Sign("", AsBytes(base));
  GK_RETURN_IF_ERROR(signature);
  return RequestSignature{"gk=" + params, "gk=:" + ToBase64(*signature) + ":"};
}

Result<std::string> VerifyRequest(const RequestSignature& headers, std::string_view method, std::string_view path,
                                  std::string_view query, const KeyRegistry& registry, UnixMicros now) {
  if (headers.signature_input.empty() || headers.signature.empty()) {
    return std::unexpected(Unauthenticated(
        "this needs a signed request: Signature-Input and Signature headers (RFC 9421; docs/SERVER.md)"));
  }
  auto input = ParseSignatureInput(headers.signature_input);
  GK_RETURN_IF_ERROR(input);
  std::vector<std::string> covered = input->components;
  std::ranges::sort(covered);
  if (covered != std::vector<std::string>{"@method", "@path", "@query"}) {
    return std::unexpected(Unauthenticated("the signature must cover exactly \"@method\", \"@path\" and \"@query\""));
  }
  if (!input->alg.empty() && !ParseSignatureAlgorithm(input->alg)) {
    return std::unexpected(Unauthenticated(fmt::format("signature algorithm '{}': only ed25519 or sm2", input->alg)));
  }
  if (input->key_id.empty()) return std::unexpected(Unauthenticated("the signature names no keyid"));
  if (!input->created) return std::unexpected(Unauthenticated("the signature has no created time"));
  const int64_t now_seconds = now / 1'000'000;
  if (*input->created * 1'000'000 > now + kClockSkew) {
    return std::unexpected(Unauthenticated("the signature is created in the future (check the client's clock)"));
  }
  if (now - *input->created * 1'000'000 > kSignatureLifetime) {
    return std::unexpected(Unauthenticated(fmt::format("the signature has expired: created {} s ago, good for {} s",
                                                       now_seconds - *input->created, kSignatureLifetime / 1'000'000)));
  }
  if (input->expires && *input->expires <= now_seconds) {
    return std::unexpected(Unauthenticated("the signature has expired (its expires time has passed)"));
  }
  const std::string prefix = input->label + "=:";
  std::string_view value = headers.signature;
  if (!value.starts_with(prefix) || !value.ends_with(':') || value.size() < prefix.size() + 1) {
    return std::unexpected(Unauthenticated(fmt::format("Signature: expected {}:BASE64:", input->label + "=")));
  }
  auto signature = FromBase64(value.substr(prefix.size(), value.size() - prefix.size() - 1));
  if (!signature) return std::unexpected(Unauthenticated("Signature: not base64"));
  const KeyRecord* key = registry.FindKey(input->key_id);
  if (!key) return Fail(ErrorCode::kUnknownKey, "key {} is not registered in this ledger", input->key_id);
  if (!input->alg.empty() && input->alg != SignatureAlgorithmName(key->key.algorithm())) {
    return std::unexpected(Unauthenticated(fmt::format("the signature says alg \"{}\", but key {} is {}", input->alg,
                                                       input->key_id, SignatureAlgorithmName(key->key.algorithm()))));
  }
  std::string base = SignatureBase(input->components, method, path, query, input->params_text);
  if (!key->key.Verify("", AsBytes(base), *signature)) {
    return std::unexpected(Unauthenticated("the request's signature does not verify with key " + input->key_id));
  }
  return input->key_id;
}

}  // namespace gongkai::server
