// Inclusion and consistency proofs in their JSON form (check-proof's
// input). An accepted proof re-encodes to JSON that decodes to the same
// proof, and checking it against any root refuses or accepts, never more.
#include "ledger/json.h"
#include "ledger/merkle.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = fuzz::TextOf(data, size);
  const Digest root{};
  if (auto inclusion = InclusionProofFromJson(text)) {
    auto again = InclusionProofFromJson(InclusionProofToJson(*inclusion));
    FUZZ_REQUIRE(again && again->proof == inclusion->proof && again->index == inclusion->index &&
                 again->size == inclusion->size && again->leaf_hash == inclusion->leaf_hash);
    (void)VerifyMerkleInclusion(HashAlgorithm::kSha256, inclusion->leaf_hash, inclusion->index, inclusion->size,
                                inclusion->proof, root);
  }
  if (auto consistency = ConsistencyProofFromJson(text)) {
    auto again = ConsistencyProofFromJson(ConsistencyProofToJson(*consistency));
    FUZZ_REQUIRE(again && again->proof == consistency->proof && again->old_size == consistency->old_size &&
                 again->new_size == consistency->new_size);
    (void)VerifyMerkleConsistency(HashAlgorithm::kSha256, consistency->old_size, consistency->new_size,
                                  consistency->proof, root, root);
  }
  return 0;
}
