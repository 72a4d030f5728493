import type { FieldIssue } from '../problem.ts'
import { unknownFieldIssue } from './unknown-field.ts'

/** The members a Feature body may have; `id` and `bbox` are allowed and ignored. */
const envelopeKeys = new Set(['type', 'geometry', 'properties', 'reason', 'id', 'bbox'])

/** Longest `reason` in code points (the history's reason column). */
const maxReasonLength = 500

/** A Feature body's members, before its properties and geometry are checked by the schema of its kind. */
export interface FeatureEnvelope {
  /** The `properties` object; undefined when absent or not an object (then FIELD_REQUIRED is among the issues). */
  properties: Record<string, unknown> | undefined
  /** The `geometry` member as sent, for the geometry check of the kind (geojson-intake.ts, grave.ts). */
  geometry: unknown
  /** The `reason` beside `properties`: NFC, trimmed, null when absent or empty. */
  reason: string | null
}

/**
 * Checks what every Feature body (parcels, buildings, graves, acquisition scopes) shares, with the same codes for
 * each kind: a JSON object (else only that issue, and no envelope), no members besides type, geometry, properties,
 * reason, id and bbox (`crs` is CRS_NOT_SUPPORTED: coordinates are EPSG:4490), `type` "Feature", a text `reason` of
 * at most 500 code points, and a `properties` object. Issues come in that order; the caller adds those of the
 * properties and the geometry after them.
 */
export function parseFeatureEnvelope(body: unknown): { envelope?: FeatureEnvelope; issues: FieldIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { issues: [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a GeoJSON Feature object is expected' } }] }
  }
  const b = body as Record<string, unknown>
  const issues: FieldIssue[] = []
  for (const key of Object.keys(b)) {
    if (!envelopeKeys.has(key)) {
      issues.push(key === 'crs' ? { path: key, code: 'CRS_NOT_SUPPORTED', params: { name: key } } : unknownFieldIssue(key, key))
    }
  }
  if (b.type !== 'Feature') issues.push({ path: 'type', code: 'FIELD_INVALID', params: { why: 'must be "Feature"' } })
  const reason = envelopeReason(b.reason, issues)
  const props = b.properties
  const isObject = typeof props === 'object' && props !== null && !Array.isArray(props)
  if (!isObject) issues.push({ path: 'properties', code: 'FIELD_REQUIRED' })
  return { envelope: { properties: isObject ? (props as Record<string, unknown>) : undefined, geometry: b.geometry, reason }, issues }
}

/** The outer `reason` as record-fields.ts `reason` reads it (text, NFC, trimmed, ≤ 500); pushes its issue. */
function envelopeReason(value: unknown, issues: FieldIssue[]): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') {
    issues.push({ path: 'reason', code: 'FIELD_INVALID', params: { why: 'text expected' } })
    return null
  }
  const s = value.normalize('NFC').trim()
  if ([...s].length > maxReasonLength) {
    issues.push({ path: 'reason', code: 'FIELD_TOO_LONG', params: { max: maxReasonLength } })
    return null
  }
  return s || null
}
