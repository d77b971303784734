// The tree stored as tiles: a reopened ledger proves exactly what the in-memory tree proves,
// a batch that fails leaves no tiles, a database without tiles gets them built when opened, and
// verify names a tile that differs from the entries' tree.

#include "itaku/ledger/tiles.hpp"

#include <atomic>
#include <map>
#include <thread>
#include <tuple>

#include "itaku/ledger/entries.hpp"
#include "itaku/ledger/verify.hpp"
#include "ledger_fixture.hpp"

namespace itaku::testing {
namespace {

using TileRows = std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::int64_t, Bytes>>;

class TilesTest : public LedgerTest {
 protected:
  // Appends `count` events, `batch` to a transaction: a few thousand entries cost a few commits.
  static void append_in_batches(ledger::Ledger& ledger, std::uint64_t count, std::uint64_t batch) {
    std::vector<CanonicalJson> events;
    for (std::uint64_t done = 0; done < count; done += events.size()) {
      events.clear();
      for (std::uint64_t i = 0; i < std::min(batch, count - done); ++i)
        events.push_back(event({{"type", "test"}, {"n", done + i}}));
      ASSERT_TRUE(ledger.append_all(events).ok());
    }
  }

  // The tree recomputed from the stored entries, in memory.
  tlog::Tree stored_tree() {
    tlog::Tree tree;
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    EXPECT_TRUE(ledger::for_each_stored_entry(*tx, [&](const ledger::StoredEntry& stored) {
                  tree.append(tlog::leaf_hash(as_bytes(stored.entry)));
                  return ok();
                }).ok());
    return tree;
  }

  TileRows stored_tiles() {
    TileRows rows;
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    EXPECT_TRUE(
        tx->query("SELECT level, tile_index, width, hashes FROM ledger_tiles", {}, [&](const storage::Row& row) {
            rows[{row.int64(0), row.int64(1)}] = {row.int64(2), Bytes(row.blob(3).begin(), row.blob(3).end())};
            return ok();
          }).ok());
    return rows;
  }

  // Replaces one byte of a stored tile's hashes.
  void damage_tile(std::int64_t level, std::int64_t index, std::size_t byte) {
    auto hashes = stored_tiles().at({level, index}).second;
    hashes.at(byte) ^= 0x01;
    sql("UPDATE ledger_tiles SET hashes = ? WHERE level = ? AND tile_index = ?", {storage::Blob{hashes}, level, index});
  }

  Error verify_error() {
    auto report = ledger::verify_database(*database_, verifier_key(), {});
    EXPECT_FALSE(report.ok()) << "the damage was not detected";
    return report.ok() ? Error{} : report.error();
  }

