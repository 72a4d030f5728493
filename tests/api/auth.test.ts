import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'
import { TestApi } from '../helpers/api.ts'

const w = useWorld({ ZD_LOCKOUT_ATTEMPTS: '5', ZD_SESSION_IDLE_MINUTES: '30' })

const login = (username: string, password: string) =>
  w.api.request('POST', '/api/auth/login', { json: { username, password } })

describe('sessions', () => {
  it('logs in with an HttpOnly SameSite=Strict cookie and answers /auth/me with the csrf token', async () => {
    await w.api.createUser('zhang', 'planner', 'Zhang-Pass-2026!')
    const r = await login('zhang', 'Zhang-Pass-2026!')
    expect(r.status).toBe(200)
    expect(r.body.user).toEqual({ username: 'zhang', role: 'planner' })
    const cookie = r.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const me = await w.api.request('GET', '/api/auth/me', { headers: { cookie: cookie.split(';')[0]! } })
    expect(me.body).toEqual({
      user: { username: 'zhang', role: 'planner' }, csrf: r.body.csrf, password: r.body.password,
      secondFactor: { enrolled: false, policy: 'optional' }, restriction: null,
    })
    expect(r.body).toEqual(me.body)
  })

  it('answers a wrong password and an unknown user alike with 401', async () => {
    await w.api.createUser('zhang', 'planner', 'Zhang-Pass-2026!')
    const wrong = await login('zhang', 'nope')
    const unknown = await login('nobody', 'nope')
    expect([wrong.status, wrong.body.code]).toEqual([401, 'LOGIN_FAILED'])
    expect([unknown.status, unknown.body.code]).toEqual([401, 'LOGIN_FAILED'])
  })

  it('W11: locks an account after 5 failures, even for the right password, and logs every attempt', async () => {
    await w.api.createUser('zhang', 'planner', 'Zhang-Pass-2026!')
    for (let i = 0; i < 5; i++) expect((await login('zhang', `wrong-${i}`)).status).toBe(401)
    const locked = await login('zhang', 'Zhang-Pass-2026!')
    expect([locked.status, locked.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS'])
    const [log] = await w.db.query<{ n: number }>("SELECT count(*)::int AS n FROM operation_log WHERE action = 'auth.login' AND username = 'zhang'")
    expect(log!.n).toBe(6)
  })

  it('W12: limits login attempts per address', async () => {
    const strict = await new TestApi(w.db, { ZD_LOGIN_RATE_PER_MINUTE: '3' }).start()
    try {
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await strict.request('POST', '/api/auth/login', { json: { username: `u${i}`, password: 'x' } })).status)
      expect(statuses).toEqual([401, 401, 401, 429, 429])
    } finally {
      await strict.stop()
    }
  })

  it('W10: a logged-out session cookie no longer works', async () => {
    const planner = await w.api.as('planner')
    expect((await planner.request('POST', '/api/auth/logout')).status).toBe(204)
    const replay = await planner.request('GET', '/api/parcels')
    expect([replay.status, replay.body.code]).toEqual([401, 'SESSION_EXPIRED'])
  })

  it('W09: a session idle for longer than the timeout ends', async () => {
    const planner = await w.api.as('planner')
    await w.db.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'")
    const r = await planner.request('GET', '/api/parcels')
    expect([r.status, r.body.code]).toEqual([401, 'SESSION_EXPIRED'])
  })

  it('W07: logging in issues a new session id and ends the one presented', async () => {
    const planner = await w.api.as('planner')
    await w.api.createUser('li', 'auditor', 'Li-Pass-2026!!')
    const again = await w.api.request('POST', '/api/auth/login', { json: { username: 'li', password: 'Li-Pass-2026!!' }, headers: { cookie: planner.cookie } })
    expect(again.headers.get('set-cookie')!.split(';')[0]).not.toBe(planner.cookie)
    expect((await planner.request('GET', '/api/auth/me')).status).toBe(401)
  })
})

describe('roles and CSRF', () => {
  it('refuses writes without the X-CSRF-Token header with 403, writing nothing', async () => {
    const planner = await w.api.as('planner')
    const r = await w.api.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId), headers: { cookie: planner.cookie } })
    expect([r.status, r.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })

  it('answers 401 without a session and 403 for a role that may not write parcels', async () => {
    const anonymous = await w.api.request('GET', '/api/parcels')
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED'])
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      const user = await w.api.as(role)
      const r = await user.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) })
      expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
    const admin = await w.api.as('admin')
    expect((await admin.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) })).status).toBe(201)
  })
})

describe('errors and headers', () => {
  it('answers unknown routes with 404 and wrong methods with 405, as problem+json', async () => {
    const missing = await w.api.request('GET', '/api/nothing-here')
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND'])
    const method = await w.api.request('PATCH', '/api/health')
    expect([method.status, method.body.code, method.headers.get('allow')]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET'])
  })

  it('answers malformed JSON with 400 in the language asked for', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/projects', { raw: '{"code":', headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    expect([r.status, r.body.code, r.body.title]).toEqual([400, 'MALFORMED_JSON', 'The request body is not valid JSON.'])
    const zh = await planner.request('POST', '/api/projects', { raw: '{"code":' })
    expect(zh.body.title).toBe('请求体不是有效的 JSON。')
  })

  it('W15: sends CSP, nosniff, frame and referrer headers', async () => {
    const r = await w.api.request('GET', '/api/health')
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    expect(r.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('reports health with the database kind and PostGIS version', async () => {
    const r = await w.api.request('GET', '/api/health')
    expect(r.body.status).toBe('ok')
    expect(r.body.db.kind).toBe(w.db.kind)
    expect(r.body.db.postgis).toMatch(/^3\.\d+/)
  })
})
