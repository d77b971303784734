#include "itaku/tlog/tile.hpp"

#include <charconv>
#include <cstring>
#include <iterator>
#include <limits>

#include "itaku/core/assert.hpp"

namespace itaku::tlog {

std::uint64_t hashes_at_level(std::uint64_t size, std::uint64_t level) {
  return level * kTileHeight >= 64 ? 0 : size >> (level * kTileHeight);
}

std::uint64_t tile_width(const TileId& id, std::uint64_t size) {
  const auto hashes = hashes_at_level(size, id.level);
  // Compared before multiplying: an index from outside (a URL) may be near 2^64.
  if (id.index > hashes / kTileWidth) return 0;
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

namespace {

// At most seven groups of three digits: 2^64 has twenty digits.
constexpr std::size_t kMaxIndexGroups = 7;

// A decimal number without a sign or leading zeros, at most `max`.
std::optional<std::uint64_t> decimal(std::string_view text, std::uint64_t max) {
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

std::string index_path(std::uint64_t index) {
  std::vector<std::uint64_t> groups;
  do {
    groups.push_back(index % 1000);
    index /= 1000;
  } while (index > 0);
  // Most significant first; every group but the last with its "x".
  std::string out;
  for (auto group = groups.rbegin(); group != groups.rend(); ++group) {
    const bool last = std::next(group) == groups.rend();
    // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict on `"x" + std::string(…)`.
    if (!last) out += 'x';
    out += static_cast<char>('0' + *group / 100);
    out += static_cast<char>('0' + *group / 10 % 10);
    out += static_cast<char>('0' + *group % 10);
    if (!last) out += '/';
  }
  return out;
}

}  // namespace

std::optional<TilePath> parse_tile_path(std::string_view path) {
  TilePath out;
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto head = path.substr(0, slash);
  if (head == "entries") {
    out.kind = TileKind::Entries;
  } else {
    const auto level = decimal(head, kMaxTileLevel);
    if (!level) return std::nullopt;
    out.id.level = *level;
  }
  auto rest = path.substr(slash + 1);
  if (const auto partial = rest.find(".p/"); partial != std::string_view::npos) {
    const auto width = decimal(rest.substr(partial + 3), kTileWidth - 1);
    if (!width || *width == 0) return std::nullopt;
    out.width = *width;
    rest = rest.substr(0, partial);
  }
  // The groups of the index: read while they are well formed, at most kMaxIndexGroups.
  std::uint64_t index = 0;
  for (std::size_t group = 0;; ++group) {
    if (group == kMaxIndexGroups) return std::nullopt;
    const auto end = rest.find('/');
    auto text = rest.substr(0, end);
    const bool last = end == std::string_view::npos;
    if (!last) {
      if (!text.starts_with('x')) return std::nullopt;
      text.remove_prefix(1);
    }
    if (text.size() != 3 || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const auto value = static_cast<std::uint64_t>((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
    if (index > (std::numeric_limits<std::uint64_t>::max() - value) / 1000) return std::nullopt;
    index = index * 1000 + value;
    if (last) break;
    rest = rest.substr(end + 1);
  }
  out.id.index = index;
  // One name per resource: what was read must be what the index writes (no "x000/" in front).
  if (tile_path(out) != path) return std::nullopt;
  return out;
}

std::string tile_path(const TilePath& path) {
  auto out = path.kind == TileKind::Entries ? std::string("entries") : std::to_string(path.id.level);
  out += '/';
  out += index_path(path.id.index);
  if (path.width < kTileWidth) {
    out += ".p/";
    out += std::to_string(path.width);
  }
  return out;
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
