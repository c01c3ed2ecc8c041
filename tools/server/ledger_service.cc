#include "tools/server/ledger_service.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <capnp/message.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "ledger/base/time.h"
#include "ledger/checkpoint_store.h"
#include "ledger/json.h"
#include "ledger/json_codec.h"
#include "ledger/merkle_store.h"
#include "ledger/tiles.h"
#include "tools/query/entries.h"
#include "tools/server/request_signature.h"

#include <kj/compat/url.h>

namespace gongkai::server {

namespace {

// The path of an origin "host/path" ("/path"), or "" for a bare host.
std::string PrefixOf(std::string_view origin) {
  auto slash = origin.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(origin.substr(slash));
}

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

}  // namespace

LedgerService::LedgerService(Ledger& ledger, const HeaderTable& headers, const CheckpointPublisher& checkpoints,
                             const ConnectionGate& gate, AppendDesk& appends, ReadDesk& reads)
    : ledger_(ledger), headers_(headers), checkpoints_(checkpoints), gate_(gate), appends_(appends), reads_(reads),
      prefix_(PrefixOf(ledger.origin())) {}

kj::Promise<void> LedgerService::Send(Response& response, unsigned status, std::string_view type, std::string body,
                                      std::string_view cache_control) {
  ++answers_by_status_[status];
  return SendBody(response, headers_, status, type, std::move(body), cache_control);
}

kj::Promise<void> LedgerService::SendError(Response& response, const Error& error) {
  unsigned status = HttpStatusOf(error.code);
  return Send(response, status, "text/plain; charset=utf-8",
              fmt::format("{}: {}\n", ErrorCodeName(error.code), error.ToString()));
}

std::string LedgerService::Metrics() const {
  Head head = ledger_.head();
  const auto& sizes = checkpoints_.checkpoint_sizes();
  uint64_t checkpointed = sizes.empty() ? 0 : sizes.back();
  std::string out = fmt::format(
      "# HELP gongkai_head_entries Entries in the ledger.\n# TYPE gongkai_head_entries gauge\n"
      "gongkai_head_entries {}\n"
      "# HELP gongkai_checkpoint_entries Entries under the latest signed checkpoint.\n"
      "# TYPE gongkai_checkpoint_entries gauge\ngongkai_checkpoint_entries {}\n"
      "# HELP gongkai_http_answers_total Answers by HTTP status.\n# TYPE gongkai_http_answers_total counter\n",
      head.size, checkpointed);
  for (const auto& [status, count] : answers_by_status_) {
    out += fmt::format("gongkai_http_answers_total{{status=\"{}\"}} {}\n", status, count);
  }
  return out + appends_.Metrics() + reads_.Metrics() + checkpoints_.Metrics() + gate_.Metrics();
}

kj::Promise<void> LedgerService::request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders& headers,
                                         kj::AsyncInputStream& body, Response& response) {
  const std::string_view target(url.cStr(), url.size());
  std::string_view path = target;
  if (auto query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  if (path == "/healthz" && method == kj::HttpMethod::GET) {
    Head head = ledger_.head();
    return Send(response, 200, "text/plain; charset=utf-8",
                fmt::format("ok {} {}\n", head.size, ToHex(head.last_hash)));
  }
  if (path == "/metrics" && method == kj::HttpMethod::GET) {
    return Send(response, 200, "text/plain; version=0.0.4; charset=utf-8", Metrics());
  }
  if (!path.starts_with(prefix_) || (path.size() > prefix_.size() && path[prefix_.size()] != '/')) {
    return SendError(response, Error{ErrorCode::kNotFound, fmt::format("no resource {}", path), {}});
  }
  path.remove_prefix(prefix_.size());
  if (path == "/add") {
    if (method != kj::HttpMethod::POST) {
      return Send(response, 405, "text/plain; charset=utf-8", "add takes POST\n");
    }
    return Add(body, response);
  }
  if (method != kj::HttpMethod::GET) {
    return Send(response, 405, "text/plain; charset=utf-8", "only GET\n");
  }
  if (path.starts_with("/query/")) return Query(path.substr(7), target, headers, response);
  return Get(path, target, headers, response);
}

RequestSignature LedgerService::SignatureOf(const kj::HttpHeaders& headers) const {
  auto header = [&](kj::HttpHeaderId id) {
    KJ_IF_MAYBE(value, headers.get(id)) { return std::string(value->cStr(), value->size()); }
    return std::string();
  };
  return {header(headers_.signature_input), header(headers_.signature)};
}

namespace {

// On the read worker: the reader who signed the GET of `target`, with a
// valid key. A refusal comes with its status already recorded in the
// access log when the signature named a registered key.
Result<Reader> AuthenticatedReader(ReadDesk& desk, std::string_view target, const RequestSignature& signature,
                                   UnixMicros now) {
  auto registry = desk.Registry();
  GK_RETURN_IF_ERROR(registry);
  auto query = target.find('?');
  std::string_view path = target.substr(0, query);
  std::string_view query_string = query == std::string_view::npos ? std::string_view() : target.substr(query + 1);
  auto key_id = VerifyRequest(signature, "GET", path, query_string, **registry, now);
  GK_RETURN_IF_ERROR(key_id);
  return desk.ReaderOf(**registry, *key_id, fmt::format("GET {}", target), now);
}

}  // namespace

kj::Promise<void> LedgerService::AnswerRead(Result<std::string> body, std::string_view content_type,
                                            std::string_view cache_control, Response& response) {
  if (!body) return SendError(response, body.error());
  return Send(response, 200, content_type, std::move(*body), cache_control);
}

kj::Promise<void> LedgerService::Query(std::string_view command, std::string_view target,
                                       const kj::HttpHeaders& headers, Response& response) {
  auto answer = reads_.Run([command = std::string(command), target = std::string(target),
                            signature = SignatureOf(headers)](ReadDesk& desk) -> QueryAnswer {
    const UnixMicros now = desk.Now();
    auto reader = AuthenticatedReader(desk, target, signature, now);
    if (!reader) return QueryAnswer{{}, std::unexpected(reader.error())};
    const std::string request = fmt::format("GET {}", target);
    QueryParams params;
    KJ_IF_MAYBE(url, kj::Url::tryParse(kj::heapString(target.data(), target.size()), kj::Url::HTTP_REQUEST)) {
      for (const auto& param : url->query) {
        params.emplace_back(std::string(param.name.cStr()), std::string(param.value.cStr()));
      }
    } else {
      return QueryAnswer{{}, desk.Recorded(*reader, request, "",
                                           Fail(ErrorCode::kInvalidArgument, "the request's URL does not parse"), now)};
    }
    return desk.Query(*reader, command, params, request, now);
  });
  return answer.then([this, &response](QueryAnswer answer) {
    return AnswerRead(std::move(answer.body), answer.content_type, "no-store", response);
  });
}

kj::Promise<void> LedgerService::EntryBundle(const tiles::TilePath& tile, std::string_view target,
                                             const kj::HttpHeaders& headers, Response& response) {
  auto bundle = reads_.Run([tile, target = std::string(target), signature = SignatureOf(headers)](ReadDesk& desk) {
    const UnixMicros now = desk.Now();
    auto reader = AuthenticatedReader(desk, target, signature, now);
    if (!reader) return Result<std::string>(std::unexpected(reader.error()));
    return desk.EntryBundle(*reader, tile, fmt::format("GET {}", target), now);
  });
  // Immutable for the tile, but private: a shared cache must not hand a
  // draft to a reader it did not authenticate.
  return bundle.then([this, &response](Result<std::string> body) {
    return AnswerRead(std::move(body), "application/octet-stream", "private, max-age=31536000, immutable", response);
  });
}

kj::Promise<void> LedgerService::Get(std::string_view path, std::string_view target, const kj::HttpHeaders& headers,
                                     Response& response) {
  const Store& store = ledger_.store();
  const std::vector<uint64_t>& sizes = checkpoints_.checkpoint_sizes();
  if (path == "/checkpoint") {
    const std::optional<SignedNote>& published = checkpoints_.published();
    if (!published) {
      return SendError(response, Error{ErrorCode::kNotFound,
                                       sizes.empty() ? "no checkpoint signed yet"
                                                     : "no checkpoint has met the witness policy's quorum yet",
                                       {}});
    }
    // Mutable: a few seconds at most in caches (tlog-tiles).
    return Send(response, 200, "text/plain; charset=utf-8", published->ToString(), "max-age=2");
  }
  if (!path.starts_with("/")) return SendError(response, Error{ErrorCode::kNotFound, "no such resource", {}});
  auto tile = tiles::ParseTilePath(path.substr(1));
  if (!tile) return SendError(response, tile.error());
  // Full tiles (and bundles) of the latest checkpointed tree; partial ones
  // of exactly the width some checkpointed size gives them.
  bool served = !sizes.empty() && (tile->partial() ? std::ranges::any_of(sizes, [&](uint64_t size) {
    return tiles::TreeHasTile(size, *tile);
  }) : tiles::TreeHasTile(sizes.back(), *tile));
  if (!served) {
    return SendError(response, Error{ErrorCode::kNotFound,
                                     fmt::format("no checkpointed tree has {}", tiles::FormatTilePath(*tile)), {}});
  }
  if (tile->entries) return EntryBundle(*tile, target, headers, response);
  const std::string key(path);
  if (const std::string* cached = full_tiles_.Find(key)) {
    return Send(response, 200, "application/octet-stream", *cached, kImmutable);
  }
  auto bytes = ComputeFromStoredNodes(store, ledger_.hash_algorithm(),
                                      [&](const NodeSource& nodes) { return tiles::HashTile(nodes, *tile); });
  if (!bytes) return SendError(response, bytes.error());
  std::string body(bytes->begin(), bytes->end());
  if (!tile->partial()) full_tiles_.Add(key, body);
  return Send(response, 200, "application/octet-stream", std::move(body), kImmutable);
}

kj::Promise<void> LedgerService::Add(kj::AsyncInputStream& body, Response& response) {
  const Error too_large{ErrorCode::kTooLarge, fmt::format("a request is at most {} bytes", kMaxRequestBytes), {}};
  KJ_IF_MAYBE(length, body.tryGetLength()) {
    if (*length > kMaxRequestBytes) return SendError(response, too_large);
  }
  // A body without a length that runs over the limit makes readAllText
  // throw: answered as too large too.
  auto text = body.readAllText(kMaxRequestBytes).then(
      [](kj::String text) -> kj::Maybe<kj::String> { return kj::mv(text); },
      [](kj::Exception&&) -> kj::Maybe<kj::String> { return nullptr; });
  return text.then([this, &response, too_large](kj::Maybe<kj::String> read) -> kj::Promise<void> {
    KJ_IF_MAYBE(body_text, read) {
      return Accept(*body_text, response);
    }
    return SendError(response, too_large);
  });
}

kj::Promise<void> LedgerService::Accept(const kj::String& text, Response& response) {
  auto signed_action = SignedActionFromJson(std::string_view(text.cStr(), text.size()));
  if (!signed_action) return SendError(response, signed_action.error());
  return appends_.Append(std::move(*signed_action)).then([this, &response](Result<AppendReceipt> receipt) {
    if (!receipt) return SendError(response, receipt.error());
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<schema::Receipt>();
    query::ToSchema(*receipt, root);
    return Send(response, 200, "application/json", EncodeJson(root.asReader()) + "\n");
  });
}

}  // namespace gongkai::server
