import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { parseFeatureEnvelope } from './feature-envelope.ts'
import { checkParcelGeometry, type ParcelGeometry } from './geojson-intake.ts'
import { id, notAnObject, optionalText, reason, recordIssues, recordProperties } from './record-fields.ts'

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
  const { envelope, issues } = parseFeatureEnvelope(body)
  if (!envelope) return { issues }
  const parsed = recordProperties(envelope.properties, properties, issues)
  const geo = checkParcelGeometry(envelope.geometry)
  issues.push(...geo.issues)
  if (issues.length || !parsed || !geo.geometry) return { issues }
  return {
    value: {
      projectId: parsed.project_id, geojson: JSON.stringify(geo.geometry satisfies ParcelGeometry), source: parsed.source,
      reason: parsed.reason ?? envelope.reason,
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
