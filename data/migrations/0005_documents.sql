-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- Issued documents (document.issued, docs/EVENTS.md): which file was handed out for which
-- fact, by its SHA-256. A projection: every row is rebuilt from the ledger.
CREATE TABLE issued_documents (
  sha256 TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL,
  kind TEXT NOT NULL,             -- receipt
  of_index {{int64}} NOT NULL,    -- the ledger entry the document is about (receipt.issued)
  size {{int64}} NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL -- the document.issued entry
);
CREATE UNIQUE INDEX issued_documents_of ON issued_documents (kind, of_index);
-- The bytes of each issued document, so that serving it again gives the very file whose hash
-- the ledger holds. Not a projection: written with the document.issued event, in its
-- transaction (like a credential), and kept by backups.
CREATE TABLE document_files (
  sha256 TEXT PRIMARY KEY,
  bytes {{bytes}} NOT NULL
);
