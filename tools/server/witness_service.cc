#include "tools/server/witness_service.h"

#include <fmt/core.h>


namespace gongkai::server {
namespace {

constexpr size_t kMaxRequestBytes = 64 * 1024;  // 63 proof lines and a checkpoint fit many times

}  // namespace

WitnessService::WitnessService(WitnessState& state, WitnessIdentity identity, const HeaderTable& headers,
                               std::function<uint64_t()> now)
    : state_(state), identity_(std::move(identity)), headers_(headers), now_(std::move(now)) {}

kj::Promise<void> WitnessService::Send(Response& response, const WitnessAnswer& answer) {
  return SendBody(response, headers_, answer.status, answer.content_type, answer.body, "no-store");
}

kj::Promise<void> WitnessService::request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders&,
                                          kj::AsyncInputStream& body, Response& response) {
  if (url != "/add-checkpoint") return Send(response, {404, "text/plain; charset=utf-8", "no such resource\n"});
  if (method != kj::HttpMethod::POST) {
    return Send(response, {405, "text/plain; charset=utf-8", "add-checkpoint takes POST\n"});
  }
  KJ_IF_MAYBE(length, body.tryGetLength()) {
    if (*length > kMaxRequestBytes) return Send(response, {413, "text/plain; charset=utf-8", "request too large\n"});
  }
  auto text = body.readAllText(kMaxRequestBytes)
                  .then([](kj::String text) -> kj::Maybe<kj::String> { return kj::mv(text); },
                        [](kj::Exception&&) -> kj::Maybe<kj::String> { return nullptr; });
  return text.then([this, &response](kj::Maybe<kj::String> read) -> kj::Promise<void> {
    KJ_IF_MAYBE(request_text, read) {
      auto request = ParseAddCheckpoint(std::string_view(request_text->cStr(), request_text->size()));
      if (!request) return Send(response, {400, "text/plain; charset=utf-8", request.error().message + "\n"});
      return Send(response, state_.AddCheckpoint(*request, identity_.origin, identity_.log_key, identity_.name,
                                                 *identity_.key, now_()));
    }
    return Send(response, {413, "text/plain; charset=utf-8", "request too large\n"});
  });
}

}  // namespace gongkai::server
