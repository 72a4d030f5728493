import { auditMessage } from '../domain/audit/codes.ts'
import type { Finding, Severity } from '../domain/audit/finding.ts'
import { parcelVerdicts, runGeometryRules } from '../domain/audit/geometry-rules.ts'
import { runOfficeRules, runRecordRules } from '../domain/audit/record-rules.ts'
import { missingRecordLabel, recordLabel, type RecordLabel, type RecordLabelFacts } from '../domain/audit/record-labels.ts'
import { Problem } from '../problem.ts'
import type { DecisionInput, Period } from '../schemas/audit.ts'
import { loadGeometryFacts } from './audit-geometry-facts.ts'
import { loadOfficeFacts, loadRecordFacts } from './audit-record-facts.ts'
import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

// The audit engine: facts computed in SQL (audit-geometry-facts.ts, audit-record-facts.ts) → the pure rules
// (server/domain/audit/) → findings with their messages and the auditors' standing decisions. Findings are never
// stored, except as the record of what a sign-off saw; each read recomputes them from the data.

const q = loadQueries('audits', [
  'snapshot', 'project_exists', 'totals', 'lock_history', 'decisions', 'insert_decision', 'insert_signoff',
  'signoffs', 'signoff_findings', 'changes',
])
const labelQueries = loadQueries('record-labels', ['labels'])

/** At most this many changes since a sign-off are listed (changes_total counts them all). */
export const maxChangesListed = 200

/** An auditor's standing decision on a finding: the latest one made on its key. */
export interface Decision {
  decision: 'accepted' | 'returned'
  reason: string
  decided_by: string
  decided_at: Date
}

/**
 * A finding as the API gives it: its message in both languages, the standing decision, if any, and for each of its
 * records (in the same order) a display label without personal data (server/domain/audit/record-labels.ts).
 */
export type AuditFinding = Finding & { message: { zh: string; en: string }; decision: Decision | null; record_labels: RecordLabel[] }

/** zd_audit_totals (sql/functions/zd_audit_totals.sql): areas as decimal strings. */
export interface AuditTotals {
  parcels: number
  land_m2: string
  land_mu: string
  buildings: number
  houses_m2: string
  households: number
  persons: number
}

/**
 * A change of a signed-off project after the signature, as zd_signoff_changes (sql/functions) defines it: a row of
 * parcel_history, household_history or record_history, or a funds row (ledger entry, step of a disbursement
 * request, task letter, budget, reported figure).
 */
export interface SignoffChange {
  /**
   * 'parcel', 'household', the record type of record_history ('building', 'area_claim', …), or 'fund_entry',
   * 'disbursement_request', 'task_letter', 'project_budget', 'reported_figure'.
   */
  kind: string
  id: number
  /**
   * The parcel's or record's code (an agreement's number), a task letter's number, a reported figure's source;
   * null for households, ledger entries, requests, budgets and records without one.
   */
  code: string | null
  /**
   * History: create, update, delete, split, merge, restore. fund_entry: deposit, disbursement, correction;
   * disbursement_request: requested, approved, rejected, executed; task_letter: issue; project_budget: set;
   * reported_figure: create.
   */
  operation: string
  /** The version written (history rows); null for funds rows. */
  version: number | null
  changed_by: string
  changed_at: Date
  /** Decimal yuan of an entry, a request, a budget or a stated figure; null for the other kinds. */
  amount_yuan: string | null
}

export interface SignoffView {
  id: number
  project_id: number
  signed_by: string
  signed_at: Date
  note: string | null
  totals: AuditTotals
  findings_count: number
  findings_by_severity: Record<Severity, number>
  /** True once the project has changed after the signature (zd_signoff_changes gives any row). */
  stale: boolean
  /** Those rows, newest first, at most maxChangesListed. */
  changes: SignoffChange[]
  changes_total: number
}

export type ParcelVerdictRows = ReturnType<typeof parcelVerdicts>

