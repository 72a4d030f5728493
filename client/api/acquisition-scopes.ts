import type { MultiPolygon, Polygon } from 'geojson'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'

export interface ScopeProperties {
  id: number
  project_id: number
  source: string | null
  /** Ellipsoidal area (zd_area), decimal text: m² with 2 decimals, mu with 4. */
  area_m2: string
  area_mu: string
  version: number
  updated_at: string
  updated_by: string
}

/** A project's 拟征收范围 as the server answers it (lon/lat, CGCS2000). */
export interface ScopeFeature {
  type: 'Feature'
  id: number
  geometry: MultiPolygon
  properties: ScopeProperties
}

/** A proposal from POST …/acquisition-scope/from-parcels: not stored. */
export interface ScopeProposal {
  type: 'Feature'
  geometry: MultiPolygon
  properties: {
    project_id: number
    buffer_m: number
    parcels: number
    area_m2: string
    area_mu: string
    /** What the server would refuse on saving (e.g. OUTSIDE_JURISDICTION); empty when it can be saved. */
    issues: { code: string; why: string }[]
  }
}

/** `GET /api/acquisition-scopes?project=`: the project's scope, or null when it has none. */
export async function getProjectScope(projectId: number, signal?: AbortSignal): Promise<ScopeFeature | null> {
  const fc = await apiRequest<{ features: ScopeFeature[] }>(`/acquisition-scopes?project=${encodeURIComponent(String(projectId))}`, { signal })
  return fc.features[0] ?? null
}

/** `POST /api/acquisition-scopes` (409 SCOPE_EXISTS when the project has one). */
export function createScope(projectId: number, geometry: Polygon | MultiPolygon, source: string | null, reason: string | null): Promise<ScopeFeature> {
  return apiRequest<ScopeFeature>('/acquisition-scopes', {
    method: 'POST',
    body: { type: 'Feature', geometry, properties: { project_id: projectId, source, reason } },
  })
}

/** `PUT /api/acquisition-scopes/:id` with If-Match on the version edited. */
export function updateScope(scope: ScopeFeature, geometry: Polygon | MultiPolygon, source: string | null, reason: string | null): Promise<ScopeFeature> {
  return apiRequest<ScopeFeature>(`/acquisition-scopes/${encodeURIComponent(String(scope.id))}`, {
    method: 'PUT',
    body: { type: 'Feature', geometry, properties: { project_id: scope.properties.project_id, source, reason } },
    headers: { 'If-Match': versionTag(scope.properties.version) },
  })
}

/** `POST /api/projects/:id/acquisition-scope/from-parcels`: the parcels' union grown by `bufferM` (0–100 m). */
export function proposeScopeFromParcels(projectId: number, bufferM: number): Promise<ScopeProposal> {
  return apiRequest<ScopeProposal>(`/projects/${encodeURIComponent(String(projectId))}/acquisition-scope/from-parcels`, {
    method: 'POST',
    body: { buffer_m: bufferM },
  })
}
