import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { routes, type Route } from '../../server/routes.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { hostileWrites, jsonWrites, mutate, pathsOf, validBody, writeAddress } from '../helpers/hostile-bodies.ts'
import { baseQuery, corpus, getRoutes, routeAddress, routeKey, textParams, type PathIds } from '../helpers/injection-corpus.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { startAppProcess, untilReady, type AppProcess } from './app-process.ts'
import { createCluster, hasPostgis, pgBin, until, type Cluster } from './cluster.ts'
import { isParameters, isStatementText, logStatements, readLog } from './statement-log.ts'

// P8 and P7 of hostile-inputs.md against the real server process (server/main.ts in a child process) on a private
// PostgreSQL cluster. P8: with log_statement = all, a marker sent in every query parameter, JSON string field and
// SQL-bound header must appear in PostgreSQL's log only among a statement's bound parameters, never in SQL text.
// P7: a burst of hostile bodies leaves the same process (pid, start time) serving, within a memory ceiling.

const projects = loadQueries('projects', ['insert'])
type Session = Awaited<ReturnType<TestApi['as']>>

/** The server's resident memory may not pass this during the hostile burst (it starts at about 180 MB, peaked near 340 MB). */
const rssCeilingMb = 768

/** Runs the jobs `width` at a time. */
async function inParallel(jobs: (() => Promise<void>)[], width = 6) {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]!()
  }))
}

/** Start time (clock ticks after boot) and resident memory (MB) of a process, from /proc. */
function procInfo(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1])
  return { startTicks, rssMb: rssKb / 1024 }
}

