import { auditReport } from '../db/audit-report.ts'
import { logOperation } from '../db/operation-log.ts'
import type { Lang } from '../domain/issue-codes.ts'
import { writeAuditReportCsv } from '../exports/audit-report-csv.ts'
import { writeAuditReportPdf } from '../exports/audit-report-pdf.ts'
import { writeAuditReportXlsx } from '../exports/audit-report-xlsx.ts'
import { loadPdfFont } from '../exports/pdf-font.ts'
import { Problem } from '../problem.ts'
import { parsePeriod } from '../schemas/audit.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import { contentDisposition } from './exports.ts'
import type { Handler } from './context.ts'

export const reportFormats = ['json', 'csv', 'xlsx', 'pdf'] as const
type ReportFormat = (typeof reportFormats)[number]

const contentTypes: Record<Exclude<ReportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

const maxProjects = 1000

/** projects=1,2,3: distinct positive integers, at most maxProjects; absent or empty: every project. */
function parseProjectIds(raw: string | undefined): number[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const parts = raw.split(',')
  if (parts.length > maxProjects) throw new Problem('INVALID_PARAMETER', { name: 'projects', why: `at most ${maxProjects} ids` })
  return [...new Set(parts.map((p) => parseId(p.trim(), 'query', 'projects')))]
}

/**
 * GET /api/audit/report?from=YYYY-MM-DD&to=YYYY-MM-DD[&projects=1,2][&format=json|csv|xlsx|pdf][&lang=zh-CN|en]:
 * the audit report of a period (server/db/audit-report.ts) as JSON (default) or as a file to download. The labels
 * of the files follow `lang`, else the Accept-Language. A PDF needs the CJK font (ZD_PDF_FONT): 503
 * AUDIT_REPORT_FONT_MISSING without it, checked before any work. Unknown project ids: 422 UNKNOWN_PROJECT.
 */
export const getAuditReport: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const period = parsePeriod(query)
  const projectIds = parseProjectIds(singleParam(query, 'projects'))
  const formatRaw = singleParam(query, 'format') ?? 'json'
  if (!(reportFormats as readonly string[]).includes(formatRaw)) {
    throw new Problem('INVALID_PARAMETER', { name: 'format', why: reportFormats.join(' | ') })
  }
  const format = formatRaw as ReportFormat
  const langRaw = singleParam(query, 'lang')
  if (langRaw !== undefined && langRaw !== 'zh-CN' && langRaw !== 'en') {
    throw new Problem('INVALID_PARAMETER', { name: 'lang', why: 'zh-CN | en' })
  }
  const lang: Lang = (langRaw as Lang | undefined) ?? ctx.lang
  const font = format === 'pdf' ? loadPdfFont(ctx.config.pdfFont, ctx.config.pdfFontFace) : undefined

  const result = await auditReport(ctx.db, { from: period.from, to: period.to, projectIds }, { map: format === 'pdf' })
  if ('unknown' in result) throw new Problem('UNKNOWN_PROJECT', { id: result.unknown.join(', ') })
  const { map, ...report } = result
  await logOperation(ctx.db, {
    username: ctx.user!.username, action: 'audit.report', target: `period:${period.from}..${period.to}`, result: 'ok', status: 200,
    ip: req.ip, detail: { format, projects: report.projects.map((p) => p.id), findings: report.findings.length },
  })
  if (format === 'json') {
    res.json(report)
    return
  }
  const file = format === 'csv'
    ? writeAuditReportCsv(report, lang)
    : format === 'xlsx'
      ? writeAuditReportXlsx(report, lang)
      : await writeAuditReportPdf(report, map ?? null, lang, font!)
  const name = `${lang === 'zh-CN' ? '稽核报告' : 'audit-report'}-${period.from}-${period.to}.${format}`
  res
    .status(200)
    .set('Content-Type', contentTypes[format])
    .set('Content-Disposition', contentDisposition(name))
    .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength))
}
