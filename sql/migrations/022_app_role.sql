-- The application's role: after the migrations every connection of the server runs as zd_app (server/db/*:
-- useAppRole), which owns nothing, so it cannot alter, drop or truncate a table, nor lift a guard. It reads and
-- writes the ordinary tables and only appends to the append-only ones (zd_app_grants, re-run by server/db/migrate.ts
-- after every migration). What the application needs beyond that goes through a few SECURITY DEFINER functions
-- (the retention sweep, the bulk import's spatial index rebuild, the audit's history lock), and the bulk import's
-- staging tables live in the schema zd_staging, the one place zd_app may create anything.
-- The embedded database's superuser creates the role here; on a server the DBA creates it once (README: CREATE ROLE
-- zd_app NOLOGIN; GRANT zd_app TO <app user>), as tests/setup-postgres.sh does.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zd_app') THEN
    CREATE ROLE zd_app NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'zd_app', 'MEMBER') THEN
    EXECUTE format('GRANT zd_app TO %I', current_user);
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION 'the role zd_app is missing or not granted to %: as a superuser run CREATE ROLE zd_app NOLOGIN; GRANT zd_app TO %;', current_user, current_user;
END $$;

GRANT USAGE ON SCHEMA public TO zd_app;
-- Nobody but the owner creates objects in the application's schema (PostgreSQL 15 already refuses PUBLIC there; a
-- database made by an older version may not). A warning, not an error, where the schema has another owner.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The bulk import's UNLOGGED staging tables (sql/queries/bulk-imports.sql {rows}, {checked}), created and dropped by
-- zd_app. Not on the search path, so nothing there can shadow a table of the application.
CREATE SCHEMA zd_staging;
REVOKE ALL ON SCHEMA zd_staging FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA zd_staging TO zd_app;
