import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestApi, type Reply } from '../helpers/api.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { parcelFeature, S } from '../helpers/fixtures.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// W04–W06, W08, W12, W15 and A06 of hostile-inputs.md: the same security headers on every kind of answer, no CORS
// for anyone, no cross-site writes, secure cookies behind TLS, and a 429 with Retry-After from the public budgets.
const w = useWorld()
const evil = 'https://evil.example'

/** The CSP directives as a map from name to its sources. */
function csp(r: Reply): Map<string, string[]> {
  const text = r.headers.get('content-security-policy') ?? ''
  return new Map(text.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]))
}

function expectSecurityHeaders(r: Reply, what: string) {
  const policy = csp(r)
  expect(policy.get('script-src'), what).toEqual(["'self'"])
  expect(policy.get('default-src'), what).toEqual(["'self'"])
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"])
  expect(policy.get('object-src'), what).toEqual(["'none'"])
  expect(r.headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(r.headers.get('x-frame-options'), what).toBe('DENY')
  expect(r.headers.get('referrer-policy'), what).toBe('no-referrer')
  // Plain HTTP from a client (no TLS, no trusted proxy saying https): HSTS would be meaningless and is not sent.
  expect(r.headers.get('strict-transport-security'), what).toBeNull()
  expect(r.headers.get('access-control-allow-origin'), what).toBeNull()
  expect(r.headers.get('access-control-allow-credentials'), what).toBeNull()
}

describe('W15: security headers on every kind of response', () => {
  it('HTML pages, a static asset, API JSON, problem+json, a public tile and a notice PDF all carry them', async () => {
    const noticeId = await plantNotice(w.db, { projectId: w.projectId })
    const asset = fs.readdirSync(path.resolve('dist/client/assets')).find((f) => f.endsWith('.js'))
    expect(asset, 'the client is built (npm run build)').toBeDefined()
    const headers = { origin: evil }
    const answers: [string, string, RegExp][] = [
      ['/', 'the office app', /^text\/html/],
      ['/portal/notices/1', 'the public portal', /^text\/html/],
      [`/assets/${asset}`, 'a static asset', /javascript/],
      ['/api/health', 'API JSON', /^application\/json/],
      ['/api/no-such-route', 'problem+json', /^application\/problem\+json/],
      ['/api/public/tiles/notices/14/13198/6826.mvt', 'a public tile', /^application\/vnd\.mapbox-vector-tile/],
      [`/api/public/notices/${noticeId}/pdf?paper=a4&lang=zh-CN`, 'a notice PDF', /^application\/pdf/],
    ]
    for (const [url, what, type] of answers) {
      const r = await w.api.request('GET', url, { headers })
      expect(r.status, what).toBeLessThan(500)
      if (r.status !== 204) expect(r.headers.get('content-type'), what).toMatch(type)
      expectSecurityHeaders(r, what)
    }
    const planner = await w.api.as('planner')
    expectSecurityHeaders(await planner.request('GET', '/api/parcels', { headers }), 'API JSON with a session')
  })

  it('sends HSTS when a trusted proxy says the request came over TLS, and believes no other', async () => {
    const r = await w.api.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } })
    expect(r.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/)
    // ZD_TRUST_PROXY names another proxy: this client's X-Forwarded-Proto is its own claim, not believed.
    const elsewhere = await new TestApi(w.db, { ZD_TRUST_PROXY: '10.1.2.3' }).start()
    try {
      const claimed = await elsewhere.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } })
      expect(claimed.headers.get('strict-transport-security')).toBeNull()
    } finally {
      await elsewhere.stop()
    }
  })
})

