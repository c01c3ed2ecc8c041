// The Merkle tree against the RFC 6962 published test vectors and against
// a naive recomputation on random trees of up to 10,000 leaves.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "ledger/merkle.h"

namespace gongkai {
namespace {

Digest D(std::string_view hex) {
  auto bytes = *FromHex(hex);
  Digest d;
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// An in-memory tree: leaves appended through MerkleFrontier, every
// completed node kept, as the ledger keeps them.
class MemoryTree {
 public:
  explicit MemoryTree(HashAlgorithm hash = HashAlgorithm::kSha256) : frontier_(hash) {}
  void Append(const Digest& leaf) {
    for (const MerkleNode& node : frontier_.Append(leaf)) nodes_[{node.level, node.index}] = node.hash;
    leaves_.push_back(leaf);
  }
  NodeSource Source() const {
    return NodeSource{frontier_.hash(), [this](int level, uint64_t index) -> Result<Digest> {
                        auto it = nodes_.find({level, index});
                        if (it == nodes_.end()) return Fail(ErrorCode::kNotFound, "no node {}/{}", level, index);
                        return it->second;
                      }};
  }
  const MerkleFrontier& frontier() const { return frontier_; }
  const std::vector<Digest>& leaves() const { return leaves_; }

 private:
  MerkleFrontier frontier_;
  std::map<std::pair<int, uint64_t>, Digest> nodes_;
  std::vector<Digest> leaves_;
};

// RFC 9162's MTH, written from the definition without any shortcut.
Digest NaiveRoot(std::span<const Digest> leaves, HashAlgorithm hash = HashAlgorithm::kSha256) {
  if (leaves.empty()) return MerkleEmptyRoot(hash);
  if (leaves.size() == 1) return leaves[0];
  size_t k = 1;
  while (k * 2 < leaves.size()) k *= 2;
  return MerkleNodeHash(hash, NaiveRoot(leaves.first(k), hash), NaiveRoot(leaves.subspan(k), hash));
}

// The published RFC 6962 test data (as in the Certificate Transparency and
// transparency-dev reference implementations).
const std::vector<std::string> kLeafInputs = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                              "606162636465666768696a6b6c6d6e6f"};
const std::vector<std::string> kRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

struct ProofVector {
  uint64_t a, b;  // inclusion: leaf index, size; consistency: old, new size
  std::vector<std::string> proof;
};
const std::vector<ProofVector> kInclusion = {
    {0, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5, 8, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1, 5, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {0, 1, {}},
};
const std::vector<ProofVector> kConsistency = {
    {1, 1, {}},
    {1, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6, 8, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 5, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6, 7, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

std::vector<Digest> Ds(const std::vector<std::string>& hex) {
  std::vector<Digest> out;
  for (const auto& h : hex) out.push_back(D(h));
  return out;
}

class MerkleVectors : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& input : kLeafInputs) tree_.Append(MerkleLeafHash(HashAlgorithm::kSha256, *FromHex(input)));
  }
  MemoryTree tree_;
};

TEST_F(MerkleVectors, RootsForSizesZeroToEight) {
  for (uint64_t size = 0; size <= 8; ++size) {
    EXPECT_EQ(ToHex(*MerkleRoot(tree_.Source(), size)), kRoots[size]) << "size " << size;
  }
  EXPECT_EQ(ToHex(tree_.frontier().Root()), kRoots[8]);
}

TEST_F(MerkleVectors, InclusionProofs) {
  for (const auto& v : kInclusion) {
    auto proof = MerkleInclusionProof(tree_.Source(), v.a, v.b);
    ASSERT_TRUE(proof.has_value());
    EXPECT_EQ(*proof, Ds(v.proof)) << v.a << "/" << v.b;
    EXPECT_TRUE(VerifyMerkleInclusion(HashAlgorithm::kSha256, tree_.leaves()[v.a], v.a, v.b, *proof, D(kRoots[v.b])).has_value());
  }
}

TEST_F(MerkleVectors, ConsistencyProofs) {
  for (const auto& v : kConsistency) {
    auto proof = MerkleConsistencyProof(tree_.Source(), v.a, v.b);
    ASSERT_TRUE(proof.has_value());
    EXPECT_EQ(*proof, Ds(v.proof)) << v.a << "->" << v.b;
    EXPECT_TRUE(VerifyMerkleConsistency(HashAlgorithm::kSha256, v.a, v.b, *proof, D(kRoots[v.a]), D(kRoots[v.b])).has_value());
  }
}

TEST_F(MerkleVectors, CorruptedProofsAreRefused) {
  auto proof = *MerkleInclusionProof(tree_.Source(), 5, 8);
  const Digest leaf = tree_.leaves()[5], root = D(kRoots[8]);
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 4, 8, proof, root).has_value());
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 5, 4, proof, root).has_value());
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 5, 16, proof, root).has_value());
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, tree_.leaves()[4], 5, 8, proof, root).has_value());
  for (size_t i = 0; i < proof.size(); ++i) {
    auto bad = proof;
    bad[i][0] ^= 8;
    EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 5, 8, bad, root).has_value());
  }
  auto shorter = proof;
  shorter.pop_back();
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 5, 8, shorter, root).has_value());
  auto longer = proof;
  longer.push_back(root);
  EXPECT_FALSE(VerifyMerkleInclusion(HashAlgorithm::kSha256, leaf, 5, 8, longer, root).has_value());

  auto consistency = *MerkleConsistencyProof(tree_.Source(), 6, 8);
  const Digest r6 = D(kRoots[6]), r8 = D(kRoots[8]);
  EXPECT_FALSE(VerifyMerkleConsistency(HashAlgorithm::kSha256, 5, 8, consistency, r6, r8).has_value());
  EXPECT_FALSE(VerifyMerkleConsistency(HashAlgorithm::kSha256, 6, 8, consistency, r8, r6).has_value());
  EXPECT_FALSE(VerifyMerkleConsistency(HashAlgorithm::kSha256, 6, 8, {}, r6, r8).has_value());
  EXPECT_FALSE(VerifyMerkleConsistency(HashAlgorithm::kSha256, 8, 6, consistency, r8, r6).has_value());
  auto fork = VerifyMerkleConsistency(HashAlgorithm::kSha256, 8, 8, {}, r8, r6);
  ASSERT_FALSE(fork.has_value());
  EXPECT_NE(fork.error().message.find("a fork"), std::string::npos);
  for (size_t i = 0; i < consistency.size(); ++i) {
    auto bad = consistency;
    bad[i][0] ^= 16;
    EXPECT_FALSE(VerifyMerkleConsistency(HashAlgorithm::kSha256, 6, 8, bad, r6, r8).has_value());
  }
}

