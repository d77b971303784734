-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- ID badges (身分証明書等; 木更津市 第11条(1)), docs/EVENTS.md. A projection: every row is
-- rebuilt from the ledger.
CREATE TABLE badges (
  contract_id TEXT NOT NULL,
  number TEXT NOT NULL,
  person_id TEXT NOT NULL,
  organisation_id TEXT NOT NULL,   -- the holder's party
  issued_on TEXT NOT NULL,         -- YYYY-MM-DD
  expires_on TEXT NOT NULL,        -- YYYY-MM-DD
  status TEXT NOT NULL,            -- issued, returned, lost
  lost_note TEXT NOT NULL,
  return_due_at TEXT,              -- the holder left while it was out (badge.return_due), UTC
  return_due_reason TEXT,          -- left_roster, departed
  closed_at TEXT,                  -- returned or reported lost, UTC
  closed_index {{int64}},
  ledger_index {{int64}} NOT NULL, -- badge.issued
  PRIMARY KEY (contract_id, number)
);
-- The badges of leavers still out: what the city follows up.
CREATE INDEX badges_return_outstanding ON badges (contract_id, return_due_at)
  WHERE status = 'issued' AND return_due_at IS NOT NULL;
