import turfArea from '@turf/area'
import { loadQueries } from '../db/queries.ts'
import { invalid, type FieldIssue } from '../problem.ts'
import { checkParcelGeometry } from '../schemas/geojson-intake.ts'
import type { Handler } from './context.ts'

const q = loadQueries('area', ['issues', 'area'])

/**
 * POST /api/area: the areas zd_area() gives for any Polygon/MultiPolygon (or a Feature holding one, whose
 * properties.survey_zone may declare the GK zone), plus spherical_m2, what plain Turf reports, for
 * comparison. Nothing is stored.
 */
export const computeArea: Handler = async (ctx, req, res) => {
  const body = req.body as Record<string, unknown>
  const isFeature = body?.type === 'Feature'
  const props = (isFeature ? body.properties : undefined) as Record<string, unknown> | undefined
  const zone = props?.survey_zone ?? null
  if (zone !== null && !(Number.isInteger(zone) && (zone as number) >= 25 && (zone as number) <= 45)) {
    throw invalid([{ path: 'properties.survey_zone', code: 'FIELD_INVALID', params: { why: 'a 3° zone 25…45' } }])
  }
  const { geometry, issues } = checkParcelGeometry(isFeature ? body.geometry : body, isFeature ? 'geometry' : '(body)')
  if (!geometry) throw invalid(issues)
  const geojson = JSON.stringify(geometry)
  const faults = await ctx.db.query<{ code: FieldIssue['code']; reason: string; lon: number | null; lat: number | null }>(q.issues, [geojson])
  if (faults.length) {
    throw invalid(faults.map((f) => ({
      path: 'geometry', code: f.code, params: { why: f.reason },
      ...(f.lon !== null && f.lat !== null ? { at: [f.lon, f.lat] as [number, number] } : {}),
    })))
  }
  const [row] = await ctx.db.query<{ area: Record<string, unknown> }>(q.area, [geojson, zone])
  res.json({ ...row!.area, spherical_m2: turfArea(geometry) })
}