export interface ProjectAudit {
  project_id: number
  generated_at: string
  findings: AuditFinding[]
  parcels: ParcelVerdictRows
  totals: AuditTotals
  /** The latest sign-off of the project, or null. */
  signoff: SignoffView | null
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** Errors first, then warnings, then infos; within a severity by code, then by key (stable across runs). */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return [...findings].sort((a, b) =>
    severityRank[a.severity] - severityRank[b.severity] || cmp(a.code, b.code) || cmp(a.key, b.key))
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The findings that stand in the way of a sign-off: every error and warning whose standing decision is not
 * 'accepted' (none yet, or returned to the planner). Infos (口径差异 and the like) never block.
 */
export function openFindings(findings: AuditFinding[]): AuditFinding[] {
  return findings.filter((f) => f.severity !== 'info' && f.decision?.decision !== 'accepted')
}

/** Sets the transaction's isolation to one snapshot; must be the first statement of the transaction. */
export async function auditSnapshot(tx: Queryable) {
  await tx.query(q.snapshot)
}

export async function projectExists(db: Queryable, projectId: number): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(q.project_exists, [projectId])
  return row?.exists ?? false
}

/** The standing decision per finding key of a project, or of the office with projectId null. */
async function standingDecisions(db: Queryable, projectId: number | null): Promise<Map<string, Decision>> {
  const rows = await db.query<Decision & { finding_key: string }>(q.decisions, [projectId])
  return new Map(rows.map(({ finding_key, ...d }) => [finding_key, d]))
}

/**
 * The display labels of records {type, id}, in one query (sql/queries/record-labels.sql), keyed `type:id`: the
 * record's code where it has one, a household by its id and village group only.
 */
export async function labelRecords(db: Queryable, records: readonly { type: string; id: number }[]): Promise<Map<string, RecordLabel>> {
  if (!records.length) return new Map()
  const rows = await db.query<RecordLabelFacts>(labelQueries.labels, [records.map((r) => r.type), records.map((r) => r.id)])
  return new Map(rows.map((r) => [`${r.type}:${r.id}`, recordLabel(r)]))
}

/** Messages rendered from codes.ts, the standing decisions and the records' labels attached; sorted. */
async function present(db: Queryable, findings: Finding[], decisions: Map<string, Decision>): Promise<AuditFinding[]> {
  const labels = await labelRecords(db, findings.flatMap((f) => f.records))
  return sortFindings(findings).map((f) => ({
    ...f,
    message: { zh: auditMessage(f.code, f.params, 'zh'), en: auditMessage(f.code, f.params, 'en') },
    decision: decisions.get(f.key) ?? null,
    record_labels: f.records.map((r) => labels.get(`${r.type}:${r.id}`)
      ?? missingRecordLabel(r.type, r.id)),
  }))
}

/** Runs every rule of a project on facts loaded through `db` (call inside one snapshot for consistent facts). */
async function runProjectRules(db: Queryable, projectId: number) {
  const geometry = await loadGeometryFacts(db, projectId)
  const records = await loadRecordFacts(db, projectId)
  return { findings: [...runGeometryRules(geometry), ...runRecordRules(records)], parcels: parcelVerdicts(geometry) }
}

/** The current findings of a project with messages and decisions, sorted. */
export async function projectFindings(db: Queryable, projectId: number): Promise<AuditFinding[]> {
  const { findings } = await runProjectRules(db, projectId)
  return present(db, findings, await standingDecisions(db, projectId))
}

export async function auditTotals(db: Queryable, projectId: number): Promise<AuditTotals> {
  const [row] = await db.query<{ totals: AuditTotals }>(q.totals, [projectId])
  return row!.totals
}

/**
 * The audit of a project as GET /api/projects/:id/audit gives it: findings (with messages and decisions), the
 * per-parcel area verdicts, the totals and the latest sign-off. 404 for an unknown project. Run it inside a
 * transaction that began with auditSnapshot, so that all of it describes one state of the data.
 */
export async function auditProject(db: Queryable, projectId: number): Promise<ProjectAudit> {
  if (!(await projectExists(db, projectId))) throw new Problem('NOT_FOUND')
  const generatedAt = new Date().toISOString()
  const { findings, parcels } = await runProjectRules(db, projectId)
  const decisions = await standingDecisions(db, projectId)
  const [signoff] = await signoffViews(db, projectId)
  return {
    project_id: projectId,
    generated_at: generatedAt,
    findings: await present(db, findings, decisions),
    parcels,
    totals: await auditTotals(db, projectId),
    signoff: signoff ?? null,
  }
}

