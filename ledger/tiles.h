// C2SP tlog-tiles (c2sp.org/tlog-tiles): the ledger's Merkle tree and
// entries as static resources a client needing only the specs and the log
// key can rebuild any root and proof from.
//
//   tile/<L>/<N>[.p/<W>]        hashes at tile level L (tree level 8·L)
//   tile/entries/<N>[.p/<W>]    entry bundles: the entry records of leaves
//                               [256·N, 256·N + W), each as a big-endian
//                               uint16 length ‖ the record (whose leaf hash,
//                               RFC 9162 2.1.1, the level-0 tile holds)
//
// <N> is written in zero-padded three-digit path elements, all but the last
// prefixed with 'x' (1234067 → x001/x234/067); <L> is 0..63 and <W> 1..255,
// both without leading zeros. Hash i of tile (L, N) is the Merkle Tree Hash
// of leaves [(256·N + i)·256^L, (256·N + i + 1)·256^L): the complete subtree
// the ledger stores at level 8·L, index 256·N + i.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/error.h"
#include "ledger/bytes.h"
#include "ledger/merkle.h"

namespace gongkai::tiles {

inline constexpr uint64_t kTileWidth = 256;  // hashes in a full tile
inline constexpr int kTileHeight = 8;        // tree levels a tile spans
inline constexpr int kMaxTileLevel = 63;

struct TilePath {
  bool entries = false;  // an entry bundle (its level is 0)
  int level = 0;
  uint64_t index = 0;
  uint64_t width = kTileWidth;  // kTileWidth for a full tile, else 1..255
  bool partial() const { return width < kTileWidth; }
  bool operator==(const TilePath&) const = default;
};

// "tile/0/x001/x234/067.p/5", "tile/entries/000" (no leading slash).
std::string FormatTilePath(const TilePath& path);
// The inverse, exactly as the spec writes paths: anything else (leading
// zeros, a missing 'x', a level over 63, a width of 0 or 256, trailing
// text) is kInvalidArgument.
Result<TilePath> ParseTilePath(std::string_view path);

// The width tile `index` at tile level `level` has in a tree of `size`
// leaves: kTileWidth when full, 1..255 when partial, 0 when the tree has
// none of it.
uint64_t TileWidthAt(uint64_t size, int level, uint64_t index);

// Whether `path` names a tile the tree of `size` has: a full tile the tree
// contains, or the partial tile of exactly the width the tree gives it.
bool TreeHasTile(uint64_t size, const TilePath& path);

// The hash tile's bytes: `path.width` hashes of 32 bytes, read from the
// stored complete subtrees. Errors: what `nodes` returns for a subtree the
// tree does not hold.
Result<Bytes> HashTile(const NodeSource& nodes, const TilePath& path);

// The client's side: the complete subtrees of a tree of `size` leaves,
// computed from its tiles alone, as `fetch` returns them (each checked to be
// 32·width bytes). Tree level 8·L + r (r < 8) is hashed from 2^r hashes of
// a tile at level L, so MerkleRoot, MerkleInclusionProof and
// MerkleConsistencyProof over it need nothing else.
using TileFetch = std::function<Result<Bytes>(const TilePath& path)>;
NodeSource NodesFromTiles(HashAlgorithm hash, uint64_t size, TileFetch fetch);

// An entry bundle's framing: each record as uint16 length ‖ record.
// kTooLarge for a record over 65,535 bytes.
Status AppendToBundle(Bytes& bundle, ByteView record);
// Splits a bundle into its records; kMalformed when the framing does not
// add up exactly.
Result<std::vector<ByteView>> SplitBundle(ByteView bundle);

}  // namespace gongkai::tiles
