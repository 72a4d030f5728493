import type { AuditFinding, FindingStatus, Severity } from '../../api/audits.ts'

/**
 * The audit workbench's table, without the DOM: which findings a filter keeps, in which order a column sorts
 * them, and the counts shown above the table. Pure functions of the server's findings; the message compared is
 * the one in the UI language.
 */

export const severities: readonly Severity[] = ['error', 'warning', 'info']

/** open: no decision yet; else the standing decision. */
export function findingStatus(f: Pick<AuditFinding, 'decision'>): FindingStatus {
  return f.decision ? f.decision.decision : 'open'
}

export type FindingColumn = 'severity' | 'code' | 'message' | 'parcels' | 'status'

export const findingColumns: readonly FindingColumn[] = ['severity', 'code', 'message', 'parcels', 'status']

export type SortDirection = 'asc' | 'desc'

export interface FindingSort {
  column: FindingColumn
  direction: SortDirection
}

/** The table's filters; 'all' keeps every value. `text` matches every whitespace-separated term, in any order. */
export interface FindingFilter {
  severity: Severity | 'all'
  code: string | 'all'
  status: FindingStatus | 'all'
  text: string
}

export const emptyFilter: FindingFilter = { severity: 'all', code: 'all', status: 'all', text: '' }

export const findingStatuses: readonly FindingStatus[] = ['open', 'returned', 'accepted']

/** What the comparisons and the search read besides the finding: the UI language and parcel codes by id. */
export interface TableContext {
  lang: 'zh' | 'en'
  /** A parcel's code, or null when the audit does not list it (e.g. a parcel of another project). */
  parcelCode: (id: number) => string | null
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const statusRank: Record<FindingStatus, number> = { open: 0, returned: 1, accepted: 2 }

/** The parcels of a finding as the table writes them: codes where known, else `#id`. */
export function parcelLabels(f: Pick<AuditFinding, 'parcels'>, ctx: TableContext): string[] {
  return f.parcels.map((id) => ctx.parcelCode(id) ?? `#${id}`)
}

/** Lower case, full-width forms folded (NFKC), so that "ＺＱＬ" finds "ZQL". */
function fold(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase()
}

export function matchesFilter(f: AuditFinding, filter: FindingFilter, ctx: TableContext): boolean {
  if (filter.severity !== 'all' && f.severity !== filter.severity) return false
  if (filter.code !== 'all' && f.code !== filter.code) return false
  if (filter.status !== 'all' && findingStatus(f) !== filter.status) return false
  const terms = fold(filter.text).split(/\s+/).filter(Boolean)
  if (!terms.length) return true
  const haystack = fold(
    [
      f.message?.[ctx.lang] ?? '',
      f.code,
      f.key,
      ...parcelLabels(f, ctx),
      f.decision?.reason ?? '',
      f.decision?.decided_by ?? '',
    ].join('\n'),
  )
  return terms.every((term) => haystack.includes(term))
}

function compareText(a: string, b: string, lang: 'zh' | 'en'): number {
  return a.localeCompare(b, lang === 'zh' ? 'zh-CN' : 'en', { numeric: true })
}

function compareBy(column: FindingColumn, a: AuditFinding, b: AuditFinding, ctx: TableContext): number {
  switch (column) {
    case 'severity':
      return severityRank[a.severity] - severityRank[b.severity]
    case 'code':
      return compareText(a.code, b.code, 'en')
    case 'message':
      return compareText(a.message?.[ctx.lang] ?? '', b.message?.[ctx.lang] ?? '', ctx.lang)
    case 'parcels': {
      // No parcel (an office or project-wide finding) sorts last going up.
      const pa = parcelLabels(a, ctx)
      const pb = parcelLabels(b, ctx)
      if (!pa.length || !pb.length) return (pa.length ? 0 : 1) - (pb.length ? 0 : 1)
      return compareText(pa.join(','), pb.join(','), 'en')
    }
    case 'status':
      return statusRank[findingStatus(a)] - statusRank[findingStatus(b)]
  }
}

/**
 * The findings in the order of a column; ties keep the server's order (severity, then code), then the key, so
 * the order never depends on the sort algorithm.
 */
export function sortFindings(findings: readonly AuditFinding[], sort: FindingSort, ctx: TableContext): AuditFinding[] {
  const sign = sort.direction === 'asc' ? 1 : -1
  return [...findings].sort(
    (a, b) =>
      sign * compareBy(sort.column, a, b, ctx) ||
      compareBy('severity', a, b, ctx) ||
      compareBy('code', a, b, ctx) ||
      compareText(a.key, b.key, 'en'),
  )
}

/** A click on a column header: the same column turns the direction round, another starts ascending. */
export function nextSort(current: FindingSort, column: FindingColumn): FindingSort {
  return current.column === column
    ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
    : { column, direction: 'asc' }
}

/** Filtered, then sorted. */
export function tableRows(findings: readonly AuditFinding[], filter: FindingFilter, sort: FindingSort, ctx: TableContext): AuditFinding[] {
  return sortFindings(
    findings.filter((f) => matchesFilter(f, filter, ctx)),
    sort,
    ctx,
  )
}

/** Findings per severity: all of them, and those still open (no decision). */
export function severityCounts(findings: readonly AuditFinding[]): Record<Severity, { total: number; open: number }> {
  const counts = Object.fromEntries(severities.map((s) => [s, { total: 0, open: 0 }])) as Record<Severity, { total: number; open: number }>
  for (const f of findings) {
    const c = counts[f.severity]
    if (!c) continue
    c.total += 1
    if (findingStatus(f) === 'open') c.open += 1
  }
  return counts
}

/** The codes present, sorted, for the code filter. */
export function codesOf(findings: readonly AuditFinding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort()
}

/**
 * Error and warning findings not accepted (open or returned): while there is one the server refuses a sign-off
 * (409 AUDIT_OPEN_FINDINGS). Info findings never block.
 */
export function blockingCount(findings: readonly AuditFinding[]): number {
  return findings.filter((f) => f.severity !== 'info' && findingStatus(f) !== 'accepted').length
}

/** A decision's reason as the API takes it: trimmed; null when nothing is left (the reason is required). */
export function decisionReason(text: string): string | null {
  const reason = text.trim()
  return reason.length ? reason : null
}

/** The most a reason may hold (audit_decisions.reason), in characters. */
export const maxReasonLength = 1000
