import { parseYuan } from '../domain/money.ts'
import { invalid, type FieldIssue } from '../problem.ts'
import { parseId, singleParam } from './query-params.ts'
import { parsePeriod, type Period } from './audit.ts'
import { unknownFieldIssue } from './unknown-field.ts'

/** The figures a report states (报告数), as the reported_figures CHECK lists them. */
export const reportedFigureKinds = [
  'deposited_yuan', 'disbursed_yuan', 'disbursed_acquisition_yuan', 'disbursed_resettlement_yuan', 'disbursed_working_yuan',
] as const
export type ReportedFigureKind = (typeof reportedFigureKinds)[number]

/** POST /api/reported-figures, parsed. */
export interface ReportedFigureInput {
  project_id: number | null
  period_start: string
  period_end: string
  figure: ReportedFigureKind
  stated_yuan: string
  source: string
}

const fields = ['project_id', 'period_start', 'period_end', 'figure', 'stated_yuan', 'source'] as const
// NUL and the other C0 controls but tab, line feed and carriage return, and DEL.
const controlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const isoDate = /^\d{4}-\d{2}-\d{2}$/
const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** A real calendar date YYYY-MM-DD within 1900…2200 (as the audit's period). */
function realDate(s: string): boolean {
  if (!isoDate.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1900-01-01' && s <= '2200-12-31'
}

/**
 * Reads a reported figure: project_id a positive integer or null (office-wide, all projects); the period's first and
 * last days (real dates, end not before start: DATE_RANGE_INVALID); the figure's kind; the stated amount as a
 * decimal string of yuan (server/domain/money.ts: any positive amount to the fen); the source (the report it comes
 * from, 1…300 characters). A 422 lists every fault, unknown fields included.
 */
export function parseReportedFigure(body: unknown): ReportedFigureInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid([{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object' } }])
  }
  const b = body as Record<string, unknown>
  const issues: FieldIssue[] = []
  for (const key of Object.keys(b)) {
    if (!(fields as readonly string[]).includes(key)) issues.push(unknownFieldIssue(key, key))
  }
  let projectId: number | null = null
  if (b.project_id !== undefined && b.project_id !== null) {
    const v = b.project_id
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 2147483647) projectId = v
    else issues.push({ path: 'project_id', code: 'FIELD_INVALID', params: { why: 'a positive integer id, or null for the whole office' } })
  }
  const date = (path: 'period_start' | 'period_end'): string | null => {
    const v = b[path]
    if (v === undefined || v === null || v === '') { issues.push({ path, code: 'FIELD_REQUIRED' }); return null }
    if (typeof v !== 'string' || !realDate(v)) {
      issues.push({ path, code: 'FIELD_INVALID', params: { why: 'a real date YYYY-MM-DD between 1900 and 2200' } })
      return null
    }
    return v
  }
  const start = date('period_start')
  const end = date('period_end')
  if (start && end && end < start) issues.push({ path: 'period_end', code: 'DATE_RANGE_INVALID' })
  let figure: ReportedFigureKind | null = null
  if (b.figure === undefined || b.figure === null || b.figure === '') issues.push({ path: 'figure', code: 'FIELD_REQUIRED' })
  else if (typeof b.figure === 'string' && (reportedFigureKinds as readonly string[]).includes(b.figure)) figure = b.figure as ReportedFigureKind
  else issues.push({ path: 'figure', code: 'FIELD_INVALID', params: { why: `one of ${reportedFigureKinds.join(', ')}` } })
  let yuan: string | null = null
  if (b.stated_yuan === undefined || b.stated_yuan === null || b.stated_yuan === '') issues.push({ path: 'stated_yuan', code: 'FIELD_REQUIRED' })
  else {
    const r = parseYuan(b.stated_yuan, 'stated_yuan', 'positive')
    if ('yuan' in r) yuan = r.yuan
    else issues.push(r.issue)
  }
  let source: string | null = null
  if (b.source === undefined || b.source === null || (typeof b.source === 'string' && b.source.trim() === '')) {
    issues.push({ path: 'source', code: 'FIELD_REQUIRED' })
  } else if (typeof b.source !== 'string') issues.push({ path: 'source', code: 'FIELD_INVALID', params: { why: 'text' } })
  else if (controlChar.test(b.source)) issues.push({ path: 'source', code: 'INVALID_CHARACTER' })
  else if (lone.test(b.source)) issues.push({ path: 'source', code: 'INVALID_UNICODE' })
  else {
    const text = b.source.normalize('NFC').trim()
    if ([...text].length > 300) issues.push({ path: 'source', code: 'FIELD_TOO_LONG', params: { max: 300 } })
    else source = text
  }
  if (issues.length) throw invalid(issues)
  return { project_id: projectId, period_start: start!, period_end: end!, figure: figure!, stated_yuan: yuan!, source: source! }
}

/** GET /api/reported-figures: project=<id> | office (the office-wide figures) | absent (all); from and to together. */
export interface ReportedFigureQuery {
  scope: { project: number } | 'office' | 'all'
  period: Period | null
}

export function parseReportedFigureQuery(query: Record<string, unknown>): ReportedFigureQuery {
  const project = singleParam(query, 'project')
  const scope = project === undefined ? 'all' as const
    : project === 'office' ? 'office' as const
      : { project: parseId(project, 'query', 'project') }
  const hasPeriod = query.from !== undefined || query.to !== undefined
  return { scope, period: hasPeriod ? parsePeriod(query) : null }
}
