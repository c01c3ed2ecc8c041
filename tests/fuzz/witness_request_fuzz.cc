// A witness's add-checkpoint request (c2sp.org/tlog-witness), through the
// witness's whole answer: the request body, the log's signature, the
// consistency with the checkpoint it accepted last, the cosignature and the
// durable record. An accepted body formats back to itself. Every input
// starts from the same state: a tree of 3 leaves (leaf i the leaf hash of
// the single byte i), as tests/fuzz/make_seeds.cc builds it.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/witness.h"
#include "tests/fuzz/fixed_keys.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

namespace {

std::string AcceptedNote() {
  MerkleFrontier tree(HashAlgorithm::kSha256);
  for (uint8_t i = 0; i < 3; ++i) tree.Append(MerkleLeafHash(HashAlgorithm::kSha256, ByteView(&i, 1)));
  Checkpoint accepted{.origin = std::string(fuzz::kOrigin), .size = 3, .root = tree.Root()};
  return SignCheckpoint(accepted, fuzz::LogPrivateKey(), nullptr).ToString();
}

struct Witness {
  // On tmpfs where there is one: the state is rewritten for every input.
  std::string dir = (std::filesystem::exists("/dev/shm") ? std::string("/dev/shm") : std::filesystem::temp_directory_path().string()) +
                    "/gongkai-fuzz-witness-" + std::to_string(getpid());
  std::string accepted = AcceptedNote();
  WitnessState state = *WitnessState::Open(dir);
  ~Witness() { std::filesystem::remove_all(dir); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Witness witness;
  auto text = fuzz::TextOf(data, size);
  auto request = ParseAddCheckpoint(text);
  if (!request) return 0;
  FUZZ_REQUIRE(FormatAddCheckpoint(*request) == text);
  std::ofstream(witness.dir + "/checkpoint", std::ios::trunc) << witness.accepted;
  auto answer = witness.state.AddCheckpoint(*request, fuzz::kOrigin, fuzz::LogPrivateKey().public_key(),
                                            fuzz::kWitnessName, fuzz::WitnessPrivateKey(), 1);
  FUZZ_REQUIRE(answer.status == 200 || answer.status == 400 || answer.status == 403 || answer.status == 404 ||
               answer.status == 409 || answer.status == 422);
  return 0;
}
