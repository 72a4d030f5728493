import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { startAppProcess, untilReady, type AppProcess } from './app-process.ts'
import { checkAfterCrash, startMidWrite } from './mid-write.ts'
import { createCluster, hasPostgis, pgBin, sleep, until, type Cluster } from './cluster.ts'

// P9 and the crash half of P3 (hostile-inputs.md R08–R15) against the real server process (server/main.ts in a
// child process) on a private PostgreSQL cluster on a small tmpfs: the database down at start, restarted and its
// sessions killed under load, a statement timeout, pool exhaustion, a full disk, a forced SQL error, and the
// server killed with SIGKILL in the middle of imports and edits. After each: ready again within 30 s, no 2xx for a
// write that is not in the database, zd_invariant_violations() empty.

const projects = loadQueries('projects', ['insert'])
/** Statements cancelled after this long in the app under test (ZD_STATEMENT_TIMEOUT_MS), instead of 15 s. */
const statementTimeoutMs = 2000

type Session = Awaited<ReturnType<TestApi['as']>>

describe.skipIf(!pgBin || !hasPostgis)('infrastructure faults on a PostgreSQL server (R08–R15)', () => {
  let cluster: Cluster
  let db: Database
  let admin: Database
  let app: AppProcess
  let api: TestApi
  let planner: Session
  let projectId: number
  let next = 0

  const appEnv = () => ({ DATABASE_URL: cluster.url, ZD_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs) })
  /** A parcel of its own (a square on a grid that never overlaps another) with a unique code. */
  const newParcel = (prefix: string) => {
    const n = next++
    return parcelFeature(polygon(square(110.0 + (n % 40) * 0.0015, 27.5 + Math.floor(n / 40) * 0.0015)), projectId, { code: `${prefix}-${n}` })
  }
  const violations = () => db.query<{ kind: string; detail: string }>('SELECT kind, detail FROM zd_invariant_violations()')
  const codesIn = async (codes: string[]) =>
    new Set((await db.query<{ code: string }>('SELECT code FROM parcels WHERE code = ANY($1::text[])', [codes])).map((r) => r.code))
  const isProblem503 = (r: Reply) => r.status === 503 && r.headers.get('retry-after') === '5' && r.headers.get('content-type')?.startsWith('application/problem+json')

  /** Writers and readers against the app until `stop` resolves; every answer with what it was for. */
  async function load(stop: Promise<unknown>, prefix: string) {
    const writes: { code: string; reply: Reply }[] = []
    const reads: Reply[] = []
    let done = false
    void stop.finally(() => (done = true))
    const worker = async (write: boolean) => {
      while (!done) {
        if (write) {
          const body = newParcel(prefix)
          writes.push({ code: body.properties.code as string, reply: await planner.request('POST', '/api/parcels', { json: body }) })
        } else {
          reads.push(await planner.request('GET', `/api/parcels?project=${projectId}`))
        }
      }
    }
    await Promise.all([worker(true), worker(true), worker(true), worker(false), worker(false)]).catch((err) => {
      throw new Error(`${err}; the app said:\n${app.output().slice(-3000)}`)
    })
    return { writes, reads }
  }

  /** What must hold after every fault: the process is up, ready within 30 s, every 2xx write is in, no violation. */
  async function recovered(writes: { code: string; reply: Reply }[]) {
    expect(app.alive(), app.output()).toBe(true)
    expect(await untilReady(app)).toBeLessThan(30_000)
    const acknowledged = writes.filter((w) => w.reply.status === 201).map((w) => w.code)
    const stored = await codesIn(acknowledged)
    expect(acknowledged.filter((c) => !stored.has(c)), 'acknowledged writes missing from the database').toEqual([])
    expect(await violations()).toEqual([])
  }

  beforeAll(async () => {
    cluster = await createCluster(160)
    db = openServerDatabase(cluster.url)
    admin = openServerDatabase(cluster.adminUrl)
  }, 120_000)

  afterAll(async () => {
    await app?.kill9()
    await db?.close().catch(() => {})
    await admin?.close().catch(() => {})
    cluster?.remove()
  }, 60_000)

  it('starts while its database is down: alive, not ready, 503 SERVICE_STARTING, then ready once it is up (R10)', async () => {
    cluster.stop()
    app = await startAppProcess(appEnv())
    expect((await fetch(`${app.url}/api/livez`)).status).toBe(200)
    const ready = await fetch(`${app.url}/api/readyz`)
    expect([ready.status, ready.headers.get('retry-after')]).toEqual([503, '5'])
    const r = await fetch(`${app.url}/api/projects`, { headers: { 'accept-language': 'en' } })
    const body = (await r.json()) as { code: string; messages: Record<string, string> }
    expect([r.status, r.headers.get('content-type'), body.code]).toEqual([503, 'application/problem+json; charset=utf-8', 'SERVICE_STARTING'])
    expect(body.messages['zh-CN']).toContain('启动')
    // It waits with backoff (1 s, 2 s, …), logging each attempt, and does not exit.
    await until('a second attempt failed', async () => /attempt 2 failed/.test(app.output()), 10_000)
    expect(app.alive(), app.output()).toBe(true)
    cluster.start()
    expect(await untilReady(app)).toBeLessThan(30_000)
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200)

    const [p] = await db.query<{ id: number }>(projects.insert, ['P-FAULT', '故障测试项目', 'Fault test project', '鹤城区', null])
    projectId = p!.id
    api = new TestApi(db)
    api.base = app.url
    planner = await api.as('planner')
  })

  it('answers 503 with Retry-After while PostgreSQL restarts under load, stays up and is ready again (R09)', async () => {
    const restart = (async () => {
      await sleep(700)
      cluster.restart()
      await sleep(700)
    })()
    const { writes, reads } = await load(restart, 'R09')
    const statuses = [...writes.map((w) => w.reply), ...reads]
    expect(statuses.filter((r) => ![200, 201].includes(r.status) && !isProblem503(r)).map((r) => `${r.status} ${r.text}`)).toEqual([])
    expect(statuses.some((r) => r.status === 503)).toBe(true)
    await recovered(writes)
  })

  it('survives every session of the app being terminated at once, under load', async () => {
    const kill = (async () => {
      await sleep(500)
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'zhengdi'")
      await sleep(500)
    })()
    const { writes, reads } = await load(kill, 'TERM')
    const statuses = [...writes.map((w) => w.reply), ...reads]
    expect(statuses.filter((r) => ![200, 201].includes(r.status) && !isProblem503(r)).map((r) => `${r.status} ${r.text}`)).toEqual([])
    await recovered(writes)
  })

  describe('with the parcels table locked by another session (a statement that cannot finish)', () => {
    let locker: pg.Client
    beforeAll(async () => {
      locker = new pg.Client({ connectionString: cluster.adminUrl })
      await locker.connect()
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE parcels IN ACCESS EXCLUSIVE MODE')
    })
    afterAll(async () => {
      await locker.query('ROLLBACK').catch(() => {})
      await locker.end().catch(() => {})
    })

    it('cancels the statement at the statement timeout: 503 DB_TIMEOUT, and the connection goes back to the pool (R14)', async () => {
      const t0 = Date.now()
      const r = await planner.request('GET', `/api/parcels?project=${projectId}`)
      expect([r.status, r.body.code, r.headers.get('retry-after')]).toEqual([503, 'DB_TIMEOUT', '5'])
      expect(Date.now() - t0).toBeLessThan(statementTimeoutMs + 3000)
      // The cancelled backends are idle again, not stuck: the pool reuses them for queries that do not need the lock.
      const [{ n }] = (await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'zhengdi' AND state = 'active' AND wait_event_type = 'Lock'",
      )) as [{ n: number }]
      expect(n).toBe(0)
      expect((await planner.request('GET', '/api/projects')).status).toBe(200)
    })

    it('answers 200 concurrent slow requests on a pool of 10 with bounded 503s while liveness answers at once (R15)', async () => {
      const t0 = Date.now()
      const all = Promise.all(Array.from({ length: 200 }, () => planner.request('GET', `/api/parcels?project=${projectId}`)))
      await sleep(300)
      const l0 = Date.now()
      expect((await fetch(`${app.url}/api/livez`)).status).toBe(200)
      expect(Date.now() - l0).toBeLessThan(1000)
      // Readiness waits for a connection like any request: it answers (503) within the pool's 5 s wait.
      const r0 = Date.now()
      expect([200, 503]).toContain((await fetch(`${app.url}/api/readyz`)).status)
      expect(Date.now() - r0).toBeLessThan(5000 + 5000)
      const replies = await all
      const elapsed = Date.now() - t0
      const codes = replies.map((r) => `${r.status} ${r.body?.code}`)
      expect(codes.filter((c) => c !== '503 DB_TIMEOUT' && c !== '503 DB_UNAVAILABLE')).toEqual([])
      // Bounded: no request hangs, whatever the queue
      // (each of a request's statements — its session, then the list — waits at most 5 s for a connection).
      expect(elapsed).toBeLessThan(2 * 5000 + statementTimeoutMs + 8000)
      expect(app.alive()).toBe(true)
    })

    it('serves again at once when the lock is released', async () => {
      await locker.query('ROLLBACK')
      const r = await planner.request('GET', `/api/parcels?project=${projectId}`)
      expect(r.status, r.text).toBe(200)
      expect(await violations()).toEqual([])
    })
  })

  it('answers an unexpected SQL error with a problem+json 500 and stays up (R13)', async () => {
    await admin.query('ALTER TABLE land_classes RENAME TO land_classes_moved')
    try {
      const r = await api.request('GET', '/api/land-classes', { headers: { 'accept-language': 'en' } })
      expect([r.status, r.headers.get('content-type'), r.body.code]).toEqual([500, 'application/problem+json; charset=utf-8', 'INTERNAL'])
      expect(r.text).not.toMatch(/land_classes_moved|relation|at \//)
    } finally {
      await admin.query('ALTER TABLE land_classes_moved RENAME TO land_classes')
    }
    expect(app.alive()).toBe(true)
    expect((await api.request('GET', '/api/land-classes')).status).toBe(200)
  })

  it.runIf(process.getuid?.() === 0)('answers 503 STORAGE_UNAVAILABLE when the database disk is full, keeps what was committed, and saves once space is freed (R11)', async (ctx) => {
    if (!cluster.small) return ctx.skip()
    const before = await codesIn((await db.query<{ code: string }>('SELECT code FROM parcels')).map((r) => r.code))
    // Fill the database's filesystem to the last byte.
    const filler = path.join(cluster.root, 'filler')
    const fd = fs.openSync(filler, 'w')
    const block = Buffer.alloc(1 << 20)
    try {
      for (;;) fs.writeSync(fd, block)
    } catch {
      // ENOSPC: full
    }
    try {
      for (;;) fs.writeSync(fd, block.subarray(0, 4096))
    } catch {
      // full to the page
    }
    fs.closeSync(fd)
    const writes: { code: string; reply: Reply }[] = []
    try {
      for (let i = 0; i < 200 && !writes.some((w) => w.reply.status === 503); i++) {
        const body = newParcel('DISK')
        writes.push({ code: body.properties.code as string, reply: await planner.request('POST', '/api/parcels', { json: body }) })
      }
      const failed = writes.filter((w) => w.reply.status !== 201)
      expect(failed.length, 'no write failed on a full disk').toBeGreaterThan(0)
      expect(failed.map((w) => w.reply).filter((r) => !isProblem503(r)).map((r) => `${r.status} ${r.text}`)).toEqual([])
      expect(failed.map((w) => w.reply.body.code)).toContain('STORAGE_UNAVAILABLE')
      expect(app.alive()).toBe(true)
    } finally {
      fs.rmSync(filler)
    }
    // The edit that failed is not there; what was committed before is.
    await recovered(writes)
    const after = await codesIn([...before, ...writes.map((w) => w.code)])
    expect([...before].every((c) => after.has(c))).toBe(true)
    const lost = writes.find((w) => w.reply.status === 503)!
    expect(after.has(lost.code)).toBe(false)
    // The office retries the same parcel once space is back: it is saved.
    const retry = await planner.request('POST', '/api/parcels', { json: newParcelWithCode(lost.code) })
    expect(retry.status, retry.text).toBe(201)
  })

  /** The failed write of the disk-full test again: the same code, a fresh place. */
  function newParcelWithCode(code: string) {
    const body = newParcel('RETRY')
    return { ...body, properties: { ...body.properties, code } }
  }

  it('leaves imports all in or not at all, no bulk job running and every acknowledged edit stored after a SIGKILL mid-write (R08)', async () => {
    const outcomes = []
    // Killed while the bulk import reads its upload, then while it checks or inserts; edits and the other import
    // are cut off wherever they are at that moment.
    for (const [i, phases] of [['received'], ['validating', 'inserting']].entries()) {
      const w = await startMidWrite(planner, projectId, `S${i}`, newParcel)
      await until(`the bulk import is ${phases.join(' or ')}`, async () => {
        const [job] = await db.query<{ phase: string }>('SELECT phase FROM bulk_imports WHERE filename = $1', [`crash-S${i}.geojson`])
        return job && [...phases, 'done', 'failed'].includes(job.phase)
      }, 30_000)
      await sleep(Math.round(Math.random() * 400))
      await app.kill9()
      app = await startAppProcess(appEnv())
      await untilReady(app)
      // The sessions are in the database: the same planner carries on with the new process.
      api.base = app.url
      outcomes.push(await checkAfterCrash(db, w))
    }
    console.log('[faults] after SIGKILL (server database):', JSON.stringify(outcomes))
  })
})
