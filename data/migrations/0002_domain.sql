-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- Projections of the domain events (docs/EVENTS.md). Every row is derived from ledger entries
-- and can be rebuilt from them (itaku replay); ledger_index names the entry that wrote it.
CREATE TABLE organisations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,              -- city, contractor, subcontractor
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL
);
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  email TEXT NOT NULL,
  status TEXT NOT NULL,            -- active, transferred, left (never deleted)
  departed_at TEXT,                -- UTC, when status is not active
  departure_index {{int64}},
  ledger_index {{int64}} NOT NULL
);
CREATE TABLE users (
  login TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL
);
CREATE TABLE provision_sets (
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  municipality TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,            -- the TOML text
  ledger_index {{int64}} NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  city_id TEXT NOT NULL,
  contractor_id TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_until TEXT NOT NULL,
  work_description TEXT NOT NULL,
  state TEXT NOT NULL,             -- draft, active, closing, closed
  provisions_name TEXT NOT NULL,
  provisions_version TEXT NOT NULL,
  provisions_hash TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL
);
CREATE TABLE contract_parties (
  contract_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  role TEXT NOT NULL,              -- city (甲), contractor (乙), subcontractor (丙)
  parent_id TEXT NOT NULL,         -- the party that engaged a subcontractor
  ledger_index {{int64}} NOT NULL,
  PRIMARY KEY (contract_id, organisation_id)
);
CREATE TABLE roster_versions (
  contract_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  version {{int64}} NOT NULL,
  roster TEXT NOT NULL,            -- canonical JSON of the whole roster at this version
  note TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL,
  acknowledged_by TEXT,
  acknowledged_at TEXT,
  acknowledged_index {{int64}},
  PRIMARY KEY (contract_id, organisation_id, version)
);
CREATE TABLE roster_members (
  contract_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  version {{int64}} NOT NULL,
  person_id TEXT NOT NULL,
  role TEXT NOT NULL,              -- responsible, information_manager, worker
  work TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_until TEXT NOT NULL,
  PRIMARY KEY (contract_id, organisation_id, version, person_id, role)
);
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  recipient_id TEXT NOT NULL,
  subject_ja TEXT NOT NULL,
  subject_en TEXT NOT NULL,
  body_ja TEXT NOT NULL,
  reference TEXT NOT NULL,
  created_at TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL
);
-- Mail to send (transactional outbox): written with the notification, delivered later.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL,
  channel TEXT NOT NULL,           -- email
  recipient_id TEXT NOT NULL,      -- organisation; addresses are resolved at delivery
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,            -- pending
  created_at TEXT NOT NULL,
  ledger_index {{int64}} NOT NULL
);
