#include "itaku/ledger/tiles.hpp"

#include <algorithm>

namespace itaku::ledger {

namespace {

// Leaf hashes read at a time when tiles are built from the entries.
constexpr std::int64_t kLeafChunk = 65536;

std::int64_t as_int(std::uint64_t value) { return static_cast<std::int64_t>(value); }

Error tile_damaged(const tlog::TileId& id) {
  return make_error(ErrorKind::Tampered, "ledger.tile_damaged",
                    "台帳のハッシュのタイルが欠けているか壊れています。itaku ledger verify で確認してください",
                    "a stored tile of the ledger's hashes is missing or damaged; run `itaku ledger verify`")
      .with("level", std::to_string(id.level))
      .with("tile_index", std::to_string(id.index));
}

Error inconsistent(std::uint64_t index) {
  return make_error(ErrorKind::Tampered, "ledger.inconsistent",
                    "台帳の保存内容に欠落または破損があります。itaku ledger verify で確認してください",
                    "the stored ledger has a gap or damage; run `itaku ledger verify`")
      .with("index", std::to_string(index));
}

// The first `width` hashes of tile `id` as stored; its row must hold at least that many.
Result<tlog::Tile> read_tile(storage::Transaction& tx, const tlog::TileId& id, std::uint64_t width) {
  std::optional<tlog::Tile> tile;
  const storage::Param params[] = {as_int(id.level), as_int(id.index)};
  TRY(tx.query("SELECT width, hashes FROM ledger_tiles WHERE level = ? AND tile_index = ?", params,
               [&](const storage::Row& row) -> Result<void> {
                 const auto stored = static_cast<std::uint64_t>(row.int64(0));
                 const auto hashes = row.blob(1);
                 if (stored >= width && hashes.size() == stored * sizeof(tlog::Hash))
                   tile = tlog::Tile::from_bytes(hashes.first(width * sizeof(tlog::Hash)), width);
                 return ok();
               }));
  if (!tile) return tile_damaged(id);
  return std::move(*tile);
}

Result<void> put_tile(storage::Transaction& tx, const tlog::TileId& id, const tlog::Tile& tile) {
  const storage::Param params[] = {as_int(id.level), as_int(id.index), as_int(tile.width()),
                                   storage::Blob{tile.bytes()}};
  return tx.execute(
      "INSERT INTO ledger_tiles (level, tile_index, width, hashes) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (level, tile_index) DO UPDATE SET width = excluded.width, hashes = excluded.hashes",
      params);
}

// Calls `on_leaf` with each stored leaf hash from `from` up to `to`, in order; a missing entry
// or a malformed hash is ledger.inconsistent.
Result<void> for_each_leaf(storage::Transaction& tx, std::uint64_t from, std::uint64_t to,
                           const std::function<Result<void>(const tlog::Hash&)>& on_leaf) {
  std::uint64_t next = from;
  while (next < to) {
    const auto chunk_start = next;
    const storage::Param params[] = {as_int(next), as_int(to), kLeafChunk};
    TRY(tx.query("SELECT seq, leaf_hash FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT ?", params,
                 [&](const storage::Row& row) -> Result<void> {
                   const auto hash = row.blob(1);
                   if (static_cast<std::uint64_t>(row.int64(0)) != next || hash.size() != sizeof(tlog::Hash))
                     return inconsistent(next);
                   tlog::Hash leaf;
                   std::copy(hash.begin(), hash.end(), leaf.begin());
                   TRY(on_leaf(leaf));
                   ++next;
                   return ok();
                 }));
    if (next == chunk_start) return inconsistent(next);  // the entries end before `to`
  }
  return ok();
}

}  // namespace

Result<std::uint64_t> stored_entries(storage::Transaction& tx) {
  const auto max_seq = TRY(tx.query_int("SELECT MAX(seq) FROM ledger_entries"));
  return max_seq ? static_cast<std::uint64_t>(*max_seq) + 1 : 0;
}

Result<std::uint64_t> stored_tiles_size(storage::Transaction& tx) {
  std::uint64_t size = 0;
  TRY(tx.query("SELECT tile_index, width FROM ledger_tiles WHERE level = 0 ORDER BY tile_index DESC LIMIT 1", {},
               [&](const storage::Row& row) -> Result<void> {
                 size = static_cast<std::uint64_t>(row.int64(0)) * tlog::kTileWidth +
                        static_cast<std::uint64_t>(row.int64(1));
                 return ok();
               }));
  return size;
}

Result<tlog::TileEdge> read_tile_edge(storage::Transaction& tx, std::uint64_t size) {
  std::vector<tlog::Tile> partials;
  for (std::uint64_t level = 0; level < tlog::tile_levels(size); ++level) {
    const auto id = tlog::partial_tile(size, level);
    const auto width = tlog::tile_width(id, size);
    partials.push_back(width == 0 ? tlog::Tile{} : TRY(read_tile(tx, id, width)));
  }
  return tlog::TileEdge(size, std::move(partials));
}

Result<tlog::Tile> read_full_tile(storage::Transaction& tx, const tlog::TileId& id) {
  return read_tile(tx, id, tlog::kTileWidth);
}

Result<void> write_tiles(storage::Transaction& tx, std::span<const tlog::FilledTile> filled,
                         const tlog::TileEdge& edge) {
  // A level's partial tile changes when a leaf is appended (level 0) or the tile below it fills.
  std::uint64_t top = 0;
  for (const auto& [id, tile] : filled) {
    TRY(put_tile(tx, id, tile));
    top = std::max(top, id.level + 1);
  }
  for (std::uint64_t level = 0; level <= top && level < edge.levels(); ++level)
    if (edge.partial(level).width() > 0) TRY(put_tile(tx, tlog::partial_tile(edge.size(), level), edge.partial(level)));
  return ok();
}

Result<void> extend_tiles(storage::Transaction& tx, tlog::TileEdge& edge, std::uint64_t size) {
  std::vector<tlog::FilledTile> filled;
  // Written chunk by chunk, so that memory stays bounded however many leaves are missing.
  while (edge.size() < size) {
    const auto to = std::min(size, edge.size() + static_cast<std::uint64_t>(kLeafChunk));
    TRY(for_each_leaf(tx, edge.size(), to, [&](const tlog::Hash& leaf) -> Result<void> {
      edge.append(leaf, filled);
      return ok();
    }));
    TRY(write_tiles(tx, filled, edge));
    filled.clear();
  }
  return ok();
}

Result<void> truncate_tiles(storage::Transaction& tx, std::uint64_t size) {
  const auto edge = TRY(read_tile_edge(tx, size));
  const storage::Param above[] = {as_int(edge.levels())};
  TRY(tx.execute("DELETE FROM ledger_tiles WHERE level >= ?", above));
  for (std::uint64_t level = 0; level < edge.levels(); ++level) {
    const auto id = tlog::partial_tile(size, level);
    const storage::Param beyond[] = {as_int(id.level), as_int(id.index)};
    TRY(tx.execute("DELETE FROM ledger_tiles WHERE level = ? AND tile_index >= ?", beyond));
    if (edge.partial(level).width() > 0) TRY(put_tile(tx, id, edge.partial(level)));
  }
  return ok();
}

Result<void> check_edge_against_entries(storage::Transaction& tx, const tlog::TileEdge& edge) {
  if (edge.levels() == 0) return ok();
  const auto hashes = edge.partial(0).hashes();
  std::uint64_t next = edge.size() - hashes.size();
  const auto first = next;
  return for_each_leaf(tx, first, edge.size(), [&](const tlog::Hash& leaf) -> Result<void> {
    if (leaf != hashes[next - first]) return inconsistent(next);
    ++next;
    return ok();
  });
}

Result<void> for_each_stored_tile(storage::Transaction& tx,
                                  const std::function<Result<void>(const StoredTile&)>& on_tile) {
  return tx.query(
      "SELECT level, tile_index, width, hashes FROM ledger_tiles ORDER BY level, tile_index", {},
      [&](const storage::Row& row) -> Result<void> {
        return on_tile({{static_cast<std::uint64_t>(row.int64(0)), static_cast<std::uint64_t>(row.int64(1))},
                        static_cast<std::uint64_t>(row.int64(2)),
                        row.blob(3)});
      });
}

std::shared_ptr<const tlog::Tile> TileCache::find(const tlog::TileId& id) {
  std::lock_guard lock(mutex_);
  const auto found = index_.find(id);
  if (found == index_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, found->second);
  return found->second->second;
}

void TileCache::insert(const tlog::TileId& id, std::shared_ptr<const tlog::Tile> tile) {
  std::lock_guard lock(mutex_);
  if (const auto found = index_.find(id); found != index_.end()) {
    recent_.splice(recent_.begin(), recent_, found->second);
    return;
  }
  recent_.emplace_front(id, std::move(tile));
  index_.emplace(id, recent_.begin());
  if (recent_.size() > capacity_) {
    index_.erase(recent_.back().first);
    recent_.pop_back();
  }
}

Result<tlog::Hash> TileReader::subtree(unsigned level, std::uint64_t index) const {
  const auto position = tlog::tile_position(level, index);
  if (const auto* hash = edge_->find(position)) return *hash;
  const auto tile = TRY(full_tile(position.tile));
  if (!tile->has(position.height, position.offset)) return tile_damaged(position.tile);
  return tile->node(position.height, position.offset);
}

Result<std::shared_ptr<const tlog::Tile>> TileReader::full_tile(const tlog::TileId& id) const {
  if (last_ && last_->first == id) return last_->second;
  auto tile = cache_.find(id);
  if (!tile) {
    // Full tiles never change, so any snapshot taken after the edge was published holds them.
    if (!tx_) tx_ = TRY(database_.begin(storage::TransactionMode::Read));
    tile = std::make_shared<const tlog::Tile>(TRY(read_full_tile(*tx_, id)));
    cache_.insert(id, tile);
  }
  last_ = {id, tile};
  return tile;
}

}  // namespace itaku::ledger
