import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { seedHolidays } from '../../server/db/holidays-seed.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { asPublic } from '../../server/db/public-reads.ts'
import { ReplicaRouter } from '../../server/db/replica.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { TestApi } from '../helpers/api.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { prepareAppDatabase } from '../faults/cluster.ts'

// A primary and a hot standby as two private PostgreSQL clusters in a temp folder (initdb, pg_basebackup -R), the
// app on the primary with its public reads on the standby (DATABASE_REPLICA_URL's router, server/db/replica.ts).
// Runs as root (CI) by running PostgreSQL's programs as the user postgres, or as any other user as itself.

const major = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b)).at(-1) : undefined
const bin = major ? `/usr/lib/postgresql/${major}/bin` : undefined
const hasPostgis = !!major && fs.existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)
const asRoot = process.getuid?.() === 0
/** Who runs PostgreSQL's programs: postgres when the tests run as root (initdb and pg_ctl refuse root), else the caller. */
const owner: { uid?: number; gid?: number } = asRoot && bin
  ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
  : {}

/** Runs one of PostgreSQL's programs (as postgres when root); throws with its output when it fails. */
function pgRun(program: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(`${bin}/${program}`, args, { ...owner, cwd: os.tmpdir(), encoding: 'utf8', timeout: 60_000, ...opts })
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`)
  return r
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

const projects = loadQueries('projects', ['insert'])
/** The handler's own statement of a hearing request (server/handlers/hearing-requests.ts). */
const hearing = loadQueries('hearing-requests', ['file'])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe().catch(() => undefined)
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await sleep(100)
  }
}

interface Cluster { dir: string; port: number; log: string; url: string; adminUrl: string }

describe.skipIf(!bin || !hasPostgis)('the public read replica (a hot standby of the primary)', () => {
  let root: string
  let primary: Cluster
  let standby: Cluster
  let primaryDb: Database
  /** The app user's connection to the standby, for the test's own checks (not the router's pool). */
  let standbyDb: Database
  let router: ReplicaRouter
  let api: TestApi
  const logged: string[] = []
  let noticeId: number
  let collective: string

  const cluster = (name: string, port: number): Cluster => ({
    dir: path.join(root, name), port, log: path.join(root, `${name}.log`),
    url: `postgres://zhengdi:zhengdi-test@127.0.0.1:${port}/zhengdi_test`,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
  })
  const start = (c: Cluster) => pgRun('pg_ctl', ['-D', c.dir, '-l', c.log, '-w', '-t', '60', 'start'])
  const stop = (c: Cluster, mode = 'fast') => pgRun('pg_ctl', ['-D', c.dir, '-m', mode, '-w', '-t', '60', 'stop'])

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function replayed() {
    const [{ lsn }] = (await primaryDb.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }]
    await until('the standby has replayed the primary', async () => {
      const [row] = await standbyDb.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])
      return row?.done
    })
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-replica-'))
    if (asRoot) fs.chownSync(root, owner.uid!, owner.gid!)
    const [p1, p2] = [await freePort(), await freePort()]
    primary = cluster('primary', p1)
    standby = cluster('standby', p2)
    pgRun('initdb', ['-D', primary.dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    // A private, throwaway cluster: local TCP only, its own socket folder, no fsync. Replication needs wal_level
    // replica and WAL senders (the defaults); the kept WAL lets the standby catch up after the primary restarts.
    fs.appendFileSync(path.join(primary.dir, 'postgresql.conf'), [
      '', `listen_addresses = '127.0.0.1'`, `port = ${p1}`, `unix_socket_directories = '${root}'`, 'fsync = off',
      'max_connections = 40', 'shared_buffers = 32MB', 'wal_level = replica', 'max_wal_senders = 4', 'wal_keep_size = 64MB',
      // The standby reconnects to a restarted primary after wal_retrieve_retry_interval.
      'wal_retrieve_retry_interval = 500ms', '',
    ].join('\n'))
    start(primary)
    await prepareAppDatabase(primary.adminUrl)
    // The standby: a base backup with -R (standby.signal and primary_conninfo), on its own port.
    pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', standby.dir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'])
    fs.appendFileSync(path.join(standby.dir, 'postgresql.conf'), `\nport = ${p2}\nhot_standby = on\n`)
    start(standby)

    // Migrated after the base backup, so that the whole schema reaches the standby by streaming.
    primaryDb = openServerDatabase(primary.url)
    await migrate(primaryDb)
    await seedHolidays(primaryDb)
    // The app under test runs as zd_app on both, as server/main.ts and openReplicaRouter make it; standbyDb is the
    // test's own look at the standby.
    await primaryDb.useAppRole!()
    standbyDb = openServerDatabase(standby.url)
    router = new ReplicaRouter(primaryDb, openServerDatabase(standby.url, { asAppRole: true }), {
      maxLagSeconds: 30, retryAfterMs: 500, checkEveryMs: 200, log: (line) => logged.push(line),
    })
    api = await new TestApi(primaryDb, {}, router).start()
  }, 120_000)

  afterAll(async () => {
    // Everything is stopped and removed whatever happened above, so that the next run starts clean on free ports.
    await api?.stop().catch(() => {})
    for (const db of [router, standbyDb, primaryDb]) await db?.close().catch(() => {})
    for (const c of [standby, primary]) {
      if (c && fs.existsSync(path.join(c.dir, 'postmaster.pid'))) {
        try {
          stop(c, 'immediate')
        } catch (err) {
          console.warn(String(err))
          // pg_ctl could not stop it: end the postmaster by its pid (SIGQUIT, PostgreSQL's immediate shutdown).
          const pid = Number(fs.readFileSync(path.join(c.dir, 'postmaster.pid'), 'utf8').split('\n')[0])
          if (pid > 0) process.kill(pid, 'SIGQUIT')
        }
      }
    }
    if (root) fs.rmSync(root, { recursive: true, force: true })
  }, 60_000)

  it('serves the portal from the standby once it has replayed a notice published through the API', async () => {
    const [project] = await primaryDb.query<{ id: number }>(projects.insert, ['P-REP', '副本测试项目', 'Replica test project', '鹤城区', null])
    const projectId = project!.id
    const planner = await api.as('planner')
    const parcel = await planner.request('POST', '/api/parcels', {
      json: parcelFeature(polygon(square(110.0, 27.5, 0.0012)), projectId, { code: 'R-001', land_class: '0101', owner: '盈口乡炉天冲村三组' }),
    })
    expect(parcel.status, parcel.text).toBe(201)
    const rates = await (await api.as('finance')).request('POST', `/api/projects/${projectId}/rate-sets`, {
      json: { name: '怀化市征地补偿标准', basis: '怀政发〔2018〕7号', effective_from: '2024-01-01', rates: [{ item_type: 'land', key: '0101', rate_yuan: '48000.00' }] },
    })
    expect(rates.status, rates.text).toBe(201)
    const legal = await api.as('legal')
    const draft = await legal.request('POST', '/api/notices', { json: { project_id: projectId, kind: 'compensation_plan' } })
    expect(draft.status, draft.text).toBe(201)
    noticeId = draft.body.id
    // Four eyes: a second legal user approves.
    const password = await api.createUser('legal2', 'legal')
    const login = await api.request('POST', '/api/auth/login', { json: { username: 'legal2', password } })
    const legal2 = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': login.body.csrf as string }
    const approved = await api.request('POST', `/api/notices/${noticeId}/approve`, { headers: { ...legal2, 'if-match': `"v${draft.body.version}"` } })
    expect(approved.status, approved.text).toBe(200)
    const published = await legal.request('POST', `/api/notices/${noticeId}/publish`, { headers: { 'if-match': `"v${approved.body.version}"` } })
    expect(published.status, published.text).toBe(200)

    await replayed()
    const [recovery] = await standbyDb.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby')
    expect(recovery!.standby).toBe(true)
    // Both pools of the app run as its role zd_app (P3), which may still become zd_public on the standby.
    for (const db of [primaryDb, router.replica]) {
      expect(await db.query('SELECT current_user::text AS role')).toEqual([{ role: 'zd_app' }])
    }
    const before = { ...router.reads }
    const list = await api.request('GET', '/api/public/notices')
    expect(list.status, list.text).toBe(200)
    const feature = list.body.features.find((f: { id: number }) => f.id === noticeId)
    expect(feature?.properties.status).toBe('published')
    collective = feature.properties.collectives[0].name
    // The version (ETag) and the list were both read on the standby; the primary answered no public read.
    expect(router.reads.replica - before.replica).toBeGreaterThanOrEqual(1)
    expect(router.reads.primary).toBe(before.primary)

    const health = await api.request('GET', '/api/health')
    expect(health.status).toBe(200)
    expect(health.body.replica).toMatchObject({ status: 'ok', serving: 'replica', standby: true, streaming: true, max_lag_seconds: 30 })
    expect(health.body.replica.lag_seconds).toBeLessThan(30)
  })

  it('keeps serving the portal from the standby while the primary is down and while it restarts', async () => {
    stop(primary)
    await expect(primaryDb.query('SELECT 1')).rejects.toThrow()
    const list = await api.request('GET', '/api/public/notices')
    expect(list.status, list.text).toBe(200)
    expect(list.body.features.map((f: { id: number }) => f.id)).toContain(noticeId)
    for (const p of [`/api/public/notices/${noticeId}`, `/api/public/notices/${noticeId}/boundary-points`]) {
      const r = await api.request('GET', p)
      expect(r.status, `${p}: ${r.text}`).toBe(200)
    }
    // The office's side is down, and says so; the replica is fine.
    const health = await api.request('GET', '/api/health')
    expect(health.status).toBe(503)
    // (streaming is not asserted here: the standby's WAL receiver may be mid-attempt to reconnect.)
    expect(health.body.replica).toMatchObject({ status: 'ok', serving: 'replica', standby: true })
    // The public's one write goes to the primary, which is down: 503, not a write attempted on the standby.
    const filed = await api.request('POST', `/api/public/notices/${noticeId}/hearing-requests`, {
      json: { name: '李秀英', phone: '13812345678', collective, reason: '补偿标准偏低，申请听证。' },
    })
    expect([filed.status, filed.body.code]).toEqual([503, 'DB_UNAVAILABLE'])

    // Restart the primary; the portal answers every request meanwhile.
    const restart = spawn(`${bin}/pg_ctl`, ['-D', primary.dir, '-l', primary.log, '-w', '-t', '60', 'start'], { ...owner, cwd: os.tmpdir(), stdio: 'ignore' })
    const restarted = new Promise<number | null>((resolve) => restart.once('exit', resolve))
    let done = false
    void restarted.then(() => (done = true))
    const statuses: number[] = []
    while (!done || statuses.length < 3) {
      statuses.push((await api.request('GET', '/api/public/notices')).status)
      await sleep(50)
    }
    expect(await restarted).toBe(0)
    expect(statuses.every((s) => s === 200), `statuses during the restart: ${statuses.join(' ')}`).toBe(true)
  })

  it('files a hearing request on the primary once it is back, and the standby replays it', async () => {
    await until('the primary answers', async () => (await primaryDb.query('SELECT 1')).length === 1)
    const filed = await api.request('POST', `/api/public/notices/${noticeId}/hearing-requests`, {
      json: { name: '李秀英', phone: '13812345678', collective, reason: '补偿标准偏低，申请听证。' },
    })
    expect(filed.status, filed.text).toBe(201)
    const [onPrimary] = await primaryDb.query<{ n: number }>('SELECT count(*)::int AS n FROM hearing_requests')
    expect(onPrimary!.n).toBe(1)
    await until('the standby streams again', async () => (await standbyDb.query<{ on: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS on'))[0]?.on)
    await replayed()
    const [onStandby] = await standbyDb.query<{ n: number }>('SELECT count(*)::int AS n FROM hearing_requests')
    expect(onStandby!.n).toBe(1)
    // Why the write must not take the public path: the standby refuses it (25006 read_only_sql_transaction).
    await expect(asPublic(standbyDb, (tx) => tx.query(hearing.file, [noticeId, collective, 'x', 'x', 'x', 'x', 'x'])))
      .rejects.toMatchObject({ code: '25006' })
  })

  it('answers public reads from the primary while the standby is down, with a log line, and returns to the standby', async () => {
    stop(standby)
    const before = { ...router.reads }
    const list = await api.request('GET', '/api/public/notices')
    expect(list.status, list.text).toBe(200)
    expect(list.body.features.map((f: { id: number }) => f.id)).toContain(noticeId)
    expect(router.reads.primary).toBeGreaterThan(before.primary)
    expect(logged.some((l) => l.startsWith('[replica] unavailable'))).toBe(true)
    const health = await api.request('GET', '/api/health')
    expect(health.status).toBe(200)
    expect(health.body.replica).toMatchObject({ status: 'unavailable', serving: 'primary', standby: null, lag_seconds: null })

    start(standby)
    await until('public reads are answered by the standby again', async () => {
      const seen = router.reads.replica
      const r = await api.request('GET', '/api/public/notices')
      return r.status === 200 && router.reads.replica > seen
    })
    expect(logged.some((l) => l.startsWith('[replica] answering again'))).toBe(true)
  })
})
