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
  /**
   * Where the map writes the parcel's one label: [lon, lat] (CGCS2000, 9 decimals), chosen by the server in the
   * interior of the parcel's largest part, never in a hole.
   */
  label_point: [number, number]
  /** Agreements of the parcel's households (sql/views/parcel_features.sql); absent from an older server. */
  agreement_status?: AgreementStatus
  /** Payment of the parcel's compensation items and its households' items. */
  payment_status?: PaymentStatus
}

export type AgreementStatus = 'no_households' | 'none_signed' | 'partly_signed' | 'all_signed'
export type PaymentStatus = 'no_items' | 'unpaid' | 'partly_paid' | 'paid'

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

/** The parcels intersecting `bbox`, optionally of one project; at most `limit` (the server's default 10 000). */
export async function getParcelsInBbox(bbox: BBox, options: { project?: number; limit?: number; signal?: AbortSignal } = {}) {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') })
  if (options.project !== undefined) params.set('project', String(options.project))
  if (options.limit !== undefined) params.set('limit', String(options.limit))
  return apiRequest<ParcelCollection>(`/parcels?${params}`, { signal: options.signal })
}

/** One parcel with its computed areas. */
export async function getParcel(id: number, signal?: AbortSignal): Promise<ParcelFeature> {
  return apiRequest<ParcelFeature>(`/parcels/${encodeURIComponent(String(id))}`, { signal })
}

/** The `If-Match` value naming a parcel version, as the server's ETag writes it. */
export const versionTag = (version: number) => `"v${version}"`

/**
 * Changes the attributes of a parcel and keeps its geometry: PUT /api/parcels/:id with the geometry as read and
 * `If-Match` on the version the user edited. 412 (ApiError.status) when someone else saved in between.
 */
export async function updateParcelAttributes(
  parcel: ParcelFeature,
  properties: {
    project_id: number
    code: string
    land_class: string
    owner: string
    claimed_area_mu: string | null
    status: ParcelStatus
    survey_zone?: number | null
  },
  reason?: string,
): Promise<ParcelFeature> {
  const body: Record<string, unknown> = { type: 'Feature', geometry: parcel.geometry, properties }
  if (reason) body.reason = reason
  return apiRequest<ParcelFeature>(`/parcels/${encodeURIComponent(String(parcel.properties.id))}`, {
    method: 'PUT',
    body,
    headers: { 'If-Match': versionTag(parcel.properties.version) },
  })
}

export type HistoryOperation = 'create' | 'update' | 'delete' | 'split' | 'merge' | 'restore'

/** One version of a parcel as GET /api/parcels/:id/history lists it, with the areas of that version's geometry. */
export interface ParcelHistoryItem {
  version: number
  operation: HistoryOperation
  project_id: number
  code: string
  land_class: string
  owner: string
  claimed_area_mu: string | null
  survey_zone: number | null
  status: ParcelStatus
  changed_by: string
  changed_at: string
  reason: string | null
  area: ParcelArea | null
  /** Parcels this one was split from or merged from. */
  parent_ids?: number[] | null
  /** Parcels made from this one by a split or merge. */
  child_ids?: number[] | null
  /** For a restore: the version whose content came back. */
  restored_from?: number | null
}

export interface ParcelHistory {
  parcel_id: number
  items: ParcelHistoryItem[]
}

export async function getParcelHistory(id: number, signal?: AbortSignal): Promise<ParcelHistory> {
  return apiRequest<ParcelHistory>(`/parcels/${encodeURIComponent(String(id))}/history`, { signal })
}

/** One version of a parcel as a Feature (its geometry then, and its attributes then). */
export interface ParcelVersionFeature {
  type: 'Feature'
  id?: number
  geometry: MultiPolygon
  /** `label_point` as in ParcelProperties, for that version's geometry. */
  properties: Partial<ParcelHistoryItem> & { version: number; label_point?: [number, number] }
}

export async function getParcelVersion(id: number, version: number, signal?: AbortSignal): Promise<ParcelVersionFeature> {
  return apiRequest<ParcelVersionFeature>(
    `/parcels/${encodeURIComponent(String(id))}/history/${encodeURIComponent(String(version))}`,
    { signal },
  )
}

/**
 * Makes an old version current again as a new version (the history keeps everything). `currentVersion` is the
 * version the user saw (If-Match): 412 when it moved on; 409 PARCEL_OVERLAP with `conflicts` (each with its
 * geometry) when the old shape now overlaps another parcel.
 */
export async function restoreParcelVersion(
  id: number,
  currentVersion: number,
  version: number,
  reason?: string,
): Promise<ParcelFeature> {
  const body: { version: number; reason?: string } = { version }
  if (reason) body.reason = reason
  return apiRequest<ParcelFeature>(`/parcels/${encodeURIComponent(String(id))}/restore`, {
    method: 'POST',
    body,
    headers: { 'If-Match': versionTag(currentVersion) },
  })
}

/** A parcel geometry as the editing workbench sends it. */
export type ParcelGeometryInput = import('geojson').Polygon | MultiPolygon

/** The attributes a parcel Feature body carries (POST/PUT /api/parcels). */
export interface ParcelWriteProperties {
  project_id: number
  code: string
  land_class: string
  owner: string
  claimed_area_mu?: string | null
  survey_zone?: number | null
  status?: ParcelStatus
}

/**
 * An active parcel that a geometry overlaps by more than 1 m², with the overlap itself (EPSG:4490 GeoJSON) so it
 * can be drawn: in the answer of POST /api/parcels/check and in a 409 PARCEL_OVERLAP problem.
 */
