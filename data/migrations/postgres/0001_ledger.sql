-- The ledger: entries in order, each with its RFC 9162 leaf hash, and signed checkpoints.
CREATE TABLE ledger_entries (
  seq BIGINT PRIMARY KEY,        -- 0, 1, 2, …; the entry's index in the Merkle tree
  leaf_hash BYTEA NOT NULL,      -- SHA-256(0x00 ‖ entry)
  entry BYTEA NOT NULL           -- canonical JSON bytes
);
CREATE TABLE ledger_checkpoints (
  tree_size BIGINT PRIMARY KEY,
  note TEXT NOT NULL,            -- C2SP signed note of a tlog-checkpoint
  created_at_us BIGINT NOT NULL  -- Unix microseconds, UTC
);
CREATE TABLE ledger_meta (
  key TEXT PRIMARY KEY,          -- 'origin', 'verifier_key'
  value TEXT NOT NULL
);
