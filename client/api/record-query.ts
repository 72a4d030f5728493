import type { BBox } from './parcels.ts'

/** Filters of a record list; combined with AND. */
export interface RecordListQuery {
  project?: number
  parcel?: number
  household?: number
  /** [minLon, minLat, maxLon, maxLat] */
  bbox?: BBox
  limit?: number
}

/** The query string of a record list, e.g. `?bbox=110.1,27.5,110.2,27.6&project=3`. */
export function recordListQuery(q: RecordListQuery): string {
  const params = new URLSearchParams()
  if (q.bbox) params.set('bbox', q.bbox.map((v) => v.toFixed(6)).join(','))
  if (q.project !== undefined) params.set('project', String(q.project))
  if (q.parcel !== undefined) params.set('parcel', String(q.parcel))
  if (q.household !== undefined) params.set('household', String(q.household))
  if (q.limit !== undefined) params.set('limit', String(q.limit))
  const s = params.toString()
  return s ? `?${s}` : ''
}
