import type { Queryable } from '../db/database.ts'
import type { SessionUser } from './sessions.ts'

/**
 * Sessions validated in the last few seconds, for read-only requests that come in bursts (map tiles: a pan asks for
 * dozens at once), so that a tile from the cache or a 304 needs no database statement at all.
 * The trade-off: a session that ends outside this process (logout through another process, or deleted in the
 * database) keeps reading tiles here for up to sessionCacheMs; so does a changed role. A logout through this process,
 * and an expiry it finds, drop the entry at once (server/auth/sessions.ts). Every other request checks the database.
 */
export const sessionCacheMs = 5000
/** Entries at most per database; beyond it the oldest leave first (a Map keeps insertion order). */
const maxEntries = 10_000

interface Entry { user: SessionUser; until: number }

const byDatabase = new WeakMap<Queryable, Map<string, Entry>>()

function entriesOf(db: Queryable): Map<string, Entry> {
  let m = byDatabase.get(db)
  if (!m) byDatabase.set(db, (m = new Map()))
  return m
}

/** The user of a session token hash validated less than sessionCacheMs before `now`, if any. */
export function cachedSession(db: Queryable, tokenHash: string, now = Date.now()): SessionUser | undefined {
  const entries = entriesOf(db)
  const e = entries.get(tokenHash)
  if (!e) return undefined
  if (e.until > now) return e.user
  entries.delete(tokenHash)
  return undefined
}

/** Remembers a session just validated against the database. */
export function rememberSession(db: Queryable, user: SessionUser, now = Date.now()): void {
  const entries = entriesOf(db)
  entries.delete(user.tokenHash)
  entries.set(user.tokenHash, { user, until: now + sessionCacheMs })
  while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
}

/** Drops a session (logout, expiry) so that no request of this process is answered for it any more. */
export function forgetSession(db: Queryable, tokenHash: string): void {
  byDatabase.get(db)?.delete(tokenHash)
}
