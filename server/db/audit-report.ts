import type { MultiPolygon, Polygon } from 'geojson'
import { auditCodes, auditMessage, type AuditCode } from '../domain/audit/codes.ts'
import type { FindingRecord, Severity } from '../domain/audit/finding.ts'
import { parcelVerdicts } from '../domain/audit/geometry-rules.ts'
import { missingRecordLabel, type RecordLabel } from '../domain/audit/record-labels.ts'
import { loadGeometryFacts } from './audit-geometry-facts.ts'
import { auditOffice, auditSnapshot, labelRecords } from './audit.ts'
import type { Database, Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('audit-report', ['period', 'unknown_projects', 'land_classes', 'map_frame', 'map_parcels', 'personal_names', 'parcel_items'])

/** The period of a report: calendar days in Asia/Shanghai, both inclusive; no project ids means every project. */
export interface ReportQuery {
  from: string
  to: string
  projectIds?: number[]
}

/** zd_audit_totals of a project as stored with its sign-off: counts as numbers, areas as decimal text. */
export interface SignoffTotals {
  parcels: number
  land_m2: string
  land_mu: string
  buildings: number
  houses_m2: string
  households: number
  persons: number
}

export interface ReportProject {
  id: number
  code: string
  name: string
  signoff: { id: number; signed_by: string; signed_at: string; signed_on: string; stale: boolean }
  /** The totals at the signature (zd_audit_totals then). */
  totals: SignoffTotals
  /** The project's land in mu to 3 decimals, as the report states it (from totals.land_m2). */
  land_mu: string
}

/** The standing decision on a finding, who and when; the reason is scrubbed of personal names, ID numbers, phones. */
export interface ReportDecision {
  decision: 'accepted' | 'returned'
  reason: string
  decided_by: string
  decided_at: string
}

export interface ReportFinding {
  key: string
  code: string
  severity: Severity
  /** null for an office-wide finding of the period (a report's figures). */
  project_id: number | null
  project_code: string | null
  /** The sign-off the finding was stored with; null for office findings, which are computed for the period now. */
  signoff_id: number | null
  parcels: number[]
  /** The codes of `parcels` (#id for a parcel that no longer exists). */
  parcel_codes: string[]
  records: FindingRecord[]
  /** Each record's display label as it stands now (server/domain/audit/record-labels.ts), scrubbed as the text. */
  record_labels: RecordLabel[]
  params: Record<string, string | number>
  message: { zh: string; en: string }
  decision: ReportDecision | null
}

/** A row of the per-parcel area check (parcelVerdicts, area.md §3.2) with its project and the land class names. */
export type ReportParcel = ReturnType<typeof parcelVerdicts>[number] & {
  project_id: number
  project_code: string
  land_class_zh: string | null
  land_class_en: string | null
}

export interface ReportTotals {
  /** Audited projects (with a sign-off in the period). */
  projects: number
  parcels: number
  land_m2: string
  /** Σ land_m2 of the sign-offs × 15/10000, rounded half-up to 3 decimals (330.022). */
  land_mu: string
  buildings: number
  /** Σ houses_m2 of the sign-offs, 2 decimals (4699.13). */
  houses_m2: string
  households: number
  persons: number
}

export interface AuditReport {
  from: string
  to: string
  /** The days are calendar days in this zone (Beijing time). */
  timezone: 'Asia/Shanghai'
  /** The period is one whole calendar year (the sentence says 全年, else 本期). */
  whole_year: boolean
  generated_at: string
  /** The audited projects: those with a sign-off signed in the period, the latest one each, in code order. */
  projects: ReportProject[]
  /** The chosen projects without a sign-off in the period: listed, not summed. */
  not_audited: { id: number; code: string; name: string }[]
  totals: ReportTotals
  sentence: { zh: string; en: string }
  /** The findings stored with each sign-off, then the office findings of the period; severity, code, key order. */
  findings: ReportFinding[]
  /** The per-parcel area check of the audited projects on their current data, in project then parcel code order. */
  parcels: ReportParcel[]
}

const severityOrder: Record<string, number> = { error: 0, warning: 1, info: 2 }

/** `${from}..${to}` is exactly one calendar year. */
function wholeYear(from: string, to: string): boolean {
  return from.slice(0, 4) === to.slice(0, 4) && from.slice(5) === '01-01' && to.slice(5) === '12-31'
}

/**
 * The audit sentence of the 2021 report, from the totals: 全年稽核土地征收330.022亩、房屋征收4699.13㎡、安置人口16人
 * for a calendar year, 本期… for any other period.
 */
export function auditSentence(t: Pick<ReportTotals, 'land_mu' | 'houses_m2' | 'persons'>, from: string, to: string): { zh: string; en: string } {
  const year = wholeYear(from, to)
  const zh = `${year ? '全年' : '本期'}稽核土地征收${t.land_mu}亩、房屋征收${t.houses_m2}㎡、安置人口${t.persons}人`
  const when = year ? `In ${from.slice(0, 4)}` : `From ${from} to ${to}`
  const en = `${when} the audit covered ${t.land_mu} mu of land acquired, ${t.houses_m2} m² of houses acquired and ${t.persons} ${t.persons === 1 ? 'person' : 'persons'} resettled`
  return { zh, en }
}

const idNumberLike = /\d{17}[\dXx]|\d{15}/g
const phoneLike = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g

/**
 * Free text on its way into the report (a decision's reason, a text param) without personal data: the names of
 * the households and members of the projects, and anything shaped like an ID number or a phone number, become ＊＊.
 */
function scrubber(names: string[]): (s: string) => string {
  // Longest first, so that 张三丰 is not left as ＊＊丰 by 张三.
  const sorted = [...names].sort((a, b) => b.length - a.length)
  return (s) => {
    let out = s.replace(idNumberLike, '＊＊').replace(phoneLike, '＊＊')
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join('＊＊')
    return out
  }
}

/** Params that carry money: withheld from findings about a household's own items (per-household money). */
const moneyParam = /yuan|wan|amount|rate|money|paid/i

interface StoredFinding {
  key: string
  code: string
  severity: Severity
  project_id: number | null
  parcels?: number[]
  records?: FindingRecord[]
  params?: Record<string, string | number>
  message?: { zh: string; en: string }
  /** decided_at: a Date from a fresh run, an ISO string from a stored sign-off. */
  decision?: { decision: 'accepted' | 'returned'; reason?: string; decided_by: string; decided_at: string | Date } | null
}

interface PeriodRow {
  projects: {
    id: number
    code: string
    name: string
    signoff: ReportProject['signoff'] | null
    totals: SignoffTotals | null
    land_mu: string | null
    findings: StoredFinding[]
  }[]
  totals: ReportTotals
}

/**
 * The audit report of a period (issue 5): the latest sign-off per chosen project signed within [from, to]
 * (calendar days in Beijing time), the totals of those sign-offs summed in SQL (land Σ m² → mu once, 3 dp), the
 * sentence, the findings stored with each sign-off plus the office findings of the period (auditOffice), and the
 * per-parcel area check of the audited projects (parcelVerdicts). No personal data: households appear by id only,
 * money of a household's own items is withheld, free text is scrubbed of the projects' personal names.
 * Everything is read in one REPEATABLE READ snapshot, with `map` also the parcels drawn in the PDF (`map`). Unknown
 * project ids: the ids are returned in `unknown`.
 */
export async function auditReport(db: Database, query: ReportQuery, opts: { map?: boolean; now?: Date } = {}): Promise<
  (AuditReport & { map?: ReportMap | null }) | { unknown: number[] }> {
  const now = opts.now ?? new Date()
  return db.transaction(async (tx) => {
    await auditSnapshot(tx)
    if (query.projectIds?.length) {
      const unknown = await tx.query<{ id: number }>(q.unknown_projects, [query.projectIds])
      if (unknown.length) return { unknown: unknown.map((u) => u.id) }
    }
    const [period] = await tx.query<PeriodRow>(q.period, [query.from, query.to, query.projectIds?.length ? query.projectIds : null])
    const audited = period!.projects.filter((p) => p.signoff !== null)
    const auditedIds = audited.map((p) => p.id)
    const scrub = scrubber(auditedIds.length ? (await tx.query<{ name: string }>(q.personal_names, [auditedIds])).map((r) => r.name) : [])

    const classes = new Map((await tx.query<{ code: string; name_zh: string; name_en: string }>(q.land_classes)).map((c) => [c.code, c]))
    const parcels: ReportParcel[] = []
    for (const p of audited) {
      const rows = parcelVerdicts(await loadGeometryFacts(tx, p.id))
      const sorted = [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id))
      for (const r of sorted) {
        const lc = r.land_class ? classes.get(r.land_class) : undefined
        parcels.push({ ...r, project_id: p.id, project_code: p.code, land_class_zh: lc?.name_zh ?? null, land_class_en: lc?.name_en ?? null })
      }
    }
    const parcelCode = new Map(parcels.map((r) => [r.id, r.code]))

    const stored = audited.flatMap((p) => p.findings.map((f) => ({ f, project: p })))
    const itemIds = stored.flatMap(({ f }) => (f.records ?? []).filter((r) => r.type === 'compensation_item').map((r) => r.id))
    const parcelItems = new Set(itemIds.length ? (await tx.query<{ id: number }>(q.parcel_items, [itemIds])).map((r) => r.id) : [])

    const office = await auditOffice(tx, { from: query.from, to: query.to })
    const labels = await labelRecords(tx, [...stored.flatMap(({ f }) => f.records ?? []), ...office.findings.flatMap((f) => f.records)])

    const toReport = (f: StoredFinding, project: { id: number; code: string } | null, signoffId: number | null): ReportFinding => {
      const records = (f.records ?? []).map((r) => ({ type: r.type, id: r.id }))
      // A household's own money: a finding about a household, or about a compensation item that is not a parcel's
      // alone (a household's item, or one that no longer exists and so cannot be told apart).
      const perHousehold = records.some((r) => r.type === 'household' || (r.type === 'compensation_item' && !parcelItems.has(r.id)))
      const withheld = (lang: 'zh' | 'en') => (lang === 'zh' ? '（不列示）' : '(withheld)')
      const params = (lang: 'zh' | 'en') => Object.fromEntries(Object.entries(f.params ?? {}).map(([k, v]) => [
        k, perHousehold && moneyParam.test(k) ? withheld(lang) : typeof v === 'string' ? scrub(v) : v,
      ]))
      const known = Object.hasOwn(auditCodes, f.code)
      const message = known
        ? { zh: auditMessage(f.code as AuditCode, params('zh'), 'zh'), en: auditMessage(f.code as AuditCode, params('en'), 'en') }
        : { zh: scrub(f.message?.zh ?? f.code), en: scrub(f.message?.en ?? f.code) }
      const ids = f.parcels ?? []
      return {
        key: f.key, code: f.code, severity: f.severity, project_id: project?.id ?? null, project_code: project?.code ?? null,
        signoff_id: signoffId, parcels: ids, parcel_codes: ids.map((id) => parcelCode.get(id) ?? `#${id}`), records,
        record_labels: records.map((r) => {
          const l = labels.get(`${r.type}:${r.id}`) ?? missingRecordLabel(r.type, r.id)
          return { ...l, code: l.code === null ? null : scrub(l.code), zh: scrub(l.zh), en: scrub(l.en) }
        }),
        params: params('zh'), message,
        decision: f.decision
          ? {
              decision: f.decision.decision, reason: scrub(f.decision.reason ?? ''), decided_by: f.decision.decided_by,
              decided_at: f.decision.decided_at instanceof Date ? f.decision.decided_at.toISOString() : String(f.decision.decided_at),
            }
          : null,
      }
    }
    const bySeverity = (a: ReportFinding, b: ReportFinding) =>
      (severityOrder[a.severity] ?? 3) - (severityOrder[b.severity] ?? 3) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
    const findings: ReportFinding[] = []
    for (const p of audited) findings.push(...p.findings.map((f) => toReport(f, p, p.signoff!.id)).sort(bySeverity))
    findings.push(...(office.findings as unknown as StoredFinding[]).map((f) => toReport(f, null, null)).sort(bySeverity))

    const totals = period!.totals
    const report: AuditReport = {
      from: query.from,
      to: query.to,
      timezone: 'Asia/Shanghai' as const,
      whole_year: wholeYear(query.from, query.to),
      generated_at: now.toISOString(),
      projects: audited.map((p) => ({
        id: p.id, code: p.code, name: p.name, signoff: p.signoff!, totals: p.totals!, land_mu: p.land_mu!,
      })),
      not_audited: period!.projects.filter((p) => p.signoff === null).map((p) => ({ id: p.id, code: p.code, name: p.name })),
      totals,
      sentence: auditSentence(totals, query.from, query.to),
      findings,
      parcels,
    }
    return opts.map ? { ...report, map: await auditReportMap(tx, report) } : report
  })
}

