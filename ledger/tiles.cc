#include "ledger/tiles.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

namespace gongkai::tiles {
namespace {

// A decimal without leading zeros ("0" alone is allowed), at most `max`.
bool ParseDecimal(std::string_view text, uint64_t max, uint64_t& value) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value <= max;
}

uint64_t Pow256(int exponent) { return exponent >= 8 ? 0 : uint64_t{1} << (8 * exponent); }

}  // namespace

std::string FormatTilePath(const TilePath& path) {
  std::string digits = fmt::format("{:03}", path.index % 1000);
  for (uint64_t rest = path.index / 1000; rest > 0; rest /= 1000) {
    digits = fmt::format("x{:03}/{}", rest % 1000, digits);
  }
  std::string out = path.entries ? "tile/entries/" + digits : fmt::format("tile/{}/{}", path.level, digits);
  if (path.partial()) out += fmt::format(".p/{}", path.width);
  return out;
}

Result<TilePath> ParseTilePath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument, "'{}' is not a tile path: {}", path, why);
  };
  std::string_view rest = path;
  if (!rest.starts_with("tile/")) return bad("it must start with tile/");
  rest.remove_prefix(5);
  TilePath tile;
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad("no index");
  std::string_view level = rest.substr(0, slash);
  rest.remove_prefix(slash + 1);
  if (level == "entries") {
    tile.entries = true;
  } else {
    uint64_t value = 0;
    if (!ParseDecimal(level, kMaxTileLevel, value)) return bad("the level must be 0..63 without leading zeros");
    tile.level = static_cast<int>(value);
  }
  if (auto partial = rest.find(".p/"); partial != std::string_view::npos) {
    if (!ParseDecimal(rest.substr(partial + 3), kTileWidth - 1, tile.width) || tile.width == 0) {
      return bad("a partial tile's width must be 1..255 without leading zeros");
    }
    rest = rest.substr(0, partial);
  }
  // Elements "xDDD/" then a last "DDD"; an index needs no more than seven.
  uint64_t index = 0;
  for (int element = 0;; ++element) {
    bool last = rest.size() == 3;
    if (element == 7 || rest.size() < 3 || (!last && (rest.size() < 5 || rest[0] != 'x' || rest[4] != '/'))) {
      return bad("the index must be three-digit elements, all but the last prefixed with 'x'");
    }
    std::string_view digits = last ? rest : rest.substr(1, 3);
    if (!std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("the index must be three-digit elements, all but the last prefixed with 'x'");
    }
    uint64_t part = static_cast<uint64_t>((digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0'));
    if (index > (UINT64_MAX - part) / 1000) return bad("the index is too large");
    index = index * 1000 + part;
    if (last) break;
    rest.remove_prefix(5);
  }
  tile.index = index;
  // The canonical form only: "x000/001" is index 1 written with a needless
  // leading element.
  if (FormatTilePath(tile) != path) return bad("not in canonical form");
  return tile;
}

uint64_t TileWidthAt(uint64_t size, int level, uint64_t index) {
  // Hashes at this tile level: one per complete subtree of 256^level leaves.
  uint64_t span = Pow256(level);
  uint64_t hashes = span == 0 ? 0 : size / span;
  uint64_t start = index * kTileWidth;
  if (index > UINT64_MAX / kTileWidth || hashes <= start) return 0;
  return std::min(kTileWidth, hashes - start);
}

bool TreeHasTile(uint64_t size, const TilePath& path) {
  uint64_t width = TileWidthAt(size, path.entries ? 0 : path.level, path.index);
  return width != 0 && width == path.width;
}

Result<Bytes> HashTile(const NodeSource& nodes, const TilePath& path) {
  Bytes tile;
  tile.reserve(path.width * 32);
  for (uint64_t i = 0; i < path.width; ++i) {
    auto hash = nodes(path.level * kTileHeight, path.index * kTileWidth + i);
    GK_RETURN_IF_ERROR(hash);
    tile.insert(tile.end(), hash->begin(), hash->end());
  }
  return tile;
}

NodeSource NodesFromTiles(HashAlgorithm hash, uint64_t size, TileFetch fetch) {
  return NodeSource{hash, [hash, size, fetch = std::move(fetch)](int level, uint64_t index) -> Result<Digest> {
    const int tile_level = level / kTileHeight;
    const int within = level % kTileHeight;   // tree levels above the tile's hashes
    const uint64_t count = uint64_t{1} << within;  // tile hashes under the node
    const uint64_t first = index << within;        // the first of them, at its tile level
    TilePath path{false, tile_level, first / kTileWidth, TileWidthAt(size, tile_level, first / kTileWidth)};
    if (tile_level > kMaxTileLevel || path.width < first % kTileWidth + count) {
      return Fail(ErrorCode::kNotFound, "the tree of {} entries has no complete subtree at level {}, index {}", size,
                  level, index);
    }
    auto tile = fetch(path);
    GK_RETURN_IF_ERROR(tile);
    if (tile->size() != path.width * 32) {
      return Fail(ErrorCode::kCorruption, "{} is {} bytes, not {}", FormatTilePath(path), tile->size(),
                  path.width * 32);
    }
    std::vector<Digest> hashes(count);
    for (uint64_t i = 0; i < count; ++i) {
      std::copy_n(tile->begin() + static_cast<ptrdiff_t>((first % kTileWidth + i) * 32), 32, hashes[i].begin());
    }
    for (uint64_t n = count; n > 1; n /= 2) {
      for (uint64_t i = 0; i < n / 2; ++i) hashes[i] = MerkleNodeHash(hash, hashes[2 * i], hashes[2 * i + 1]);
    }
    return hashes[0];
  }};
}

Status AppendToBundle(Bytes& bundle, ByteView record) {
  if (record.size() > 0xFFFF) {
    return Fail(ErrorCode::kTooLarge, "an entry record of {} bytes does not fit an entry bundle (65,535 at most)",
                record.size());
  }
  bundle.push_back(static_cast<uint8_t>(record.size() >> 8));
  bundle.push_back(static_cast<uint8_t>(record.size() & 0xFF));
  bundle.insert(bundle.end(), record.begin(), record.end());
  return {};
}

Result<std::vector<ByteView>> SplitBundle(ByteView bundle) {
  std::vector<ByteView> records;
  while (!bundle.empty()) {
    if (bundle.size() < 2) return Fail(ErrorCode::kMalformed, "an entry bundle ends inside a length");
    size_t length = (size_t{bundle[0]} << 8) | bundle[1];
    if (bundle.size() - 2 < length) return Fail(ErrorCode::kMalformed, "an entry bundle ends inside a record");
    records.push_back(bundle.subspan(2, length));
    bundle = bundle.subspan(2 + length);
  }
  return records;
}

}  // namespace gongkai::tiles
