import type { AuditReport } from '../db/audit-report.ts'
import type { Lang } from '../domain/issue-codes.ts'
import { reportTables, type ReportTable, type TableCell } from './audit-report-tables.ts'
import { writeXlsx, type XlsxCell } from './xlsx.ts'

const cell = (c: TableCell, bold = false): XlsxCell => (c === null ? null : typeof c === 'string' ? { text: c, bold } : { number: c.number, bold })

const tableRows = (s: ReportTable): XlsxCell[][] => [
  s.header.map((h) => ({ text: h, bold: true })),
  ...s.rows.map((r) => r.map((c) => cell(c))),
  ...(s.footer ?? []).map((r) => r.map((c) => cell(c, true))),
]

/**
 * The audit report as an XLSX workbook of three sheets: 汇总 (the header block, the audited projects with their
 * totals and the total row, then the projects not signed off in the period and the notes), 发现 (findings) and
 * 地块 (the per-parcel area check), with English sheet and column names for `en`. Areas and counts are numeric
 * cells shown with the decimals the report states them with (亩 3, ㎡ 2); the findings and parcels sheets have a
 * frozen, filterable header row.
 */
export function writeAuditReportXlsx(report: AuditReport, lang: Lang): Uint8Array {
  const t = reportTables(report, lang)
  const zh = lang === 'zh-CN'
  const head: XlsxCell[][] = [[{ text: t.title, bold: true }], ...t.heading.map(([k, v]) => [{ text: k, bold: true }, v]), []]
  const summary: XlsxCell[][] = [
    ...head,
    ...tableRows(t.projects),
    [],
    [{ text: t.notAudited.title, bold: true }],
    ...tableRows(t.notAudited),
    [],
    [{ text: zh ? '说明' : 'Notes', bold: true }],
    ...t.notes.map((n) => [n]),
  ]
  return writeXlsx([
    { name: t.projects.title, rows: summary, widths: [14, 28, 10, 12, 12, 12, 8, 14, 14, 8, 14, 8, 12] },
    { name: t.findings.title, rows: tableRows(t.findings), widths: [14, 10, 34, 80, 20, 36, 10, 12, 18, 40, 44], header_row: 1 },
    { name: t.parcels.title, rows: tableRows(t.parcels), widths: [14, 14, 24, 10, 16, 14, 16, 14, 12, 12, 12, 14, 14, 18], header_row: 1 },
  ], new Date(report.generated_at), t.title)
}
