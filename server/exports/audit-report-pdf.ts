import type { AuditReport, ReportMap } from '../db/audit-report.ts'
import type { Lang } from '../domain/issue-codes.ts'
import { findingColumns, reportLabels, reportTables, type ReportTable, type TableCell } from './audit-report-tables.ts'
import { openPdf, pdfFontName, type PdfFont } from './pdf-font.ts'
import { drawPlanarMap } from './pdf-map.ts'

/** Map colours by verdict: blue, amber, red and grey stay apart under the common colour-vision deficiencies. */
export const verdictColours: Record<string, { fill: string; stroke: string }> = {
  consistent: { fill: '#3b78c4', stroke: '#1c4f8f' },
  within_tolerance: { fill: '#f2b01e', stroke: '#9a6a00' },
  exceeds: { fill: '#d62f2f', stroke: '#8a1010' },
  no_claim: { fill: '#a0a0a0', stroke: '#606060' },
}
const unchecked = { fill: '#d0d0d0', stroke: '#808080' }

const A4 = { width: 595.28, height: 841.89 }
const margin = { top: 42, bottom: 48, left: 36, right: 36 }
const contentWidth = A4.width - margin.left - margin.right

/** Relative column widths of each table in print. */
const widths = {
  projects: [10, 13, 7.5, 8, 9, 7, 6, 10, 9, 7.5, 9, 7.5, 7],
  notAudited: [20, 80],
  findings: [9, 6, 15, 33, 8, 0, 6, 7, 0, 14, 0],
  parcels: [10, 9, 13, 5, 8, 7, 7, 7, 6.5, 6.5, 5.5, 6.5, 6, 8],
}

const cellText = (c: TableCell) => (c === null ? '' : typeof c === 'string' ? c : c.number)

/** The findings as printed: each finding's records on a line under its text rather than in a column of their own. */
function findingsInPrint(t: ReportTable, zh: boolean): ReportTable {
  const { text, records } = findingColumns
  return {
    ...t,
    rows: t.rows.map((r) => r.map((c, i) => (i === text && r[records]
      ? `${cellText(c)}\n${zh ? '涉及记录：' : 'Records: '}${cellText(r[records]!)}`
      : c))),
  }
}

/**
 * Draws a table from the current y, row by row, starting a new page (with the header again) when a row would
 * cross the bottom margin. Columns of width 0 are left out of print (they stay in the CSV and XLSX).
 */
function drawTable(doc: PDFKit.PDFDocument, t: ReportTable, rel: number[], font: string, size = 7) {
  const keep = rel.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0)
  const total = keep.reduce((s, i) => s + rel[i]!, 0)
  const colW = keep.map((i) => (rel[i]! / total) * contentWidth)
  const pad = 2
  const bottom = A4.height - margin.bottom
  doc.font(font).fontSize(size)
  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((c, k) => doc.heightOfString(c || ' ', { width: colW[k]! - 2 * pad }))) + 2 * pad
  const pick = (cells: readonly (TableCell | string)[]) => keep.map((i) => cellText(cells[i] ?? null))
  const header = pick(t.header)
  const headerStyle = { fill: '#e8ecf2', line: 0.6, header: true }
  const drawRow = (cells: string[], opts: { fill?: string; bold?: boolean; line?: number; header?: boolean }) => {
    const h = rowHeight(cells)
    if (doc.y + h > bottom) {
      doc.addPage()
      doc.y = margin.top
      if (!opts.header) drawRow(header, headerStyle)
    }
    const y = doc.y
    if (opts.fill) doc.save().rect(margin.left, y, contentWidth, h).fill(opts.fill).restore()
    let x = margin.left
    cells.forEach((c, k) => {
      doc.fillColor('#111111').font(font).fontSize(size)
        .text(c, x + pad, y + pad, { width: colW[k]! - 2 * pad, align: opts.header ? 'left' : t.align[keep[k]!] ?? 'left' })
      x += colW[k]!
    })
    doc.save().lineWidth(opts.line ?? 0.3).strokeColor(opts.bold || opts.header ? '#333333' : '#bbbbbb')
      .moveTo(margin.left, y + h).lineTo(margin.left + contentWidth, y + h).stroke().restore()
    doc.y = y + h
  }
  // Header and the first row together, or a new page.
  if (doc.y + rowHeight(header) + (t.rows[0] ? rowHeight(pick(t.rows[0])) : 0) > bottom) {
    doc.addPage()
    doc.y = margin.top
  }
  drawRow(header, headerStyle)
  for (const r of t.rows) drawRow(pick(r), {})
  for (const r of t.footer ?? []) drawRow(pick(r), { bold: true, line: 0.8, fill: '#f4f4f4' })
}

