import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Route } from '../../server/routes.ts'
import type { Reply } from '../helpers/api.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { hostileWrites, writeAddress } from '../helpers/hostile-bodies.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

// P7 of hostile-inputs.md: hostile input never produces a 5xx or harms the process. fast-check sends random JSON,
// mutated valid bodies, deep nesting, huge strings, NUL, lone surrogates, Infinity text and prototype keys to every
// JSON write route; every answer must be below 500, a refusal must leave every table as it was, and afterwards the
// process (it serves the app in this test) is the same one, its Object.prototype clean and its heap bounded. About
// 25 s, so on the server database only. The generators are in tests/helpers/hostile-bodies.ts; against the server as
// a process of its own (pid, start time, RSS), see tests/faults/hostile-process.test.ts.
const w = useWorld()

/** Tables a refused request may write: its own log line, the session's last use, a hearing attempt, a failed login's count. */
const mayChangeOnRefusal = ['operation_log', 'sessions', 'hearing_attempts', 'users']

describe.skipIf(testDbKind !== 'server')('P7: fuzzing the JSON write routes', () => {
  it('never answers 5xx, writes nothing when it refuses, and leaves the process whole', async () => {
    const planner = await w.api.as('planner')
    const parcel = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'FZ-0' }) })
    expect(parcel.status).toBe(201)
    const noticeId = await plantNotice(w.db, { projectId: w.projectId })
    const admin = await w.api.as('admin')
    const address = (route: Route) => writeAddress(route, { projectId: w.projectId, parcel: parcel.body.id, notice: noticeId })
    const send = async (route: Route, body: string): Promise<Reply> => {
      const method = route.method.toUpperCase()
      if (route.access === 'public') return w.api.request(method, address(route), { raw: body })
      const etag = (await admin.request('GET', address(route).replace(/\/(regenerate|approve|publish|withdraw)$/, ''))).headers.get('etag')
      return admin.request(method, address(route), { raw: body, headers: etag ? { 'if-match': etag } : {} })
    }

    const pid = process.pid
    const heapBefore = process.memoryUsage().heapUsed
    let fingerprint = await dbFingerprint(w.db, mayChangeOnRefusal)
    const seen = { runs: 0, byStatus: new Map<number, number>() }
    const input = hostileWrites(w.projectId)
    await fc.assert(
      fc.asyncProperty(input, async ({ route, body }) => {
        const r = await send(route, body)
        seen.runs++
        seen.byStatus.set(r.status, (seen.byStatus.get(r.status) ?? 0) + 1)
        const what = `${route.method.toUpperCase()} ${route.path} ${body.slice(0, 300)}`
        expect(r.status, `${what} → ${r.text.slice(0, 300)}`).toBeLessThan(500)
        if (r.status >= 400) expect(r.headers.get('content-type'), what).toMatch(/^application\/problem\+json/)
        const now = await dbFingerprint(w.db, mayChangeOnRefusal)
        if (r.status >= 400) expect(now, `${what} → ${r.status} changed the data`).toBe(fingerprint)
        fingerprint = now
      }),
      { numRuns: 600, seed: 20261126, plugins: [fc.interruptAfterTimeLimit(25_000)] },
    )
    expect(seen.runs).toBeGreaterThan(100)
    expect(process.pid).toBe(pid)
    expect(Object.keys(Object.prototype)).toEqual([])
    expect(({} as Record<string, unknown>).role ?? ({} as Record<string, unknown>).isAdmin ?? ({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024)
    expect((await w.api.request('GET', '/api/health')).status).toBe(200)
    console.log(`fuzz: ${seen.runs} bodies, statuses ${JSON.stringify(Object.fromEntries([...seen.byStatus].sort()))}`)
  }, 60_000)
})
