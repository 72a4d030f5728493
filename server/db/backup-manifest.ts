import type { Queryable } from './database.ts'

/** What a backup holds, written beside it as manifest.json and checked again after a restore. */
export interface BackupManifest {
  /** 'zhengdi-backup/1': the format of this file. */
  format: string
  kind: 'embedded' | 'server'
  /** ISO time of the snapshot the backup shows (its recovery point). */
  takenAt: string
  /** The newest schema migration applied in the backup. */
  migration: string | null
  /** Every application table: its row count and the md5 of its rows as text in byte order (`schema.table` keys). */
  tables: Record<string, { rows: number; md5: string }>
  /** The backup file's name in the backup folder and its SHA-256, so that a damaged copy is refused before restoring. */
  file: { name: string; sha256: string }
}

/** The tables whose figures a restore report shows first: parcels, their history and the operation log. */
export const keyTables = ['public.parcels', 'public.parcel_history', 'public.operation_log'] as const

// One statement per table, built by PostgreSQL from the catalogue (names quoted by format's %I, so no text of ours
// is spliced in: tests/lint/sql-lint.ts) so that a table added by a later migration is covered without
// editing this file; tables owned by an extension (PostGIS's spatial_ref_sys) are PostGIS's, not ours.
const statementSql = `
  SELECT string_agg(
           format('SELECT %L AS name, count(*)::bigint AS n, md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text COLLATE "C"), '''')) AS h FROM %I.%I t',
                  c.relnamespace::regnamespace::text || '.' || c.relname, c.relnamespace::regnamespace::text, c.relname),
           ' UNION ALL ') || ' ORDER BY name' AS statement
  FROM pg_class c
  WHERE c.relkind IN ('r', 'p')
    AND c.relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`

/**
 * Row counts and content hashes of every application table, read in one snapshot when `db` is a repeatable-read
 * transaction (the server backup's) or a database nobody else writes (the embedded one, with the server stopped).
 */
export async function tableFigures(db: Queryable): Promise<BackupManifest['tables']> {
  const [built] = await db.query<{ statement: string | null }>(statementSql)
  if (!built?.statement) return {}
  const rows = await db.query<{ name: string; n: string | number; h: string }>(built.statement)
  return Object.fromEntries(rows.map((r) => [r.name, { rows: Number(r.n), md5: r.h }]))
}

/** The newest migration applied and the time of the snapshot. */
export async function snapshotFacts(db: Queryable): Promise<{ migration: string | null; takenAt: string }> {
  const [row] = await db.query<{ migration: string | null; taken_at: Date | string }>(
    'SELECT (SELECT max(name) FROM schema_migrations) AS migration, transaction_timestamp() AS taken_at')
  return { migration: row?.migration ?? null, takenAt: new Date(row!.taken_at).toISOString() }
}

/** Where two sets of table figures differ: one line per table, empty when they agree. */
export function figureDifferences(expected: BackupManifest['tables'], actual: BackupManifest['tables']): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()
  const out: string[] = []
  for (const name of names) {
    const e = expected[name], a = actual[name]
    if (!e) out.push(`${name}: not in the backup, but in the restored database (${a!.rows} rows)`)
    else if (!a) out.push(`${name}: in the backup (${e.rows} rows), missing from the restored database`)
    else if (e.rows !== a.rows || e.md5 !== a.md5) out.push(`${name}: ${e.rows} rows md5 ${e.md5} in the backup, ${a.rows} rows md5 ${a.md5} restored`)
  }
  return out
}
