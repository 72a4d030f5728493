import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { checkParcelGeometry, type ParcelGeometry } from './geojson-intake.ts'
import { id, notAnObject, optionalText, reason, recordIssues } from './record-fields.ts'

const properties = z.strictObject({
  project_id: id,
  source: optionalText(200),
  reason,
})

export interface AcquisitionScopeInput {
  projectId: number
  /** The geometry as checked, as GeoJSON text for zd_geometry_from_geojson. */
  geojson: string
  source: string | null
  reason: string | null
}

/**
 * Checks a scope Feature (POST/PUT /api/acquisition-scopes): `{ type: 'Feature', geometry: Polygon|MultiPolygon
 * (EPSG:4490 lon/lat), properties: { project_id, source?, reason? } }`; `reason` may also stand beside
 * `properties`. The outline passes the parcel geometry intake (geojson-intake.ts); PostGIS decides validity.
 */
export function parseAcquisitionScopeFeature(body: unknown): { value?: AcquisitionScopeInput; issues: FieldIssue[] } {
  const notObject = notAnObject(body)
  if (notObject) return { issues: notObject }
  const b = body as Record<string, unknown>
  const issues: FieldIssue[] = []
  for (const key of Object.keys(b)) {
    if (!['type', 'geometry', 'properties', 'reason', 'id', 'bbox'].includes(key)) {
      issues.push({ path: key, code: key === 'crs' ? 'CRS_NOT_SUPPORTED' : 'UNKNOWN_PROPERTY', params: { name: key } })
    }
  }
  if (b.type !== 'Feature') issues.push({ path: 'type', code: 'FIELD_INVALID', params: { why: 'must be "Feature"' } })
  const outerReason = reason.safeParse(b.reason)
  if (!outerReason.success) issues.push(...recordIssues(outerReason.error, 'reason'))
  let parsed: z.output<typeof properties> | undefined
  const props = b.properties
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    issues.push({ path: 'properties', code: 'FIELD_REQUIRED' })
  } else {
    const r = properties.safeParse(props)
    if (r.success) parsed = r.data
    else issues.push(...recordIssues(r.error, 'properties'))
  }
  const geo = checkParcelGeometry(b.geometry)
  issues.push(...geo.issues)
  if (issues.length || !parsed || !geo.geometry) return { issues }
  return {
    value: {
      projectId: parsed.project_id, geojson: JSON.stringify(geo.geometry satisfies ParcelGeometry), source: parsed.source,
      reason: parsed.reason ?? (outerReason.success ? outerReason.data : null) ?? null,
    },
    issues: [],
  }
}

/** The largest buffer of a proposal from parcels, metres. */
export const maxScopeBufferM = 100

const fromParcelsBody = z.strictObject({
  buffer_m: z.number().finite().min(0).max(maxScopeBufferM),
  reason,
})

/** Checks `{ buffer_m (0–100 m), reason? }` of POST /api/projects/:id/acquisition-scope/from-parcels. */
export function parseScopeFromParcels(body: unknown): { value?: { bufferM: number; reason: string | null }; issues: FieldIssue[] } {
  const notObject = notAnObject(body)
  if (notObject) return { issues: notObject }
  const r = fromParcelsBody.safeParse(body)
  if (!r.success) {
    return {
      issues: recordIssues(r.error, '').map((i) =>
        i.path === 'buffer_m' && i.code !== 'FIELD_REQUIRED' ? { path: 'buffer_m', code: 'SCOPE_BUFFER_OUT_OF_RANGE', params: { max: maxScopeBufferM } } : i),
    }
  }
  return { value: { bufferM: r.data.buffer_m, reason: r.data.reason ?? null }, issues: [] }
}
