import type { MultiPolygon, Polygon } from 'geojson'
import type { BuildingFeature, BuildingLegalStatus, BuildingStructure, BuildingUse } from './buildings.ts'
import type { GraveFeature } from './graves.ts'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'

export type { BuildingFeature, GraveFeature }

/**
 * The records tied to a parcel (issue 4): households and their members, buildings, compensation items,
 * resettlements, agreements, graves and attachments, as GET /api/parcels/:id/records and the record routes
 * answer them (the shared contract, /api/<type>). Money and quantities are decimal strings, never numbers:
 * the client only formats them (client/i18n/format.ts).
 */

/** Every record carries these. `version` is what If-Match names on PUT and DELETE. */
interface RecordMeta {
  id: number
  project_id: number
  version: number
  updated_at: string
  updated_by: string
}

// ---- households ----

export interface HouseholdMember {
  id: number
  /** In full for planner and finance, masked (张*玉) for the others. */
  name: string
  relation: string
  /** Masked (4301**********1234) in lists and for roles without the full view; in full on a single read for planner and finance. */
  id_number: string | null
  /** Only in the full view. */
  birth_date: string | null
  birth_year: number | null
  is_resettled: boolean
}

export interface Household extends RecordMeta {
  parcel_ids: number[]
  name: string
  village_group: string | null
  id_number: string | null
  phone: string | null
  notes: string | null
  members: HouseholdMember[]
  /** Members counted. */
  persons: number
  persons_resettled: number
  /** Whether ID numbers and phones in this answer are the full values or their masked forms. */
  personal_data: 'full' | 'masked'
}

/**
 * A household as POST/PUT /api/households take it. A personal value (`id_number`, `phone`, a member's
 * `id_number`) left out keeps what is stored, null clears it (server/schemas/household.ts); a member keeps its
 * stored ID number only when its `id` is sent.
 */
export interface HouseholdBody {
  project_id: number
  name: string
  village_group?: string | null
  id_number?: string | null
  phone?: string | null
  notes?: string | null
  parcel_ids?: number[]
  members?: {
    id?: number
    name: string
    relation: string
    id_number?: string | null
    birth_date?: string | null
    is_resettled?: boolean
  }[]
  reason?: string | null
}

// ---- vocabularies (codes in the API, words in client/i18n) ----

export const buildingStructures: readonly BuildingStructure[] = ['brick_concrete', 'brick_wood', 'frame', 'simple']
export type { BuildingStructure, BuildingUse }
export type LegalStatus = BuildingLegalStatus
export const legalStatuses: readonly LegalStatus[] = ['licensed', 'recognised', 'temporary', 'unlicensed']
export const buildingUses: readonly BuildingUse[] = ['residential', 'commercial', 'industrial', 'public', 'other']
export const resettlementMethods = ['cash', 'property_swap', 'homestead'] as const
export type ResettlementMethod = (typeof resettlementMethods)[number]
export const attachmentUnits = ['plant', 'unit', 'm2', 'm', 'm3', 'mu'] as const
export type AttachmentUnit = (typeof attachmentUnits)[number]
export type CompensationUnit = 'mu' | 'm2' | 'unit' | 'person_month' | 'household' | 'coffin'

// ---- buildings ----

export interface BuildingWriteProperties {
  project_id: number
  parcel_id: number
  household_id: number | null
  code: string
  structure: BuildingStructure
  floors: number
  floor_area_m2: string
  use: BuildingUse
  legal_status: LegalStatus
  demolished_on: string | null
  notes: string | null
  reason?: string
}

// ---- the other records ----

export interface CompensationItem extends RecordMeta {
  item_type: string
  /** The item type's names, when the server adds them to the item. */
  item_type_zh?: string
  item_type_en?: string
  origin: 'computed' | 'manual'
  source_key: string | null
  household_id: number | null
  parcel_id: number | null
  /** "12.3456" */
  quantity: string
  unit: CompensationUnit
  rate_yuan: string | null
  amount_yuan: string
  rate_set_id: number | null
  paid_on: string | null
  notes: string | null
}

export interface Resettlement extends RecordMeta {
  household_id: number
  persons: number
  method: ResettlementMethod
  site: string | null
  transition_start: string | null
  transition_end: string | null
  delay_months: number
  notes: string | null
}

export interface ResettlementBody {
  project_id: number
  household_id: number
  persons: number
  method: ResettlementMethod
  site: string | null
  transition_start: string | null
  transition_end: string | null
  delay_months: number
  notes: string | null
  reason?: string
}

export interface Agreement extends RecordMeta {
  household_id: number
  number: string | null
  signed: boolean
  signed_on: string | null
  notes: string | null
}

export interface AgreementBody {
  project_id: number
  household_id: number
  number: string | null
  signed_on: string | null
  notes: string | null
  reason?: string
}

export interface AttachmentPhoto {
  id: number
  content_type: string
  caption: string | null
  /** Size of the stored bytes. */
  size_bytes: number
  /** Who took it into the record, and when (the photo is evidence: 拍照存档). */
  uploaded_by: string
  uploaded_at: string
  /** "/api/attachments/:id/photos/:photoId": the bytes, same origin. */
  url: string
}

