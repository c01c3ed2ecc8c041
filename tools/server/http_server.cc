#include "tools/server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <kj/async-unix.h>
#include <kj/compat/tls.h>

#include <csignal>
#include <cstdio>
#include <unordered_map>

#include "ledger/base/file.h"

namespace gongkai::server {
namespace {

// The address a connection comes from, without its port ("unknown" when
// the stream cannot tell).
std::string PeerAddress(kj::AsyncIoStream& stream) {
  sockaddr_storage address{};
  kj::uint length = sizeof address;
  std::string peer = "unknown";
  kj::runCatchingExceptions([&] {
    stream.getpeername(reinterpret_cast<sockaddr*>(&address), &length);
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address)->sin_addr, text, sizeof text);
    } else if (address.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr, text, sizeof text);
    }
    if (text[0] != '\0') peer = text;
  });
  return peer;
}

Result<kj::Own<kj::TlsContext>> TlsServerContext(const TlsFiles& files) {
  auto chain = ReadWholeFile(files.certificate_chain);
  GK_RETURN_IF_ERROR(chain);
  auto key = ReadWholeFile(files.private_key);
  GK_RETURN_IF_ERROR(key);
  kj::Own<kj::TlsContext> context;
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&] {
    kj::TlsKeypair keypair{kj::TlsPrivateKey(kj::StringPtr(key->c_str())),
                           kj::TlsCertificate(kj::StringPtr(chain->c_str()))};
    kj::TlsContext::Options options;
    options.useSystemTrustStore = false;
    options.defaultKeypair = keypair;
    context = kj::heap<kj::TlsContext>(kj::mv(options));
  });
  KJ_IF_MAYBE(e, failure) {
    return Fail(ErrorCode::kInvalidArgument, "--tls-cert/--tls-key: {}", e->getDescription().cStr());
  }
  return context;
}

// Accepts connections one after another and serves each as its own task.
class Acceptor final : private kj::TaskSet::ErrorHandler {
 public:
  Acceptor(kj::HttpServer& http, ConnectionGate& gate, kj::TlsContext* tls, kj::Timer& timer)
      : http_(http), gate_(gate), tls_(tls), timer_(timer), tasks_(*this) {}

  // Accepts on `listener`: HTTP, or `other`'s protocol when given.
  kj::Promise<void> Run(kj::ConnectionReceiver& listener, const OtherListener* other = nullptr) {
    return listener.accept().then([this, &listener, other](kj::Own<kj::AsyncIoStream> stream) {
      tasks_.add(Serve(kj::mv(stream), other));
      return Run(listener, other);
    });
  }

  // The peer of a stream the server is about to serve (HttpServer's
  // service factory asks for it once per connection).
  std::string TakePeer(kj::AsyncIoStream& stream) {
    auto found = peers_.find(&stream);
    if (found == peers_.end()) return "unknown";
    std::string peer = std::move(found->second);
    peers_.erase(found);
    return peer;
  }

 private:
  kj::Promise<void> Serve(kj::Own<kj::AsyncIoStream> stream, const OtherListener* other) {
    if (!gate_.Admit()) {
      auto answer = kj::heap<std::string>(gate_.BusyAnswer());
      auto write = stream->write(answer->data(), answer->size());
      return write.then([&stream = *stream]() { stream.shutdownWrite(); }).attach(kj::mv(stream), kj::mv(answer));
    }
    std::string peer = PeerAddress(*stream);
    auto leave = kj::defer([this]() { gate_.Leave(); });
    // A TLS handshake has as long as HTTP gives a request's headers.
    kj::Promise<kj::Own<kj::AsyncIoStream>> ready =
        tls_ ? timer_.timeoutAfter(kj::HttpServerSettings().headerTimeout, tls_->wrapServer(kj::mv(stream)))
             : kj::Promise<kj::Own<kj::AsyncIoStream>>(kj::mv(stream));
    return ready
        .then([this, other, peer = kj::mv(peer)](kj::Own<kj::AsyncIoStream> connection) mutable {
          if (other) return other->serve(kj::mv(connection));
          peers_.emplace(connection.get(), kj::mv(peer));
          return http_.listenHttp(kj::mv(connection));
        })
        .attach(kj::mv(leave));
  }

