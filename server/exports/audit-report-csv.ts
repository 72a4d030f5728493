import type { AuditReport } from '../db/audit-report.ts'
import type { Lang } from '../domain/issue-codes.ts'
import { reportTables, type ReportTable, type TableCell } from './audit-report-tables.ts'
import { encodeText } from './encode.ts'

/**
 * A text cell Excel would run as a formula (=, +, -, @ or a tab or carriage return first) gets a leading
 * apostrophe (OWASP CSV injection); numbers are written as they are, negative ones included.
 */
function field(c: TableCell): string {
  if (c === null) return ''
  if (typeof c !== 'string') return c.number
  const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const line = (cells: TableCell[]) => cells.map(field).join(',')

/**
 * The audit report as one CSV file (UTF-8 with a byte-order mark, CRLF, so that Excel and WPS open it in Chinese):
 * first a header block of `label,value` lines (report, period, the sentence, …), then one table per section, each
 * introduced by a line `[汇总]`, `[期间内未签署的项目…]`, `[发现]`, `[地块]` (English titles for `en`) and
 * followed by an empty line; a section is a header row and its rows, so it reads as a table of its own.
 */
export function writeAuditReportCsv(report: AuditReport, lang: Lang): Uint8Array {
  const t = reportTables(report, lang)
  const out: string[] = [line([lang === 'zh-CN' ? '报告' : 'Report', t.title]), ...t.heading.map(([k, v]) => line([k, v])), '']
  const section = (s: ReportTable) => out.push(`[${s.title}]`, line(s.header), ...s.rows.map(line), ...(s.footer ?? []).map(line), '')
  section(t.projects)
  section(t.notAudited)
  section(t.findings)
  section(t.parcels)
  out.push(`[${lang === 'zh-CN' ? '说明' : 'Notes'}]`, ...t.notes.map((n) => line([n])))
  return encodeText(out.join('\r\n') + '\r\n', 'utf-8', { bom: true })
}
