import type { Geometry } from 'geojson'
import { apiRequest } from './http.ts'
import { versionTag, type ParcelCollection, type ParcelFeature } from './parcels.ts'

export type Authority = 'state_council' | 'province'

/** One item of Art. 46 §1 that sends a batch to the State Council. */
export interface AuthorityReason {
  clause: 'basic_farmland' | 'cultivated_over_35ha' | 'other_over_70ha'
  area_m2: string
  limit_m2: string
  text: { zh: string; en: string }
}

/**
 * A 报批批次 as the server answers it, with the Art. 46 figures computed live: areas as decimal text (m² with 2
 * decimals, mu with 4) of the batch's parcels split into permanent basic farmland, other cultivated land (耕地) and
 * other land; the authority those areas require, why, and the audit's finding when the declared one differs.
 */
export interface ApprovalBatch {
  id: number
  project_id: number
  code: string
  name: string
  declared_authority: Authority
  submitted_on: string | null
  parcel_ids: number[]
  version: number
  updated_at: string
  updated_by: string
  basic_farmland_m2: string
  basic_farmland_mu: string
  cultivated_m2: string
  cultivated_mu: string
  other_m2: string
  other_mu: string
  required_authority: Authority
  authority_reasons: AuthorityReason[]
  authority_agrees: boolean
  authority_finding: null | { code: string; severity: 'error' | 'warning' | 'info'; key: string; message: { zh: string; en: string } }
  /** The parcels' part in basic farmland, null when none. */
  basic_farmland_geometry: Geometry | null
}

export interface ApprovalBatchBody {
  project_id: number
  code: string
  name: string
  declared_authority: Authority
  submitted_on: string | null
  parcel_ids: number[]
  reason?: string | null
}

/** `GET /api/approval-batches?project=`: the project's batches, by code. */
export async function listApprovalBatches(projectId: number, signal?: AbortSignal): Promise<ApprovalBatch[]> {
  return (await apiRequest<{ items: ApprovalBatch[] }>(`/approval-batches?project=${encodeURIComponent(String(projectId))}`, { signal })).items
}

/** `POST /api/approval-batches`: 422 PARCEL_NOT_IN_PROJECT / PARCEL_IN_OTHER_BATCH at `parcel_ids[i]`, 409 BATCH_CODE_TAKEN. */
export function createApprovalBatch(body: ApprovalBatchBody): Promise<ApprovalBatch> {
  return apiRequest<ApprovalBatch>('/approval-batches', { method: 'POST', body })
}

/** `PUT /api/approval-batches/:id` with If-Match on the version edited. */
export function updateApprovalBatch(id: number, version: number, body: ApprovalBatchBody): Promise<ApprovalBatch> {
  return apiRequest<ApprovalBatch>(`/approval-batches/${encodeURIComponent(String(id))}`, {
    method: 'PUT', body, headers: { 'If-Match': versionTag(version) },
  })
}

/** The project's parcels (for picking a batch's parcels), by id. */
export async function listProjectParcels(projectId: number, signal?: AbortSignal): Promise<ParcelFeature[]> {
  return (await apiRequest<ParcelCollection>(`/parcels?project=${encodeURIComponent(String(projectId))}&limit=10000`, { signal })).features
}
