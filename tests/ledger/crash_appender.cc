// Appends notes from several threads until killed, printing "ready\n" once
// the ledger is open, then one line "SEQ ENTRY-HASH\n" per acknowledged append (a single write(2), so a kill
// never leaves half a line). Used by crash_test.
//
// usage: crash_appender LEDGER-DIR RUN-ID THREADS
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "ledger/ledger.h"
#include "tests/support/test_ledger.h"

int main(int argc, char** argv) {
  using namespace gongkai;
  if (argc != 4) {
    std::fprintf(stderr, "usage: crash_appender LEDGER-DIR RUN-ID THREADS\n");
    return 2;
  }
  std::string run = argv[2];
  int threads = std::stoi(argv[3]);
  auto ledger = Ledger::Open(argv[1]);
  if (!ledger) {
    std::fprintf(stderr, "crash_appender: %s\n", ledger.error().ToString().c_str());
    return 1;
  }
  // Tell the test the ledger is open, so that some kills land mid-append
  // rather than during start-up (which takes much longer under sanitizers).
  if (::write(1, "ready\n", 6) != 6) return 1;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      PrivateKey key = gongkai::testing::SeededKey(static_cast<uint8_t>(10 + t));
      for (uint64_t i = 0;; ++i) {
        auto action = gongkai::testing::Note(key, {fmt::format("{}-{}-{}", run, t, i), fmt::format("stream-{}", t)});
        auto receipt = (*ledger)->Append(action);
        if (!receipt) {
          std::fprintf(stderr, "crash_appender: %s\n", receipt.error().ToString().c_str());
          std::_Exit(1);
        }
        std::string line = fmt::format("{} {}\n", receipt->seq, ToHex(receipt->entry_hash));
        if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(1);
      }
    });
  }
  for (auto& worker : workers) worker.join();
}
