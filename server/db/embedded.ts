import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { Database, Queryable } from './database.ts'

/**
 * PGlite with PostGIS compiled to WASM, persisted in dataDir. One connection: PGlite queues queries and
 * holds a transaction exclusively, so transactions here are serialised.
 * It lacks protobuf, so ST_AsMVT is unavailable in this mode.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true })
  const pg = new PGlite(dataDir, { extensions: { postgis } })
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
      await pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv]) })
    },
    async close() {
      await pg.close()
    },
  }
}
