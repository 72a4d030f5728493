-- zd_retention_sweep(log_days) → (table_name, deleted): deletes what is kept no longer than needed, one row per table.
--   operation_log: rows older than greatest(log_days, 180) days; the policy's retention (server/auth/policy.ts), never
--     below the 180 days of 网络安全法 Art. 21, which the table's trigger (operation_log_retained) enforces too;
--   hearing_attempts: rows older than 24 hours, the longest window the abuse limits of zd_public_hearing_file read
--     (a keyed hash of the sender's address is personal data: kept only for the limits; trigger hearing_attempts_retained);
--   idempotency_keys: rows older than 24 hours, how long a retry with the same Idempotency-Key is answered from them.
-- Run by the server once at start and then daily (server/auth/retention.ts). SECURITY DEFINER: the application's role
-- zd_app may not delete from the append-only operation_log at all; this function, with the floors above, is its only
-- way to (EXECUTE granted to zd_app alone).
CREATE OR REPLACE FUNCTION zd_retention_sweep(log_days integer)
RETURNS TABLE (table_name text, deleted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  DELETE FROM operation_log WHERE at < now() - make_interval(days => greatest(log_days, 180));
  GET DIAGNOSTICS n = ROW_COUNT;
  table_name := 'operation_log'; deleted := n; RETURN NEXT;
  DELETE FROM hearing_attempts WHERE at < now() - interval '24 hours';
  GET DIAGNOSTICS n = ROW_COUNT;
  table_name := 'hearing_attempts'; deleted := n; RETURN NEXT;
  DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
  GET DIAGNOSTICS n = ROW_COUNT;
  table_name := 'idempotency_keys'; deleted := n; RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION zd_retention_sweep(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION zd_retention_sweep(integer) TO zd_app;

COMMENT ON FUNCTION zd_retention_sweep(integer) IS
  'Deletes operation_log rows older than greatest(log_days, 180) days, hearing_attempts and idempotency_keys rows older than 24 hours; returns the rows deleted per table.';
