import { describe, expect, it } from 'vitest'
import { cachedSession, forgetSession, rememberSession, sessionCacheMs } from '../../server/auth/session-cache.ts'
import type { Queryable } from '../../server/db/database.ts'
import type { SessionUser } from '../../server/auth/sessions.ts'

const db: Queryable = { query: async () => [] }
const user = (tokenHash: string): SessionUser => ({ id: 1, username: 'planner', role: 'planner', csrf: 'c', tokenHash, password: { expiresAt: null, mustChange: false, changeSoon: false, temporary: false }, secondFactor: false })

describe('the session cache of read-only tile requests', () => {
  it('answers a session for sessionCacheMs after it was validated, then forgets it', () => {
    expect(sessionCacheMs).toBe(5000)
    rememberSession(db, user('a'), 1_000)
    expect(cachedSession(db, 'a', 1_000)).toEqual(user('a'))
    expect(cachedSession(db, 'a', 1_000 + sessionCacheMs - 1)).toEqual(user('a'))
    expect(cachedSession(db, 'a', 1_000 + sessionCacheMs)).toBeUndefined()
    // Gone for good: an earlier clock does not bring it back.
    expect(cachedSession(db, 'a', 1_000)).toBeUndefined()
  })

  it('drops a session at once on logout or expiry, and keeps databases apart', () => {
    const other: Queryable = { query: async () => [] }
    rememberSession(db, user('b'), 0)
    expect(cachedSession(other, 'b', 0)).toBeUndefined()
    forgetSession(db, 'b')
    expect(cachedSession(db, 'b', 0)).toBeUndefined()
  })
})
