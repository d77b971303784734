#include "itaku/tlog/tile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace itaku::tlog {
namespace {

Hash numbered_leaf(std::uint64_t i) {
  std::uint8_t bytes[8];
  for (int k = 0; k < 8; ++k) bytes[k] = static_cast<std::uint8_t>(i >> (56 - 8 * k));
  return leaf_hash(ByteView(bytes));
}

// The tile `id` of `tree` at its current size, cut from the tree's stored levels.
Tile tile_of(const Tree& tree, const TileId& id) {
  std::vector<Hash> hashes;
  const auto width = tile_width(id, tree.size());
  for (std::uint64_t i = 0; i < width; ++i)
    hashes.push_back(tree.node(static_cast<unsigned>(id.level * kTileHeight), id.index * kTileWidth + i));
  return Tile(hashes);
}

TEST(Tiles, WidthsFollowTheTreeSizeAtEveryLevel) {
  EXPECT_EQ(tile_levels(0), 0u);
  EXPECT_EQ(tile_levels(255), 1u);
  EXPECT_EQ(tile_levels(256), 2u);
  EXPECT_EQ(tile_levels(65536), 3u);
  EXPECT_EQ(tile_width({0, 0}, 300), 256u);
  EXPECT_EQ(tile_width({0, 1}, 300), 44u);
  EXPECT_EQ(tile_width({0, 2}, 300), 0u);
  EXPECT_EQ(tile_width({1, 0}, 300), 1u);
  EXPECT_EQ(tile_width({1, 0}, 65535), 255u);
  EXPECT_EQ(tile_width({2, 0}, 65536), 1u);
  EXPECT_EQ(partial_tile(65536 + 513, 0), (TileId{0, 258}));
  EXPECT_EQ(partial_tile(65536 + 513, 1), (TileId{1, 1}));
  EXPECT_EQ(hashes_at_level(~std::uint64_t{0}, 8), 0u);
}

TEST(Tiles, EverySubtreeOfATreeIsFoundInTheTileThatHoldsIt) {
  Tree tree;
  for (std::uint64_t i = 0; i < 70'000; ++i) tree.append(numbered_leaf(i));
  std::map<TileId, Tile> tiles;
  for (unsigned level = 0; (tree.size() >> level) > 0; ++level)
    for (std::uint64_t index = 0; index < (tree.size() >> level); index += 1 + index / 7) {
      const auto position = tile_position(level, index);
      auto found = tiles.find(position.tile);
      if (found == tiles.end()) found = tiles.emplace(position.tile, tile_of(tree, position.tile)).first;
      ASSERT_TRUE(found->second.has(position.height, position.offset)) << level << "/" << index;
      EXPECT_EQ(found->second.node(position.height, position.offset), tree.node(level, index)) << level << "/" << index;
    }
}

TEST(Tiles, AnEdgeGivesTheTreesRootAtEverySizeAndFillsTheTreesTiles) {
  Tree tree;
  TileEdge edge;
  std::vector<FilledTile> filled;
  EXPECT_EQ(edge.root(), empty_root());
  for (std::uint64_t i = 0; i < 66'000; ++i) {
    const auto leaf = numbered_leaf(i);
    tree.append(leaf);
    edge.append(leaf, filled);
    if (i < 1100 || (i % 256) >= 254 || (i > 65'000 && i % 61 == 0)) {
      ASSERT_EQ(edge.root(), tree.root()) << "size " << tree.size();
      for (std::uint64_t level = 0; level < edge.levels(); ++level) {
        const auto id = partial_tile(edge.size(), level);
        ASSERT_TRUE(std::ranges::equal(edge.partial(level).hashes(), tile_of(tree, id).hashes()));
      }
    }
  }
  // Every full tile was handed over once, level by level as it filled, with the tree's hashes.
  EXPECT_EQ(filled.size(), 66'000u / 256 + 1);
  for (const auto& [id, tile] : filled) {
    EXPECT_EQ(tile.width(), kTileWidth);
    EXPECT_TRUE(std::ranges::equal(tile.hashes(), tile_of(tree, id).hashes())) << id.level << "/" << id.index;
  }
}

TEST(Tiles, AnEdgeRebuiltFromItsPartialTilesAppendsAsTheOriginal) {
  Tree tree;
  TileEdge edge;
  std::vector<FilledTile> filled;
  for (std::uint64_t i = 0; i < 65'791; ++i) {
    tree.append(numbered_leaf(i));
    edge.append(numbered_leaf(i), filled);
  }
  std::vector<Tile> partials;
  for (std::uint64_t level = 0; level < tile_levels(tree.size()); ++level)
    partials.push_back(tile_of(tree, partial_tile(tree.size(), level)));
  TileEdge rebuilt(tree.size(), std::move(partials));
  EXPECT_EQ(rebuilt.root(), edge.root());
  for (std::uint64_t i = 65'791; i < 66'100; ++i) {
    tree.append(numbered_leaf(i));
    rebuilt.append(numbered_leaf(i), filled);
    ASSERT_EQ(rebuilt.root(), tree.root()) << "size " << tree.size();
  }
}

TEST(Tiles, TheStoredFormIsTheHashesBackToBack) {
  const Hash hashes[] = {numbered_leaf(1), numbered_leaf(2), numbered_leaf(3)};
  const Tile tile(hashes);
  ASSERT_EQ(tile.bytes().size(), 96u);
  EXPECT_TRUE(std::equal(hashes[1].begin(), hashes[1].end(), tile.bytes().begin() + 32));
  const auto read = Tile::from_bytes(tile.bytes(), 3);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->node(1, 0), node_hash(hashes[0], hashes[1]));
  EXPECT_FALSE(read->has(1, 1));
  EXPECT_FALSE(Tile::from_bytes(tile.bytes(), 2).has_value());
  EXPECT_FALSE(Tile::from_bytes(tile.bytes().first(95), 3).has_value());
}

TEST(Tiles, AnEdgeRefusesSubtreesOutsideItsPartialTiles) {
  TileEdge edge;
  std::vector<FilledTile> filled;
  for (std::uint64_t i = 0; i < 300; ++i) edge.append(numbered_leaf(i), filled);
  EXPECT_TRUE(edge.subtree(8, 0).ok());    // the level-1 partial tile's only hash
  EXPECT_TRUE(edge.subtree(0, 299).ok());  // in the level-0 partial tile
  auto inside_a_full_tile = edge.subtree(0, 3);
  ASSERT_FALSE(inside_a_full_tile.ok());
  EXPECT_EQ(inside_a_full_tile.error().code, "tlog.subtree_not_held");
  EXPECT_FALSE(edge.subtree(6, 4).ok());  // leaves 256…319: beyond the tree
}

TEST(TilePaths, AreWrittenAndReadAsTheSpecificationWritesThem) {
  // The specification's own example: index 1234067 is x001/x234/067.
  const std::map<std::string, TilePath> paths = {
      {"0/000", {TileKind::Hashes, {0, 0}, kTileWidth}},
      {"0/x001/x234/067", {TileKind::Hashes, {0, 1234067}, kTileWidth}},
      {"2/x001/000.p/7", {TileKind::Hashes, {2, 1000}, 7}},
      {"63/999.p/255", {TileKind::Hashes, {63, 999}, 255}},
      {"entries/001.p/1", {TileKind::Entries, {0, 1}, 1}},
      {"entries/x018/x446/x744/x073/x709/x551/615", {TileKind::Entries, {0, 18446744073709551615U}, kTileWidth}},
  };
  for (const auto& [text, path] : paths) {
    EXPECT_EQ(tile_path(path), text);
    const auto read = parse_tile_path(text);
    ASSERT_TRUE(read.has_value()) << text;
    EXPECT_EQ(*read, path) << text;
  }
}

TEST(TilePaths, AnythingButTheOneNameOfAResourceIsRefused) {
  for (const std::string_view bad : {"",
                                     "0",
                                     "0/",
                                     "0/0",
                                     "0/0000",
                                     "0/1",
                                     "0/00a",
                                     "0/001/",
                                     "0//001",
                                     "/0/001",
                                     "00/001",
                                     "01/001",
                                     "64/000",
                                     "-1/000",
                                     "0/x000/001",
                                     "0/001/002",
                                     "0/x1/002",
                                     "0/x001/x002",
                                     "0/y001/002",
                                     "0/001.p/0",
                                     "0/001.p/256",
                                     "0/001.p/07",
                                     "0/001.p/",
                                     "0/001.p",
                                     "0/001.p/5/6",
                                     "0/001.p/5.p/6",
                                     "0/.p/5",
                                     "entries/",
                                     "entries/1",
                                     "entry/000",
                                     "0/x018/x446/x744/x073/x709/x551/616",
                                     "0/x001/x000/x000/x000/x000/x000/x000/000",
                                     "0/000 ",
                                     "0/٠٠١",
                                     "tile/0/000"})
    EXPECT_FALSE(parse_tile_path(bad).has_value()) << bad;
}

TEST(TilePaths, AnIndexBeyondAnyTreeHasNoHashes) {
  // A URL may name an index near 2^64: no tree holds it, and no product of it wraps around.
  EXPECT_EQ(tile_width({0, 18446744073709551615U}, 1000), 0u);
  EXPECT_EQ(tile_width({0, std::uint64_t{1} << 56}, 1000), 0u);
  EXPECT_EQ(tile_width({1, std::uint64_t{1} << 56}, std::numeric_limits<std::uint64_t>::max()), 0u);
  EXPECT_EQ(tile_width({0, 3}, 1000), 232u);
  EXPECT_EQ(tile_width({63, 0}, std::numeric_limits<std::uint64_t>::max()), 0u);
}

}  // namespace
}  // namespace itaku::tlog
