// Signed notes (c2sp.org/signed-note), checkpoint bodies
// (c2sp.org/tlog-checkpoint) and cosignatures (c2sp.org/tlog-cosignature),
// as check-proof, verify --server and the witness read them. An accepted
// note prints back as the same text; an accepted body formats back to itself.
#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "tests/fuzz/fixed_keys.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::TextOf(data, size);
  auto note = ParseSignedNote(text);
  if (!note) return 0;
  FUZZ_REQUIRE(note->ToString() == text);
  if (auto body = ParseCheckpointBody(note->body)) FUZZ_REQUIRE(body->Body() == note->body);
  if (auto checkpoint = OpenCheckpoint(*note, fuzz::kOrigin, fuzz::FuzzLogKeys())) {
    FUZZ_REQUIRE(checkpoint->origin == fuzz::kOrigin);
    (void)UncheckedLogLines(*note, fuzz::kOrigin, fuzz::FuzzLogKeys());
  }
  const auto& witness = fuzz::WitnessPrivateKey().public_key();
  (void)VerifyCosignature(*note, fuzz::kWitnessName, witness);
  (void)CountCosignatures(*note, {WitnessKey{std::string(fuzz::kWitnessName), witness}});
  return 0;
}
