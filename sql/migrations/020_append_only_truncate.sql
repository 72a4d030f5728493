-- Append-only tables refuse TRUNCATE too. Their row triggers (zd_refuse_change) refuse UPDATE and DELETE, but TRUNCATE
-- fires no row trigger: a statement trigger closes that gap, whatever the caller. The tables' owner can still lift a
-- guard (ALTER TABLE … DISABLE TRIGGER <table>_no_truncate), which the test cleaner does inside its one transaction
-- (tests/helpers/test-db.ts resetData); the application never does, and a deployment that must not even be able
-- to runs the server as a role that does not own the tables.
-- The operation log's DELETE rule (older than 180 days only) is migration 021's; TRUNCATE would bypass it.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['parcel_history', 'household_history', 'record_history', 'operation_log', 'project_budgets',
    'fund_entries', 'task_letters', 'disbursement_request_events', 'reported_figures', 'audit_decisions',
    'audit_signoffs', 'notice_events', 'notice_evidence']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION zd_refuse_change()',
      t || '_no_truncate', t);
  END LOOP;
END $$;

-- History keeps what parcels kept: valid, non-empty geometry (the CHECK of parcels.geom), for every row written from
-- now on. NOT VALID: existing rows came from checked parcels and are not re-read (a million-row table would be).
ALTER TABLE parcel_history ADD CONSTRAINT parcel_history_geom_check
  CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)) NOT VALID;
