-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- The ledger's Merkle tree as tiles (C2SP tlog-tiles with tile height 8; docs/LEDGER.md), so
-- that opening the ledger and proving an entry read a few rows instead of every leaf hash. One
-- row per tile, written in the transaction of the entries it covers; a partial tile's row is
-- replaced as it grows. Derived from ledger_entries.leaf_hash: a database without them (written
-- before this migration, or with the rows deleted) has them rebuilt when the ledger is opened.
CREATE TABLE ledger_tiles (
  level {{int64}} NOT NULL,       -- 0: leaf hashes; L: roots of the 256^L-leaf subtrees
  tile_index {{int64}} NOT NULL,  -- N: the hashes at positions 256·N … 256·N + width - 1
  width {{int64}} NOT NULL,       -- 1 … 256; a full tile (256) never changes
  hashes {{bytes}} NOT NULL,      -- width × 32 bytes, the hashes back to back
  PRIMARY KEY (level, tile_index)
);