  // Compares the ledger's roots, proofs and leaf hashes with those of `tree`, at sizes spread
  // over the whole ledger and at every size around a tile boundary.
  static void expect_proofs_match(const ledger::Ledger& ledger, const tlog::Tree& tree) {
    const auto n = tree.size();
    ASSERT_EQ(ledger.size(), n);
    std::vector<std::uint64_t> sizes;
    for (std::uint64_t size = 1; size < n; size += (size % 256 >= 253 || size % 256 <= 1) ? 1 : 41)
      sizes.push_back(size);
    sizes.push_back(n);
    for (const auto size : sizes) {
      ASSERT_EQ(ledger.root_at(size).value(), tree.root_at(size).value()) << "size " << size;
      for (const auto index : {std::uint64_t{0}, size / 3, size / 2, size - 1})
        ASSERT_EQ(ledger.inclusion_proof(index, size).value(), tree.inclusion_proof(index, size).value())
            << index << " in " << size;
      ASSERT_EQ(ledger.consistency_proof(size / 2, size).value(), tree.consistency_proof(size / 2, size).value())
          << size;
      ASSERT_EQ(ledger.consistency_proof(size, n).value(), tree.consistency_proof(size, n).value()) << size;
    }
    std::vector<std::uint64_t> indices;
    for (const auto index : {std::uint64_t{0}, std::uint64_t{3}, std::uint64_t{255}, std::uint64_t{256}, n / 2, n - 1})
      if (index < n && (indices.empty() || index > indices.back())) indices.push_back(index);
    EXPECT_EQ(ledger.multi_inclusion_proof(indices, n).value(), tree.multi_inclusion_proof(indices, n).value());
    for (const auto index : indices) EXPECT_EQ(ledger.leaf_hash(index).value(), tree.leaf(index));
  }
};

TEST_P(TilesTest, AReopenedLedgerProvesWhatTheInMemoryTreeProvesAndAppendsOnIt) {
  // Sizes after each step: 255, 256, 257, 557, 770, 1282, 1285.
  const std::pair<std::uint64_t, std::uint64_t> steps[] = {{254, 254}, {1, 1},     {1, 1}, {300, 100},
                                                           {213, 213}, {512, 512}, {3, 1}};
  for (const auto& [count, batch] : steps) {
    {
      auto ledger = open();
      append_in_batches(*ledger, count, batch);
      expect_proofs_match(*ledger, stored_tree());
    }
    auto reopened = open();
    expect_proofs_match(*reopened, stored_tree());
    EXPECT_EQ(reopened->latest_checkpoint()->checkpoint.root, stored_tree().root());
  }
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->tiles, 7u);  // level 0: five full and one of 5; level 1: one of 5
}

TEST_P(TilesTest, ReadersProveWhileTheWriterAppends) {
  auto ledger = open();
  std::atomic<bool> stop{false};
  std::atomic<int> proofs{0};
  std::atomic<int> failures{0};
  std::thread reader([&] {
    for (std::uint64_t round = 0; !stop; ++round) {
      const auto size = ledger->size();
      const auto index = (round * 7919) % size;
      auto root = ledger->root_at(size);
      auto proof = ledger->inclusion_proof(index, size);
      auto leaf = ledger->leaf_hash(index);
      if (!root.ok() || !proof.ok() || !leaf.ok() || !tlog::verify_inclusion(*leaf, index, size, *proof, *root))
        ++failures;
      ++proofs;
    }
  });
  append_in_batches(*ledger, 700, 9);
  while (proofs < 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop = true;
  reader.join();
  EXPECT_EQ(failures, 0);
  expect_proofs_match(*ledger, stored_tree());
}

TEST_P(TilesTest, ABatchThatFailsAfterWritingItsTilesLeavesNone) {
  auto ledger = open({.checkpoint_interval = std::chrono::milliseconds(0)});
  append_in_batches(*ledger, 250, 250);
  const auto before = stored_tiles();
  // A row already filed under the size the next batch signs makes its checkpoint insert fail
  // after its entries and tiles (one full tile and a new level) are written.
  sql("INSERT INTO ledger_checkpoints (tree_size, note, created_at_us) VALUES (551, 'in the way', 0)");
  std::vector<CanonicalJson> events;
  for (int i = 0; i < 300; ++i) events.push_back(event({{"n", i}}));
  EXPECT_FALSE(ledger->append_all(events).ok());
  EXPECT_EQ(ledger->size(), 251u);
  EXPECT_EQ(stored_tiles(), before);
  sql("DELETE FROM ledger_checkpoints WHERE tree_size = 551");
  EXPECT_EQ(ledger->append_all(events).value(), 251u);
  expect_proofs_match(*ledger, stored_tree());
  ledger.reset();
  EXPECT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
}

TEST_P(TilesTest, ADatabaseWithoutTilesHasThemBuiltWhenOpened) {
  {
    auto ledger = open();
    append_in_batches(*ledger, 800, 200);
  }
  const auto before = stored_tiles();
  ASSERT_EQ(before.size(), 5u);  // level 0: three full and one of 33; level 1: one of 3
  // As a database written before the tiles existed: verify has nothing to check yet.
  sql("DELETE FROM ledger_tiles");
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->tiles, 0u);
  {
    auto ledger = open();
    EXPECT_EQ(stored_tiles(), before);
    expect_proofs_match(*ledger, stored_tree());
  }
  // A build that stopped part way goes on from the tiles there are.
  sql("DELETE FROM ledger_tiles WHERE level = 0 AND tile_index >= 2");
  {
    auto ledger = open();
    EXPECT_EQ(stored_tiles(), before);
    append_in_batches(*ledger, 300, 300);
    expect_proofs_match(*ledger, stored_tree());
  }
  EXPECT_TRUE(ledger::verify_database(*database_, verifier_key(), {}).ok());
}

TEST_P(TilesTest, VerifyNamesATileThatDiffersFromTheEntriesTree) {
  {
    auto ledger = open();
    append_in_batches(*ledger, 600, 600);
  }
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->tiles, 4u);
  const auto original = stored_tiles();

