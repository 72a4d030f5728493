-- zd_app_grants() → the number of tables and views granted to zd_app (sql/migrations/022_app_role.sql), read from the
-- catalogue so that it stays right for whatever the migrations and sql/views create: run by server/db/migrate.ts as
-- the owner after every migration or re-application of sql/functions and sql/views.
--   append-only tables (those with a <table>_no_truncate guard, migrations/020): SELECT and INSERT only;
--   every other table of the owner in the schema public: SELECT, INSERT, UPDATE, DELETE;
--   views: SELECT; sequences: USAGE and SELECT.
-- Never TRUNCATE, REFERENCES or TRIGGER; extension objects (PostGIS's spatial_ref_sys) and migrate's own bookkeeping
-- are left alone. Functions keep PostgreSQL's default EXECUTE for PUBLIC; the SECURITY DEFINER ones revoke it in
-- their own files and grant it to zd_app alone.
CREATE OR REPLACE FUNCTION zd_app_grants() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  n integer := 0;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS rel, c.relkind,
           EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_no_truncate') AS append_only
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND pg_has_role(c.relowner, 'USAGE') AND c.relowner <> 'zd_app'::regrole
      AND c.relname NOT IN ('schema_migrations', 'schema_sql_digest')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relname
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM zd_app', r.rel);
    EXECUTE format('GRANT %s ON %s TO zd_app', CASE
      WHEN r.relkind = 'S' THEN 'USAGE, SELECT'
      WHEN r.relkind IN ('v', 'm') THEN 'SELECT'
      WHEN r.append_only THEN 'SELECT, INSERT'
      ELSE 'SELECT, INSERT, UPDATE, DELETE' END, r.rel);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION zd_app_grants() FROM PUBLIC;
COMMENT ON FUNCTION zd_app_grants() IS
  'Grants zd_app its rights on every table, view and sequence of the schema (append-only tables: SELECT, INSERT only); run by migrate as the owner.';
