import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('public-notices', ['public_version'])

/** How long a process trusts its cached public version before reading it again from the database. */
export const publicVersionTtlMs = 3000
/** After a local bump, how long every call reads the database (the bumping transaction may not have committed yet). */
const afterBumpMs = 2000

let cached: { value: string; readAt: number } | undefined
let bumpedAt = 0

/**
 * Marks the public content as changed: the next publicVersion() reads the database again. Publishing,
 * withdrawing and expiring a notice call it (H1's workflow). Another server process does not see the bump; it
 * reads the new version within publicVersionTtlMs.
 */
export function bumpPublicVersion(): void {
  cached = undefined
  bumpedAt = Date.now()
}

/**
 * The version of everything the public portal shows, for ETags: `<last public event id>-<Beijing date>`, where the
 * event id is the largest notice_events.id of a publish, withdraw or expire, and the date is there because a
 * notice's public status and hearing window change at Beijing midnight without any event. Cheap: cached in
 * process for publicVersionTtlMs; `db` is the application's connection (zd_public cannot read notice_events) to the
 * database the content is read from (ctx.publicDb, possibly a read replica), so that a version never runs ahead of
 * the body it tags.
 */
export async function publicVersion(db: Queryable, now: () => number = Date.now): Promise<string> {
  const t = now()
  if (cached && t - cached.readAt < publicVersionTtlMs && t - bumpedAt >= afterBumpMs) return cached.value
  const [row] = await db.query<{ version: string }>(q.public_version)
  cached = { value: row!.version, readAt: t }
  return cached.value
}
