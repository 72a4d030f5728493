import type { Geometry } from 'geojson'
import { apiRequest } from './http.ts'

/**
 * The audit (稽核, issue 5) as the server computes it: findings of a project or of the whole office, the auditors'
 * decisions on them, sign-offs with their staleness, and the period report. Areas and money are decimal strings
 * from the server (zd_area, SQL numeric); the client only formats them (client/i18n/format.ts).
 */

/** error: a discrepancy to resolve; warning: to look at; info: explained, e.g. a 口径差异. */
export type Severity = 'error' | 'warning' | 'info'

/** A shape drawn for a finding (EPSG:4490 GeoJSON): the claimed outline, or the faulty part. */
export interface FindingShape {
  kind: 'claimed_outline' | 'overlap' | 'gap' | 'outside_scope' | 'outside_parcel'
  geometry: Geometry
}

export type DecisionKind = 'accepted' | 'returned'

/** The decision that stands on a finding: the latest one for its key. */
export interface FindingDecision {
  decision: DecisionKind
  reason: string
  decided_by: string
  decided_at: string
}

/** A record's display label, without personal data (server/domain/audit/record-labels.ts). */
export interface RecordLabel {
  type: string
  id: number
  code: string | null
  zh: string
  en: string
}

export interface AuditFinding {
  /** A stable code of server/domain/audit/codes.ts, e.g. 'AREA_CLAIM_EXCEEDS_TOLERANCE'. */
  code: string
  severity: Severity
  /** `${code}:${subject}`, stable across runs while the subject is the same: what a decision names. */
  key: string
  /** null for an office-wide finding. */
  project_id: number | null
  /** The parcels it concerns (the map zooms to them). */
  parcels: number[]
  records: { type: string; id: number }[]
  /**
   * For each of `records`, in order, how to name it: the record's code where it has one (building, grave, batch,
   * agreement), a household by id and village group only. Absent in sign-offs stored before labels existed.
   */
  record_labels?: RecordLabel[]
  /** The numbers of the message, as display strings. */
  params: Record<string, string | number>
  shapes?: FindingShape[]
  /** The message in both languages, numbers filled in. */
  message: { zh: string; en: string }
  /** null (or absent) while nobody has decided. */
  decision?: FindingDecision | null
}

/** open: no decision yet; else the standing decision. */
export type FindingStatus = 'open' | DecisionKind

export type AreaBasis = 'ellipsoid' | 'gk3' | 'unknown'
export type AreaVerdictKind = 'consistent' | 'within_tolerance' | 'exceeds' | 'no_claim'

/** T = rounding + 2·m_P + 10 ppm·A and its parts (mu 4 decimals, m² 2 decimals). */
export interface ToleranceView {
  tolerance_mu: string
  tolerance_m2?: string
  /** ½ unit of the claim's last digit. */
  rounding_mu: string
  rounding_m2?: string
  /** 2·m_P, m_P = m_j·√(ΣD²/8). */
  survey_mu: string
  survey_m2?: string
  /** 10 ppm of A. */
  computation_mu: string
  computation_m2?: string
  /** m_j, metres ('0.05'). */
  point_error_m?: string
}

/** The claim measured the way a known signature says it was made (area.md §3.1 item 4). */
export interface DiagnosisView {
  method: string
  zone: number | null
  measured_mu: string
  delta_mu: string
  delta_ppm: string
  verdict: string
  /** For gcj02: how far the claim's outline lies from the parcel, metres, and towards which bearing. */
  shift_m?: string
  shift_bearing_deg?: string
}

/**
 * One parcel's area check (area.md §3.2): the claim against the server's area in the claim's own basis, Δ, the
 * tolerance T with its parts, the verdict and the basis diagnosis (§3.1). Every area a decimal string.
 */
export interface ParcelVerdictRow {
  id: number
  code: string
  owner?: string
  land_class?: string
  /** The claim with the decimals it was stated with; null without a claim. */
  claimed_mu: string | null
  basis: AreaBasis | string
  /** The basis compared in: the claim's own, or for 'unknown' the one that matched best. */
  basis_used?: 'ellipsoid' | 'gk3' | null
  survey_zone?: number
  /** The server's area in basis_used (4 decimals in mu, 2 in m²). */
  measured_mu: string | null
  measured_m2?: string | null
  /** Both bases, for the "other basis" view. */
  ellipsoidal_mu?: string
  ellipsoidal_m2?: string
  gk_mu?: string
  gk_m2?: string
  /** claim − measured, signed. */
  delta_mu: string | null
  delta_m2: string | null
  delta_ppm: string | null
  tolerance_mu: string | null
  tolerance?: ToleranceView | null
  verdict: AreaVerdictKind
  /** The method a known signature points to (gk_planar, gk_wrong_zone, sphere_turf7, sphere_turf6, gcj02, ellipsoid), or null. */
  diagnosis: string | null
  diagnosis_detail?: DiagnosisView | null
  /** Present in the report's table. */
  project_code?: string
}

/** zd_audit_totals(project): areas as decimal strings. */
export interface AuditTotals {
  parcels: number
  land_m2: string
  land_mu: string
  buildings: number
  houses_m2: string
  households: number
  persons: number
}

