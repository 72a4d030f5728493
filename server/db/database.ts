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
  close(): Promise<void>
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const { openServerDatabase } = await import('./server-pool.ts')
    return openServerDatabase(opts.databaseUrl)
  }
  const { openEmbeddedDatabase } = await import('./embedded.ts')
  return openEmbeddedDatabase(opts.dataDir)
}