export interface Attachment extends RecordMeta {
  parcel_id: number
  household_id: number | null
  kind: string
  name: string
  /** "12.00" */
  quantity: string
  unit: AttachmentUnit
  notes: string | null
  photos: AttachmentPhoto[]
}

/** GET /api/parcels/:id/records. Lists a server that predates a record type leaves out read as empty. */
export interface ParcelRecords {
  parcel_id: number
  households: Household[]
  buildings: BuildingFeature[]
  compensation: CompensationItem[]
  resettlement: Resettlement[]
  graves: GraveFeature[]
  attachments: Attachment[]
  agreements: Agreement[]
}

export interface CompensationItemType {
  code: string
  name_zh: string
  name_en: string
  unit: CompensationUnit
}

const enc = (id: number) => encodeURIComponent(String(id))

export async function getParcelRecords(parcelId: number, signal?: AbortSignal): Promise<ParcelRecords> {
  const r = await apiRequest<Partial<ParcelRecords> & { parcel_id: number }>(`/parcels/${enc(parcelId)}/records`, { signal })
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : [])
  const buildings = (r.buildings as unknown as { features?: BuildingFeature[] } | BuildingFeature[] | undefined)
  const graves = (r.graves as unknown as { features?: GraveFeature[] } | GraveFeature[] | undefined)
  return {
    parcel_id: r.parcel_id,
    households: list(r.households),
    // Features as a plain list, or as a FeatureCollection.
    buildings: Array.isArray(buildings) ? buildings : list(buildings?.features),
    compensation: list(r.compensation),
    resettlement: list(r.resettlement),
    graves: Array.isArray(graves) ? graves : list(graves?.features),
    attachments: list(r.attachments),
    agreements: list(r.agreements),
  }
}

let itemTypes: Promise<CompensationItemType[]> | null = null

/** The nine compensation item types with their names; fetched once. */
export function getCompensationItemTypes(): Promise<CompensationItemType[]> {
  itemTypes ??= apiRequest<{ items: CompensationItemType[] }>('/compensation-item-types').then(
    (r) => r.items,
    (err: unknown) => {
      itemTypes = null
      throw err
    },
  )
  return itemTypes
}

/** One household: everything in full for planner and finance (the read is logged), masked for the others. */
export function getHousehold(id: number, signal?: AbortSignal): Promise<Household> {
  return apiRequest<Household>(`/households/${enc(id)}`, { signal })
}

export function createHousehold(body: HouseholdBody): Promise<Household> {
  return apiRequest<Household>('/households', { method: 'POST', body })
}

/** PUT with If-Match on the version the user edited: 412 (ApiError.status) when someone saved in between. */
export function updateHousehold(id: number, version: number, body: HouseholdBody): Promise<Household> {
  return apiRequest<Household>(`/households/${enc(id)}`, { method: 'PUT', body, headers: { 'If-Match': versionTag(version) } })
}

export function getBuilding(id: number, signal?: AbortSignal): Promise<BuildingFeature> {
  return apiRequest<BuildingFeature>(`/buildings/${enc(id)}`, { signal })
}

export function createBuilding(geometry: Polygon | MultiPolygon, properties: BuildingWriteProperties): Promise<BuildingFeature> {
  return apiRequest<BuildingFeature>('/buildings', { method: 'POST', body: { type: 'Feature', geometry, properties } })
}

export function updateBuilding(
  id: number,
  version: number,
  geometry: Polygon | MultiPolygon,
  properties: BuildingWriteProperties,
): Promise<BuildingFeature> {
  return apiRequest<BuildingFeature>(`/buildings/${enc(id)}`, {
    method: 'PUT',
    body: { type: 'Feature', geometry, properties },
    headers: { 'If-Match': versionTag(version) },
  })
}

export function createResettlement(body: ResettlementBody): Promise<Resettlement> {
  return apiRequest<Resettlement>('/resettlements', { method: 'POST', body })
}

export function updateResettlement(id: number, version: number, body: ResettlementBody): Promise<Resettlement> {
  return apiRequest<Resettlement>(`/resettlements/${enc(id)}`, { method: 'PUT', body, headers: { 'If-Match': versionTag(version) } })
}

export function createAgreement(body: AgreementBody): Promise<Agreement> {
  return apiRequest<Agreement>('/agreements', { method: 'POST', body })
}

export function updateAgreement(id: number, version: number, body: AgreementBody): Promise<Agreement> {
  return apiRequest<Agreement>(`/agreements/${enc(id)}`, { method: 'PUT', body, headers: { 'If-Match': versionTag(version) } })
}

/** The record routes that DELETE with If-Match and an optional `{ reason }` (kept in the history). */
export type DeletableRecord = 'households' | 'buildings' | 'graves' | 'attachments' | 'resettlements' | 'agreements' | 'compensation-items'

/**
 * `DELETE /api/<type>/:id` with If-Match on the version shown: 204; 412 when someone saved in between; 409 when
 * other records still need it (HOUSEHOLD_HAS_RECORDS) or it may not go (COMPUTED_ITEM_READ_ONLY).
 */
export function deleteRecord(type: DeletableRecord, id: number, version: number, reason: string | null): Promise<void> {
  return apiRequest<void>(`/${type}/${enc(id)}`, {
    method: 'DELETE',
    body: reason ? { reason } : undefined,
    headers: { 'If-Match': versionTag(version) },
  })
}