export interface ParcelConflict {
  id: number
  code: string
  project_id: number
  overlap_m2: Decimal
  overlap_mu?: Decimal
  geometry?: import('geojson').Polygon | MultiPolygon | import('geojson').GeometryCollection | null
}

/** One fault the server finds in a geometry, with its place when it has one. */
export interface GeometryCheckIssue {
  code: string
  message: string
  at?: [number, number]
}

/**
 * One change of a computed compensation item (server/db/compensation.ts): 'held' = paid, so not changed
 * automatically. Quantities and yuan are exact decimal strings; old_* null for 'add', new_* null for 'remove'.
 */
export interface CompensationChange {
  item_id: number | null
  item_type: string
  source_key: string
  change: 'add' | 'update' | 'remove' | 'held'
  household_id: number | null
  parcel_id: number | null
  unit: string
  old_quantity: string | null
  new_quantity: string | null
  old_rate_yuan: string | null
  new_rate_yuan: string | null
  old_amount_yuan: string | null
  new_amount_yuan: string | null
  rate_set_id: number | null
}

/** What saving a candidate geometry would change in the project's compensation; delta_yuan signed ("-120.50"). */
export interface CompensationPreview {
  changes: CompensationChange[]
  delta_yuan: string
}

/** What POST /api/parcels/check answers: the server's areas, its validity issues and the overlaps; nothing saved. */
export interface ParcelCheck {
  area: ParcelArea
  issues: GeometryCheckIssue[]
  conflicts: ParcelConflict[]
  /** Only for an existing parcel (excludeId) and a valid geometry. */
  compensation?: CompensationPreview
}

/** Checks a drawn geometry on the server without saving it: `excludeId` is the parcel being edited. */
export async function checkParcel(
  geometry: ParcelGeometryInput,
  options: { excludeId?: number | null; surveyZone?: number | null; signal?: AbortSignal } = {},
): Promise<ParcelCheck> {
  const body: { geometry: ParcelGeometryInput; exclude_id?: number; survey_zone?: number } = { geometry }
  if (options.excludeId != null) body.exclude_id = options.excludeId
  if (options.surveyZone != null) body.survey_zone = options.surveyZone
  return apiRequest<ParcelCheck>('/parcels/check', { method: 'POST', body, signal: options.signal })
}

/** Creates a parcel (planner, admin): 201 Feature; 409 PARCEL_OVERLAP with conflicts; 422 with field errors. */
export async function createParcel(
  geometry: ParcelGeometryInput,
  properties: ParcelWriteProperties,
  reason?: string,
): Promise<ParcelFeature> {
  const body: Record<string, unknown> = { type: 'Feature', geometry, properties }
  if (reason) body.reason = reason
  return apiRequest<ParcelFeature>('/parcels', { method: 'POST', body })
}

/**
 * Saves a new geometry for an existing parcel with its attributes as read: PUT with `If-Match` on the version
 * the user started editing (412 when someone saved in between, 409 with conflicts on an overlap).
 */
export async function updateParcelGeometry(parcel: ParcelFeature, geometry: ParcelGeometryInput, reason?: string): Promise<ParcelFeature> {
  const p = parcel.properties
  const properties: ParcelWriteProperties = {
    project_id: p.project_id,
    code: p.code,
    land_class: p.land_class,
    owner: p.owner,
    claimed_area_mu: p.claimed_area_mu,
    survey_zone: p.survey_zone,
    status: p.status,
  }
  const body: Record<string, unknown> = { type: 'Feature', geometry, properties }
  if (reason) body.reason = reason
  return apiRequest<ParcelFeature>(`/parcels/${encodeURIComponent(String(p.id))}`, {
    method: 'PUT',
    body,
    headers: { 'If-Match': versionTag(p.version) },
  })
}

/** The answer of a split: the parent's id and the children as GET /api/parcels returns parcels. */
export interface SplitResult {
  parent_id: number
  children: ParcelCollection
}

/**
 * Splits a parcel along a drawn line (lon/lat) into two or more children (planner, admin), with `If-Match` on
 * the version the user saw: 422 SPLIT_LINE_MISSES when the line does not cut it, 412 when it changed.
 */
export async function splitParcel(
  id: number,
  version: number,
  line: import('geojson').Position[],
  options: { codes?: string[]; reason?: string } = {},
): Promise<SplitResult> {
  const body: Record<string, unknown> = { line: { type: 'LineString', coordinates: line } }
  if (options.codes?.length) body.codes = options.codes
  if (options.reason) body.reason = options.reason
  return apiRequest<SplitResult>(`/parcels/${encodeURIComponent(String(id))}/split`, {
    method: 'POST',
    body,
    headers: { 'If-Match': versionTag(version) },
  })
}

/**
 * Merges two or more adjacent parcels of one project into a new parcel (planner, admin), each named with the
 * version the user saw: 422 MERGE_NOT_ADJACENT / MERGE_MIXED_PROJECTS, 412 when one changed, 404 when one is gone.
 */
export async function mergeParcels(
  parcels: { id: number; version: number }[],
  options: { code?: string; land_class?: string; owner?: string; reason?: string } = {},
): Promise<ParcelFeature> {
  const body: Record<string, unknown> = { parcels }
  for (const [k, v] of Object.entries(options)) if (v) body[k] = v
  return apiRequest<ParcelFeature>('/parcels/merge', { method: 'POST', body })
}
