-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- Authentication (docs/AUTH.md). credentials, sessions and api_tokens hold secrets (or their
-- hashes) that never go into the ledger: they are NOT projections, replay leaves them alone.
-- roles and the two new users columns are projections of ledger events like those of 0002.
CREATE TABLE credentials (
  login TEXT PRIMARY KEY,
  password_hash TEXT,              -- Argon2id string from crypto_pwhash_str; NULL until set
  totp_secret TEXT,                -- base64(nonce ‖ crypto_secretbox_easy) under keys/secrets.key
  totp_enabled {{int64}} NOT NULL DEFAULT 0,   -- 1 once confirmed with a code
  totp_last_step {{int64}} NOT NULL DEFAULT 0, -- the last accepted 30 s step: a code is used once
  failed_count {{int64}} NOT NULL DEFAULT 0,   -- consecutive failed sign-ins
  locked_until {{int64}},          -- Unix microseconds; NULL when not locked
  updated_at {{int64}} NOT NULL    -- Unix microseconds
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,             -- names the session in logs and principals; not a secret
  token_hash TEXT NOT NULL UNIQUE, -- hex SHA-256 of the cookie value (the value is never stored)
  login TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at {{int64}} NOT NULL,   -- Unix microseconds
  expires_at {{int64}} NOT NULL,   -- Unix microseconds; moved forward while the session is used
  revoked {{int64}} NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_login ON sessions (login);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE, -- hex SHA-256 of the token (the token is shown once, never stored)
  login TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,       -- empty: every contract of the organisation
  label TEXT NOT NULL,
  created_at {{int64}} NOT NULL,   -- Unix microseconds
  revoked_at {{int64}},
  last_used_at {{int64}}
);
-- Projection: city roles granted on a contract (role.granted, removed by role.revoked).
CREATE TABLE roles (
  person_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  role TEXT NOT NULL,              -- city_officer, city_approver, city_auditor
  ledger_index {{int64}} NOT NULL,
  PRIMARY KEY (person_id, contract_id, role)
);
-- Projection: user.admin_granted and user.disabled.
ALTER TABLE users ADD COLUMN admin TEXT NOT NULL DEFAULT 'no';
ALTER TABLE users ADD COLUMN disabled TEXT NOT NULL DEFAULT 'no';
