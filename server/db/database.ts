import type { SqlPart } from './sql-text.ts'

/**
 * The application's database role (sql/migrations/022_app_role.sql): owns nothing, reads and writes the ordinary
 * tables, only appends to the append-only ones. Every connection runs as it once the start-up work is done.
 */
export const appRole = 'zd_app'

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
}

/** The one seam between the app and PostgreSQL: PGlite (embedded) or a pg Pool (server). */
export interface Database extends Queryable {
  readonly kind: 'embedded' | 'server'
  /** Runs fn inside BEGIN … COMMIT; any throw rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /** Runs a multi-statement script without parameters (migrations, functions). */
  exec(sql: string): Promise<void>
  /**
   * Loads CSV text (PostgreSQL's COPY csv format, one row a line) into `columns` of `table` with COPY: FROM STDIN on
   * a server, FROM '/dev/blob' on the embedded database (through zd_staging_copy: into a zd_staging table only).
   * Outside any transaction; the bulk import's path for rows.
   * Absent on wrappers that cannot copy (the read replica).
   */
  copyIn?(table: SqlPart, columns: SqlPart, csv: string): Promise<void>
  /**
   * A second pool of at most `max` connections to the same server whose sessions start with `options` (libpq's
   * options, e.g. '-c jit=off'): reads that need settings take one round trip, without BEGIN/SET LOCAL/COMMIT.
   * Made once per options text and closed with the database. Server databases only (the tiles, server/tiles).
   */
  sessionPool?(options: string, max: number): Queryable
  /**
   * A connection of its own outside the pool, kept until `release`: its session advisory locks last as long as the
   * caller holds it and end when the process dies (the bulk import's lease). Server databases only.
   */
  dedicatedSession?(): Promise<Queryable & { release(): Promise<void> }>
  /**
   * From now on every statement runs as the application's role `zd_app` (appRole), not as the owner that connected:
   * called once migrations and the start-up work are done. A server database replaces its pools with ones that log
   * in as zd_app (DATABASE_APP_URL; throws when that login is not zd_app) or, without it, whose owner's connections
   * start as zd_app (`-c role=zd_app`); the embedded one sets the role of its one session. SET LOCAL ROLE inside a
   * transaction (zd_public for public reads, NONE for a test cleaner) ends with it and comes back to zd_app.
   * Absent on wrappers (the read replica's router, whose replica pool is opened as zd_app).
   */
  useAppRole?(): Promise<void>
  /** The embedded database's whole folder as a gzipped tarball (PGlite's dumpDataDir), for npm run backup. Embedded only. */
  dumpDataDir?(): Promise<Blob>
  close(): Promise<void>
}

export async function openDatabase(opts: { databaseUrl?: string; databaseAppUrl?: string; dataDir: string; statementTimeoutMs?: number }): Promise<Database> {
  if (opts.databaseUrl) {
    const { openServerDatabase } = await import('./server-pool.ts')
    return openServerDatabase(opts.databaseUrl, { statementTimeoutMs: opts.statementTimeoutMs, appUrl: opts.databaseAppUrl })
  }
  const { openEmbeddedDatabase } = await import('./embedded.ts')
  return openEmbeddedDatabase(opts.dataDir)
}
