import { z } from 'zod'
import { parseDecimal } from '../domain/money.ts'
import type { FieldIssue } from '../problem.ts'
import { checkParcelGeometry } from './geojson-intake.ts'
import { id, notAnObject, optionalText, reason, recordIssues } from './record-fields.ts'

/** How a claimed area was computed: CGCS2000 ellipsoid, GK 3° planar in the parcel's zone, or not stated. */
export const areaClaimBases = ['ellipsoid', 'gk3', 'unknown'] as const
export type AreaClaimBasis = (typeof areaClaimBases)[number]

/** A parcel without a claim row counts as this (sql/queries/audit-geometry.sql): 'unknown', 3 decimals, 5 cm. */
export const defaultAreaClaim = { basis: 'unknown', decimals: 3, point_error_m: '0.050' } as const

/** What a claim states, as the import and the API both write it. */
export interface AreaClaimFields {
  basis: AreaClaimBasis
  /** Mu digits the claim was stated with, 0–4 (rounding = ½ unit of the last). */
  decimals: number
  /** m_j in metres, canonical numeric text with 3 decimals ('0.050'). */
  pointErrorM: string
  source: string | null
}

export interface AreaClaimInput extends AreaClaimFields {
  /** Derived from the parcel in prepare(); 0 until then. */
  projectId: number
  parcelId: number
  /** The outline as GeoJSON text (checked structure), or null. */
  claimedGeom: string | null
  reason: string | null
}

const fields = {
  basis: z.enum(areaClaimBases),
  // One refinement rather than .int().min(0).max(4), so that every wrong number gets the same message.
  decimals: z.number().refine((n) => Number.isInteger(n) && n >= 0 && n <= 4, 'an integer 0–4'),
  point_error_m: z.unknown().optional(),
  source: optionalText(200),
}

const body = z.strictObject({
  parcel_id: id,
  ...fields,
  claimed_geom: z.unknown().optional(),
  reason,
})

/**
 * m_j from a JSON value, by the decimal conventions of quantities (server/domain/money.ts parseDecimal): a decimal
 * string only, at most 3 decimals (the column's numeric(6, 3)), > 0 and ≤ 10 m (422 AREA_CLAIM_POINT_ERROR_RANGE).
 * Absent or null: the default 0.05 m.
 */
export function parsePointError(value: unknown, path: string, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null) return defaultAreaClaim.point_error_m
  const r = parseDecimal(value, path, { scale: 3, max: 11 })
  if ('issue' in r) {
    issues.push(r.issue.code === 'DECIMAL_OUT_OF_RANGE' ? { path, code: 'AREA_CLAIM_POINT_ERROR_RANGE' } : r.issue)
    return undefined
  }
  if (Number(r.value.split('.')[0]) >= 10 && r.value !== '10.000') {
    issues.push({ path, code: 'AREA_CLAIM_POINT_ERROR_RANGE' })
    return undefined
  }
  return r.value
}

/** The claim fields of an import feature's `area_claim` ({ basis, decimals, point_error_m?, source? }), at `base`. */
export function parseClaimFields(value: unknown, base: string): { value?: AreaClaimFields; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject.map((i) => ({ ...i, path: base })) }
  const r = z.strictObject(fields).safeParse(value)
  if (!r.success) return { issues: recordIssues(r.error, base) }
  const issues: FieldIssue[] = []
  const pointErrorM = parsePointError(r.data.point_error_m, `${base}.point_error_m`, issues)
  if (pointErrorM === undefined) return { issues }
  return { value: { basis: r.data.basis, decimals: r.data.decimals, pointErrorM, source: r.data.source }, issues: [] }
}

/**
 * Checks an area claim body (POST/PUT /api/area-claims): `{ parcel_id, basis ('ellipsoid' | 'gk3' | 'unknown'),
 * decimals (0–4), point_error_m? (decimal string, > 0, ≤ 10 m, at most 3 decimals; default "0.05"), claimed_geom?
 * (GeoJSON Polygon or MultiPolygon or null; its structure and the "inside China" test here, its validity in SQL),
 * source? (≤ 200 characters), reason? }`. project_id is the parcel's: sending it is 422 READ_ONLY_FIELD.
 */
export function parseAreaClaimBody(value: unknown): { value?: AreaClaimInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  const raw = value as Record<string, unknown>
  const readOnly: FieldIssue[] = 'project_id' in raw ? [{ path: 'project_id', code: 'READ_ONLY_FIELD', params: { name: 'project_id' } }] : []
  const { project_id: _p, ...rest } = raw
  const r = body.safeParse(rest)
  const issues: FieldIssue[] = [...readOnly, ...(r.success ? [] : recordIssues(r.error, ''))]
  const pointErrorM = parsePointError(rest.point_error_m, 'point_error_m', issues)
  let claimedGeom: string | null = null
  if (rest.claimed_geom !== undefined && rest.claimed_geom !== null) {
    const g = checkParcelGeometry(rest.claimed_geom, 'claimed_geom')
    issues.push(...g.issues)
    // Every number was checked finite, so this text is exactly the geometry that was checked.
    if (g.geometry) claimedGeom = JSON.stringify(g.geometry)
  }
  if (issues.length || !r.success || pointErrorM === undefined) return { issues }
  const b = r.data
  return {
    value: {
      projectId: 0, parcelId: b.parcel_id, basis: b.basis, decimals: b.decimals, pointErrorM, source: b.source,
      claimedGeom, reason: b.reason,
    },
    issues: [],
  }
}
