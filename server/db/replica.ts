import type { Database, Queryable } from './database.ts'
import { problemFromDbError } from './errors.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('replica', ['standby_state', 'bytes_behind'])

/** What /api/health reports about the read replica (DATABASE_REPLICA_URL). */
export interface ReplicaHealth {
  /**
   * ok: the replica answers and is current enough; lagging: it answers but is more than the allowed lag behind
   * (or disconnected from a primary that has moved on); unavailable: it does not answer.
   */
  status: 'ok' | 'lagging' | 'unavailable'
  /** Where public reads go now. */
  serving: 'replica' | 'primary'
  /** True on a hot standby; false when DATABASE_REPLICA_URL names a primary. null while unavailable. */
  standby: boolean | null
  /** True while the standby streams WAL from its primary. null while unavailable. */
  streaming: boolean | null
  /** Seconds replay is behind what the standby received (0 = everything replayed); null when unknown. */
  lag_seconds: number | null
  /** The allowed lag (ZD_REPLICA_MAX_LAG_SECONDS): beyond it public reads go to the primary. */
  max_lag_seconds: number
  /** Commit time on the primary of the last transaction the standby replayed (ISO 8601); null when unknown. */
  replayed_at: string | null
  /** Public reads answered by each database since the process started. */
  reads: { replica: number; primary: number }
}

export interface ReplicaOptions {
  /** Beyond this replay lag (seconds), public reads go to the primary until the replica catches up. */
  maxLagSeconds: number
  /** After a connection failure, how long public reads go straight to the primary before the replica is tried again. */
  retryAfterMs?: number
  /** How often (at most) the replica's lag is measured; measured in the background of public reads and by /api/health. */
  checkEveryMs?: number
  /** Where state changes are written (one line each; default console.warn). */
  log?: (line: string) => void
}

interface StandbyState {
  standby: boolean
  streaming: boolean
  lag_seconds: number | null
  replay_lsn: string | null
  replayed_at: Date | null
}

/**
 * Why a public read failed on one database in a way the other one may not: 'unavailable' (the server is not there:
 * refused, reset, shutting down, starting up, too many connections) or 'conflict' (a hot standby cancelled the
 * statement because replay needed what it read, SQLSTATE 40001 "conflict with recovery"). undefined for anything
 * else — a bad statement or a timeout would fail on the other database too, so it is not retried.
 */
export function replicaFailure(err: unknown): 'unavailable' | 'conflict' | undefined {
  if (problemFromDbError(err)?.code === 'DB_UNAVAILABLE') return 'unavailable'
  const e = err as { code?: string; message?: string } | null
  if (e?.code === '40001' && /conflict with recovery/i.test(e.message ?? '')) return 'conflict'
  return undefined
}

/**
 * The public database when a streaming replica is configured: every public read (server/db/public-reads.ts
 * `asPublic`, server/db/public-version.ts) goes to the replica, and to the primary when the replica cannot serve it.
 *
 * Fallback policy — the portal keeps answering whichever database is up, preferring the replica:
 * - the replica refuses a connection or drops it: that read is run again on the primary at once, the replica is
 *   skipped for `retryAfterMs` (default 10 s) and then tried again; one log line when it goes and one when it comes
 *   back;
 * - the replica is more than `maxLagSeconds` behind, or is disconnected from a primary that has written more than it
 *   replayed: reads go to the primary until it catches up (checked at most every `checkEveryMs`, default 5 s);
 * - the database chosen first is unavailable (the primary restarting while the replica lags): the read is tried on the
 *   other one, so a stale-by-seconds notice is served rather than a 503;
 * - a statement cancelled by a recovery conflict is run again on the primary.
 * Reads are safe to run twice because nothing here writes: a hot standby refuses writes, and writes of the public (a
 * hearing request) are sent to the primary by their handler, never through this database.
 *
 * Lag is acceptable for public notices: a notice runs for days or weeks and its hearing window closes at Beijing
 * midnight, computed with the replica's clock; a few seconds after publication the portal shows it. The ETag version
 * (public-version.ts) is read from the same database as the content, so an answer never carries a newer version
 * than its body.
 */
export class ReplicaRouter implements Database {
  readonly kind = 'server' as const
  /** Public reads answered by each database since start (the replica's share proves where the portal reads). */
  readonly reads = { replica: 0, primary: 0 }
  private readonly retryAfterMs: number
  private readonly checkEveryMs: number
  private readonly log: (line: string) => void
  private downUntil = 0
  private down = false
  private lagging = false
  private state: StandbyState | undefined
  private checkedAt = 0
  private checking: Promise<void> | undefined

  constructor(
    /** The application's database: writes, internal reads, and public reads the replica cannot serve. */
    readonly primary: Database,
    /** The replica's own pool (server/db/server-pool.ts); closed by close(). */
    readonly replica: Database,
    private readonly options: ReplicaOptions,
  ) {
    this.retryAfterMs = options.retryAfterMs ?? 10_000
    this.checkEveryMs = options.checkEveryMs ?? 5_000
    this.log = options.log ?? ((line) => console.warn(line))
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.route((db) => db.query<T>(sql, params))
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.route((db) => db.transaction(fn))
  }

  /** Scripts (migrations) run on the primary only; the public database never runs one. */
  async exec(): Promise<void> {
    throw new Error('the public database (read replica) runs no scripts: run them on the primary')
  }

