import { apiRequest } from './http.ts'
import type { BuildingLegalStatus } from './buildings.ts'

/**
 * The figures of a project as the office reports them, `GET /api/projects/:id/summary`. Every money value is
 * yuan as a decimal string with 2 decimals, every area a decimal string; the client only formats them.
 */
export interface ProjectSummary {
  project_id: number
  parcels: number
  /** Sum of the parcels' ellipsoidal areas in mu, 3 decimals ("33.288"). */
  area_mu: string
  area_mu_by_land_class: { land_class: string; name_zh: string; name_en: string; parcels: number; area_mu: string }[]
  area_mu_by_owner: { owner: string; parcels: number; area_mu: string }[]
  buildings: number
  floor_area_m2: string
  buildings_by_legal_status: { legal_status: BuildingLegalStatus; buildings: number; floor_area_m2: string }[]
  buildings_demolished: number
  floor_area_demolished_m2: string
  households: number
  /** Members of the households. */
  persons: number
  /** Sum of the resettlements' persons. */
  persons_resettled: number
  graves: number
  coffins: number
  agreements_signed: number
  agreements_signed_area_mu: string
  compensation_by_item: { item_type: string; name_zh: string; name_en: string; amount_yuan: string; paid_yuan: string }[]
  compensation_total_yuan: string
  /** The part of the total already paid (paid_on set); absent from an older server. */
  compensation_paid_yuan?: string
  /** Households with a delayed transition (延期过渡), by village. */
  delayed_transition_by_village: { village: string; households: number }[]
  /** With the disbursements' parts (征地补偿, 安置, 工作经费) when the server gives them. */
  funds: {
    deposited_yuan: string
    disbursed_yuan: string
    balance_yuan: string
    acquisition_yuan?: string
    resettlement_yuan?: string
    working_yuan?: string
  }
}

export function getProjectSummary(projectId: number, signal?: AbortSignal): Promise<ProjectSummary> {
  return apiRequest<ProjectSummary>(`/projects/${projectId}/summary`, { signal })
}
