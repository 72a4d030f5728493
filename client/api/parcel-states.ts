import { apiRequest } from './http.ts'
import type { AgreementStatus, PaymentStatus } from './parcels.ts'

/** One parcel's statuses: [parcel id, agreement status, payment status] (the view parcel_features decides them). */
export type ParcelStateRow = [id: number, agreement: AgreementStatus, payment: PaymentStatus]

export interface ParcelStates {
  project_id: number
  /** Every parcel of the project, by id. */
  parcels: ParcelStateRow[]
}

/** The agreement and payment status of every parcel of a project, which the map's vector tiles leave out. */
export async function getParcelStates(projectId: number, signal?: AbortSignal): Promise<ParcelStates> {
  return apiRequest<ParcelStates>(`/projects/${encodeURIComponent(String(projectId))}/parcel-states`, { signal })
}
