-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- The ledger: entries in order, each with its RFC 9162 leaf hash, and signed checkpoints.
CREATE TABLE ledger_entries (
  seq {{int64}} PRIMARY KEY,     -- 0, 1, 2, …; the entry's index in the Merkle tree
  leaf_hash {{bytes}} NOT NULL,  -- SHA-256(0x00 ‖ entry)
  entry {{bytes}} NOT NULL       -- canonical JSON bytes
);
CREATE TABLE ledger_checkpoints (
  tree_size {{int64}} PRIMARY KEY,
  note TEXT NOT NULL,            -- C2SP signed note of a tlog-checkpoint
  created_at_us {{int64}} NOT NULL -- Unix microseconds, UTC
);
CREATE TABLE ledger_meta (
  key TEXT PRIMARY KEY,          -- 'origin', 'verifier_key'
  value TEXT NOT NULL
);