  /** Closes the replica's pool; the primary belongs to the caller. */
  close(): Promise<void> {
    return this.replica.close()
  }

  /** The replica's state, measured now (the lag check is shared with a concurrent one). */
  async health(): Promise<ReplicaHealth> {
    await this.check()
    const s = this.state
    return {
      status: this.down ? 'unavailable' : this.lagging ? 'lagging' : 'ok',
      serving: this.prefersReplica() ? 'replica' : 'primary',
      standby: this.down ? null : (s?.standby ?? null),
      streaming: this.down ? null : (s?.streaming ?? null),
      lag_seconds: this.down || s?.lag_seconds == null ? null : Math.round(s.lag_seconds * 1000) / 1000,
      max_lag_seconds: this.options.maxLagSeconds,
      replayed_at: s?.replayed_at ? s.replayed_at.toISOString() : null,
      reads: { ...this.reads },
    }
  }

  private prefersReplica(): boolean {
    return !(this.down && Date.now() < this.downUntil) && !this.lagging
  }

  private async route<T>(run: (db: Database) => Promise<T>): Promise<T> {
    if (Date.now() - this.checkedAt >= this.checkEveryMs) void this.check()
    const first = this.prefersReplica() ? 'replica' : 'primary'
    try {
      const result = await run(this[first])
      this.reads[first]++
      if (first === 'replica') this.markUp()
      return result
    } catch (err) {
      const failure = replicaFailure(err)
      if (!failure || (failure === 'conflict' && first === 'primary')) throw err
      if (first === 'replica' && failure === 'unavailable') this.markDown(err)
      if (first === 'replica' && failure === 'conflict') this.log('[replica] a public read was cancelled by a recovery conflict: answered from the primary')
      const second = first === 'replica' ? 'primary' : 'replica'
      const result = await run(this[second])
      this.reads[second]++
      if (second === 'replica') this.markUp()
      return result
    }
  }

  /** Measures the replica's state (at most one measurement at a time); never throws. */
  private check(): Promise<void> {
    this.checking ??= this.measure().finally(() => {
      this.checkedAt = Date.now()
      this.checking = undefined
    })
    return this.checking
  }

  private async measure(): Promise<void> {
    let state: StandbyState
    try {
      ;[state] = (await this.replica.query<StandbyState>(q.standby_state)) as [StandbyState]
    } catch (err) {
      if (replicaFailure(err) === 'unavailable') this.markDown(err)
      else this.log(`[replica] could not measure the replica: ${(err as Error).message}`)
      return
    }
    this.state = state
    this.markUp()
    let behind = state.lag_seconds != null && state.lag_seconds > this.options.maxLagSeconds
    let why = behind ? `${Math.round(state.lag_seconds!)} s behind (limit ${this.options.maxLagSeconds} s)` : ''
    // Disconnected from its primary, a standby's replay lag reads 0 however stale it is: ask the primary whether it
    // has written more. A primary that does not answer has written nothing newer, and the replica serves on.
    if (!behind && state.standby && !state.streaming && state.replay_lsn) {
      try {
        const [row] = await this.primary.query<{ bytes_behind: number }>(q.bytes_behind, [state.replay_lsn])
        if (row && row.bytes_behind > 0) {
          behind = true
          why = `disconnected from its primary and ${row.bytes_behind} bytes of WAL behind`
        }
      } catch {
        // The primary is down: the replica holds everything it committed.
      }
    }
    if (behind && !this.lagging) this.log(`[replica] ${why}: public reads go to the primary until it catches up`)
    if (!behind && this.lagging) this.log('[replica] caught up: public reads go to the replica again')
    this.lagging = behind
  }

  private markDown(err: unknown) {
    if (!this.down) this.log(`[replica] unavailable (${(err as Error).message}): public reads go to the primary`)
    this.down = true
    this.downUntil = Date.now() + this.retryAfterMs
  }

  private markUp() {
    if (this.down) this.log('[replica] answering again: public reads go to the replica')
    this.down = false
  }
}

/**
 * Opens the replica's pool (the same pool options as the primary's, server/db/server-pool.ts, as the application's
 * role zd_app) and the router over it and the primary. With the application's own login (appUrl, DATABASE_APP_URL)
 * the replica is logged into with its user and password at DATABASE_REPLICA_URL's host, port and database: a hot
 * standby is a copy of the primary, roles and passwords included, and the primary's start has checked that the
 * login is zd_app. Without it, DATABASE_REPLICA_URL's user runs as zd_app (`-c role=zd_app`). The pool connects
 * lazily: a replica that is down at start only logs once it is first asked.
 */
export async function openReplicaRouter(primary: Database, replicaUrl: string, options: ReplicaOptions, appUrl?: string): Promise<ReplicaRouter> {
  const { openServerDatabase } = await import('./server-pool.ts')
  const replica = appUrl ? openServerDatabase(withLoginOf(replicaUrl, appUrl)) : openServerDatabase(replicaUrl, { asAppRole: true })
  return new ReplicaRouter(primary, replica, options)
}

/** `url` with the user name and password of `loginUrl`. */
export function withLoginOf(url: string, loginUrl: string): string {
  const target = new URL(url)
  const login = new URL(loginUrl)
  target.username = login.username
  target.password = login.password
  return target.href
}
