import type { Queryable } from '../../server/db/database.ts'

/**
 * Tables left out of the fingerprint because a refused request (or any request) is expected to write them:
 * the operation log records the refusal itself, and a session's last_seen_at moves on every authenticated call.
 * The parcel overview tables are a cache derived from parcels (a tile read folds pending rows in), and the two
 * schema tables are migration bookkeeping.
 */
export const unfingerprintedTables = [
  'operation_log', 'sessions',
  'parcel_overview', 'parcel_overview_pending', 'parcel_overview_state',
  'schema_migrations', 'schema_sql_digest',
] as const

/**
 * One statement that fingerprints every application table: its name, row count and the md5 of its rows as text in
 * byte order. Built in SQL from the catalogue (names quoted by format's %I), so a table added by a later migration
 * is covered without editing this file. Tables owned by an extension (PostGIS's spatial_ref_sys) are skipped.
 */
const statementSql = `
  SELECT string_agg(
           format('SELECT %L AS name, count(*)::bigint AS n, md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text COLLATE "C"), '''')) AS h FROM %I.%I t',
                  n.nspname || '.' || c.relname, n.nspname, c.relname),
           ' UNION ALL ' ORDER BY n.nspname, c.relname) AS statement
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    AND NOT (n.nspname = 'public' AND c.relname = ANY ($1::text[]))
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`

/**
 * A text that changes when any row of any application table changes, is added or is removed: one line per table,
 * `schema.table rows md5`, in name order, so that a failing `expect(after).toBe(before)` shows which table moved.
 * `alsoExclude` leaves out further tables a test expects to be written (e.g. hearing_attempts for a refused filing).
 */
export async function dbFingerprint(db: Queryable, alsoExclude: readonly string[] = []): Promise<string> {
  const [built] = await db.query<{ statement: string | null }>(statementSql, [[...unfingerprintedTables, ...alsoExclude]])
  if (!built?.statement) return ''
  const rows = await db.query<{ name: string; n: string | number; h: string }>(`${built.statement} ORDER BY name`)
  return rows.map((r) => `${r.name} ${r.n} ${r.h}`).join('\n')
}
