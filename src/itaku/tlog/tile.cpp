#include "itaku/tlog/tile.hpp"

#include <cstring>

#include "itaku/core/assert.hpp"

namespace itaku::tlog {

std::uint64_t hashes_at_level(std::uint64_t size, std::uint64_t level) {
  return level * kTileHeight >= 64 ? 0 : size >> (level * kTileHeight);
}

std::uint64_t tile_width(const TileId& id, std::uint64_t size) {
  const auto hashes = hashes_at_level(size, id.level);
  const auto start = id.index * kTileWidth;
  if (hashes <= start) return 0;
  return std::min(kTileWidth, hashes - start);
}

std::uint64_t tile_levels(std::uint64_t size) {
  std::uint64_t levels = 0;
  while (hashes_at_level(size, levels) > 0) ++levels;
  return levels;
}

TileId partial_tile(std::uint64_t size, std::uint64_t level) {
  return {level, hashes_at_level(size, level) / kTileWidth};
}

TilePosition tile_position(unsigned level, std::uint64_t index) {
  // A subtree at level 8L + h is the group of 2^h consecutive hashes of tile level L starting
  // at index·2^h; a tile holds 256 / 2^h such groups.
  const auto height = level % kTileHeight;
  const auto groups_per_tile = kTileHeight - height;
  return {{level / kTileHeight, index >> groups_per_tile}, height, index & ((std::uint64_t{1} << groups_per_tile) - 1)};
}

Tile::Tile(std::span<const Hash> hashes) {
  ITAKU_CHECK(hashes.size() <= kTileWidth);
  for (const auto& hash : hashes) append(hash);
}

std::optional<Tile> Tile::from_bytes(ByteView bytes, std::uint64_t width) {
  if (width > kTileWidth || bytes.size() != width * sizeof(Hash)) return std::nullopt;
  Tile tile;
  Hash hash;
  for (std::uint64_t i = 0; i < width; ++i) {
    std::memcpy(hash.data(), bytes.data() + i * sizeof(Hash), sizeof(Hash));
    tile.append(hash);
  }
  return tile;
}

ByteView Tile::bytes() const {
  static_assert(sizeof(Hash) == 32 && alignof(Hash) == 1, "hashes are stored back to back");
  return {reinterpret_cast<const std::uint8_t*>(levels_[0].data()), levels_[0].size() * sizeof(Hash)};
}

void Tile::append(const Hash& hash) {
  ITAKU_CHECK(width() < kTileWidth);
  levels_[0].push_back(hash);
  // As in Tree::append: an even count at a height completes a group one height up.
  for (unsigned height = 0; height < kTileHeight && levels_[height].size() % 2 == 0; ++height) {
    const auto& nodes = levels_[height];
    levels_[height + 1].push_back(node_hash(nodes[nodes.size() - 2], nodes[nodes.size() - 1]));
  }
}

bool Tile::has(unsigned height, std::uint64_t offset) const {
  return height <= kTileHeight && offset < levels_[height].size();
}

const Hash& Tile::node(unsigned height, std::uint64_t offset) const {
  ITAKU_CHECK(has(height, offset));
  return levels_[height][offset];
}

TileEdge::TileEdge(std::uint64_t size, std::vector<Tile> partials) : size_(size), partials_(std::move(partials)) {
  ITAKU_CHECK(partials_.size() == tile_levels(size_));
  for (std::uint64_t level = 0; level < partials_.size(); ++level)
    ITAKU_CHECK(partials_[level].width() == tile_width(partial_tile(size_, level), size_));
}

void TileEdge::append(const Hash& leaf, std::vector<FilledTile>& filled) {
  Hash carry = leaf;
  for (std::uint64_t level = 0;; ++level) {
    if (partials_.size() == level) partials_.emplace_back();
    auto& tile = partials_[level];
    tile.append(carry);
    if (tile.width() < kTileWidth) break;
    // Full: it is handed over and its root becomes the next hash one level up.
    carry = tile.node(kTileHeight, 0);
    filled.emplace_back(partial_tile(size_, level), std::move(tile));
    tile = Tile{};
  }
  ++size_;
}

Hash TileEdge::root() const { return root_at(*this, size_).value(); }

const Hash* TileEdge::find(const TilePosition& position) const {
  const auto level = position.tile.level;
  if (level >= partials_.size() || position.tile != partial_tile(size_, level)) return nullptr;
  const auto& tile = partials_[level];
  return tile.has(position.height, position.offset) ? &tile.node(position.height, position.offset) : nullptr;
}

Result<Hash> TileEdge::subtree(unsigned level, std::uint64_t index) const {
  if (const auto* hash = find(tile_position(level, index))) return *hash;
  return make_error(ErrorKind::Internal, "tlog.subtree_not_held", "部分木のハッシュがありません",
                    "the subtree's hash is not held here")
      .with("level", std::to_string(level))
      .with("index", std::to_string(index));
}

}  // namespace itaku::tlog
