import type { MultiPolygon, Polygon } from 'geojson'
import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'

/**
 * The five kinds of notice (公告). pre_announcement 征收土地预公告, compensation_plan 征地补偿安置方案公告,
 * acquisition 征收土地公告; for projects under the old law: legacy_notification 拟征地告知书, legacy_plan 征收土地方案公告.
 */
export const noticeKinds = ['pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan'] as const
export type NoticeKind = (typeof noticeKinds)[number]
/** The kinds of projects under the old law (旧法), offered in their own group. */
export const legacyNoticeKinds: readonly NoticeKind[] = ['legacy_notification', 'legacy_plan']

export const noticeStatuses = ['draft', 'approved', 'published', 'expired', 'withdrawn'] as const
export type NoticeStatus = (typeof noticeStatuses)[number]

/** 'days' counts calendar days (moved to the next working day when the last is a rest day); 'working_days' working days. */
export type PeriodUnit = 'days' | 'working_days'

/**
 * What a notice states, generated on the server from the project's parcels and rates (areas from zd_area, money
 * and areas as decimal strings). Never a household, a person's name or a per-household amount.
 */
export interface NoticeFigures {
  parcels: number
  /** m², 2 decimals. */
  area_m2: string
  /** 亩, 3 decimals. */
  area_mu: string
  /** 公顷, 4 decimals. */
  area_ha: string
  land_classes: { code: string; name: string; area_mu: string }[]
  collectives: { name: string; parcels: number; area_mu: string }[]
  rates: { item_type: string; name: string; land_class: string | null; structure: string | null; unit: string; rate_yuan: string }[]
  /** Where the scope came from: the project's acquisition scope, else the union of its parcels. */
  scope_source: 'acquisition_scope' | 'parcels'
}

/** One row of GET /api/notices. */
export interface NoticeSummary {
  id: number
  project_id: number
  project_code?: string
  project_name?: string
  kind: NoticeKind
  status: NoticeStatus
  title: string
  township?: string | null
  period_days?: number
  period_unit?: PeriodUnit
  starts_on: string | null
  ends_on: string | null
  hearing_deadline: string | null
  /** The figures' total area, 亩 (3 dp) and 公顷 (4 dp), decimal strings. */
  area_mu?: string | null
  area_ha?: string | null
  version?: number
  drafted_by?: string
  drafted_at?: string
  published_at?: string | null
}

export interface NoticeEvent {
  action: 'created' | 'edited' | 'regenerated' | 'approved' | 'published' | 'expired' | 'withdrawn'
  from_status: NoticeStatus | null
  to_status: NoticeStatus
  actor: string
  at: string
  reason: string | null
}

/** A posting photo (张贴拍照存档); the bytes are at GET /api/notices/:id/evidence/:evidenceId. */
export interface NoticeEvidence {
  id: number
  content_type: string
  place: string | null
  /** Beijing date the photo was taken, YYYY-MM-DD. */
  taken_on: string | null
  caption: string | null
  /** Bytes stored. */
  size_bytes?: number
  uploaded_by: string
  uploaded_at: string
}

/** GET /api/notices/:id, with ETag "v<version>". Dates (starts_on, ends_on, hearing_deadline) are Beijing dates. */
export interface Notice {
  id: number
  project_id: number
  project_code: string
  project_name: string
  kind: NoticeKind
  status: NoticeStatus
  title: string
  body: string
  township: string | null
  contacts: string | null
  period_days: number
  period_unit: PeriodUnit
  starts_on: string | null
  ends_on: string | null
  hearing_deadline: string | null
  figures: NoticeFigures
  geometry: MultiPolygon | Polygon | null
  version: number
  drafted_by: string
  drafted_at: string
  approved_by: string | null
  approved_at: string | null
  published_by: string | null
  published_at: string | null
  withdrawn_reason: string | null
  events: NoticeEvent[]
  evidence: NoticeEvidence[]
  /** invites: the kind invites hearing requests; open: they are accepted now; requests: how many were filed. */
  hearing: { invites: boolean; open: boolean; requests: number }
}

/** The text fields of a draft, as PUT /api/notices/:id takes them. */
export interface NoticeEdit {
  title: string
  body: string
  township: string | null
  contacts: string | null
  period_days: number
  period_unit: PeriodUnit
}

export interface DeadlinePreview {
  starts_on: string
  ends_on: string
  hearing_deadline: string | null
}

/** A hearing request (听证申请) as the legal section reads it: name and phone decrypted, for legal and admin only. */
export interface HearingRequest {
  id: number
  collective: string
  name: string
  phone: string
  reason: string
  filed_at: string
  status: 'received' | 'answered'
  answer: string | null
  answered_by: string | null
  answered_at: string | null
}

