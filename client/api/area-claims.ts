import type { MultiPolygon, Polygon } from 'geojson'
import type { ParcelVerdictRow } from './audits.ts'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'

/** How a claimed area was computed: CGCS2000 ellipsoid, GK 3° planar in the parcel's zone, or not stated. */
export const areaClaimBases = ['ellipsoid', 'gk3', 'unknown'] as const
export type AreaClaimBasis = (typeof areaClaimBases)[number]

/**
 * A parcel's area claim (申报面积口径) as /api/area-claims answers it: how its claimed_area_mu was obtained. A parcel
 * without one counts as basis 'unknown', 3 decimals, m_j 0.05 m (the audit's defaults).
 */
export interface AreaClaim {
  id: number
  project_id: number
  parcel_id: number
  parcel_code: string
  basis: AreaClaimBasis
  /** Mu digits the claim was stated with, 0–4. */
  decimals: number
  /** m_j, the boundary points' mean error, metres as decimal text ('0.050'). */
  point_error_m: string
  /** The outline the claim came with (EPSG:4490), or null. */
  claimed_geom: MultiPolygon | null
  source: string | null
  version: number
  updated_at: string
  updated_by: string
}

/** The body of POST/PUT /api/area-claims; the project is the parcel's. */
export interface AreaClaimBody {
  parcel_id: number
  basis: AreaClaimBasis
  decimals: number
  point_error_m: string
  claimed_geom?: Polygon | MultiPolygon | null
  source: string | null
  reason?: string
}

/** The claim of one parcel, or null when it has none. */
export async function getParcelAreaClaim(parcelId: number, signal?: AbortSignal): Promise<AreaClaim | null> {
  const r = await apiRequest<{ items: AreaClaim[] }>(`/area-claims?parcel=${encodeURIComponent(String(parcelId))}`, { signal })
  return r.items[0] ?? null
}

/** `POST /api/area-claims`: 409 AREA_CLAIM_EXISTS when the parcel has one already. */
export function createAreaClaim(body: AreaClaimBody): Promise<AreaClaim> {
  return apiRequest<AreaClaim>('/area-claims', { method: 'POST', body })
}

/** `PUT /api/area-claims/:id` with If-Match on the version edited: 412 when someone saved in between. */
export function updateAreaClaim(id: number, version: number, body: AreaClaimBody): Promise<AreaClaim> {
  return apiRequest<AreaClaim>(`/area-claims/${encodeURIComponent(String(id))}`, {
    method: 'PUT', body, headers: { 'If-Match': versionTag(version) },
  })
}

/** The audit's area row of one parcel (GET /api/parcels/:id/area-verdict): planner, auditor, finance, admin. */
export function getAreaVerdict(parcelId: number, signal?: AbortSignal): Promise<ParcelVerdictRow & { project_id: number }> {
  return apiRequest(`/parcels/${encodeURIComponent(String(parcelId))}/area-verdict`, { signal })
}
