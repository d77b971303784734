#pragma once
// The tree's hashes cut into tiles as in C2SP tlog-tiles, with tile height 8: the tile at level
// L and index N holds, at position i, the hash of the complete subtree of 256^L leaves that
// starts at leaf (N·256 + i)·256^L. Level 0 holds the leaf hashes, level 1 the roots of
// 256-leaf subtrees, and so on. A tree of n leaves has n / 256^L hashes at level L: full tiles
// of 256, and at most one partial tile, of width (n / 256^L) mod 256, at the right edge. A full
// tile never changes and a partial one only grows, so the hashes an older size needs are a
// prefix of what is stored for a newer one. Pure: no I/O.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/bytes.hpp"
#include "itaku/core/result.hpp"
#include "itaku/tlog/merkle.hpp"

namespace itaku::tlog {

inline constexpr unsigned kTileHeight = 8;
inline constexpr std::uint64_t kTileWidth = std::uint64_t{1} << kTileHeight;  // hashes in a full tile

struct TileId {
  std::uint64_t level = 0;
  std::uint64_t index = 0;
  bool operator==(const TileId&) const = default;
  // Level by level, left to right (a defaulted <=> trips clang-tidy's modernize-use-nullptr).
  bool operator<(const TileId& other) const { return level != other.level ? level < other.level : index < other.index; }
};

// How many hashes a tree of `size` leaves has at tile level `level`: size / 256^level.
std::uint64_t hashes_at_level(std::uint64_t size, std::uint64_t level);
// How many of them tile `id` holds: 0 (none yet) to kTileWidth (full).
std::uint64_t tile_width(const TileId& id, std::uint64_t size);
// How many tile levels a tree of `size` leaves has hashes at (0 for the empty tree).
std::uint64_t tile_levels(std::uint64_t size);
// The tile at `level` that is not full in a tree of `size` leaves (its width may be 0).
TileId partial_tile(std::uint64_t size, std::uint64_t level);

// A resource of the C2SP tlog-tiles HTTP API, as named by what follows "<prefix>/tile/": a tile
// of hashes, "<L>/<N>[.p/<W>]", or the bundle of the entries whose leaf hashes a level-0 tile
// holds, "entries/<N>[.p/<W>]". N is written in groups of three digits, each but the last with
// an "x" in front (1234067: x001/x234/067); ".p/<W>" names a partial tile of width W (1…255).
enum class TileKind { Hashes, Entries };
struct TilePath {
  TileKind kind = TileKind::Hashes;
  TileId id;                         // an entry bundle's is at level 0
  std::uint64_t width = kTileWidth;  // kTileWidth: a full tile
  bool operator==(const TilePath&) const = default;
};
// The level a tile path may name: 0…63.
inline constexpr std::uint64_t kMaxTileLevel = 63;
// Reads a path as the specification writes it, and only so: decimal numbers without leading
// zeros (a level up to 63, a width 1…255), the index in its groups with no group of leading
// zeros; nothing else, so that one resource has one name. Bounded: an index of more than
// seven groups (beyond 64 bits) is refused before it is read on.
std::optional<TilePath> parse_tile_path(std::string_view path);
// The path of a resource, as parse_tile_path reads it ("0/x001/x234/067.p/5", "entries/000").
std::string tile_path(const TilePath& path);

// Where a subtree's hash (as HashSource names it) is found: in which tile, and which of the
// tile's inner nodes it is (Tile::node).
struct TilePosition {
  TileId tile;
  unsigned height = 0;
  std::uint64_t offset = 0;
};
TilePosition tile_position(unsigned level, std::uint64_t index);

// A tile's hashes and, above them, the hash of every complete group of 2^h consecutive ones
// (h = 1…8, the subtrees inside the tile), so each node a proof needs from it is one lookup.
class Tile {
 public:
  Tile() = default;
  // At most kTileWidth hashes.
  explicit Tile(std::span<const Hash> hashes);
  // From the stored form, width × 32 bytes; nothing when the size is not that.
  static std::optional<Tile> from_bytes(ByteView bytes, std::uint64_t width);

  std::uint64_t width() const { return levels_[0].size(); }
  std::span<const Hash> hashes() const { return levels_[0]; }
  // The stored form: the hashes one after the other.
  ByteView bytes() const;
  void append(const Hash& hash);
  // Whether the group of 2^height hashes at position offset·2^height is complete.
  bool has(unsigned height, std::uint64_t offset) const;
  // Its hash (a hash of the tile itself for height 0; the tile's root for height 8).
  const Hash& node(unsigned height, std::uint64_t offset) const;

 private:
  std::array<std::vector<Hash>, kTileHeight + 1> levels_;
};

// A tile that an append filled: it never changes again.
using FilledTile = std::pair<TileId, Tile>;

// The right edge of a tree kept as tiles: its size and, at each level, the tile that is not
// full yet. That is all that appending and the root need, O(log n) hashes however large the
// tree: the root's subtrees all lie in these tiles.
class TileEdge final : public HashSource {
 public:
  TileEdge() = default;  // the empty tree
  // `partials[L]` is partial_tile(size, L) at its width, for every level of tile_levels(size).
  TileEdge(std::uint64_t size, std::vector<Tile> partials);

  std::uint64_t size() const { return size_; }
  std::uint64_t levels() const { return partials_.size(); }
  const Tile& partial(std::uint64_t level) const { return partials_[level]; }
  // Appends a leaf; each tile it fills is added to `filled` (its root goes one level up).
  void append(const Hash& leaf, std::vector<FilledTile>& filled);
  Hash root() const;
  // HashSource, for the subtrees inside the partial tiles; others are an error (tlog.subtree_not_held).
  Result<Hash> subtree(unsigned level, std::uint64_t index) const override;
  // The subtree's hash if it lies in a partial tile.
  const Hash* find(const TilePosition& position) const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Tile> partials_;  // by level
};

}  // namespace itaku::tlog