/** The office-wide findings of a period (reported figures of the whole office vs the ledger), with decisions. */
export async function auditOffice(db: Queryable, period: Period): Promise<{ from: string; to: string; findings: AuditFinding[] }> {
  const findings = runOfficeRules(await loadOfficeFacts(db, period))
  return { from: period.from, to: period.to, findings: await present(db, findings, await standingDecisions(db, null)) }
}

/**
 * Appends a decision on a finding of a project ({projectId}) or of the office ({period}). The key must be among
 * the findings of a fresh run (422 AUDIT_UNKNOWN_FINDING otherwise): a decision is about what the data shows now.
 */
export async function recordDecision(db: Queryable, scope: { projectId: number } | { period: Period }, input: DecisionInput, user: string) {
  const findings = 'projectId' in scope
    ? (await runProjectRules(db, scope.projectId)).findings
    : runOfficeRules(await loadOfficeFacts(db, scope.period))
  if (!findings.some((f) => f.key === input.finding_key)) throw new Problem('AUDIT_UNKNOWN_FINDING', { key: input.finding_key })
  const projectId = 'projectId' in scope ? scope.projectId : null
  const [row] = await db.query<{ id: number; project_id: number | null; finding_key: string } & Decision>(
    q.insert_decision, [projectId, input.finding_key, input.decision, input.reason, user])
  return row!
}

/**
 * Signs a project's audit: refused with 409 AUDIT_OPEN_FINDINGS (params.count, open_findings: their keys) while an
 * error or warning is not accepted; else stores the watermarks (history and funds tables), the totals and the
 * findings with their decisions, and returns the new sign-off's id. Run it in its own transaction: it locks the
 * watched tables first (see lock_history in sql/queries/audits.sql), then reads everything in one snapshot.
 */
export async function signOff(tx: Queryable, projectId: number, user: string, note: string | null): Promise<{ id: number; findings: AuditFinding[] }> {
  await tx.query(q.snapshot)
  await tx.query(q.lock_history)
  if (!(await projectExists(tx, projectId))) throw new Problem('NOT_FOUND')
  const findings = await projectFindings(tx, projectId)
  const open = openFindings(findings)
  if (open.length) throw new Problem('AUDIT_OPEN_FINDINGS', { count: open.length }, [], { open_findings: open.map((f) => f.key) })
  const totals = await auditTotals(tx, projectId)
  const [row] = await tx.query<{ id: number }>(q.insert_signoff, [projectId, user, JSON.stringify(totals), JSON.stringify(findings), note])
  return { id: row!.id, findings }
}

interface SignoffRow {
  id: number
  project_id: number
  signed_by: string
  signed_at: Date
  note: string | null
  totals: AuditTotals
  findings_count: number
  findings_by_severity: Record<Severity, number | string>
}

/** The changes after sign-off `signoffId` (zd_signoff_changes), newest first (at most `limit`), and their total. */
export async function changesSince(db: Queryable, signoffId: number, limit = maxChangesListed): Promise<{ changes: SignoffChange[]; total: number }> {
  const rows = await db.query<SignoffChange & { total: number }>(q.changes, [signoffId, limit])
  return { changes: rows.map(({ total: _, ...c }) => c), total: rows[0]?.total ?? 0 }
}

/** The sign-offs of a project, newest first (or only sign-off `signoffId`), each with its staleness. */
export async function signoffViews(db: Queryable, projectId: number, signoffId: number | null = null): Promise<SignoffView[]> {
  const rows = await db.query<SignoffRow>(q.signoffs, [projectId, signoffId])
  const views: SignoffView[] = []
  for (const r of rows) {
    const { changes, total } = await changesSince(db, r.id)
    views.push({
      id: r.id,
      project_id: r.project_id,
      signed_by: r.signed_by,
      signed_at: r.signed_at,
      note: r.note,
      totals: r.totals,
      findings_count: r.findings_count,
      findings_by_severity: {
        error: Number(r.findings_by_severity.error), warning: Number(r.findings_by_severity.warning), info: Number(r.findings_by_severity.info),
      },
      stale: total > 0,
      changes,
      changes_total: total,
    })
  }
  return views
}

/** The findings a sign-off saw (with their messages and decisions then), or undefined for no such sign-off. */
export async function signoffFindings(db: Queryable, projectId: number, signoffId: number): Promise<AuditFinding[] | undefined> {
  const [row] = await db.query<{ findings: AuditFinding[] }>(q.signoff_findings, [projectId, signoffId])
  return row?.findings
}