  // A connection that fails (a reset, a TLS handshake that does not
  // complete) ends that connection only.
  void taskFailed(kj::Exception&& exception) override {
    spdlog::debug("a connection ended: {}", exception.getDescription().cStr());
  }

  kj::HttpServer& http_;
  ConnectionGate& gate_;
  kj::TlsContext* tls_;
  kj::Timer& timer_;
  std::unordered_map<const kj::AsyncIoStream*, std::string> peers_;
  kj::TaskSet tasks_;
};

}  // namespace

void CaptureStopSignals() {
  kj::UnixEventPort::captureSignal(SIGTERM);
  kj::UnixEventPort::captureSignal(SIGINT);
}

Status ServeHttp(kj::HttpService& service, const HeaderTable& headers, ConnectionGate& gate,
                 const Listening& listening, const std::function<std::string(const std::vector<unsigned>& ports)>& banner,
                 const std::function<kj::Promise<void>(kj::AsyncIoProvider&)>& background) {
  kj::Own<kj::TlsContext> tls;
  if (listening.tls) {
    auto context = TlsServerContext(*listening.tls);
    GK_RETURN_IF_ERROR(context);
    tls = kj::mv(*context);
  }
  Status status;
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&] {
    auto io = kj::setupAsyncIo();
    kj::Maybe<Acceptor&> acceptor;
    RequestErrorHandler errors(headers);
    kj::HttpServer http(
        io.provider->getTimer(), *headers.table,
        [&](kj::AsyncIoStream& stream) {
          std::string peer = "unknown";
          KJ_IF_MAYBE(a, acceptor) { peer = a->TakePeer(stream); }
          return gate.ServiceFor(service, kj::mv(peer));
        },
        ServerSettings(errors));
    Acceptor accepting(http, gate, tls.get(), io.provider->getTimer());
    acceptor = accepting;
    auto address = io.provider->getNetwork().parseAddress(listening.address).wait(io.waitScope);
    auto listener = address->listen();
    std::vector<unsigned> ports{listener->getPort()};
    kj::Vector<kj::Own<kj::ConnectionReceiver>> other_listeners;
    kj::Vector<kj::Promise<void>> other_loops;
    for (const OtherListener& other : listening.others) {
      auto other_address = io.provider->getNetwork().parseAddress(other.address).wait(io.waitScope);
      other_listeners.add(other_address->listen());
      ports.push_back(other_listeners.back()->getPort());
      other_loops.add(accepting.Run(*other_listeners.back(), &other));
    }
    fmt::print("{}\n", banner(ports));
    std::fflush(stdout);
    auto work = background(*io.provider).eagerlyEvaluate(nullptr);
    auto others = kj::joinPromises(other_loops.releaseAsArray()).eagerlyEvaluate(nullptr);
    auto stop = io.unixEventPort.onSignal(SIGTERM)
                    .exclusiveJoin(io.unixEventPort.onSignal(SIGINT))
                    .then([](siginfo_t info) { return info.si_signo; });
    int signal = accepting.Run(*listener).then([]() { return 0; }).exclusiveJoin(kj::mv(stop)).wait(io.waitScope);
    // Stop taking connections; let the requests in flight finish.
    others = nullptr;
    other_listeners.clear();
    listener = nullptr;
    http.drain().wait(io.waitScope);
    spdlog::info("stopping on signal {}", signal);
  });
  KJ_IF_MAYBE(e, failure) {
    status = Fail(ErrorCode::kIo, "serve: {}", e->getDescription().cStr());
  }
  return status;
}

}  // namespace gongkai::server
