import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { sessionCacheMs } from '../../server/auth/session-cache.ts'
import { hashToken } from '../../server/auth/sessions.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

// Any parcel tile: the session is settled before the tile is looked at (204 here: no parcels).
const tile = '/api/tiles/parcels/14/13198/6886.mvt'

/** The session row's token hash of a `zd_session=<token>` cookie. */
const hashOf = (cookie: string) => hashToken(cookie.split('=')[1]!)

describe('the session cache of the parcel tiles', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('ends tile reads at once on a logout through this process', async () => {
    const legal = await w.api.as('legal')
    expect((await legal.request('GET', tile)).status).toBe(204)
    expect((await legal.request('POST', '/api/auth/logout')).status).toBe(204)
    const after = await legal.request('GET', tile)
    expect(after.status).toBe(401)
    expect(after.body.code).toBe('SESSION_EXPIRED')
  })

  it('keeps a session ended elsewhere for tiles for at most sessionCacheMs, and never for other requests', async () => {
    const planner = await w.api.as('planner')
    expect((await planner.request('GET', tile)).status).toBe(204)
    // Another process logs the session out: the row goes.
    await w.db.query('DELETE FROM sessions WHERE token_hash = $1', [hashOf(planner.cookie)])
    vi.useFakeTimers({ toFake: ['Date'] })
    expect((await planner.request('GET', tile)).status, 'within the cache window').toBe(204)
    expect((await planner.request('GET', '/api/parcels')).status, 'any other route checks the database').toBe(401)
    vi.setSystemTime(Date.now() + sessionCacheMs + 1)
    const later = await planner.request('GET', tile)
    expect(later.status).toBe(401)
    expect(later.body.code).toBe('SESSION_EXPIRED')
  })

  it('looks an idle session up again after sessionCacheMs, finds it expired and deletes it', async () => {
    const auditor = await w.api.as('auditor')
    expect((await auditor.request('GET', tile)).status).toBe(204)
    await w.db.query(`UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE token_hash = $1`, [hashOf(auditor.cookie)])
    vi.useFakeTimers({ toFake: ['Date'] })
    expect((await auditor.request('GET', tile)).status, 'within the cache window').toBe(204)
    vi.setSystemTime(Date.now() + sessionCacheMs + 1)
    expect((await auditor.request('GET', tile)).status).toBe(401)
    const [row] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1', [hashOf(auditor.cookie)])
    expect(row!.n).toBe(0)
  })
})

describe('the tile routes past the router (server/tiles/tile-http.ts)', () => {
  it('answers every kind of tile request as the Express app alone does: same status, headers and body', async () => {
    // The Express app alone on the same database and settings, beside the test server's listener (fast path first).
    const config = loadConfig({ ZD_DEMO: '0', ZD_LOGIN_RATE_PER_MINUTE: '10000', ZD_PUBLIC_RATE_PER_MINUTE: '100000', ZD_PUBLIC_PDF_RATE_PER_MINUTE: '100000', ZD_PII_KEY: Buffer.alloc(32, 1).toString('base64') })
    const server = createApp({ db: w.db, config }).listen(0)
    await new Promise((r) => server.once('listening', r))
    const expressBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const planner = await w.api.as('planner')
      const session = { cookie: planner.cookie }
      const noticeTile = '/api/public/tiles/notices/14/13198/6886.mvt'
      const etag = (await planner.request('GET', tile)).headers.get('etag')!
      // Compared from the cache: a miss is stored once its answer is written.
      for (const url of [tile, noticeTile]) {
        for (let i = 0; i < 50 && (await planner.request('GET', url)).headers.get('x-tile-cache') !== 'hit'; i++) await new Promise((r) => setTimeout(r, 20))
      }
      const cases: [string, string, Record<string, string>][] = [
        ['GET', tile, session],
        ['GET', tile, { ...session, 'if-none-match': etag }],
        ['HEAD', tile, session],
        ['GET', tile, { 'accept-language': 'en' }],
        ['GET', tile, { cookie: 'zd_session=not-a-session' }],
        ['GET', `${tile}?x=1`, session],
        ['GET', '/api/tiles/parcels/23/0/0.mvt', session],
        ['GET', '/api/tiles/parcels/014/0/0.mvt', session],
        ['GET', noticeTile, {}],
      ]
      for (const [method, path, headers] of cases) {
        const [fast, plain] = [await fetch(w.api.base + path, { method, headers }), await fetch(expressBase + path, { method, headers })]
        const what = `${method} ${path} ${JSON.stringify(headers)}`
        expect(fast.status, what).toBe(plain.status)
        const comparable = (r: Response) => [...r.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection')
        expect(comparable(fast), what).toEqual(comparable(plain))
        expect(Buffer.from(await fast.arrayBuffer()), what).toEqual(Buffer.from(await plain.arrayBuffer()))
      }
    } finally {
      await new Promise((r) => server.close(r))
    }
  })
})