/** The map of a report's audited projects for the PDF: parcels in one Gauss-Krüger zone, in metres. */
export interface ReportMap {
  zone: number
  epsg: number
  /** Angle of true north clockwise from grid north at the centre (meridian convergence), degrees. */
  convergence_deg: number
  parcels: {
    id: number
    project_id: number
    code: string
    verdict: ReportParcel['verdict'] | null
    geometry: Polygon | MultiPolygon
    /** A point inside the parcel (zd_label_point), easting and northing in the zone. */
    label_at: [number, number]
  }[]
}

/** The parcels of the report's audited projects as outlines in the Gauss-Krüger zone of their centre; null when none. */
export async function auditReportMap(db: Queryable, report: AuditReport): Promise<ReportMap | null> {
  const ids = report.projects.map((p) => p.id)
  if (!ids.length) return null
  const [frame] = await db.query<{ zone: number; epsg: number; convergence_deg: number }>(q.map_frame, [ids])
  if (!frame) return null
  const rows = await db.query<{ id: number; project_id: number; code: string; geometry: Polygon | MultiPolygon; label_at: (number | string)[] }>(
    q.map_parcels, [ids, frame.epsg])
  const verdicts = new Map(report.parcels.map((p) => [p.id, p.verdict]))
  return {
    zone: frame.zone, epsg: frame.epsg, convergence_deg: Number(frame.convergence_deg),
    parcels: rows.map((r) => ({ ...r, label_at: [Number(r.label_at[0]), Number(r.label_at[1])] as [number, number], verdict: verdicts.get(r.id) ?? null })),
  }
}
