import { compareDecimal, subtractDecimal, yuanToWan } from '../exact-decimal.ts'
import type { Finding } from '../finding.ts'
import { figureNames, makeFinding } from '../record-findings.ts'
import { reportedScopeParams, reportedSubject, statedParts, type ReportedScope } from './funds-reported-parts.ts'

/**
 * FUNDS_REPORTED_TOTAL_MISMATCH: a figure stated in a report (deposits, disbursements, or one part of them, for a
 * period) against the ledger of the same scope and period, exactly to the fen.
 *
 * One discrepancy, one finding: when a stated disbursement total differs from the ledger only because it differs
 * from its own stated parts, and those parts add up to the ledger (the 2021 report: parts = ledger =
 * 135 899 621.46 yuan, total stated 135 899 624.72), the fault is the report's addition, reported once as
 * FUNDS_REPORTED_PARTS_MISMATCH (whose message also gives the ledger), not a second time here.
 */
export function ruleFundsReportedTotals(f: ReportedScope): Finding[] {
  const out: Finding[] = []
  for (const r of f.reported) {
    if (compareDecimal(r.stated_yuan, r.ledger_yuan) === 0) continue
    const p = statedParts(f.reported, r)
    if (p && compareDecimal(p.sum_yuan, r.stated_yuan) !== 0 && compareDecimal(p.sum_yuan, r.ledger_yuan) === 0) continue
    const difference = subtractDecimal(r.stated_yuan, r.ledger_yuan, 2, true)
    const figure = figureNames[r.figure] ?? { zh: r.figure, en: r.figure }
    out.push(makeFinding('FUNDS_REPORTED_TOTAL_MISMATCH', reportedSubject(r), f.project_id, {
      records: [{ type: 'reported_figure', id: r.id }],
      params: {
        ...reportedScopeParams(r),
        figure_zh: figure.zh,
        figure_en: figure.en,
        source: r.source,
        stated_yuan: r.stated_yuan,
        stated_wan: yuanToWan(r.stated_yuan),
        ledger_yuan: r.ledger_yuan,
        ledger_wan: yuanToWan(r.ledger_yuan),
        difference_yuan: difference,
        difference_wan: yuanToWan(difference, true),
      },
    }))
  }
  return out
}
