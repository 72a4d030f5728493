import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Database, Queryable } from './database.ts'

/**
 * A pg Pool on a PostgreSQL + PostGIS server. The pool's `error` handler keeps the process alive when the
 * server drops idle connections (restart, failover); queries during an outage fail fast and become 503s.
 */
export function openServerDatabase(connectionString: string): Database {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    statement_timeout: 15000,
    // No JIT: the app's queries are short, and PostGIS calls make their estimated cost high enough that JIT compiles
    // them, which costs seconds under load (a public boundary-point query hit its 5 s limit that way).
    options: '-c jit=off',
  })
  pool.on('error', (err) => {
    console.warn(`[db] idle connection dropped: ${err.message}`)
  })
  const query = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await q.query(sql, params as any[])).rows as T[]
  const sessionPools = new Map<string, pg.Pool>()
  return {
    kind: 'server',
    query: (sql, params) => query(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query('BEGIN')
        const q: Queryable = { query: (sql, params) => query(client, sql, params) }
        const result = await fn(q)
        await client.query('COMMIT')
        return result
      } catch (err) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        throw err
      } finally {
        client.release(broken)
      }
    },
    async exec(sql) {
      await pool.query(sql)
    },
    async copyIn(table, columns, csv) {
      const client = await pool.connect()
      let broken = false
      try {
        const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`))
        await pipeline(Readable.from([csv]), sink)
      } catch (err) {
        broken = true
        throw err
      } finally {
        client.release(broken)
      }
    },
    sessionPool(options, max) {
      let p = sessionPools.get(options)
      if (!p) {
        p = new pg.Pool({ connectionString, max, options, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 })
        p.on('error', (err) => console.warn(`[db] idle connection dropped: ${err.message}`))
        sessionPools.set(options, p)
      }
      const settled = p
      return { query: (sql, params) => query(settled, sql, params) }
    },
    async close() {
      await Promise.all([...sessionPools.values()].map((p) => p.end()))
      await pool.end()
    },
  }
}
