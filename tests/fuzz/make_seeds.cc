// Writes the seeds that need the fixed keys of fixed_keys.h: checkpoints
// the log key signed, one a witness cosigned, add-checkpoint requests that
// extend the witness's accepted tree of 3 leaves (leaf i the leaf hash of
// the single byte i) with a valid consistency proof, and HTTP requests to
// the served ledger (served_ledger.h), one a signed append. The committed seeds
// in tests/fuzz/corpus/ were made with it:
//   make_seeds tests/fuzz/corpus
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/json.h"
#include "ledger/witness.h"
#include "tests/fuzz/fixed_keys.h"
#include "tests/fuzz/served_ledger.h"
#include "tests/support/test_ledger.h"

using namespace gongkai;

namespace {

// The hash of the complete subtree (level, index) of the tree whose leaf i
// is the leaf hash of the single byte i.
Digest ByteLeavesNode(int level, uint64_t index) {
  if (level == 0) {
    uint8_t byte = static_cast<uint8_t>(index);
    return MerkleLeafHash(HashAlgorithm::kSha256, ByteView(&byte, 1));
  }
  return MerkleNodeHash(HashAlgorithm::kSha256, ByteLeavesNode(level - 1, 2 * index),
                        ByteLeavesNode(level - 1, 2 * index + 1));
}

NodeSource ByteLeaves() {
  return NodeSource{HashAlgorithm::kSha256, [](int level, uint64_t index) -> Result<Digest> {
                      return ByteLeavesNode(level, index);
                    }};
}

SignedNote SignedCheckpoint(uint64_t size) {
  Checkpoint checkpoint{.origin = std::string(fuzz::kOrigin), .size = size, .root = *MerkleRoot(ByteLeaves(), size)};
  return SignCheckpoint(checkpoint, fuzz::LogPrivateKey(), nullptr);
}

void Write(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  std::filesystem::path corpus(argv[1]);
  SignedNote five = SignedCheckpoint(5);
  Write(corpus / "note", "signed-checkpoint", five.ToString());
  SignedNote cosigned = five;
  cosigned.signatures.push_back(CosignNote(five.body, fuzz::kWitnessName, fuzz::WitnessPrivateKey(), 1700000000));
  Write(corpus / "note", "cosigned-checkpoint", cosigned.ToString());

  AddCheckpointRequest extend{.old_size = 3, .proof = *MerkleConsistencyProof(ByteLeaves(), 3, 5), .checkpoint = five};
  Write(corpus / "witness_request", "extends-3-to-5", FormatAddCheckpoint(extend));
  AddCheckpointRequest same{.old_size = 3, .proof = {}, .checkpoint = SignedCheckpoint(3)};
  Write(corpus / "witness_request", "same-size", FormatAddCheckpoint(same));
  AddCheckpointRequest stale{.old_size = 0, .proof = {}, .checkpoint = five};
  Write(corpus / "witness_request", "stale-old-size", FormatAddCheckpoint(stale));

  // What a client sends the served ledger (served_ledger.h): a signed
  // append by its handler, and the reads anyone may make.
  std::string add = SignedActionToJson(
      gongkai::testing::Note(gongkai::testing::SeededKey(fuzz::kClerkKeySeed), {.event_id = "fuzz/note-1", .stream = "fuzz/notes"}));
  Write(corpus / "http_request", "post-add",
        fmt::format("POST /1/add HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n"
                    "Content-Length: {}\r\n\r\n{}",
                    add.size(), add));
  for (const char* path : {"/1/checkpoint", "/1/tile/0/000.p/3", "/1/tile/entries/000.p/3", "/healthz", "/metrics",
                           "/1/query/item?arg=2026-0001"}) {
    std::string name = std::string("get") + path;
    for (char& c : name) c = c == '/' || c == '?' || c == '=' ? '_' : c;
    Write(corpus / "http_request", name, fmt::format("GET {} HTTP/1.1\r\nHost: fuzz\r\n\r\n", path));
  }
  return 0;
}
