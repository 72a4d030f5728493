import { loadQueries } from '../db/queries.ts'
import type { Handler } from './context.ts'

const q = loadQueries('projects', ['has_demo'])
const h = loadQueries('health', ['postgis'])

/** GET /api/health: ok with the database kind and PostGIS version, or 503 when the database does not answer. */
export const health: Handler = async (ctx, _req, res) => {
  try {
    const [row] = await ctx.db.query<{ postgis: string }>(h.postgis)
    res.set('Cache-Control', 'no-store').json({ status: 'ok', db: { kind: ctx.db.kind, postgis: row!.postgis } })
  } catch {
    res.status(503).set('Retry-After', '5').json({ status: 'unavailable', db: { kind: ctx.db.kind } })
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
