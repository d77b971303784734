-- Both backends run this file; the column types in double braces are filled per backend
-- (src/itaku/storage/migrate.hpp lists them).
-- The decision log, the access log and monitoring read the newest rows of one contract, by
-- effect or person, or the accesses without a matching allow: each of these finds its page
-- through an index instead of reading the contract's whole history (docs/POLICY.md).
CREATE INDEX decisions_contract_index ON decisions (contract_id, ledger_index);
CREATE INDEX decisions_contract_effect ON decisions (contract_id, effect, ledger_index);
CREATE INDEX decisions_contract_person ON decisions (contract_id, person_id, ledger_index);
CREATE INDEX access_events_contract_index ON access_events (contract_id, ledger_index);
CREATE INDEX access_events_contract_effect ON access_events (contract_id, rule_effect, ledger_index);
CREATE INDEX access_events_contract_person ON access_events (contract_id, person_id, ledger_index);
CREATE INDEX access_events_unmatched ON access_events (contract_id, ledger_index) WHERE matched_decision IS NULL;