function heading(doc: PDFKit.PDFDocument, text: string, font: string) {
  if (doc.y + 60 > A4.height - margin.bottom) {
    doc.addPage()
    doc.y = margin.top
  }
  doc.moveDown(0.6)
  doc.font(font).fontSize(12).fillColor('#1c3d6e').text(text, margin.left, doc.y, { width: contentWidth })
  doc.moveDown(0.3)
}

/**
 * The audit report as a printable PDF (A4 portrait, pdfkit, every text in the CJK font): title, period, the
 * sentence, the totals table with the projects not signed off, a map of the audited projects' parcels drawn as
 * vector paths in their Gauss-Krüger zone and coloured by verdict (legend, scale bar in metres, north arrow tilted
 * by the meridian convergence, a CGCS2000 note), the findings (each with the labels of its records under its text),
 * the per-parcel table, the notes, and on every page
 * the report's title, period and "第 n 页 / 共 N 页".
 */
export function writeAuditReportPdf(report: AuditReport, map: ReportMap | null, lang: Lang, font: PdfFont): Promise<Uint8Array> {
  const zh = lang === 'zh-CN'
  const t = reportTables(report, lang)
  const L = reportLabels[lang]
  const { doc, done } = openPdf(font, {
    size: 'A4', margins: margin,
    info: { Title: `${t.title} ${report.from} – ${report.to}`, Author: 'Zhengdi', Creator: 'Zhengdi', CreationDate: new Date(report.generated_at) },
  })
  const F = pdfFontName

  // Title block.
  doc.fontSize(20).fillColor('#111111').text(t.title, margin.left, margin.top, { width: contentWidth, align: 'center' })
  doc.moveDown(0.3)
  doc.fontSize(10).fillColor('#333333').text(t.heading[0]![1], { width: contentWidth, align: 'center' })
  doc.moveDown(0.8)
  doc.fontSize(13).fillColor('#111111').text(zh ? report.sentence.zh : report.sentence.en, { width: contentWidth, align: 'center' })
  if (zh) doc.moveDown(0.2).fontSize(8).fillColor('#555555').text(report.sentence.en, { width: contentWidth, align: 'center' })
  doc.moveDown(0.5)
  doc.fontSize(8).fillColor('#555555').text(t.heading.slice(2).map(([k, v]) => `${k}${zh ? '：' : ': '}${v}`).join('    '), { width: contentWidth, align: 'center' })

  heading(doc, t.projects.title, F)
  drawTable(doc, t.projects, widths.projects, F)
  if (t.notAudited.rows.length) {
    heading(doc, t.notAudited.title, F)
    drawTable(doc, t.notAudited, widths.notAudited, F)
  }

  // The map: the rest of the first page if there is room for a useful one, else a page of its own.
  const mapTitle = zh ? '已稽核项目地块图（按面积核查结论着色）' : 'Parcels of the audited projects (coloured by the area check)'
  const needed = 300
  if (doc.y + needed + 40 > A4.height - margin.bottom) {
    doc.addPage()
    doc.y = margin.top
  }
  heading(doc, mapTitle, F)
  const mapTop = doc.y
  const mapHeight = Math.min(460, A4.height - margin.bottom - mapTop - 4)
  const counts = new Map<string, number>()
  for (const p of map?.parcels ?? []) counts.set(p.verdict ?? 'unchecked', (counts.get(p.verdict ?? 'unchecked') ?? 0) + 1)
  const legend = [...Object.keys(verdictColours), 'unchecked'].filter((v) => counts.has(v)).map((v) => ({
    ...(verdictColours[v] ?? unchecked),
    text: `${v === 'unchecked' ? (zh ? '未核查' : 'not checked') : L.verdict[v]} (${counts.get(v)})`,
  }))
  // Each project's code at the centre of its parcels' extent.
  const extents = new Map<number, [number, number, number, number]>()
  for (const p of map?.parcels ?? []) {
    const parts = p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates
    const e = extents.get(p.project_id) ?? [Infinity, Infinity, -Infinity, -Infinity]
    for (const ring of parts.flat()) for (const [x, y] of ring) {
      e[0] = Math.min(e[0], x!); e[1] = Math.min(e[1], y!); e[2] = Math.max(e[2], x!); e[3] = Math.max(e[3], y!)
    }
    extents.set(p.project_id, e)
  }
  const codes = new Map(report.projects.map((p) => [p.id, p.code]))
  // Parcel codes where they fit (up to 80 parcels), the projects' codes where there are several projects.
  const parcelLabels = (map?.parcels.length ?? 0) <= 80 ? (map?.parcels ?? []).map((p) => ({ at: p.label_at, text: p.code })) : []
  const projectLabels = extents.size > 1 || !parcelLabels.length
    ? [...extents].map(([id, e]) => ({ at: [(e[0] + e[2]) / 2, (e[1] + e[3]) / 2] as [number, number], text: codes.get(id) ?? '', project: true }))
    : []
  const convergence = map ? ((map.convergence_deg + 540) % 360) - 180 : 0
  drawPlanarMap(doc, { x: margin.left, y: mapTop, width: contentWidth, height: mapHeight }, {
    shapes: (map?.parcels ?? []).map((p) => ({ geometry: p.geometry, ...(verdictColours[p.verdict ?? ''] ?? unchecked) })),
    labels: [...parcelLabels, ...projectLabels],
    convergenceDeg: convergence,
    legend,
    font: F,
    north: zh ? '北' : 'N',
    note: map
      ? zh
        ? `坐标系 CGCS2000（EPSG:4490），按 3° 高斯-克吕格第 ${map.zone} 带（EPSG:${map.epsg}）绘制，比例尺单位米；指北针指向真北（子午线收敛角 ${convergence.toFixed(2)}°）。示意图，不作界址依据。`
        : `CGCS2000 (EPSG:4490), drawn in Gauss-Krüger 3° zone ${map.zone} (EPSG:${map.epsg}), scale in metres; the arrow points to true north (convergence ${convergence.toFixed(2)}°). Illustrative; not a boundary survey.`
      : zh ? '坐标系 CGCS2000（EPSG:4490）。' : 'CGCS2000 (EPSG:4490).',
    units: zh ? { m: '米', km: '千米' } : { m: 'm', km: 'km' },
  }, zh ? '本期没有已稽核项目的地块。' : 'No parcels of audited projects in this period.')
  doc.y = mapTop + mapHeight + 4

  heading(doc, `${t.findings.title}（${report.findings.length}）`.replace('（', zh ? '（' : ' (').replace('）', zh ? '）' : ')'), F)
  if (report.findings.length) drawTable(doc, findingsInPrint(t.findings, zh), widths.findings, F)
  else doc.font(F).fontSize(9).fillColor('#333333').text(zh ? '无。' : 'None.', margin.left, doc.y)
  heading(doc, `${t.parcels.title}（${report.parcels.length}）`.replace('（', zh ? '（' : ' (').replace('）', zh ? '）' : ')'), F)
  if (report.parcels.length) drawTable(doc, t.parcels, widths.parcels, F, 6.5)
  else doc.font(F).fontSize(9).fillColor('#333333').text(zh ? '无。' : 'None.', margin.left, doc.y)
  heading(doc, zh ? '说明' : 'Notes', F)
  doc.font(F).fontSize(8).fillColor('#333333')
  for (const n of t.notes) doc.text(`· ${n}`, margin.left, doc.y, { width: contentWidth }).moveDown(0.2)

  // Running footer on every page; the bottom margin is lifted while writing it so that pdfkit adds no page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const keepBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const y = A4.height - margin.bottom + 18
    doc.font(F).fontSize(7).fillColor('#666666')
    doc.text(`${t.title} · ${report.from} – ${report.to}`, margin.left, y, { width: contentWidth / 2, lineBreak: false })
    const pageText = zh ? `第 ${i + 1} 页 / 共 ${range.count} 页` : `Page ${i + 1} of ${range.count}`
    doc.text(pageText, margin.left + contentWidth / 2, y, { width: contentWidth / 2, align: 'right', lineBreak: false })
    doc.page.margins.bottom = keepBottom
  }
  doc.end()
  return done
}
