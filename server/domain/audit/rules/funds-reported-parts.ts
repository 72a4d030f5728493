import { compareDecimal, subtractDecimal, sumDecimal, yuanToWan } from '../exact-decimal.ts'
import type { Finding } from '../finding.ts'
import type { ReportedFigureFacts } from '../record-facts.ts'
import { makeFinding } from '../record-findings.ts'

/** Reported figures of one scope: a project's own (project_id) or the office's (null). */
export interface ReportedScope {
  project_id: number | null
  reported: ReportedFigureFacts[]
}

/** The three parts a stated disbursement total is made of (征地补偿、安置、工作经费), in that order. */
export const partFigures = ['disbursed_acquisition_yuan', 'disbursed_resettlement_yuan', 'disbursed_working_yuan'] as const

/** The stable subject of a reported figure: 'office:2021-01-01..2021-12-31:disbursed_yuan' or 'project:3:…'. */
export function reportedSubject(r: Pick<ReportedFigureFacts, 'project_id' | 'period_start' | 'period_end' | 'figure'>): string {
  return `${r.project_id === null ? 'office' : `project:${r.project_id}`}:${r.period_start}..${r.period_end}:${r.figure}`
}

/** The period and scope words of a reported figure's message. */
export function reportedScopeParams(r: ReportedFigureFacts): Record<string, string> {
  return {
    scope_zh: r.project_id === null ? '全中心（所有项目）' : '本项目',
    scope_en: r.project_id === null ? 'Office-wide (all projects)' : 'This project',
    period: `${r.period_start} – ${r.period_end}`,
  }
}

/**
 * A stated disbursement total with its three stated parts of the same scope and period, and their exact sum; null
 * when the figure is not a total or a part is not stated (nothing to add up).
 */
export function statedParts(reported: readonly ReportedFigureFacts[], total: ReportedFigureFacts): { parts: ReportedFigureFacts[]; sum_yuan: string } | null {
  if (total.figure !== 'disbursed_yuan') return null
  const parts = partFigures.map((figure) => reported.find((r) =>
    r.figure === figure && r.project_id === total.project_id && r.period_start === total.period_start && r.period_end === total.period_end))
  if (parts.some((p) => p === undefined)) return null
  const found = parts as ReportedFigureFacts[]
  return { parts: found, sum_yuan: sumDecimal(found.map((p) => p.stated_yuan), 2) }
}

/**
 * FUNDS_REPORTED_PARTS_MISMATCH: a report's stated disbursement total against its own three stated parts, exactly
 * (the 2021 report: 13589.962472 万元 stated, its parts add up to 13589.962146 万元, 3.26 yuan less). The message
 * also gives the ledger's figure, so that the auditor sees which of the two the ledger supports.
 */
export function ruleFundsReportedParts(f: ReportedScope): Finding[] {
  const out: Finding[] = []
  for (const total of f.reported) {
    const p = statedParts(f.reported, total)
    if (!p || compareDecimal(p.sum_yuan, total.stated_yuan) === 0) continue
    const difference = subtractDecimal(total.stated_yuan, p.sum_yuan, 2, true)
    const [acquisition, resettlement, working] = p.parts as [ReportedFigureFacts, ReportedFigureFacts, ReportedFigureFacts]
    out.push(makeFinding('FUNDS_REPORTED_PARTS_MISMATCH', reportedSubject(total), f.project_id, {
      records: [total, ...p.parts].map((r) => ({ type: 'reported_figure', id: r.id })),
      params: {
        ...reportedScopeParams(total),
        source: total.source,
        stated_yuan: total.stated_yuan,
        stated_wan: yuanToWan(total.stated_yuan),
        acquisition_yuan: acquisition.stated_yuan,
        resettlement_yuan: resettlement.stated_yuan,
        working_yuan: working.stated_yuan,
        parts_yuan: p.sum_yuan,
        parts_wan: yuanToWan(p.sum_yuan),
        difference_yuan: difference,
        difference_wan: yuanToWan(difference, true),
        ledger_yuan: total.ledger_yuan,
        ledger_wan: yuanToWan(total.ledger_yuan),
      },
    }))
  }
  return out
}
