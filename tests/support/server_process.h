// A gongkai server for tests: `gongkai serve` (or `gongkai witness serve`)
// in a process of its own on a free loopback port, and a plain HTTP/1.1
// client that sends exactly the bytes it is given.
#pragma once

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "ledger/data_dir.h"
#include "ledger/ledger.h"
#include "tests/support/test_ledger.h"

namespace gongkai::testing {

struct HttpAnswer {
  int status = 0;
  std::string headers;
  std::string body;
};

// A data directory `gongkai serve` can own: genesis by the administrator
// (seed 1, log key seed 2), kTestAgency registered, and each person registered with a key and one
// role.
struct ServedPerson {
  std::string id;
  const PrivateKey& key;
  schema::Role role;
};
inline void InitServedDataDir(const std::string& data, const std::vector<ServedPerson>& people) {
  LedgerOptions options;
  auto ledger = InitDataDir(DataDir(data), GenesisSpec{std::string(kOrigin), "admin", "管理员", std::string(kTestAgency),
                                                       "", kStart},
                            SeededKey(1), LogSigningKeys{SeededKey(2), std::nullopt}, options);
  ASSERT_TRUE(ledger.has_value()) << ledger.error().ToString();
  auto agency = (*ledger)->Append(RegisterAgency(SeededKey(1)));
  ASSERT_TRUE(agency.has_value()) << agency.error().ToString();
  for (const ServedPerson& person : people) {
    auto registered = (*ledger)->Append(RegisterPerson(SeededKey(1), person.key, person.id, {person.role}));
    ASSERT_TRUE(registered.has_value()) << registered.error().ToString();
  }
}

// Sends `request` (the raw bytes of an HTTP/1.1 request) on a fresh
// loopback connection and reads one answer.
inline HttpAnswer Exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  HttpAnswer answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return answer;
  }
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = ::write(fd, request.data() + sent, request.size() - sent);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  // Read the head, then exactly Content-Length bytes (the server keeps the
  // connection open for a next request, as HTTP/1.1 allows).
  std::string reply;
  char buffer[65536];
  size_t end = std::string::npos, length = 0;
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    reply.append(buffer, static_cast<size_t>(n));
    if (end == std::string::npos && (end = reply.find("\r\n\r\n")) != std::string::npos) {
      auto at = reply.find("Content-Length: ");
      length = at < end ? std::stoul(reply.substr(at + 16)) : 0;
    }
    if (end != std::string::npos && reply.size() >= end + 4 + length) break;
  }
  ::close(fd);
  // A connection cut before the whole answer arrived is no answer.
  if (reply.size() < 12 || end == std::string::npos || reply.size() < end + 4 + length) return answer;
  answer.status = std::stoi(reply.substr(9, 3));
  answer.headers = reply.substr(0, end);
  answer.body = reply.substr(end + 4, length);
  return answer;
}

// One HTTP/1.1 request on a fresh loopback connection.
inline HttpAnswer Http(int port, const std::string& method, const std::string& path, const std::string& body = "",
                       const std::string& extra_headers = "") {
  return Exchange(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                            extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

// `gongkai serve` (or, given its arguments, `gongkai witness serve`) on a
// free loopback port, stopped with SIGTERM.
class Server {
 public:
  explicit Server(const std::string& data_dir)
      : Server(std::vector<std::string>{"--data", data_dir, "serve", "--listen", "127.0.0.1:0", "--checkpoint-seconds",
                                        "1"}) {}
  explicit Server(std::vector<std::string> arguments) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      // Dies with the test: a crashed test must not leave a server holding
      // the test's output open (ctest would wait for it forever).
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      std::vector<char*> argv{const_cast<char*>(GONGKAI_BINARY)};
      for (std::string& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(GONGKAI_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    FILE* first = ::fdopen(out[0], "r");
    char line[512] = {};
    if (std::fgets(line, sizeof line, first)) {
      std::string text = line;
      banner_ = text;
      auto colon = text.find("127.0.0.1:");
      if (colon != std::string::npos) port_ = std::stoi(text.substr(colon + 10));
    }
    std::fclose(first);
  }
  ~Server() {
    if (pid_ > 0 && !stopped_) Stop();
  }
  int port() const { return port_; }
  // The first line it printed.
  const std::string& banner() const { return banner_; }
  // SIGKILL: the process dies wherever it is.
  void Kill() {
    stopped_ = true;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // SIGTERM; the exit status.
  int Stop() {
    stopped_ = true;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string banner_;
  bool stopped_ = false;
};

}  // namespace gongkai::testing
