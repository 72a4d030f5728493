/**
 * The public notices API (/api/public, no login) as the portal calls it. Deliberately independent of the main
 * app's http.ts, which pulls in the main app's dictionaries: the portal's bundle stays small. Every call sends
 * `Accept-Language` so that the server's problem+json `detail` is already in the portal's language.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'

export type NoticeKind = 'pre_announcement' | 'compensation_plan' | 'acquisition' | 'legacy_notification' | 'legacy_plan'
export const noticeKindOrder: readonly NoticeKind[] = [
  'pre_announcement',
  'compensation_plan',
  'acquisition',
  'legacy_notification',
  'legacy_plan',
]

/** 'expired' once ends_on is before today in Beijing. */
export type PublicStatus = 'published' | 'expired'

/** One land class of the notice's scope: area in 亩 (3 dp) as a decimal string; `area_ha` when the server adds it. */
export interface PublicLandClass {
  code: string
  name: string
  name_en?: string
  area_mu: string
  area_ha?: string
}

/** One owner collective (农民集体) in the scope: parcel count and area in 亩 (3 dp decimal string). */
export interface PublicCollective {
  name: string
  parcels: number
  area_mu: string
}

/** A compensation standard (a rate, never a per-household amount): `rate_yuan` a decimal string per `unit`. */
export interface PublicRate {
  item_type: string
  name: string
  name_en?: string
  land_class: string | null
  land_class_name?: string | null
  structure: string | null
  /** The attachment kind a rate is for (tree, well, or a named crop), when it is for one. */
  attachment?: string | null
  unit: string
  rate_yuan: string
}

/** What the list answers for each notice. Dates are Beijing calendar dates 'YYYY-MM-DD'. */
export interface PublicNoticeProps {
  id: number
  title: string
  kind: NoticeKind
  status: PublicStatus
  project: string
  /** The project's English name when the office gave one. */
  project_en?: string | null
  project_code: string
  township: string | null
  /** Total scope area in 亩 (3 dp) and 公顷 (4 dp), decimal strings computed by the server (zd_area). */
  total_mu: string
  total_ha: string
  land_classes: PublicLandClass[]
  collectives: PublicCollective[]
  published_at: string
  starts_on: string
  ends_on: string
  /** The last day a hearing request is accepted; null for kinds that invite no hearing. */
  hearing_deadline: string | null
  hearing_open: boolean
  /** The notice's text as published (plain text). */
  text: string
}

/** One notice as its page shows it: the list's properties plus rates, contacts and the period. */
export interface PublicNoticeDetailProps extends PublicNoticeProps {
  rates: PublicRate[]
  contacts: string | null
  period_days: number
  period_unit: 'days' | 'working_days'
}

export type PublicNotice = Feature<Geometry, PublicNoticeProps>
export type PublicNoticeDetail = Feature<Geometry, PublicNoticeDetailProps>

/** The list's filters; an empty string means "no filter". */
export interface NoticeQuery {
  q: string
  kind: NoticeKind | ''
  township: string
  status: 'current' | 'expired' | 'all'
  /** Publication window, Beijing dates. */
  from: string
  to: string
  /** Scope area range in 亩. */
  min_mu: string
  max_mu: string
}

export const emptyQuery: NoticeQuery = { q: '', kind: '', township: '', status: 'current', from: '', to: '', min_mu: '', max_mu: '' }

/** One field fault of a problem+json answer. */
export interface PublicProblemError {
  path?: string
  code?: string
  message?: string
}

/** A refused call: `message` is the server's detail (in the requested language) or a fallback. */
export class PublicApiError extends Error {
  readonly status: number
  readonly code: string | undefined
  readonly errors: PublicProblemError[]

  constructor(status: number, message: string, code?: string, errors: PublicProblemError[] = []) {
    super(message)
    this.name = 'PublicApiError'
    this.status = status
    this.code = code
    this.errors = errors
  }
}

async function call<T>(path: string, lang: string, init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang }
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(`/api/public${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'omit',
      signal: init.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new PublicApiError(0, '')
  }
  const text = await response.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!response.ok) {
    const p = (typeof data === 'object' && data !== null ? data : {}) as { detail?: unknown; title?: unknown; code?: unknown; errors?: unknown }
    const message = (typeof p.detail === 'string' && p.detail) || (typeof p.title === 'string' && p.title) || ''
    const errors = Array.isArray(p.errors) ? (p.errors as PublicProblemError[]) : []
    throw new PublicApiError(response.status, message, typeof p.code === 'string' ? p.code : undefined, errors)
  }
  return data as T
}

/** The query string of a list request: only the filters that are set. */
export function noticeQueryString(query: NoticeQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const v = String(value).trim()
    if (v) params.set(key, v)
  }
  return params.toString()
}

/** Published (and, on request, expired) notices matching the filters, with their scope in lon/lat (4326). */
export function listPublicNotices(query: NoticeQuery, lang: string, signal?: AbortSignal): Promise<FeatureCollection<Geometry, PublicNoticeProps>> {
  const qs = noticeQueryString(query)
  return call(`/notices${qs ? `?${qs}` : ''}`, lang, { signal })
}

export function getPublicNotice(id: number, lang: string, signal?: AbortSignal): Promise<PublicNoticeDetail> {
  return call(`/notices/${id}`, lang, { signal })
}

/** One boundary point (界址点) of the scope: x northing and y easting in metres (CGCS2000 3° Gauss-Krüger). */
export interface BoundaryPoint {
  name: string
  x: number
  y: number
  lon: number
  lat: number
}

export interface BoundaryPoints {
  zone: number
  epsg: number
  central_meridian: number
  points: BoundaryPoint[]
}

export function getBoundaryPoints(id: number, lang: string, signal?: AbortSignal): Promise<BoundaryPoints> {
  return call(`/notices/${id}/boundary-points`, lang, { signal })
}

/** The printable notice map (PDF) of one paper size in one language. */
export function noticePdfUrl(id: number, paper: 'a4' | 'a3', lang: string): string {
  return `/api/public/notices/${id}/pdf?paper=${paper}&lang=${encodeURIComponent(lang)}`
}

/** The public vector tiles of notices (layer `notices`); MapLibre needs an absolute URL template. */
export function noticeTilesUrl(origin: string): string {
  return `${origin}/api/public/tiles/notices/{z}/{x}/{y}.mvt`
}

export interface HearingRequestInput {
  name: string
  phone: string
  collective: string
  reason: string
  /** The honeypot: a person never fills it (the field is hidden); the server refuses a request that does. */
  website: string
}

export interface HearingReceipt {
  id: number
  filed_at: string
}

/** Files a hearing request (听证申请) on a notice that invites one; refusals come as PublicApiError. */
export function fileHearingRequest(id: number, input: HearingRequestInput, lang: string): Promise<HearingReceipt> {
  return call(`/notices/${id}/hearing-requests`, lang, { method: 'POST', body: input })
}

/** The optional online basemap the office configured (the same as the main map's), or null. */
export async function getBasemap(lang: string): Promise<{ url: string; attribution: string } | null> {
  try {
    const response = await fetch('/api/config', { headers: { Accept: 'application/json', 'Accept-Language': lang }, credentials: 'omit' })
    if (!response.ok) return null
    const config = (await response.json()) as { basemap?: { url?: unknown; attribution?: unknown } | null }
    const b = config.basemap
    return b && typeof b.url === 'string' && b.url ? { url: b.url, attribution: typeof b.attribution === 'string' ? b.attribution : '' } : null
  } catch {
    return null
  }
}
