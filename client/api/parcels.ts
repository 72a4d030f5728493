import { apiRequest } from './http.ts'
import type { MultiPolygon } from 'geojson'

export type ParcelStatus = 'draft' | 'surveyed' | 'approved' | 'acquired'

/** A decimal from the server: a JSON number or a decimal string. */
export type Decimal = number | string

/** The areas the server computes from the stored geometry (see area.md); the client only formats them. */
export interface ParcelArea {
  /** Geodesic area on the CGCS2000 ellipsoid, m²: the authoritative 核定面积. */
  ellipsoidal_m2: Decimal
  ellipsoidal_mu: Decimal
  /** Area in the Gauss-Krüger 3° plane of `planar_zone` (勘测定界口径), m². */
  planar_m2: Decimal
  planar_mu: Decimal
  /** e.g. 'EPSG:4525' */
  planar_crs: string
  /** e.g. 37 */
  planar_zone: number
}

export interface ParcelProperties {
  id: number
  project_id: number
  code: string
  /** GB/T 21010-2017 code, e.g. '0101'. */
  land_class: string
  land_class_zh: string
  land_class_en: string
  owner: string
  /** Declared area in mu as a decimal string; null when none was declared. */
  claimed_area_mu: string | null
  survey_zone: number | null
  status: ParcelStatus
  version: number
  updated_at: string
  updated_by: string
  area: ParcelArea
}

export interface ParcelFeature {
  type: 'Feature'
  id: number
  geometry: MultiPolygon
  properties: ParcelProperties
}

export interface ParcelCollection {
  type: 'FeatureCollection'
  features: ParcelFeature[]
  /** True when the server returned only part of the parcels in the bbox (too many): the view should zoom in. */
  truncated?: boolean
}

/** [minLon, minLat, maxLon, maxLat] in CGCS2000 degrees. */
export type BBox = [number, number, number, number]

/** The parcels intersecting `bbox`, optionally of one project. */
export async function getParcelsInBbox(bbox: BBox, options: { project?: number; signal?: AbortSignal } = {}) {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') })
  if (options.project !== undefined) params.set('project', String(options.project))
  return apiRequest<ParcelCollection>(`/parcels?${params}`, { signal: options.signal })
}

/** One parcel with its computed areas. */
export async function getParcel(id: number, signal?: AbortSignal): Promise<ParcelFeature> {
  return apiRequest<ParcelFeature>(`/parcels/${encodeURIComponent(String(id))}`, { signal })
}