  damage_tile(0, 1, 5000);
  auto error = verify_error();
  EXPECT_EQ(error.kind, ErrorKind::Tampered);
  EXPECT_EQ(error.code, "ledger.tile_mismatch");
  EXPECT_EQ(error.context["level"], "0");
  EXPECT_EQ(error.context["tile_index"], "1");

  damage_tile(0, 1, 5000);  // back as it was
  damage_tile(1, 0, 40);
  error = verify_error();
  EXPECT_EQ(error.code, "ledger.tile_mismatch");
  EXPECT_EQ(error.context["level"], "1");
  EXPECT_EQ(error.context["tile_index"], "0");
  damage_tile(1, 0, 40);

  sql("DELETE FROM ledger_tiles WHERE level = 0 AND tile_index = 0");
  error = verify_error();
  EXPECT_EQ(error.code, "ledger.tile_mismatch");
  EXPECT_EQ(error.context["level"], "0");
  EXPECT_EQ(error.context["tile_index"], "0");

  const auto& [width, hashes] = original.at({0, 0});
  sql("INSERT INTO ledger_tiles (level, tile_index, width, hashes) VALUES (0, 0, ?, ?)",
      {std::int64_t{width - 1}, storage::Blob{ByteView(hashes).first(hashes.size() - 32)}});
  error = verify_error();
  EXPECT_EQ(error.code, "ledger.tile_mismatch");
  EXPECT_EQ(error.context["tile_index"], "0");
}

TEST_P(TilesTest, OpeningOnDamagedTilesIsRefusedAndAProofNeedingAMissingOneFails) {
  {
    auto ledger = open();
    append_in_batches(*ledger, 600, 600);
  }
  // The level-1 tile gives the root: it no longer matches the signed checkpoint.
  damage_tile(1, 0, 3);
  auto signer = ledger::load_signing_key(dir_.path()).release_value();
  auto opened = ledger::Ledger::open(*database_, signer, clock_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.tiles_mismatch");
  damage_tile(1, 0, 3);
  // The partial level-0 tile is checked against the stored leaf hashes it copies.
  damage_tile(0, 2, 32 * 10);
  opened = ledger::Ledger::open(*database_, signer, clock_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ledger.inconsistent");
  EXPECT_EQ(opened.error().context.at("index"), "522");
  damage_tile(0, 2, 32 * 10);
  // A full tile is read only when a proof needs it.
  sql("DELETE FROM ledger_tiles WHERE level = 0 AND tile_index = 0");
  auto ledger = open();
  EXPECT_TRUE(ledger->inclusion_proof(500, 601).ok());
  auto proof = ledger->inclusion_proof(3, 601);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.error().code, "ledger.tile_damaged");
  EXPECT_EQ(proof.error().context.at("tile_index"), "0");
}

TEST_P(TilesTest, TilesAheadOfTheEntriesAreCutBackWhenOpened) {
  {
    auto ledger = open();
    append_in_batches(*ledger, 600, 600);
  }
  // Entries removed at the end, and their checkpoint, but not their tiles.
  sql("DELETE FROM ledger_entries WHERE seq >= 400");
  sql("DELETE FROM ledger_checkpoints WHERE tree_size > 400");
  EXPECT_EQ(verify_error().code, "ledger.tile_mismatch");
  {
    auto ledger = open();
    EXPECT_EQ(ledger->size(), 400u);
    append_in_batches(*ledger, 300, 100);
    expect_proofs_match(*ledger, stored_tree());
  }
  auto report = ledger::verify_database(*database_, verifier_key(), {});
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->entries, 700u);
}

