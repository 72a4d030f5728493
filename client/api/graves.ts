import type { Point } from 'geojson'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'
import { recordListQuery, type RecordListQuery } from './record-query.ts'

export interface GraveProperties {
  id: number
  project_id: number
  /** The parcel containing the grave, or null when it lies on none of the project's parcels. */
  parcel_id: number | null
  household_id: number | null
  code: string
  /** Number of coffins (棺), 1…50. */
  coffins: number
  /** 'YYYY-MM-DD' once moved, else null. */
  relocated_on: string | null
  notes: string | null
  version: number
  updated_at: string
  updated_by: string
}

/** A grave (坟墓) as GET /api/graves answers it: a point in lon/lat (CGCS2000). */
export interface GraveFeature {
  type: 'Feature'
  id: number
  geometry: Point
  properties: GraveProperties
}

export interface GraveCollection {
  type: 'FeatureCollection'
  features: GraveFeature[]
  /** True when the list stopped at its limit (default 10 000): the view should zoom in. */
  truncated?: boolean
}

/** `GET /api/graves?…`: the graves matching every given filter, as GeoJSON. */
export function listGraves(query: RecordListQuery, signal?: AbortSignal): Promise<GraveCollection> {
  return apiRequest<GraveCollection>(`/graves${recordListQuery(query)}`, { signal })
}

/** A grave as POST/PUT /api/graves take its properties; `parcel_id` null means on no parcel. */
export interface GraveWriteProperties {
  project_id: number
  parcel_id: number | null
  household_id: number | null
  code: string
  coffins: number
  relocated_on: string | null
  notes: string | null
  reason?: string
}

/** `POST /api/graves`: 422 GRAVE_OUTSIDE_PARCEL (at `geometry`) when the point is not in `parcel_id`. */
export function createGrave(geometry: Point, properties: GraveWriteProperties): Promise<GraveFeature> {
  return apiRequest<GraveFeature>('/graves', { method: 'POST', body: { type: 'Feature', geometry, properties } })
}

/** `PUT /api/graves/:id` with If-Match on the version edited: 412 when someone saved in between. */
export function updateGrave(id: number, version: number, geometry: Point, properties: GraveWriteProperties): Promise<GraveFeature> {
  return apiRequest<GraveFeature>(`/graves/${encodeURIComponent(String(id))}`, {
    method: 'PUT',
    body: { type: 'Feature', geometry, properties },
    headers: { 'If-Match': versionTag(version) },
  })
}
