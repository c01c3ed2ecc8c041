// C2SP tlog-tiles: paths exactly as the spec writes them, the tiles a tree
// of each size has (the spec's own examples), and every root and proof
// rebuilt by a client from the tiles alone.
#include "ledger/tiles.h"

#include <gtest/gtest.h>

#include <fmt/core.h>

#include <map>
#include <utility>

namespace gongkai::tiles {
namespace {

TEST(TilePath, EncodesTheIndexInThreeDigitElements) {
  EXPECT_EQ(FormatTilePath({false, 0, 1234067}), "tile/0/x001/x234/067");  // the spec's example
  EXPECT_EQ(FormatTilePath({false, 1, 0}), "tile/1/000");
  EXPECT_EQ(FormatTilePath({false, 2, 1000}), "tile/2/x001/000");
  EXPECT_EQ(FormatTilePath({false, 0, 5, 112}), "tile/0/005.p/112");
  EXPECT_EQ(FormatTilePath({true, 0, 1234067, 9}), "tile/entries/x001/x234/067.p/9");
  for (TilePath path : {TilePath{false, 0, 1234067}, TilePath{false, 63, 0, 1}, TilePath{true, 0, 999},
                        TilePath{false, 3, 18446744073709551615ULL, 255}}) {
    auto parsed = ParseTilePath(FormatTilePath(path));
    ASSERT_TRUE(parsed.has_value()) << FormatTilePath(path) << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, path);
  }
}

TEST(TilePath, RefusesEveryOtherSpelling) {
  for (std::string_view bad : {"tile/00/000", "tile/64/000", "tile/-1/000", "tile/0/1234", "tile/0/001/234",
                               "tile/0/x001/x234", "tile/0/x000/001", "tile/0/01", "tile/0/0001",
                               "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/05", "tile/0/000.p/",
                               "tile/0/000/", "tile/entries", "tile/entries/000.p/1x", "tiles/0/000",
                               "/tile/0/000", "tile/0/x001/x002/x003/x004/x005/x006/x007/008"}) {
    auto parsed = ParseTilePath(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(TileWidth, FollowsTheSpecsExamples) {
  // "a tree of size 70,000 will be represented by 273 full level 0 tiles,
  // one partial level 0 tile of width 112, one full level 1 tile, one
  // partial level 1 tile of width 17, and one partial level 2 tile of width 1."
  for (uint64_t n = 0; n < 273; ++n) EXPECT_EQ(TileWidthAt(70'000, 0, n), 256u);
  EXPECT_EQ(TileWidthAt(70'000, 0, 273), 112u);
  EXPECT_EQ(TileWidthAt(70'000, 0, 274), 0u);
  EXPECT_EQ(TileWidthAt(70'000, 1, 0), 256u);
  EXPECT_EQ(TileWidthAt(70'000, 1, 1), 17u);
  EXPECT_EQ(TileWidthAt(70'000, 2, 0), 1u);
  EXPECT_EQ(TileWidthAt(70'000, 3, 0), 0u);
  // "a tree of size 256 will be represented by a full level 0 tile and a
  // partial level 1 tile of width 1."
  EXPECT_EQ(TileWidthAt(256, 0, 0), 256u);
  EXPECT_EQ(TileWidthAt(256, 0, 1), 0u);
  EXPECT_EQ(TileWidthAt(256, 1, 0), 1u);
  EXPECT_EQ(TileWidthAt(0, 0, 0), 0u);
  EXPECT_TRUE(TreeHasTile(70'000, {false, 1, 1, 17}));
  EXPECT_FALSE(TreeHasTile(70'000, {false, 1, 1, 16}));  // only the width the tree gives it
  EXPECT_FALSE(TreeHasTile(70'000, {false, 1, 1}));      // not full yet
  EXPECT_TRUE(TreeHasTile(70'000, {true, 0, 273, 112}));
}

// A tree held as its complete subtrees, as the ledger stores them.
class Tree {
 public:
  explicit Tree(uint64_t size) {
    MerkleFrontier frontier(HashAlgorithm::kSha256);
    for (uint64_t i = 0; i < size; ++i) {
      records_.push_back(Bytes{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i >> 16)});
      for (const MerkleNode& node : frontier.Append(MerkleLeafHash(HashAlgorithm::kSha256, records_.back()))) {
        nodes_[{node.level, node.index}] = node.hash;
      }
    }
    root_ = frontier.Root();
  }
  NodeSource Stored() const {
    return NodeSource{HashAlgorithm::kSha256, [this](int level, uint64_t index) -> Result<Digest> {
                        auto it = nodes_.find({level, index});
                        if (it == nodes_.end()) return Fail(ErrorCode::kCorruption, "no node {}/{}", level, index);
                        return it->second;
                      }};
  }
  const Digest& root() const { return root_; }
  const std::vector<Bytes>& records() const { return records_; }

 private:
  std::map<std::pair<int, uint64_t>, Digest> nodes_;
  std::vector<Bytes> records_;
  Digest root_{};
};

TEST(Tiles, AClientRebuildsEveryRootAndProofFromTheTilesAlone) {
  for (uint64_t size : {1ULL, 2ULL, 255ULL, 256ULL, 257ULL, 70'000ULL}) {
    Tree tree(size);
    // The server's side: only tiles the tree has are served.
    size_t fetched = 0;
    TileFetch serve = [&](const TilePath& path) -> Result<Bytes> {
      if (!TreeHasTile(size, path)) return Fail(ErrorCode::kNotFound, "{} is not served", FormatTilePath(path));
      ++fetched;
      return HashTile(tree.Stored(), path);
    };
    NodeSource client = NodesFromTiles(HashAlgorithm::kSha256, size, serve);
    auto root = MerkleRoot(client, size);
    ASSERT_TRUE(root.has_value()) << size << ": " << root.error().message;
    EXPECT_EQ(*root, tree.root()) << size;
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1}) {
      auto proof = MerkleInclusionProof(client, index, size);
      ASSERT_TRUE(proof.has_value()) << size << "/" << index << ": " << proof.error().message;
      EXPECT_TRUE(VerifyMerkleInclusion(HashAlgorithm::kSha256, MerkleLeafHash(HashAlgorithm::kSha256, tree.records()[index]), index, size, *proof, tree.root()))
          << size << "/" << index;
    }
    if (size > 1) {
      uint64_t old_size = size / 3 + 1;
      auto old_root = MerkleRoot(NodesFromTiles(HashAlgorithm::kSha256, old_size, [&](const TilePath& path) -> Result<Bytes> {
        if (!TreeHasTile(old_size, path)) return Fail(ErrorCode::kNotFound, "not served");
        return HashTile(tree.Stored(), path);
      }), old_size);
      ASSERT_TRUE(old_root.has_value());
      auto proof = MerkleConsistencyProof(client, old_size, size);
      ASSERT_TRUE(proof.has_value()) << proof.error().message;
      EXPECT_TRUE(VerifyMerkleConsistency(HashAlgorithm::kSha256, old_size, size, *proof, *old_root, tree.root())) << size;
    }
    EXPECT_GT(fetched, 0u);
  }
}

TEST(Tiles, ATileOfTheWrongLengthIsRefused) {
  Tree tree(300);
  NodeSource client = NodesFromTiles(HashAlgorithm::kSha256, 300, [&](const TilePath& path) -> Result<Bytes> {
    auto tile = HashTile(tree.Stored(), path);
    if (tile) tile->pop_back();
    return tile;
  });
  auto root = MerkleRoot(client, 300);
  ASSERT_FALSE(root.has_value());
  EXPECT_EQ(root.error().code, ErrorCode::kCorruption);
}

TEST(EntryBundle, FramesEachRecordWithItsLength) {
  Bytes bundle;
  ASSERT_TRUE(AppendToBundle(bundle, Bytes{1, 2, 3}).has_value());
  ASSERT_TRUE(AppendToBundle(bundle, Bytes{}).has_value());
  ASSERT_TRUE(AppendToBundle(bundle, Bytes(65'535, 7)).has_value());
  EXPECT_EQ((Bytes{bundle.begin(), bundle.begin() + 7}), (Bytes{0, 3, 1, 2, 3, 0, 0}));
  auto records = SplitBundle(bundle);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[2].size(), 65'535u);
  EXPECT_EQ(AppendToBundle(bundle, Bytes(65'536, 7)).error().code, ErrorCode::kTooLarge);
  bundle.pop_back();
  EXPECT_EQ(SplitBundle(bundle).error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace gongkai::tiles