export interface HearingRequestList {
  items: HearingRequest[]
  by_collective: { collective: string; requests: number }[]
}

const enc = (id: number) => encodeURIComponent(String(id))
const ifMatch = (version: number) => ({ 'If-Match': versionTag(version) })

export interface NoticeFilter {
  project_id?: number
  status?: NoticeStatus
  kind?: NoticeKind
}

export async function listNotices(filter: NoticeFilter, signal?: AbortSignal): Promise<NoticeSummary[]> {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null) q.set(k, String(v))
  const query = q.size ? `?${q}` : ''
  const answer = await apiRequest<{ items: NoticeSummary[] }>(`/notices${query}`, { signal })
  return answer.items
}

/** A new draft generated by the server: title, body, figures, scope, default period, township, contacts. */
export function createNotice(projectId: number, kind: NoticeKind): Promise<Notice> {
  return apiRequest<Notice>('/notices', { method: 'POST', body: { project_id: projectId, kind } })
}

export function getNotice(id: number, signal?: AbortSignal): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}`, { signal })
}

/** Drafts only (409 NOTICE_NOT_DRAFT); If-Match on the version edited (412 when someone saved in between). */
export function updateNotice(id: number, version: number, body: NoticeEdit): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}`, { method: 'PUT', body, headers: ifMatch(version) })
}

/** Recomputes the figures and the scope from the project's current data (drafts only). */
export function regenerateNotice(id: number, version: number): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}/regenerate`, { method: 'POST', headers: ifMatch(version) })
}

/** legal or admin, never the drafter (403 NOTICE_APPROVER_IS_DRAFTER). */
export function approveNotice(id: number, version: number): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}/approve`, { method: 'POST', headers: ifMatch(version) })
}

/** `startsOn`: the Beijing publication date (YYYY-MM-DD); left out, the server takes today in Beijing. */
export function publishNotice(id: number, version: number, startsOn?: string): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}/publish`, {
    method: 'POST',
    body: startsOn ? { starts_on: startsOn } : {},
    headers: ifMatch(version),
  })
}

export function withdrawNotice(id: number, version: number, reason: string): Promise<Notice> {
  return apiRequest<Notice>(`/notices/${enc(id)}/withdraw`, { method: 'POST', body: { reason }, headers: ifMatch(version) })
}

/** Drafts only. */
export function deleteNotice(id: number, version: number): Promise<void> {
  return apiRequest<void>(`/notices/${enc(id)}`, { method: 'DELETE', headers: ifMatch(version) })
}

/** The last day of the period and the hearing deadline if the notice were published on `startsOn`. */
export function previewDeadlines(id: number, startsOn: string, signal?: AbortSignal): Promise<DeadlinePreview> {
  return apiRequest<DeadlinePreview>(`/notices/${enc(id)}/deadline-preview?starts_on=${encodeURIComponent(startsOn)}`, { signal })
}

/** Where an evidence photo's bytes are served (same origin, with the session). */
export const evidenceUrl = (noticeId: number, evidenceId: number) => `/api/notices/${enc(noticeId)}/evidence/${enc(evidenceId)}`

/**
 * `POST /api/notices/:id/evidence?place=&taken_on=&caption=`: the image bytes as they are (the server decides
 * JPEG/PNG/WebP by the first bytes; over 5 MB: 413). Evidence is append-only.
 */
export function uploadEvidence(
  id: number,
  file: Blob,
  meta: { place: string | null; taken_on: string | null; caption: string | null },
): Promise<NoticeEvidence> {
  const q = new URLSearchParams()
  if (meta.place) q.set('place', meta.place)
  if (meta.taken_on) q.set('taken_on', meta.taken_on)
  if (meta.caption) q.set('caption', meta.caption)
  const query = q.size ? `?${q}` : ''
  return apiRequest<NoticeEvidence>(`/notices/${enc(id)}/evidence${query}`, {
    method: 'POST',
    raw: { body: file, contentType: 'application/octet-stream' },
  })
}

export function listHearingRequests(noticeId: number, signal?: AbortSignal): Promise<HearingRequestList> {
  return apiRequest<HearingRequestList>(`/notices/${enc(noticeId)}/hearing-requests`, { signal })
}

export function answerHearingRequest(id: number, answer: string): Promise<HearingRequest> {
  return apiRequest<HearingRequest>(`/hearing-requests/${enc(id)}/answer`, { method: 'POST', body: { answer } })
}
