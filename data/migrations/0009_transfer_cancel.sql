-- A hand-over withdrawn by the handing side before it was acknowledged (custody.cancelled).
ALTER TABLE custody_transfers ADD COLUMN cancelled_by TEXT;
ALTER TABLE custody_transfers ADD COLUMN cancelled_at TEXT;
ALTER TABLE custody_transfers ADD COLUMN cancel_reason TEXT;