describe('W06: no CORS for another origin', () => {
  it('answers a credentialed preflight from an evil origin without any Access-Control-Allow-* header', async () => {
    const r = await w.api.request('OPTIONS', '/api/parcels', {
      headers: { origin: evil, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-csrf-token, content-type' },
    })
    expect(r.status).toBe(405)
    for (const h of ['allow-origin', 'allow-credentials', 'allow-methods', 'allow-headers']) expect(r.headers.get(`access-control-${h}`), h).toBeNull()
  })
})

describe('W04, W05: no cross-site or GET writes', () => {
  it('refuses a text/plain form post (415) and a JSON post without the CSRF token (403), writing nothing', async () => {
    const planner = await w.api.as('planner')
    const before = await dbFingerprint(w.db, ['operation_log', 'sessions'])
    const body = JSON.stringify(parcelFeature({ type: 'Polygon', coordinates: [S] }, w.projectId, { code: 'CSRF-1' }))
    const form = await w.api.request('POST', '/api/parcels', { raw: body, headers: { cookie: planner.cookie, 'content-type': 'text/plain', origin: evil } })
    expect([form.status, form.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const noToken = await w.api.request('POST', '/api/parcels', { raw: body, headers: { cookie: planner.cookie, 'content-type': 'application/json', origin: evil } })
    expect([noToken.status, noToken.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID'])
    expect(await dbFingerprint(w.db, ['operation_log', 'sessions'])).toBe(before)
  })

  it('answers 405 with Allow to a GET on a state-changing address', async () => {
    const legal = await w.api.as('legal')
    const r = await legal.request('GET', '/api/notices/1/approve')
    expect([r.status, r.body.code, r.headers.get('allow')]).toEqual([405, 'METHOD_NOT_ALLOWED', 'POST'])
  })
})

describe('W08: session cookie flags', () => {
  it('sets HttpOnly, SameSite=Strict and Path=/, and Secure behind TLS', async () => {
    await w.api.createUser('tls-user', 'planner', 'Tls-User-Pass-2026!')
    const login = (headers: Record<string, string>) =>
      w.api.request('POST', '/api/auth/login', { json: { username: 'tls-user', password: 'Tls-User-Pass-2026!' }, headers })
    const tls = await login({ 'x-forwarded-proto': 'https' })
    expect(tls.status).toBe(200)
    const cookie = tls.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^zd_session=[^;]+;/)
    for (const flag of [/; HttpOnly/i, /; SameSite=Strict/i, /; Secure/i, /; Path=\//i]) expect(cookie).toMatch(flag)
    // The token is in the cookie only, never in the body a script could read.
    expect(JSON.stringify(tls.body)).not.toContain(cookie.split(';')[0]!.split('=')[1]!)
  })
})

describe('W12, A06: per-address budgets on the public endpoints', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await new TestApi(w.db, { ZD_PUBLIC_RATE_PER_MINUTE: '4', ZD_PUBLIC_TILE_RATE_PER_MINUTE: '2', ZD_PUBLIC_PDF_RATE_PER_MINUTE: '1' }).start()
  })
  afterAll(async () => {
    await api.stop()
  })

  it('answers 429 RATE_LIMITED with Retry-After and a problem body once an address is over its budget', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    // One budget for the portal's reads: list, notice, points, the page itself and hearing requests.
    const statuses: number[] = []
    for (const url of ['/api/public/notices', `/api/public/notices/${id}`, `/api/public/notices/${id}/boundary-points`, '/portal']) {
      statuses.push((await api.request('GET', url)).status)
    }
    expect(statuses).toEqual([200, 200, 200, 200])
    const over = await api.request('GET', '/api/public/notices', { headers: { 'accept-language': 'en' } })
    expect([over.status, over.body.code, over.headers.get('content-type')]).toEqual([429, 'RATE_LIMITED', 'application/problem+json; charset=utf-8'])
    const retry = Number(over.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    expect(over.body.title).toBe(`Too many requests from this address; try again in ${retry} seconds.`)
    expect(over.body.messages['zh-CN']).toBe(`请求过于频繁，请 ${retry} 秒后再试。`)
    expectSecurityHeaders(over, 'a 429')
    const hearing = await api.request('POST', `/api/public/notices/${id}/hearing-requests`, { json: {} })
    expect([hearing.status, hearing.body.code]).toEqual([429, 'RATE_LIMITED'])
    // The map's tiles have a budget of their own (a map view is dozens of them), untouched by the reads above.
    const tile = '/api/public/tiles/notices/14/13198/6826.mvt'
    // (this tile holds no notice: 204, no content)
    expect((await api.request('GET', tile)).status).toBe(204)
    expect((await api.request('GET', tile)).status).toBe(204)
    expect((await api.request('GET', tile)).status).toBe(429)
    // The PDF has its own, smaller budget; the office's own API has none of these.
    expect((await api.request('GET', `/api/public/notices/${id}/pdf?paper=a4&lang=zh-CN`)).status).toBe(200)
    expect((await api.request('GET', `/api/public/notices/${id}/pdf?paper=a4&lang=zh-CN`)).status).toBe(429)
    expect((await api.request('GET', '/api/health')).status).toBe(200)
    // Another client behind the trusted proxy (X-Forwarded-For) has a budget of its own.
    expect((await api.request('GET', '/api/public/notices', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200)
  })
})
