#pragma once
// The ledger's Merkle tree stored as tiles (tlog/tile.hpp) in the table ledger_tiles, one row
// per tile: (level, tile_index, width, hashes = width × 32 bytes). A partial tile's row is
// replaced as the tile grows, so each tile has one row holding its latest width: what an older
// tree size needs of it is a prefix. The tiles are written in the transaction of the entries
// they cover and are derived from the entries' leaf hashes, which stay the reference: the
// tiles can be deleted and rebuilt (docs/LEDGER.md).
//
// The ledger keeps only the right edge of the tree in memory (tlog::TileEdge) and reads full
// tiles, which never change, through a small shared cache: its memory does not grow with the
// number of entries.

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/storage/database.hpp"
#include "itaku/tlog/merkle.hpp"
#include "itaku/tlog/tile.hpp"

namespace itaku::ledger {

// The number of stored entries (the largest index plus one; 0 when there are none).
Result<std::uint64_t> stored_entries(storage::Transaction& tx);
// The tree size the stored tiles describe, read from the last level-0 tile; 0 when there are none.
Result<std::uint64_t> stored_tiles_size(storage::Transaction& tx);
// The right edge of the stored tree at `size`, which must not exceed stored_tiles_size: the
// partial tiles at the width `size` gives them.
Result<tlog::TileEdge> read_tile_edge(storage::Transaction& tx, std::uint64_t size);
// A full tile from the database (ledger.tile_damaged if it is missing or not full).
Result<tlog::Tile> read_full_tile(storage::Transaction& tx, const tlog::TileId& id);
// Writes what appending to `edge` changed: the tiles it filled and its partial tiles at level 0
// and at each level above a filled tile.
Result<void> write_tiles(storage::Transaction& tx, std::span<const tlog::FilledTile> filled,
                         const tlog::TileEdge& edge);
// Appends the stored leaf hashes from edge.size() up to `size` to `edge` and writes the tiles
// (for a database whose tiles lag its entries). A gap in the entries is ledger.inconsistent.
Result<void> extend_tiles(storage::Transaction& tx, tlog::TileEdge& edge, std::uint64_t size);
// Cuts the stored tiles back to a tree of `size` leaves (at most stored_tiles_size).
Result<void> truncate_tiles(storage::Transaction& tx, std::uint64_t size);
// Checks the level-0 partial tile of `edge` against the stored entries it covers: they must
// all be there, in order, with the same leaf hashes (ledger.inconsistent otherwise).
Result<void> check_edge_against_entries(storage::Transaction& tx, const tlog::TileEdge& edge);

// Every stored tile in order (level, then index), as stored: `hashes` is valid only during the call.
struct StoredTile {
  tlog::TileId id;
  std::uint64_t width = 0;
  ByteView hashes;
};
Result<void> for_each_stored_tile(storage::Transaction& tx,
                                  const std::function<Result<void>(const StoredTile&)>& on_tile);

// Full tiles read lately, shared by the threads that ask for proofs: at most `capacity` of
// them, the least recently used going first. A full tile never changes, so a cached one is
// never stale. Thread-safe.
class TileCache {
 public:
  explicit TileCache(std::size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const tlog::Tile> find(const tlog::TileId& id);
  void insert(const tlog::TileId& id, std::shared_ptr<const tlog::Tile> tile);

 private:
  using Entry = std::pair<tlog::TileId, std::shared_ptr<const tlog::Tile>>;
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::map<tlog::TileId, std::list<Entry>::iterator> index_;
};

// The stored tree up to the size of `edge`, as a tlog::HashSource for the proofs: a subtree is
// read from the edge's partial tiles, else from a full tile (cached, or read in one read
// transaction opened at the first miss). For one proof on one thread at a time.
class TileReader final : public tlog::HashSource {
 public:
  TileReader(storage::Database& database, TileCache& cache, std::shared_ptr<const tlog::TileEdge> edge)
      : database_(database), cache_(cache), edge_(std::move(edge)) {}
  Result<tlog::Hash> subtree(unsigned level, std::uint64_t index) const override;
  // A full tile, cached or read (ledger.tile_damaged if it is missing or not full).
  Result<std::shared_ptr<const tlog::Tile>> full_tile(const tlog::TileId& id) const;

 private:
  storage::Database& database_;
  TileCache& cache_;
  std::shared_ptr<const tlog::TileEdge> edge_;
  mutable std::unique_ptr<storage::Transaction> tx_;
  // The last tile used: a proof asks for neighbouring subtrees, mostly in one tile.
  mutable std::optional<std::pair<tlog::TileId, std::shared_ptr<const tlog::Tile>>> last_;
};

}  // namespace itaku::ledger
