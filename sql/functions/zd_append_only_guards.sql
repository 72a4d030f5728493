-- zd_append_only_guards(enabled) → the number of TRUNCATE guards switched (migrations/020: the statement triggers
-- <table>_no_truncate of every append-only table). The one documented way to empty an append-only table: a test
-- cleaner or a benchmark reload, running as the tables' owner (ALTER TABLE is the owner's alone), calls it with
-- false, truncates, and calls it with true in the same transaction, so the guards are never off for anyone else
-- (ALTER TABLE holds its lock until the end of the transaction). The application never calls it.
CREATE OR REPLACE FUNCTION zd_append_only_guards(enabled boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  g record;
  n integer := 0;
BEGIN
  FOR g IN SELECT t.tgrelid::regclass AS tbl, t.tgname FROM pg_trigger t
           WHERE t.tgname LIKE '%\_no\_truncate' AND NOT t.tgisinternal ORDER BY t.tgrelid::regclass::text
  LOOP
    EXECUTE format('ALTER TABLE %s %s TRIGGER %I', g.tbl, CASE WHEN enabled THEN 'ENABLE' ELSE 'DISABLE' END, g.tgname);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
COMMENT ON FUNCTION zd_append_only_guards(boolean) IS
  'Switches the TRUNCATE guards of the append-only tables (owner only; tests and benchmark reloads, in one transaction).';
