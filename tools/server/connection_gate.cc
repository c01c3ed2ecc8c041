#include "tools/server/connection_gate.h"

#include <fmt/core.h>

#include <algorithm>

namespace gongkai::server {

// The connection's service: each request is counted against its address's
// rate before `inner` sees it.
class ConnectionGate::Guarded final : public kj::HttpService {
 public:
  Guarded(ConnectionGate& gate, kj::HttpService& inner, std::string peer)
      : gate_(gate), inner_(inner), peer_(std::move(peer)) {}

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url, const kj::HttpHeaders& headers,
                            kj::AsyncInputStream& body, Response& response) override {
    if (gate_.Take(peer_)) return inner_.request(method, url, headers, body, response);
    ++gate_.rate_limited_;
    kj::HttpHeaders fields(*gate_.headers_.table);
    fields.set(kj::HttpHeaderId::CONTENT_TYPE, "text/plain; charset=utf-8");
    fields.set(gate_.headers_.retry_after, "1");
    fields.set(gate_.headers_.cache_control, "no-store");
    auto text = kj::heapString(fmt::format("rate_limited: at most {} requests a second from one address ({})\n",
                                           gate_.limits_.requests_per_second, peer_));
    auto stream = response.send(429, HttpStatusText(429), fields, text.size());
    auto write = stream->write(text.begin(), text.size());
    return write.attach(kj::mv(stream), kj::mv(text));
  }

 private:
  ConnectionGate& gate_;
  kj::HttpService& inner_;
  std::string peer_;
};

ConnectionGate::ConnectionGate(ConnectionLimits limits, const HeaderTable& headers)
    : limits_(limits), headers_(headers) {}

bool ConnectionGate::Admit() {
  if (open_ >= limits_.max_connections) {
    ++refused_;
    return false;
  }
  ++open_;
  return true;
}

void ConnectionGate::Leave() { --open_; }

std::string ConnectionGate::BusyAnswer() const {
  std::string text = fmt::format("busy: at most {} connections at once; retry shortly\n", limits_.max_connections);
  return fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
      "Connection: close\r\nContent-Length: {}\r\n\r\n{}",
      text.size(), text);
}

kj::Own<kj::HttpService> ConnectionGate::ServiceFor(kj::HttpService& inner, std::string peer) {
  return kj::heap<Guarded>(*this, inner, std::move(peer));
}

bool ConnectionGate::Take(const std::string& peer) {
  if (limits_.requests_per_second == 0) return true;
  const double rate = limits_.requests_per_second;
  const auto now = std::chrono::steady_clock::now();
  // Forget idle addresses now and then, so that the table stays small.
  if (buckets_.size() > 4 * limits_.max_connections) {
    std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.last > std::chrono::seconds(10); });
  }
  auto [bucket, added] = buckets_.try_emplace(peer, Bucket{rate, now});
  if (!added) {
    double elapsed = std::chrono::duration<double>(now - bucket->second.last).count();
    bucket->second.tokens = std::min(rate, bucket->second.tokens + elapsed * rate);
    bucket->second.last = now;
  }
  if (bucket->second.tokens < 1) return false;
  bucket->second.tokens -= 1;
  return true;
}

std::string ConnectionGate::Metrics() const {
  return fmt::format(
      "# HELP gongkai_connections_open Connections being served.\n# TYPE gongkai_connections_open gauge\n"
      "gongkai_connections_open {}\n"
      "# HELP gongkai_connections_refused_total Connections refused over the limit.\n"
      "# TYPE gongkai_connections_refused_total counter\ngongkai_connections_refused_total {}\n"
      "# HELP gongkai_requests_rate_limited_total Requests refused over their address's rate.\n"
      "# TYPE gongkai_requests_rate_limited_total counter\ngongkai_requests_rate_limited_total {}\n",
      open_, refused_, rate_limited_);
}

}  // namespace gongkai::server
