import { z } from 'zod'
import { hints } from '../domain/issue-codes.ts'
import type { FieldIssue } from '../problem.ts'
import { parseFeatureEnvelope } from './feature-envelope.ts'
import { checkPosition, inChina } from './geojson-intake.ts'
import { text } from './parcel-feature.ts'
import { id, optionalDate, optionalText, reason, recordProperties } from './record-fields.ts'

const properties = z.strictObject({
  project_id: id,
  /** Absent: the parcel of the project that contains the point (or none); null: none. */
  parcel_id: id.nullable().optional(),
  household_id: id.nullable().optional().transform((v) => v ?? null),
  code: text(64),
  coffins: z.number().int().min(1).max(50),
  relocated_on: optionalDate('1949-10-01'),
  notes: optionalText(2000),
  reason,
})

export interface GraveInput {
  projectId: number
  /** undefined: find the parcel containing the point. */
  parcelId: number | null | undefined
  householdId: number | null
  code: string
  lon: number
  lat: number
  coffins: number
  relocatedOn: string | null
  notes: string | null
  reason: string | null
}

/** A GeoJSON Point [lon, lat] in range and roughly inside China; the issue otherwise. */
export function checkPoint(value: unknown, path = 'geometry'): { at?: [number, number]; issues: FieldIssue[] } {
  if (value === null || value === undefined) return { issues: [{ path, code: 'GEOM_EMPTY' }] }
  if (typeof value !== 'object' || Array.isArray(value)) return { issues: [{ path, code: 'GEOM_BAD_TYPE', params: { why: 'not an object' } }] }
  const g = value as Record<string, unknown>
  if ('crs' in g) return { issues: [{ path: `${path}.crs`, code: 'CRS_NOT_SUPPORTED' }] }
  if (g.type !== 'Point') return { issues: [{ path: `${path}.type`, code: 'GEOM_POINT_EXPECTED', params: { type: String(g.type).slice(0, 40) } }] }
  const fault = checkPosition(g.coordinates, `${path}.coordinates`, 'Point')
  if (fault) return { issues: [fault] }
  const [lon, lat] = g.coordinates as [number, number]
  if (!inChina(lon, lat)) return { issues: [{ path: `${path}.coordinates`, code: 'OUTSIDE_JURISDICTION', params: { hint: hints.outsideChina }, at: [lon, lat] }] }
  return { at: [lon, lat], issues: [] }
}

/**
 * Checks a grave Feature (POST/PUT /api/graves): `{ type: 'Feature', geometry: Point, properties: { project_id,
 * parcel_id?, household_id?, code, coffins (1–50), relocated_on?, notes?, reason? } }`.
 */
export function parseGraveFeature(body: unknown): { value?: GraveInput; issues: FieldIssue[] } {
  const { envelope, issues } = parseFeatureEnvelope(body)
  if (!envelope) return { issues }
  const parsed = recordProperties(envelope.properties, properties, issues)
  const point = checkPoint(envelope.geometry)
  issues.push(...point.issues)
  if (issues.length || !parsed || !point.at) return { issues }
  return {
    value: {
      projectId: parsed.project_id, parcelId: parsed.parcel_id, householdId: parsed.household_id, code: parsed.code,
      lon: point.at[0], lat: point.at[1], coffins: parsed.coffins, relocatedOn: parsed.relocated_on, notes: parsed.notes,
      reason: parsed.reason ?? envelope.reason,
    },
    issues: [],
  }
}
