#!/usr/bin/env bash
# Prepares a PostgreSQL + PostGIS server for the test suites, idempotently: installs Debian's PostGIS for
# the installed PostgreSQL major (when apt is available and it is missing), starts the cluster, and creates
# the role `zhengdi`, the database `zhengdi_test` with PostGIS, and the roles `zd_public` and `zd_app` granted to
# `zhengdi`; zd_app may log in (password zhengdi-app-test) and is a member of zd_public.
# Prints the DATABASE_URL to use.
set -euo pipefail
major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
if [ -z "$major" ] || [ ! -e "/usr/share/postgresql/$major/extension/postgis.control" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  if [ -z "$major" ]; then apt-get install -y -qq postgresql >&2; major=$(ls /usr/lib/postgresql | sort -n | tail -n 1); fi
  apt-get install -y -qq "postgresql-$major-postgis-3" >&2
fi
cluster=$(pg_lsclusters -h | awk -v m="$major" '$1==m {print $2; exit}')
if [ -z "$cluster" ]; then pg_createcluster "$major" main >&2; cluster=main; fi
pg_ctlcluster "$major" "$cluster" start >&2 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v m="$major" -v c="$cluster" '$1==m && $2==c {print $3}')
for i in $(seq 1 30); do pg_isready -q -p "$port" && break; sleep 1; done
psql_su() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }
psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='zhengdi'\"" | grep -q 1 ||
  psql_su "-c \"CREATE ROLE zhengdi LOGIN PASSWORD 'zhengdi-test'\"" >&2
psql_su "-c \"SELECT 1 FROM pg_database WHERE datname='zhengdi_test'\"" | grep -q 1 ||
  psql_su "-c \"CREATE DATABASE zhengdi_test OWNER zhengdi\"" >&2
psql_su "-d zhengdi_test -c \"CREATE EXTENSION IF NOT EXISTS postgis\"" >&2
# The restore drill's target (tests/api/backup-restore.test.ts): an empty database with PostGIS, as npm run restore needs.
psql_su "-c \"SELECT 1 FROM pg_database WHERE datname='zhengdi_restore_test'\"" | grep -q 1 ||
  psql_su "-c \"CREATE DATABASE zhengdi_restore_test OWNER zhengdi\"" >&2
psql_su "-d zhengdi_restore_test -c \"CREATE EXTENSION IF NOT EXISTS postgis\"" >&2
# The public portal's role (sql/migrations/011_notices.sql): public reads run under SET ROLE zd_public, which the
# app user may do only as a member. A superuser creates it once; the migration fails without it.
psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='zd_public'\"" | grep -q 1 ||
  psql_su "-c \"CREATE ROLE zd_public NOLOGIN\"" >&2
# The application's role (sql/migrations/022_app_role.sql): after its migrations the app runs every connection as
# zd_app, which owns nothing and only appends to the append-only tables; again the app user must be a member.
psql_su "-c \"SELECT 1 FROM pg_roles WHERE rolname='zd_app'\"" | grep -q 1 ||
  psql_su "-c \"CREATE ROLE zd_app NOLOGIN\"" >&2
# Granting a role already held is a notice, not an error.
psql_su "-c \"GRANT zd_public TO zhengdi\"" >&2
psql_su "-c \"GRANT zd_app TO zhengdi\"" >&2
# The application's own login (README "Database roles"): the server suite's app logs in as zd_app itself
# (DATABASE_APP_URL, derived by tests/run-all.sh with this password), so that no statement can get back to the owner;
# its public reads SET ROLE zd_public, for which zd_app must be a member. Re-running sets the same password again.
psql_su "-c \"ALTER ROLE zd_app LOGIN PASSWORD 'zhengdi-app-test'\"" >&2
psql_su "-c \"GRANT zd_public TO zd_app\"" >&2
echo "postgres://zhengdi:zhengdi-test@127.0.0.1:$port/zhengdi_test"
