#include "tests/fuzz/served_ledger.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "ledger/data_dir.h"
#include "tests/fuzz/fixed_keys.h"
#include "tests/support/test_ledger.h"

namespace gongkai::fuzz {

std::string MakeServedLedger(const std::string& target) {
  std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
  std::string dir = base + "/gongkai-fuzz-" + target + "-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  PrivateKey admin = testing::SeededKey(5);
  auto ledger = InitDataDir(DataDir(dir),
                            GenesisSpec{std::string(testing::kOrigin), "admin", "管理员", std::string(testing::kTestAgency), "",
                                        testing::kStart},
                            admin, LogSigningKeys{KeyFromSeedByte(kLogKeySeed), std::nullopt});
  auto fail = [&dir](const Error& error) {
    std::fprintf(stderr, "cannot make the fuzz ledger in %s: %s\n", dir.c_str(), error.ToString().c_str());
    std::abort();
  };
  if (!ledger) fail(ledger.error());
  for (const SignedAction& action :
       {testing::RegisterAgency(admin), testing::RegisterPerson(admin, testing::SeededKey(kClerkKeySeed), "clerk",
                                                                {schema::Role::HANDLER}, 0)}) {
    if (auto receipt = (*ledger)->Append(action); !receipt) fail(receipt.error());
  }
  return dir;
}

}  // namespace gongkai::fuzz
