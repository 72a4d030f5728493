import type { Geometry } from 'geojson'
import type { AuditCode } from './codes.ts'

/** error: a discrepancy to resolve (面积超限, 金额不符); warning: to look at; info: explained, e.g. a 口径差异. */
export type Severity = 'error' | 'warning' | 'info'

/** A record a finding concerns; type names as in record_history, plus household, fund_entry and the like. */
export interface FindingRecord {
  type: string
  id: number
}

/** A shape the workbench draws for a finding (EPSG:4490 GeoJSON). */
export interface FindingShape {
  /** claimed_outline: the outline a claim came with; overlap, gap, outside_scope, outside_parcel: the faulty part. */
  kind: 'claimed_outline' | 'overlap' | 'gap' | 'outside_scope' | 'outside_parcel'
  geometry: Geometry
}

/**
 * One discrepancy a rule found. Rules are pure functions from facts (computed in SQL) to findings; the message is
 * rendered from codes.ts with `params`, which carry the numbers as display strings (decimal strings for areas and
 * money, never floats that lose digits).
 */
export interface Finding {
  code: AuditCode
  severity: Severity
  /** Stable across runs while the subject is the same: `${code}:${subject}`, e.g. 'AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:17'. */
  key: string
  /** null for office-wide findings (a report's figures). */
  project_id: number | null
  /** Parcel ids the finding concerns: the map zooms to them. */
  parcels: number[]
  records: FindingRecord[]
  params: Record<string, string | number>
  shapes?: FindingShape[]
}
