import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Route } from '../../server/routes.ts'
import type { Reply } from '../helpers/api.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { baseQuery, corpus, foreignNames, getRoutes, routeAddress, routeKey as key, textParams, truthPairs } from '../helpers/injection-corpus.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

// P8 of hostile-inputs.md, I01–I11: the injection corpus (tests/helpers/injection-corpus.ts) against every query
// parameter of every GET route, as the route table lists them (Route.query), with the list itself checked against
// what each handler reads. About 1,700 requests, so on the server database only (the embedded suite runs the same
// code over PGlite). tests/faults/hostile-process.test.ts sends the corpus again and reads PostgreSQL's statement log.
const w = useWorld()

/** Records which query parameters each route's handler reads, through a Proxy over Express's req.query getter. */
const reads = new Map<string, Set<string>>()
const queryGetter = Object.getOwnPropertyDescriptor(express.request, 'query')!
function recordQueryReads() {
  Object.defineProperty(express.request, 'query', {
    ...queryGetter,
    get(this: express.Request) {
      const query = queryGetter.get!.call(this) as Record<string, unknown>
      const req = this
      const note = (name: string | symbol) => {
        if (typeof name === 'string' && req.route) {
          const k = `${req.method} ${req.route.path}`
          reads.set(k, (reads.get(k) ?? new Set()).add(name))
        }
      }
      return new Proxy(query, {
        get: (t, name, r) => (note(name), Reflect.get(t, name, r)),
        has: (t, name) => (note(name), Reflect.has(t, name)),
      })
    },
  })
}

describe.skipIf(testDbKind !== 'server')('P8: the injection corpus on every query parameter of every GET route', () => {
  const ids = { parcel: 0, notice: 0 }
  beforeAll(() => recordQueryReads())
  afterAll(() => Object.defineProperty(express.request, 'query', queryGetter))

  const address = (route: Route) => routeAddress(route, { projectId: w.projectId, ...ids })
  const baseOf = (route: Route) => baseQuery(route, w.projectId)

  async function send(route: Route, query: string): Promise<Reply> {
    const url = `/api${address(route)}${query ? `?${query}` : ''}`
    if (route.access === 'public') return w.api.request('GET', url)
    return (await w.api.as('admin')).request('GET', url)
  }
  const qs = (params: Record<string, string>) => new URLSearchParams(params).toString()
  /**
   * What must be equal for a true and a false variant: status, type and body, with the value itself taken out (a
   * period's error quotes what it was given) and a problem's instance (the URL) left out.
   */
  function comparable(r: Reply, value: string) {
    const problem = r.headers.get('content-type')?.startsWith('application/problem+json')
    const text = problem ? JSON.stringify({ ...r.body, instance: undefined }) : r.text
    const echo = (v: string) => [v, JSON.stringify(v).slice(1, -1)].flatMap((x) => [x, x.slice(0, 20)])
    return { status: r.status, type: r.headers.get('content-type'), body: echo(value).reduce((t, x) => t.replaceAll(x, '…'), text) }
  }
  /** Runs the checks `width` at a time: the requests wait on the database more than on this process. */
  async function inParallel(jobs: (() => Promise<void>)[], width = 6) {
    let next = 0
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]!()
    }))
  }
  const shown = (v: string) => JSON.stringify(v).slice(0, 40)

  it('answers every corpus value, true/false pair and repeated key without a 5xx, writing nothing, true and false alike', async () => {
    const planner = await w.api.as('planner')
    const parcel = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'INJ-1' }) })
    expect(parcel.status).toBe(201)
    ids.parcel = parcel.body.id
    ids.notice = await plantNotice(w.db, { projectId: w.projectId })
    await w.api.as('admin')
    // A GET may log itself (exports) and expire a notice whose period ended; nothing else may change.
    const untouched = ['operation_log', 'sessions', 'notices', 'notice_events']
    const before = await dbFingerprint(w.db, untouched)
    const failures: string[] = []
    const jobs: (() => Promise<void>)[] = []
    for (const route of getRoutes) {
      const b = baseOf(route)
      jobs.push(async () => {
        const r = await send(route, qs(b))
        if (r.status >= 500) failures.push(`${key(route)} ${qs(b)} → ${r.status}`)
      })
      for (const name of route.query ?? []) {
        for (const value of corpus) {
          jobs.push(async () => {
            const r = await send(route, qs({ ...b, [name]: value }))
            if (r.status >= 500) failures.push(`${key(route)} ${name}=${shown(value)} → ${r.status} ${r.text.slice(0, 200)}`)
            // A parameter that is not free text takes no quote, semicolon or control character: refused, never read as SQL.
            if (!textParams.has(name) && /['";\u0000]|DROP|UNION/i.test(value) && r.status < 400) failures.push(`${key(route)} ${name}=${shown(value)} accepted (${r.status})`)
          })
        }
        for (const [yes, no] of truthPairs) {
          jobs.push(async () => {
            const [a, c] = [await send(route, qs({ ...b, [name]: yes })), await send(route, qs({ ...b, [name]: no }))]
            if (JSON.stringify(comparable(a, yes)) !== JSON.stringify(comparable(c, no))) failures.push(`${key(route)} ${name}: ${yes} and ${no} answer differently`)
          })
        }
        jobs.push(async () => {
          const r = await send(route, `${qs(b)}&${name}=1&${name}=2`)
          if (r.status !== 400 || r.body?.code !== 'INVALID_PARAMETER_TYPE') failures.push(`${key(route)} ${name}=1&${name}=2 → ${r.status} ${r.body?.code}`)
        })
      }
    }
    await inParallel(jobs)
    expect(failures).toEqual([])
    expect(jobs.length).toBeGreaterThan(1000)
    expect(await dbFingerprint(w.db, untouched)).toBe(before)
  }, 240_000)

  it('refuses a name outside the route\'s list (sort, filter, properties, offset, brackets) with 400 UNKNOWN_PARAMETER', async () => {
    const failures: string[] = []
    await inParallel(getRoutes.flatMap((route) => foreignNames.map((foreign) => async () => {
      const r = await send(route, foreign)
      const name = decodeURIComponent(foreign.split('=')[0]!)
      if (r.status !== 400 || r.body?.code !== 'UNKNOWN_PARAMETER' || !r.body.title.includes(name)) failures.push(`${key(route)} ${foreign} → ${r.status} ${r.body?.code}`)
    })))
    expect(failures).toEqual([])
  }, 120_000)

  it('lists in the route table exactly the query parameters each handler reads', () => {
    // Run after the corpus: every route was called with its base values and each of its parameters set.
    const mismatches: string[] = []
    for (const route of getRoutes) {
      const read = [...(reads.get(key(route)) ?? [])].sort()
      const listed = [...(route.query ?? [])].sort()
      if (JSON.stringify(read) !== JSON.stringify(listed)) mismatches.push(`${key(route)}: reads [${read}], lists [${listed}]`)
    }
    expect(mismatches).toEqual([])
  })
})
