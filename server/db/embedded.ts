import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { appRole, type Database, type Queryable } from './database.ts'
import { sqlName, sqlText } from './sql-text.ts'

/**
 * PGlite with PostGIS compiled to WASM, persisted in dataDir. One connection: PGlite queues queries and
 * holds a transaction exclusively, so transactions here are serialised.
 * It lacks protobuf, so ST_AsMVT is unavailable in this mode.
 */
export async function openEmbeddedDatabase(dataDir: string, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true })
  // loadDataDir: a tarball of dumpDataDir unpacked into an empty dataDir (npm run restore).
  const pg = new PGlite(dataDir, { extensions: { postgis }, loadDataDir: opts.loadDataDir })
  await pg.waitReady
  const query = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
    (await q.query<T>(sql, params as any[])).rows
  return {
    kind: 'embedded',
    query: (sql, params) => query(pg, sql, params),
    async transaction(fn) {
      return pg.transaction(async (tx) => {
        const q: Queryable = { query: (sql, params) => query(tx, sql, params) }
        return fn(q)
      })
    },
    async exec(sql) {
      await pg.exec(sql)
    },
    async copyIn(table, columns, csv) {
      // COPY from a file (PGlite's /dev/blob) is a superuser's right: the application's role asks the owner's
      // zd_staging_copy, which copies that one file into a staging table only.
      await pg.query('SELECT zd_staging_copy($1::regclass, $2::text)', [sqlText`${table}`, sqlText`${columns}`], { blob: new Blob([csv]) })
    },
    async useAppRole() {
      await pg.exec(sqlText`SET ROLE ${sqlName(appRole, [appRole])}`)
    },
    async dumpDataDir() {
      return pg.dumpDataDir('gzip')
    },
    async close() {
      await pg.close()
    },
  }
}