TEST_P(TilesTest, ATileIsServedAsTheTreeOfTheAskedSizeHoldsIt) {
  // 65,836 entries: 257 full level-0 tiles, a full level-1 tile and a level-2 tile of one hash.
  {
    auto ledger = open();
    append_in_batches(*ledger, 65'836 - ledger->size(), 8192);
  }
  const auto tree = stored_tree();
  // What a tile of `size` must hold: the tree's hashes at 256^level leaves each.
  const auto expected = [&](const tlog::TileId& id, std::uint64_t width) {
    Bytes bytes;
    for (std::uint64_t i = 0; i < width; ++i) {
      const auto hash = tree.node(static_cast<unsigned>(id.level * tlog::kTileHeight), id.index * tlog::kTileWidth + i);
      bytes.insert(bytes.end(), hash.begin(), hash.end());
    }
    return bytes;
  };
  // Reopened, nothing cached: full tiles come from the database, partial ones from the edge.
  auto ledger = open();
  const std::tuple<tlog::TileId, std::uint64_t, std::uint64_t> cases[] = {
      {{0, 0}, 256, 65'836},  {{0, 0}, 37, 65'836},  {{0, 256}, 256, 65'836}, {{0, 257}, 44, 65'836},
      {{1, 0}, 256, 65'836},  {{1, 1}, 1, 65'836},   {{2, 0}, 1, 65'836},     {{0, 3}, 200, 1000},
      {{1, 0}, 3, 1000},      {{1, 0}, 255, 65'535}, {{0, 255}, 255, 65'535}, {{1, 0}, 256, 65'536},
      {{0, 257}, 12, 65'804}, {{2, 0}, 1, 65'536}};
  for (const auto& [id, width, size] : cases) {
    const auto tile = ledger->tile(id, width, size);
    ASSERT_TRUE(tile.ok()) << id.level << "/" << id.index << " width " << width << " at " << size << ": "
                           << tile.error().describe();
    EXPECT_EQ(*tile, expected(id, width)) << id.level << "/" << id.index << " width " << width << " at " << size;
  }
  // Not in the tree of that size: a tile beyond it, wider than it, or of a level it lacks; an
  // empty width; a size beyond the ledger.
  const std::tuple<tlog::TileId, std::uint64_t, std::uint64_t, const char*> refused[] = {
      {{0, 257}, 256, 65'836, "ledger.no_tile"}, {{0, 257}, 45, 65'836, "ledger.no_tile"},
      {{0, 258}, 1, 65'836, "ledger.no_tile"},   {{1, 0}, 256, 65'535, "ledger.no_tile"},
      {{2, 0}, 1, 65'535, "ledger.no_tile"},     {{3, 0}, 1, 65'836, "ledger.no_tile"},
      {{0, 0}, 0, 65'836, "ledger.no_tile"},     {{0, 18'446'744'073'709'551'615U}, 256, 65'836, "ledger.no_tile"},
      {{0, 0}, 1, 65'837, "ledger.beyond_size"}};
  for (const auto& [id, width, size, code] : refused) {
    const auto tile = ledger->tile(id, width, size);
    ASSERT_FALSE(tile.ok()) << id.level << "/" << id.index << " width " << width << " at " << size;
    EXPECT_EQ(tile.error().code, code) << id.level << "/" << id.index << " width " << width << " at " << size;
  }
  // The entries of a bundle, as stored.
  const auto entries = ledger->entries(65'790, 46);
  ASSERT_TRUE(entries.ok()) << entries.error().describe();
  ASSERT_EQ(entries->size(), 46u);
  EXPECT_EQ(entries->front(), ledger->entry(65'790).value());
  EXPECT_EQ(ledger->entries(65'790, 47).error().code, "ledger.no_entry");
}

INSTANTIATE_TEST_SUITE_P(Backends, TilesTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
