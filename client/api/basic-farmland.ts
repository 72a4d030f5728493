import type { MultiPolygon } from 'geojson'
import { apiRequest } from './http.ts'
import type { BBox } from './parcels.ts'

export interface BasicFarmlandFeature {
  type: 'Feature'
  id: number
  geometry: MultiPolygon
  properties: { id: number; name: string; area_m2: string; area_mu: string }
}

/** `GET /api/basic-farmland?bbox=`: the 永久基本农田 polygons of the view. */
export function listBasicFarmland(bbox: BBox, signal?: AbortSignal): Promise<{ type: 'FeatureCollection'; features: BasicFarmlandFeature[]; truncated: boolean }> {
  return apiRequest(`/basic-farmland?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`, { signal })
}
