import { loadQueries } from '../db/queries.ts'
import { parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { bboxParams } from './record-crud.ts'

const q = loadQueries('basic-farmland', ['list'])

/**
 * GET /api/basic-farmland?bbox=minLon,minLat,maxLon,maxLat&limit=: the 永久基本农田 polygons (reference data, no
 * personal data) as a FeatureCollection with `{ id, name, area_m2, area_mu }` properties, for the map layer.
 */
export const listBasicFarmland: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const limit = parseLimit(singleParam(query, 'limit'), 5000, 20000)
  const rows = await ctx.db.query<{ id: number; geometry_json: string }>(q.list, [...bboxParams(query), limit + 1])
  const shown = rows.slice(0, limit)
  const features = shown.map(({ geometry_json, ...p }) =>
    `{"type":"Feature","id":${p.id},"geometry":${geometry_json},"properties":${JSON.stringify(p)}}`)
  res.type('application/geo+json').send(
    `{"type":"FeatureCollection","numberReturned":${shown.length},"truncated":${rows.length > limit},"features":[${features.join(',')}]}`)
}
