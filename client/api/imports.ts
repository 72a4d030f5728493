import type { GeometryCollection, MultiPolygon, Polygon } from 'geojson'
import { apiRequest } from './http.ts'
import type { Decimal, ParcelArea } from './parcels.ts'

/** What POST /api/imports/preview can read; `auto` lets the server tell by the bytes and the file name. */
export const importFormats = ['auto', 'geojson', 'kml', 'shp', 'baopan', 'points', 'wkt', 'lonlat'] as const
export type ImportFormat = (typeof importFormats)[number]

/** Formats that arrive as a file; the others are typed or pasted text (报盘 and GeoJSON are both). */
export const fileFormats: readonly ImportFormat[] = ['auto', 'geojson', 'kml', 'shp', 'baopan']
export const textFormats: readonly ImportFormat[] = ['auto', 'points', 'baopan', 'wkt', 'lonlat', 'geojson']

/** A note about the whole input, e.g. the zone that was detected, swapped axes, the encoding used. */
export interface ImportWarning {
  code: string
  message: string
  params?: Record<string, unknown>
}

/**
 * A fault of one feature, with the server's stable code: of its geometry (`path` 'geometry…', `at` = [lon, lat]
 * where it is), or of an attribute read from the file (`path` 'properties.code', e.g. PARCEL_CODE_TAKEN), which
 * the user can correct before the commit.
 */
export interface ImportIssue {
  path?: string
  code: string
  message: string
  at?: [number, number]
}

/**
 * An overlap of a feature with an active parcel (`id`) or with another feature of the same input. In a preview
 * `index` is that other feature; in a 409 of a commit `index` is the feature sent and `other_index` the other one.
 */
export interface ImportConflict {
  id?: number
  index?: number
  other_index?: number
  code?: string | null
  project_id?: number
  overlap_m2: Decimal
  overlap_mu?: Decimal
  /** The overlapping part, when the server sends it. */
  geometry?: Polygon | MultiPolygon | GeometryCollection | null
}

/** A 报盘 file's stated area (公顷 in the file) against the area computed from its coordinates. */
export interface StatedArea {
  stated_m2: Decimal
  computed_m2: Decimal
  /** Which computed area it was compared with, e.g. 'planar' (the file's own Gauss-Krüger plane). */
  basis: string
  planar_crs?: string
  /** stated − computed. */
  diff_m2: Decimal
  diff_ppm: Decimal | null
  /** Half a unit of the stated figure's last digit, in m². */
  rounding_m2?: Decimal
  /** Whether the difference is within that rounding (plus 10 ppm). */
  consistent?: boolean
}

/** Attribute defaults the server read from the file, for the user to check and complete. */
export interface PreviewProperties {
  code?: string | null
  name?: string | null
  land_class?: string | null
  owner?: string | null
  claimed_area_mu?: Decimal | null
  survey_zone?: number | null
}

export interface PreviewFeature {
  /** Position of the feature in the input, 0-based; commit errors name it as `features[i]`. */
  index: number
  /** CGCS2000 lon/lat; null when the feature's geometry could not be read at all (see issues). */
  geometry: Polygon | MultiPolygon | null
  properties: PreviewProperties
  /** Every attribute of the source record as read (decoded with the encoding in effect). */
  attributes: Record<string, unknown>
  /** The server's zd_area() figures; null when the geometry is unusable. */
  area: ParcelArea | null
  issues: ImportIssue[]
  conflicts: ImportConflict[]
  stated_area?: StatedArea | null
  /** How the file's stated area was obtained (报盘): saved as the parcel's area claim when the feature is committed. */
  area_claim?: ImportAreaClaim
}

/** The area claim a file states for a feature: basis, mu digits, m_j (decimal text, metres), source (the file name). */
export interface ImportAreaClaim {
  basis: 'ellipsoid' | 'gk3' | 'unknown'
  decimals: number
  point_error_m: string
  source?: string | null
}

export interface ImportPreview {
  format: Exclude<ImportFormat, 'auto'>
  filename: string | null
  /** e.g. 'EPSG:4525' or 'EPSG:4490'. */
  source_crs: string | null
  encoding: string | null
  /** The Gauss-Krüger 3° zone in effect (declared or detected), or null for lon/lat input. */
  zone: number | null
  warnings: ImportWarning[]
  features: PreviewFeature[]
}

export interface PreviewRequest {
  /** A picked file, sent as application/octet-stream. */
  file?: Blob
  /** Pasted or typed text, sent as text/plain; charset=utf-8. */
  text?: string
  format: ImportFormat
  filename?: string
  project?: number | null
  /** Gauss-Krüger 3° zone (25–45) for coordinates that carry none. */
  zone?: number | null
  /** Code page of the file's attribute text, e.g. 'gbk'; empty lets the server decide (.cpg, then detection). */
  encoding?: string
}

/** Reads an input without writing anything: every feature with its validity, areas and overlaps. */
export async function previewImport(request: PreviewRequest, signal?: AbortSignal): Promise<ImportPreview> {
  const params = new URLSearchParams({ format: request.format })
  if (request.filename) params.set('filename', request.filename)
  if (request.project !== undefined && request.project !== null) params.set('project', String(request.project))
  if (request.zone !== undefined && request.zone !== null) params.set('zone', String(request.zone))
  if (request.encoding) params.set('encoding', request.encoding)
  const raw = request.file
    ? { body: request.file, contentType: 'application/octet-stream' }
    : { body: request.text ?? '', contentType: 'text/plain; charset=utf-8' }
  return apiRequest<ImportPreview>(`/imports/preview?${params}`, { method: 'POST', raw, signal })
}

/** One feature to save, with the attributes the user confirmed. */
export interface CommitFeature {
  geometry: Polygon | MultiPolygon
  /** The preview's area_claim, sent back as is. */
  area_claim?: ImportAreaClaim
  properties: {
    code: string
    land_class: string
    owner: string
    claimed_area_mu?: string | null
    survey_zone?: number | null
    status?: 'draft' | 'surveyed' | 'approved' | 'acquired'
  }
}

export interface CommitRequest {
  project_id: number
  features: CommitFeature[]
  /** Provenance kept with the import: members without a value are left out, not sent as null. */
  source?: { filename?: string; format?: Exclude<ImportFormat, 'auto'>; source_crs?: string; encoding?: string }
  reason?: string
}

export interface CommitAnswer {
  import_id: number
  parcel_ids: number[]
}

/**
 * Saves every feature in one transaction, or none: 422 names faults as `features[i]....`, 409 lists the
 * overlaps. The idempotency key makes a retried click (or a lost answer) save once.
 */
export async function commitImport(body: CommitRequest, idempotencyKey: string, signal?: AbortSignal): Promise<CommitAnswer> {
  return apiRequest<CommitAnswer>('/imports/commit', {
    method: 'POST',
    body,
    signal,
    headers: { 'Idempotency-Key': idempotencyKey },
  })
}

/** A fresh idempotency key for one commit attempt of one preview. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}