/** A change after a sign-off (a history row or a funds row, zd_signoff_changes): what made it stale. */
export interface SignoffChange {
  /**
   * 'parcel', 'household', a record type (building, compensation_item, area_claim, …) or a funds kind
   * (fund_entry, disbursement_request, task_letter, project_budget, reported_figure).
   */
  kind: string
  id: number
  /** A parcel's or record's code, a task letter's number, a reported figure's source; null otherwise. */
  code: string | null
  /** History: create, update, …; funds: deposit, disbursement, correction, requested, approved, rejected, executed, issue, set. */
  operation: string
  version: number | null
  changed_by: string
  changed_at: string
  /** Decimal yuan of a funds change (entry, request, budget, stated figure); null or absent otherwise. */
  amount_yuan?: string | null
}

export interface SignoffView {
  id: number
  project_id: number
  signed_by: string
  signed_at: string
  totals: AuditTotals
  findings_count: number
  note?: string | null
  stale: boolean
  /** Newest first, at most 200; `changes_total` counts them all. */
  changes: SignoffChange[]
  changes_total?: number
}

export interface ProjectAudit {
  project_id: number
  generated_at: string
  /** Sorted by severity, then code. */
  findings: AuditFinding[]
  parcels: ParcelVerdictRow[]
  totals: AuditTotals
  /** The latest sign-off, or null when the project was never signed. */
  signoff: SignoffView | null
}

export interface OfficeAudit {
  from: string
  to: string
  findings: AuditFinding[]
}

export interface DecisionBody {
  finding_key: string
  decision: DecisionKind
  /** Required, trimmed (1–1000 characters). */
  reason: string
}

export interface DecisionAnswer extends FindingDecision {
  id?: number
  project_id?: number | null
  finding_key: string
}

export function getProjectAudit(projectId: number, signal?: AbortSignal): Promise<ProjectAudit> {
  return apiRequest<ProjectAudit>(`/projects/${encodeURIComponent(String(projectId))}/audit`, { signal })
}

/** Accepts a finding with a reason or returns it to the planner. 422 AUDIT_UNKNOWN_FINDING for a key no longer found. */
export function decideFinding(projectId: number, body: DecisionBody): Promise<DecisionAnswer> {
  return apiRequest<DecisionAnswer>(`/projects/${encodeURIComponent(String(projectId))}/audit/decisions`, { method: 'POST', body })
}

/** A decision on an office-wide finding (project_id NULL). */
export function decideOfficeFinding(body: DecisionBody): Promise<DecisionAnswer> {
  return apiRequest<DecisionAnswer>('/audit/office/decisions', { method: 'POST', body })
}

/** Signs the project's audit; 409 AUDIT_OPEN_FINDINGS while an error or warning finding is not accepted. */
export function signOffAudit(projectId: number, note?: string): Promise<SignoffView> {
  return apiRequest<SignoffView>(`/projects/${encodeURIComponent(String(projectId))}/audit/signoffs`, {
    method: 'POST',
    body: note ? { note } : {},
  })
}

/** The project's sign-offs, newest first. */
export function listSignoffs(projectId: number, signal?: AbortSignal): Promise<SignoffView[]> {
  return apiRequest<SignoffView[]>(`/projects/${encodeURIComponent(String(projectId))}/audit/signoffs`, { signal })
}

/** A period as the API takes it: two ISO dates (YYYY-MM-DD), both included. */
export interface Period {
  from: string
  to: string
}

export function getOfficeAudit(period: Period, signal?: AbortSignal): Promise<OfficeAudit> {
  const params = new URLSearchParams({ from: period.from, to: period.to })
  return apiRequest<OfficeAudit>(`/audit/office?${params}`, { signal })
}

export const reportFormats = ['csv', 'xlsx', 'pdf'] as const
export type ReportFormat = (typeof reportFormats)[number]

/** The report of a period: the latest sign-off per project signed within it, their totals and findings. */
export interface AuditReport {
  from: string
  to: string
  projects: { id: number; code: string; name: string; signoff: { id: number; signed_by: string; signed_at: string; stale: boolean }; totals: AuditTotals }[]
  totals: { land_mu: string; houses_m2: string; persons: number }
  /** 全年稽核土地征收330.022亩、房屋征收4699.13㎡、安置人口16人 and its English. */
  sentence: { zh: string; en: string }
  findings: AuditFinding[]
  parcels: ParcelVerdictRow[]
}

function reportParams(period: Period, projectIds: readonly number[], format: ReportFormat | 'json'): URLSearchParams {
  const params = new URLSearchParams({ from: period.from, to: period.to })
  if (projectIds.length) params.set('projects', projectIds.join(','))
  params.set('format', format)
  return params
}

/**
 * The URL of a report download, fetched by the browser through a link (the session cookie authenticates a GET;
 * the server answers with an attachment), its texts in `lang` (a link sends the browser's own Accept-Language,
 * not the UI's). No project ids: every project signed in the period.
 */
export function reportUrl(period: Period, projectIds: readonly number[], format: ReportFormat, lang: 'zh-CN' | 'en'): string {
  const params = reportParams(period, projectIds, format)
  params.set('lang', lang)
  return `/api/audit/report?${params}`
}

export function getAuditReport(period: Period, projectIds: readonly number[], signal?: AbortSignal): Promise<AuditReport> {
  return apiRequest<AuditReport>(`/audit/report?${reportParams(period, projectIds, 'json')}`, { signal })
}