describe.skipIf(!pgBin || !hasPostgis)('the server process under hostile input (P8 statement log, P7 burst)', () => {
  let cluster: Cluster
  let db: Database
  let admin: Database
  let app: AppProcess
  let api: TestApi
  let adminSession: Session
  let ids: PathIds
  let draftNotice: number

  beforeAll(async () => {
    cluster = await createCluster()
    db = openServerDatabase(cluster.url)
    admin = openServerDatabase(cluster.adminUrl)
    // The public budgets lifted: every request comes from 127.0.0.1.
    app = await startAppProcess({
      DATABASE_URL: cluster.url, ZD_PUBLIC_RATE_PER_MINUTE: '100000', ZD_PUBLIC_TILE_RATE_PER_MINUTE: '100000', ZD_PUBLIC_PDF_RATE_PER_MINUTE: '100000',
    })
    // A fresh database: the migrations run first.
    await untilReady(app, 90_000).catch((err) => {
      throw new Error(`${err}; the app said:\n${app.output().slice(-3000)}`)
    })
    const [p] = await db.query<{ id: number }>(projects.insert, ['P-HOSTILE', '恶意输入测试项目', 'Hostile input project', '鹤城区', null])
    api = new TestApi(db)
    api.base = app.url
    const parcel = await (await api.as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(S), p!.id, { code: 'HOSTILE-1' }) })
    expect(parcel.status, parcel.text).toBe(201)
    ids = { projectId: p!.id, parcel: parcel.body.id, notice: await plantNotice(db, { projectId: p!.id }) }
    // The writes edit a draft: a published notice's text is not open to edits.
    draftNotice = await plantNotice(db, { projectId: p!.id, status: 'draft' })
    adminSession = await api.as('admin')
  }, 120_000)

  afterAll(async () => {
    await app?.kill9()
    await db?.close().catch(() => {})
    await admin?.close().catch(() => {})
    cluster?.remove()
  }, 60_000)

  /** One request as the route's audience: anonymous for public routes, the administrator for the others. */
  const send = (route: Route, method: string, path: string, opts: { raw?: string; headers?: Record<string, string> } = {}) =>
    route.access === 'public' ? api.request(method, path, opts) : adminSession.request(method, path, opts)
  /** A write with the resource's current ETag, so that it gets past If-Match to its statements (as fuzz.test.ts). */
  async function write(route: Route, path: string, raw: string) {
    const method = route.method.toUpperCase()
    if (route.access === 'public') return send(route, method, path, { raw })
    const etag = (await adminSession.request('GET', path.replace(/\/(regenerate|approve|publish|withdraw)$/, ''))).headers.get('etag')
    return send(route, method, path, { raw, headers: etag ? { 'if-match': etag } : {} })
  }

  it('P8: PostgreSQL receives the injection corpus only as bound parameters, never in a statement\'s text (log_statement = all)', async () => {
    // Each request's value starts with a tag of its own, so that a tag found in SQL text names the request.
    const run = `zdinj${randomBytes(4).toString('hex')}`
    const sent: string[] = []
    const tagged = (what: string, value: string) => `${run}_${sent.push(what) - 1}_${value}`
    // The tag alone shows a value built into SQL text; the corpus's quoting values (I01, I02, I06, I07, I10) show a
    // builder that escapes. Free text (a search) takes all of them; an id, a date or a JSON field, refused or
    // bound after a check, the tag alone and with a quote (each write costs a transaction).
    const quoting = ['', ...corpus.filter((v) => /['"\\%;]/.test(v))]
    const few = ['', "' OR 1=1--"]
    const jobs: (() => Promise<void>)[] = []
    const fiveHundreds: string[] = []
    const check = (what: string) => (r: Reply) => void (r.status >= 500 && fiveHundreds.push(`${what} → ${r.status} ${r.text.slice(0, 200)}`))

    // Every query parameter and path parameter of every GET route.
    for (const route of getRoutes) {
      const base = baseQuery(route, ids.projectId)
      const at = `/api${routeAddress(route, ids)}`
      for (const name of route.query ?? []) {
        for (const v of textParams.has(name) ? quoting : few) {
          const what = `${routeKey(route)} ?${name}=${JSON.stringify(v)}`
          const query = new URLSearchParams({ ...base, [name]: tagged(what, v) })
          jobs.push(() => send(route, 'GET', `${at}?${query}`).then(check(what)))
        }
      }
      for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
        const what = `${routeKey(route)} :${name}`
        const path = `/api${routeAddress({ ...route, path: route.path.replace(`:${name}`, encodeURIComponent(tagged(what, "'"))) }, ids)}`
        jobs.push(() => send(route, 'GET', `${path}?${new URLSearchParams(base)}`).then(check(what)))
      }
    }
    const getJobs = jobs.length
    // Every string field of every JSON write route's body (a login, a parcel's code, a notice's text, …), with the
    // headers that reach SQL: Idempotency-Key on a create, If-Match on an update.
    const bodies: Record<string, unknown> = {
      'POST /auth/login': { username: 'nobody', password: 'wrong-Pass-2026!' },
      // A place of its own: the first parcel with a tagged code is stored, the others overlap it.
      'POST /parcels': parcelFeature(polygon(square(110.01, 27.51)), ids.projectId, { code: 'HOSTILE-2' }),
      'PUT /notices/:id': { title: '公告', body: '正文', township: '石门乡', contacts: '政策法规科 0745-2381234', period_days: 30, period_unit: 'days' },
    }
    const isText = (body: unknown, at: (string | number)[]) => typeof at.reduce<any>((node, k) => node[k], body) === 'string'
    for (const route of jsonWrites) {
      const body = bodies[routeKey(route)] ?? validBody(route, ids.projectId)
      const path = writeAddress(route, { ...ids, notice: draftNotice })
      const method = route.method.toUpperCase()
      // A password is only ever hashed and compared, never bound (and each costs a deliberate scrypt).
      for (const leaf of pathsOf(body).filter((at) => at.length && at.at(-1) !== 'password' && isText(body, at))) {
        for (const v of few) {
          const what = `${routeKey(route)} ${leaf.join('.')}=${JSON.stringify(v)}`
          jobs.push(() => write(route, path, JSON.stringify(mutate(body, leaf, tagged(what, v)))).then(check(what)))
        }
      }
      if (route.path === '/auth/login') continue
      const header = method === 'POST' ? 'idempotency-key' : 'if-match'
      for (const v of few) {
        const what = `${routeKey(route)} ${header}: ${v}`
        const value = tagged(what, v)
        jobs.push(() => send(route, method, path, { raw: JSON.stringify(body), headers: { [header]: header === 'if-match' ? `"${value}"` : value } }).then(check(what)))
      }
    }
    for (const route of routes.filter((r) => r.method === 'delete')) {
      const what = `${routeKey(route)} if-match`
      jobs.push(() => send(route, 'DELETE', writeAddress(route, ids), { headers: { 'if-match': `"${tagged(what, "'")}"` } }).then(check(what)))
    }

    const from = await logStatements(admin, cluster.log, true)
    const t0 = Date.now()
    try {
      // The log must show statements before the corpus goes in: a probe through a search, a bound parameter.
      const probe = `${run}_probe`
      await until('statements are logged', async () => {
        await api.request('GET', `/api/public/notices?q=${probe}`)
        return readLog(cluster.log, from).some((e) => isParameters(e) && e.text.includes(probe))
      }, 10_000)
      await inParallel(jobs)
    } finally {
      await logStatements(admin, cluster.log, false)
    }
    const elapsed = Date.now() - t0
    const entries = readLog(cluster.log, from)
    const tagsIn = (list: typeof entries) => new Set(list.flatMap((e) => [...e.text.matchAll(new RegExp(`${run}_(\\d+)_`, 'g'))].map((m) => Number(m[1]))))
    const inSql = tagsIn(entries.filter(isStatementText))
    const bound = tagsIn(entries.filter(isParameters))
    // An error may quote a bound value (invalid input syntax for type integer: "…"): logged, allowed.
    const quoted = tagsIn(entries.filter((e) => !isStatementText(e) && !isParameters(e)))
    const reached = (prefix: string) => [...bound].some((i) => sent[i]!.startsWith(prefix))
    console.log(`[faults] P8: ${jobs.length} requests (${getJobs} GET) in ${elapsed} ms, ${entries.length} log entries, ${bound.size} values bound, ${quoted.size} quoted by an error, ${inSql.size} in SQL text`)

    expect(fiveHundreds).toEqual([])
    expect([...inSql].map((i) => sent[i]), 'values that reached SQL text').toEqual([])
    // Not vacuous: the values did reach the database, bound, from a query, a body and a header.
    expect(entries.filter(isStatementText).length).toBeGreaterThan(1000)
    expect([reached('GET /public/notices ?q='), reached('POST /auth/login username'), reached('POST /parcels properties.code'), reached('PUT /notices/:id title'),
      [...bound].some((i) => sent[i]!.includes('idempotency-key'))]).toEqual([true, true, true, true, true])
  }, 120_000)

  it('P7: a burst of hostile bodies leaves the same server process serving: no 5xx but 503, same pid and start time, RSS under the ceiling', async () => {
    const pid = app.child.pid!
    const before = procInfo(pid)
    // The fuzzer's bodies (tests/api/fuzz.test.ts) and G29's million-deep nesting and G30's chunked 3 MB body.
    const samples = fc.sample(hostileWrites(ids.projectId), { numRuns: 3000, seed: 20261126 })
    const parcels = routes.find((r) => r.method === 'post' && r.path === '/parcels')!
    const deep = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}},"properties":{}}`
    const chunked = async () => {
      const chunk = new TextEncoder().encode('[110.0001,27.5001],'.repeat(3000))
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 3 * 1024 * 1024) return controller.close()
          sent += chunk.length
          controller.enqueue(chunk)
        },
      })
      const r = await fetch(`${app.url}/api/parcels`, {
        method: 'POST', body, duplex: 'half',
        headers: { cookie: adminSession.cookie, 'x-csrf-token': adminSession.csrf, 'content-type': 'application/json' },
      } as RequestInit)
      return { status: r.status, headers: r.headers, text: await r.text() }
    }

    const answers: { what: string; status: number; problem503: boolean }[] = []
    const note = (what: string, r: { status: number; headers: Headers }) => answers.push({
      what, status: r.status, problem503: r.status === 503 && !!r.headers.get('retry-after') && !!r.headers.get('content-type')?.startsWith('application/problem+json'),
    })
    const end = Date.now() + 10_000
    const liveness: number[] = []
    let peakRssMb = before.rssMb
    const watcher = (async () => {
      while (Date.now() < end) {
        const t = Date.now()
        const r = await fetch(`${app.url}/api/livez`)
        note('GET /api/livez', r)
        liveness.push(Date.now() - t)
        peakRssMb = Math.max(peakRssMb, procInfo(pid).rssMb)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    })()
    let next = 0
    const jobs = [
      ...Array.from({ length: 3 }, () => async () => note('G29 deep nesting', await send(parcels, 'POST', '/api/parcels', { raw: deep }))),
      ...Array.from({ length: 2 }, () => async () => note('G30 chunked 3 MB', await chunked())),
    ]
    await Promise.all([watcher, ...Array.from({ length: 4 }, async () => {
      for (;;) {
        const job = jobs.pop()
        if (job) await job()
        else if (Date.now() < end && next < samples.length) {
          const { route, body } = samples[next++]!
          note(`${routeKey(route)} ${body.slice(0, 200)}`, await write(route, writeAddress(route, { ...ids, notice: draftNotice }), body))
        } else return
      }
    })])

    const after = procInfo(pid)
    const p99 = [...liveness].sort((a, b) => a - b)[Math.floor(liveness.length * 0.99)]
    console.log(`[faults] P7: ${answers.length} requests in 10 s, RSS ${before.rssMb.toFixed(0)} → peak ${peakRssMb.toFixed(0)} MB, livez p99 ${p99} ms`)
    expect(answers.filter((a) => a.status >= 500 && !a.problem503).map((a) => `${a.what} → ${a.status}`)).toEqual([])
    expect(answers.filter((a) => a.what.startsWith('G29')).map((a) => a.status)).toEqual([400, 400, 400])
    expect(answers.filter((a) => a.what.startsWith('G30')).map((a) => a.status)).toEqual([413, 413])
    expect(answers.length).toBeGreaterThan(50)
    expect(app.alive(), app.output().slice(-2000)).toBe(true)
    expect([app.child.pid, after.startTicks]).toEqual([pid, before.startTicks])
    expect(peakRssMb).toBeLessThan(rssCeilingMb)
    expect((await fetch(`${app.url}/api/livez`)).status).toBe(200)
    expect(liveness.length).toBeGreaterThan(5)
  })
})
