import { loadQueries } from '../db/queries.ts'
import { ReplicaRouter } from '../db/replica.ts'
import type { Handler } from './context.ts'

const q = loadQueries('projects', ['has_demo'])
const h = loadQueries('health', ['postgis', 'ready'])

/**
 * GET /api/health: ok with the database kind and PostGIS version, or 503 when the database does not answer. With
 * a read replica (DATABASE_REPLICA_URL), `replica` reports it (server/db/replica.ts ReplicaHealth: status, where
 * public reads go, lag); a replica that is down or behind does not make the answer 503, since the primary then
 * serves the public, and a primary that is down does, though the replica may still serve the portal.
 */
export const health: Handler = async (ctx, _req, res) => {
  const replicaHealth = ctx.publicDb instanceof ReplicaRouter ? ctx.publicDb.health() : undefined
  const replica = replicaHealth ? { replica: await replicaHealth } : {}
  try {
    const [row] = await ctx.db.query<{ postgis: string }>(h.postgis)
    res.set('Cache-Control', 'no-store').json({ status: 'ok', db: { kind: ctx.db.kind, postgis: row!.postgis }, ...replica })
  } catch {
    res.status(503).set('Retry-After', '5').json({ status: 'unavailable', db: { kind: ctx.db.kind }, ...replica })
  }
}

/**
 * GET /api/livez: liveness. 200 as long as the process answers HTTP, whatever the database does, so that a
 * supervisor restarts only a process that is stuck, never one that waits for its database (no crash loop).
 */
export const livez: Handler = async (_ctx, _req, res) => {
  res.set('Cache-Control', 'no-store').json({ status: 'alive', uptime_s: Math.round(process.uptime()) })
}

/**
 * GET /api/readyz: readiness. 200 when the database answers a query now, else 503 with Retry-After (a load
 * balancer sends no traffic meanwhile). While the server is still preparing its database at start, the start-up
 * listener (server/startup.ts) answers it 503.
 */
export const readyz: Handler = async (ctx, _req, res) => {
  res.set('Cache-Control', 'no-store')
  try {
    await ctx.db.query(h.ready)
    res.json({ status: 'ready' })
  } catch {
    res.status(503).set('Retry-After', '5').json({ status: 'unavailable' })
  }
}

/** GET /api/config: what the client needs before login: demo banner and optional online basemap. */
export const clientConfig: Handler = async (ctx, _req, res) => {
  const [row] = await ctx.db.query<{ demo: boolean }>(q.has_demo)
  res.set('Cache-Control', 'no-store').json({
    demo: row?.demo ?? false,
    basemap: ctx.config.basemapUrl ? { url: ctx.config.basemapUrl, attribution: ctx.config.basemapAttribution ?? '' } : null,
  })
}