// Over both of the ledger's hash algorithms: an SM3 ledger's tree is the
// same RFC 9162 tree with SM3 in place of SHA-256.
class MerkleRandomTrees : public ::testing::TestWithParam<HashAlgorithm> {};

TEST_P(MerkleRandomTrees, ProofsMatchNaiveRecomputationUpTo10000Leaves) {
  const HashAlgorithm hash = GetParam();
  std::mt19937_64 random(9162);
  MemoryTree tree(hash);
  std::vector<uint64_t> checkpoints = {1, 2, 3, 5, 8, 13, 100, 255, 256, 257, 1000, 4095, 4096, 4097, 10000};
  uint64_t next = 0;
  for (uint64_t size : checkpoints) {
    while (next < size) {
      uint64_t value = random();
      tree.Append(MerkleLeafHash(hash, ByteView(reinterpret_cast<const uint8_t*>(&value), sizeof value)));
      ++next;
    }
    std::span<const Digest> leaves(tree.leaves().data(), size);
    Digest root = NaiveRoot(leaves, hash);
    ASSERT_EQ(*MerkleRoot(tree.Source(), size), root) << size;
    ASSERT_EQ(tree.frontier().Root(), root) << size;
    auto reloaded = MerkleFrontier::Load(tree.Source(), size);
    ASSERT_TRUE(reloaded.has_value());
    ASSERT_EQ(reloaded->Root(), root);
    for (int probe = 0; probe < 20; ++probe) {
      uint64_t index = random() % size;
      auto proof = MerkleInclusionProof(tree.Source(), index, size);
      ASSERT_TRUE(proof.has_value());
      ASSERT_TRUE(VerifyMerkleInclusion(hash, leaves[index], index, size, *proof, root).has_value())
          << index << "/" << size;
      uint64_t old_size = 1 + random() % size;
      Digest old_root = NaiveRoot(leaves.first(old_size), hash);
      auto consistency = MerkleConsistencyProof(tree.Source(), old_size, size);
      ASSERT_TRUE(consistency.has_value());
      ASSERT_TRUE(VerifyMerkleConsistency(hash, old_size, size, *consistency, old_root, root).has_value())
          << old_size << "->" << size;
      if (old_size < size) {
        Digest wrong = old_root;
        wrong[3] ^= 1;
        ASSERT_FALSE(VerifyMerkleConsistency(hash, old_size, size, *consistency, wrong, root).has_value());
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, MerkleRandomTrees,
                         ::testing::Values(HashAlgorithm::kSha256, HashAlgorithm::kSm3),
                         [](const auto& info) { return std::string(HashAlgorithmName(info.param)); });

// SM3 trees are not SHA-256 trees: the same leaves give another root.
TEST(MerkleSm3, TheAlgorithmChangesEveryHash) {
  EXPECT_EQ(ToHex(MerkleEmptyRoot(HashAlgorithm::kSm3)),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");  // SM3("")
  EXPECT_NE(MerkleLeafHash(HashAlgorithm::kSm3, AsBytes("x")), MerkleLeafHash(HashAlgorithm::kSha256, AsBytes("x")));
}

}  // namespace
}  // namespace gongkai
