import { afterEach, describe, expect, it, vi } from 'vitest'
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
