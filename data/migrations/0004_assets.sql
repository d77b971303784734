-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- Information assets, custody, receipts, access decisions and observed accesses
-- (docs/EVENTS.md, docs/POLICY.md). Projections: every row is rebuilt from the ledger.
CREATE TABLE asset_classes (
  contract_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,        -- canonical JSON of the class (actions and conditions)
  ledger_index {{int64}} NOT NULL, -- the definition in force
  PRIMARY KEY (contract_id, id)
);
CREATE TABLE assets (
  contract_id TEXT NOT NULL,
  id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  description TEXT NOT NULL,
  origin TEXT NOT NULL,            -- city, created, acquired, copy
  copy_of TEXT NOT NULL,
  media TEXT NOT NULL,
  quantity TEXT NOT NULL,
  custodian_id TEXT NOT NULL,
  location TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL,
  PRIMARY KEY (contract_id, id)
);
-- Every hand-over (授受); custody moves when it is acknowledged.
CREATE TABLE custody_transfers (
  contract_id TEXT NOT NULL,
  id TEXT NOT NULL,
  assets TEXT NOT NULL,            -- JSON array of asset ids
  from_person TEXT NOT NULL,
  to_person TEXT NOT NULL,
  note TEXT NOT NULL,
  transferred_at TEXT NOT NULL,
  acknowledged_by TEXT,
  acknowledged_at TEXT,
  receipt_number TEXT,
  receipt_index {{int64}},
  ledger_index {{int64}} NOT NULL,
  PRIMARY KEY (contract_id, id)
);
CREATE TABLE decisions (
  ledger_index {{int64}} PRIMARY KEY,
  contract_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  action TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  effect TEXT NOT NULL,            -- allow, deny
  reason_code TEXT NOT NULL,       -- the deciding reason ('' for allow)
  clause TEXT NOT NULL,
  device TEXT NOT NULL,
  location TEXT NOT NULL,
  purpose TEXT NOT NULL,
  decided_at TEXT NOT NULL,        -- the time the request names (UTC)
  actor TEXT NOT NULL
);
CREATE INDEX decisions_contract ON decisions (contract_id, decided_at);
-- Accesses observed by the contractor's own systems, checked after the fact.
CREATE TABLE access_events (
  ledger_index {{int64}} PRIMARY KEY,
  contract_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  action TEXT NOT NULL,
  asset_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  device TEXT NOT NULL,
  location TEXT NOT NULL,
  purpose TEXT NOT NULL,
  accessed_at TEXT NOT NULL,
  rule_effect TEXT NOT NULL,       -- what the rules say of it now: allow, deny
  reason_code TEXT NOT NULL,
  clause TEXT NOT NULL,
  matched_decision {{int64}},      -- the allow decision it matches, NULL when none
  actor TEXT NOT NULL
);
CREATE INDEX access_events_contract ON access_events (contract_id, accessed_at);
