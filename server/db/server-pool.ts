import pg from 'pg'
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
  })
  pool.on('error', (err) => {
    console.warn(`[db] idle connection dropped: ${err.message}`)
  })
  const query = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await q.query(sql, params as any[])).rows as T[]
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
    async close() {
      await pool.end()
    },
  }
}
