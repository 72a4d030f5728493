import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Database, Queryable } from './database.ts'
import { sqlText } from './sql-text.ts'

/**
 * A pg Pool on a PostgreSQL + PostGIS server. The pool's `error` handler keeps the process alive when the
 * server drops idle connections (restart, failover); queries during an outage fail fast and become 503s.
 */
export function openServerDatabase(connectionString: string, opts: { statementTimeoutMs?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // A request that finds all ten connections busy waits this long for one, then answers 503 (never hangs).
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    // A statement running longer is cancelled (57014, 503 DB_TIMEOUT) and its connection goes back to the pool.
    statement_timeout: opts.statementTimeoutMs ?? 15000,
    // No JIT: the app's queries are short, and PostGIS calls make their estimated cost high enough that JIT compiles
    // them, which costs seconds under load (a public boundary-point query hit its 5 s limit that way).
    options: '-c jit=off',
  })
  pool.on('error', (err) => {
    console.warn(`[db] idle connection dropped: ${err.message}`)
  })
  const query = async <T>(q: pg.Pool | pg.ClientBase, sql: string, params?: unknown[]) =>
    (await q.query(sql, params as any[])).rows as T[]
  /**
   * A pool client for several statements. pg-pool listens for errors only on idle clients: a checked-out client
   * whose connection the server ends between two statements (a restart, pg_terminate_backend, a crash after a full
   * disk) would emit an unhandled 'error' that ends the process. Here it is logged, the next statement fails (503),
   * and the client is discarded on release.
   */
  const checkout = async () => {
    const client = await pool.connect()
    let dropped = false
    const onError = (err: Error) => {
      dropped = true
      console.warn(`[db] connection in use dropped: ${err.message}`)
    }
    client.on('error', onError)
    return {
      client,
      release(broken: boolean) {
        client.off('error', onError)
        client.release(broken || dropped)
      },
    }
  }
  const sessionPools = new Map<string, pg.Pool>()
  return {
    kind: 'server',
    query: (sql, params) => query(pool, sql, params),
    async transaction(fn) {
      const { client, release } = await checkout()
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
        release(broken)
      }
    },
    async exec(sql) {
      await pool.query(sql)
    },
    async copyIn(table, columns, csv) {
      const { client, release } = await checkout()
      let broken = false
      try {
        const sink = client.query(copyFrom(sqlText`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT csv)`))
        await pipeline(Readable.from([csv]), sink)
      } catch (err) {
        broken = true
        throw err
      } finally {
        release(broken)
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
    async dedicatedSession() {
      const client = new pg.Client({ connectionString, options: '-c jit=off' })
      client.on('error', (err) => console.warn(`[db] dedicated session dropped: ${err.message}`))
      await client.connect()
      return {
        query: (sql, params) => query(client, sql, params),
        release: () => client.end().catch(() => {}),
      }
    },
    async close() {
      await Promise.all([...sessionPools.values()].map((p) => p.end()))
      await pool.end()
    },
  }
}
