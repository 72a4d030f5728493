import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { TestApi } from '../helpers/api.ts'

// A server database that is not there (nothing listens on port 1): every request gets a 503 problem with
// Retry-After, health says unavailable, and the process carries on.
describe('when the database server is down', () => {
  const db = openServerDatabase('postgres://zhengdi:x@127.0.0.1:1/zhengdi_down')
  let api: TestApi
  beforeAll(async () => {
    api = await new TestApi(db).start()
  })
  afterAll(async () => {
    await api.stop()
    await db.close()
  })

  it('answers 503 with Retry-After instead of failing or hanging', async () => {
    const r = await api.request('GET', '/api/projects', { headers: { cookie: 'zd_session=abc' } })
    expect([r.status, r.body.code, r.headers.get('retry-after')]).toEqual([503, 'DB_UNAVAILABLE', '5'])
    const login = await api.request('POST', '/api/auth/login', { json: { username: 'planner', password: 'x' } })
    expect(login.status).toBe(503)
  })

  it('reports itself unavailable on /api/health', async () => {
    const r = await api.request('GET', '/api/health')
    expect([r.status, r.body.status]).toEqual([503, 'unavailable'])
  })
})

describe.runIf(process.env.ZD_TEST_DB === 'server')('when the database server drops every connection', () => {
  it('keeps the process up and answers the next request (the pool error handler)', async () => {
    const { testDb } = await import('../helpers/test-db.ts')
    const db = await testDb()
    const api = await new TestApi(db).start()
    try {
      expect((await api.request('GET', '/api/health')).status).toBe(200)
      // What a restart or failover does to idle connections: the server ends them.
      await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid()")
      await new Promise((r) => setTimeout(r, 200))
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await api.request('GET', '/api/health')).status)
      expect(statuses.at(-1)).toBe(200)
    } finally {
      await api.stop()
    }
  })
})

describe.runIf(process.env.ZD_TEST_DB === 'server')('a pathological geometry operation', () => {
  it('R14: ST_Buffer of a 20 000-vertex parcel is interrupted at the statement timeout, 503 DB_TIMEOUT, and each connection goes back to the pool', async () => {
    const { testDb } = await import('../helpers/test-db.ts')
    const { problemFromDbError } = await import('../../server/db/errors.ts')
    await testDb()
    // The app's own pool (10 connections), with a statement timeout short enough for a test.
    const db = openServerDatabase(process.env.DATABASE_URL!, { statementTimeoutMs: 300 })
    // A star of 20 000 vertices (the API's vertex cap) buffered by 10 m: seconds of GEOS work, which PostGIS
    // interrupts when PostgreSQL cancels the statement.
    const buffer = `WITH p AS (
        SELECT i, ST_MakePoint(110 + (CASE WHEN i % 2 = 0 THEN 0.01 ELSE 0.009 END) * cos(2 * pi() * i / 20000),
                               27.5 + (CASE WHEN i % 2 = 0 THEN 0.01 ELSE 0.009 END) * sin(2 * pi() * i / 20000)) AS pt
        FROM generate_series(0, 19999) AS i),
      l AS (SELECT ST_MakeLine(array_agg(pt ORDER BY i)) AS line FROM p)
      SELECT ST_NPoints(ST_Buffer(ST_MakePolygon(ST_AddPoint(line, ST_StartPoint(line))), 0.0001)) FROM l`
    try {
      // One more than the pool holds: a connection kept by a cancelled statement would make the last one wait 5 s
      // for a connection and fail DB_UNAVAILABLE instead.
      for (let i = 0; i < 11; i++) {
        const started = Date.now()
        const err = await db.query(buffer).then(() => undefined, (e: unknown) => e)
        const problem = problemFromDbError(err)
        expect([problem?.code, problem?.status]).toEqual(['DB_TIMEOUT', 503])
        expect(Date.now() - started).toBeLessThan(4000)
      }
      expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      await db.close()
    }
  })
})
