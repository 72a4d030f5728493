-- zd_audit_lock_history() → void. Taken first in an audit sign-off's transaction (sql/queries/audits.sql lock_history):
-- a SHARE lock, until the commit, on every table whose rows a sign-off watermarks, so that each watched row is either
-- seen by the sign-off's findings and below its watermark, or above it. SECURITY DEFINER: LOCK TABLE in SHARE MODE
-- needs UPDATE, DELETE or TRUNCATE on the table, which the application's role zd_app has on none of these append-only
-- tables; this fixed statement is all it lends (EXECUTE granted to zd_app alone).
-- disbursement_request_events stands for disbursement_requests (every status move appends one).
CREATE OR REPLACE FUNCTION zd_audit_lock_history() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  LOCK TABLE parcel_history, household_history, record_history, fund_entries, disbursement_request_events,
             task_letters, project_budgets, reported_figures IN SHARE MODE;
END $$;
REVOKE ALL ON FUNCTION zd_audit_lock_history() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zd_audit_lock_history() TO zd_app;
COMMENT ON FUNCTION zd_audit_lock_history() IS
  'SHARE-locks the tables an audit sign-off watermarks until the end of the transaction.';
