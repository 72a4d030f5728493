import type { MultiPolygon } from 'geojson'
import { apiRequest } from './http.ts'
import { recordListQuery, type RecordListQuery } from './record-query.ts'

/** 砖混 brick_concrete, 砖木 brick_wood, 框架 frame, 简易 simple. */
export type BuildingStructure = 'brick_concrete' | 'brick_wood' | 'frame' | 'simple'
/** 合法 licensed, 认定合法 recognised, 临时建筑 temporary, 违法建筑 unlicensed. */
export type BuildingLegalStatus = 'licensed' | 'recognised' | 'temporary' | 'unlicensed'
export type BuildingUse = 'residential' | 'commercial' | 'industrial' | 'public' | 'other'

export interface BuildingProperties {
  id: number
  project_id: number
  parcel_id: number
  household_id: number | null
  code: string
  structure: BuildingStructure
  floors: number
  /** Surveyed floor area (建筑面积), m², a decimal string with 2 decimals ("123.45"). */
  floor_area_m2: string
  use: BuildingUse
  legal_status: BuildingLegalStatus
  /** 'YYYY-MM-DD', or null while the building stands. */
  demolished_on: string | null
  notes: string | null
  /** Ellipsoidal area of the footprint in m², computed by the server. */
  footprint_area_m2: number
  version: number
  updated_at: string
  updated_by: string
}

/** A building (房屋) as GET /api/buildings answers it: the footprint in lon/lat (CGCS2000). */
export interface BuildingFeature {
  type: 'Feature'
  id: number
  geometry: MultiPolygon
  properties: BuildingProperties
}

export interface BuildingCollection {
  type: 'FeatureCollection'
  features: BuildingFeature[]
  /** True when the list stopped at its limit (default 10 000): the view should zoom in. */
  truncated?: boolean
}

/** `GET /api/buildings?…`: the buildings matching every given filter, as GeoJSON. */
export function listBuildings(query: RecordListQuery, signal?: AbortSignal): Promise<BuildingCollection> {
  return apiRequest<BuildingCollection>(`/buildings${recordListQuery(query)}`, { signal })
}
