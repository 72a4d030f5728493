import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { appRole, type Database, type Queryable } from './database.ts'
import { sqlText } from './sql-text.ts'

/**
 * A pg Pool on a PostgreSQL + PostGIS server. The pool's `error` handler keeps the process alive when the
 * server drops idle connections (restart, failover); queries during an outage fail fast and become 503s.
 */
export function openServerDatabase(
  ownerUrl: string,
  opts: {
    statementTimeoutMs?: number
    /** Start as zd_app at once (`-c role=zd_app`): the read replica's pool, which runs no start-up work. */
    asAppRole?: boolean
    /**
     * DATABASE_APP_URL: the application's own login, as zd_app. With it useAppRole reconnects every pool there, so
     * no statement can get back to the owner (SET ROLE NONE stays zd_app); without it useAppRole starts the owner's
     * connections with `-c role=zd_app`, which stops mistakes but not a statement that resets the role.
     */
    appUrl?: string
  } = {},
): Database {
  // No JIT: the app's queries are short, and PostGIS calls make their estimated cost high enough that JIT compiles
  // them, which costs seconds under load (a public boundary-point query hit its 5 s limit that way).
  const noJit = '-c jit=off'
  // Where connections go: the owner's URL until useAppRole, then DATABASE_APP_URL when there is one.
  let connectionString = ownerUrl
  // As the application's role through the owner's login (useAppRole without DATABASE_APP_URL), connections start so:
  // the role is in the startup packet, so no statement runs before it, and RESET ROLE comes back to it.
  let roleOption = opts.asAppRole ?? false
  let asApp = roleOption
  const withRole = (settings: string) => (roleOption ? `${settings} -c role=${appRole}` : settings)
  const openPool = () => {
    const p = new pg.Pool({
      connectionString,
      max: 10,
      // A request that finds all ten connections busy waits this long for one, then answers 503 (never hangs).
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // A statement running longer is cancelled (57014, 503 DB_TIMEOUT) and its connection goes back to the pool.
      statement_timeout: opts.statementTimeoutMs ?? 15000,
      options: withRole(noJit),
    })
    p.on('error', (err) => {
      console.warn(`[db] idle connection dropped: ${err.message}`)
    })
    return p
  }
  let pool = openPool()
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
    sessionPool(settings, max) {
      let p = sessionPools.get(settings)
      if (!p) {
        p = new pg.Pool({ connectionString, max, options: withRole(settings), connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 })
        p.on('error', (err) => console.warn(`[db] idle connection dropped: ${err.message}`))
        sessionPools.set(settings, p)
      }
      const settled = p
      return { query: (sql, params) => query(settled, sql, params) }
    },
    async dedicatedSession() {
      const client = new pg.Client({ connectionString, options: withRole(noJit) })
      client.on('error', (err) => console.warn(`[db] dedicated session dropped: ${err.message}`))
      await client.connect()
      return {
        query: (sql, params) => query(client, sql, params),
        release: () => client.end().catch(() => {}),
      }
    },
    async useAppRole() {
      if (asApp) return
      if (opts.appUrl) connectionString = opts.appUrl
      else roleOption = true
      const [owners, ownerSessions] = [pool, [...sessionPools.values()]]
      const apps = openPool()
      if (opts.appUrl) {
        // A DATABASE_APP_URL that logs in as anyone else (the owner, a superuser) would keep every right the login
        // is meant to take away: refuse to run on it.
        let who: { session: string } | undefined
        try {
          ;[who] = await query<{ session: string }>(apps, 'SELECT session_user::text AS session')
        } catch (err) {
          connectionString = ownerUrl
          await apps.end()
          throw new Error(`DATABASE_APP_URL: cannot log in as ${appRole}: ${(err as Error).message}`)
        }
        if (who?.session !== appRole) {
          connectionString = ownerUrl
          await apps.end()
          throw new Error(`DATABASE_APP_URL logs in as "${who?.session}", not as the application's role ${appRole}: ` +
            `name zd_app in it (as a superuser: ALTER ROLE zd_app LOGIN PASSWORD '…'; GRANT zd_public TO zd_app)`)
        }
      }
      asApp = true
      // The owner's connections are closed; new ones are zd_app's.
      pool = apps
      sessionPools.clear()
      await Promise.all([owners.end(), ...ownerSessions.map((p) => p.end())])
    },
    async close() {
      await Promise.all([...sessionPools.values()].map((p) => p.end()))
      await pool.end()
    },
  }
}
