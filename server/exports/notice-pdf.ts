import type { MultiPolygon, Polygon } from 'geojson'
import type { Lang } from '../domain/issue-codes.ts'
import { noticeKinds, type NoticeKind } from '../domain/notices/kinds.ts'
import { openPdf, pdfFontName, type PdfFont } from './pdf-font.ts'
import { drawPlanarMap } from './pdf-map.ts'
import { drawPdfTable, type PdfRow } from './pdf-table.ts'

export const noticePapers = ['a4', 'a3'] as const
export type NoticePaper = (typeof noticePapers)[number]

/** One boundary point (界址点) as sql/queries/notice-map.sql boundary_points gives it. */
export interface BoundaryPoint {
  name: string
  /** 1-based part of the scope whose outer ring the point is on. */
  part: number
  /** Northing in the Gauss-Krüger zone, metres. */
  x: number
  /** Easting in the zone, with the zone number in front (EPSG 4488 + zone), metres. */
  y: number
  lon: number
  lat: number
  /** Grid length of the side to the next point of the same ring, metres. */
  edge_m: number
}

/** The figures a notice states (generated from the project at draft time; areas as decimal strings). */
export interface NoticeFigures {
  parcels?: number
  area_m2?: string
  area_mu?: string
  area_ha?: string
  land_classes?: { code: string; name: string; name_en?: string; area_mu: string }[]
  collectives?: { name: string; parcels: number; area_mu: string }[]
}

/** Everything the notice PDF prints: only columns of the view public_notices and what is derived from its geom. */
export interface NoticeSheet {
  id: number
  project_code: string
  project_name: string
  project_name_en: string | null
  kind: NoticeKind
  status: 'published' | 'expired'
  title: string
  township: string | null
  contacts: string | null
  period_days: number
  period_unit: 'days' | 'working_days'
  starts_on: string
  ends_on: string
  hearing_deadline: string | null
  figures: NoticeFigures
  published_on: string
  zone: number
  epsg: number
  central_meridian: number
  convergence_deg: number
  /** The scope in the zone: [easting, northing] metres. */
  outline: Polygon | MultiPolygon
  points: BoundaryPoint[]
}

const sizes: Record<NoticePaper, { width: number; height: number; k: number }> = {
  a4: { width: 595.28, height: 841.89, k: 1 },
  a3: { width: 841.89, height: 1190.55, k: Math.SQRT2 },
}

/** Scope colours: an orange fill under a dark red outline, the boundary-point dots and names in black. */
const scopeFill = '#f4b183'
const scopeStroke = '#b3261e'
/** Beyond this many points the map names every n-th one only (all are marked, the table lists them all). */
const maxMapLabels = 120

const fix = (n: number, d: number) => n.toFixed(d)

function labels(lang: Lang) {
  const zh = lang === 'zh-CN'
  return {
    zh,
    sep: zh ? '：' : ': ',
    number: (id: number) => (zh ? `公告编号：第 ${id} 号` : `Notice no. ${id}`),
    published: zh ? '发布日期' : 'Published',
    area: zh ? '涉及土地面积' : 'Land area',
    areaValue: (f: NoticeFigures) => zh
      ? `${f.area_ha ?? '—'} 公顷（${f.area_mu ?? '—'} 亩，${f.area_m2 ?? '—'} 平方米）`
      : `${f.area_ha ?? '—'} ha (${f.area_mu ?? '—'} mu, ${f.area_m2 ?? '—'} m²)`,
    parcels: zh ? '涉及地块' : 'Parcels',
    parcelsValue: (n: number | undefined) => (n === undefined ? '—' : zh ? `${n} 宗` : String(n)),
    period: zh ? '公告期' : 'Posting period',
    periodValue: (s: NoticeSheet) => zh
      ? `${s.starts_on} 至 ${s.ends_on}（${s.period_days} ${s.period_unit === 'working_days' ? '个工作日' : '日'}）`
      : `${s.starts_on} to ${s.ends_on} (${s.period_days} ${s.period_unit === 'working_days' ? 'working days' : 'days'})`,
    hearing: zh ? '听证申请截止' : 'Hearing requests until',
    hearingValue: (d: string | null) => d ?? (zh ? '本公告不涉及听证申请' : 'this notice does not invite hearing requests'),
    township: zh ? '乡镇' : 'Township',
    status: zh ? '状态' : 'Status',
    statusValue: (s: NoticeSheet) => s.status === 'expired'
      ? (zh ? `已期满（${s.ends_on}）` : `expired (${s.ends_on})`)
      : (zh ? '公告期内' : 'current'),
    points: zh ? '界址点' : 'Boundary points',
    pointsValue: (n: number) => (zh ? `${n} 个，坐标见界址点坐标表` : `${n}; coordinates in the boundary-point table`),
    scope: zh ? '征收范围' : 'Scope of the notice',
    north: zh ? '北' : 'N',
    units: zh ? { m: '米', km: '千米' } : { m: 'm', km: 'km' },
    ratio: zh ? '比例尺 ' : 'Scale ',
    landClasses: zh ? '地类面积' : 'Land classes',
    landHeader: zh ? ['地类代码', '地类名称', '面积（亩）'] : ['Code', 'Land class', 'Area (mu)'],
    total: zh ? '合计' : 'Total',
    collectives: zh ? '涉及的农村集体经济组织' : 'Owner collectives',
    collectiveHeader: zh ? ['名称', '地块数', '面积（亩）'] : ['Collective', 'Parcels', 'Area (mu)'],
    contacts: zh ? '联系方式' : 'Contacts',
    none: zh ? '无。' : 'None.',
    table: zh ? '界址点坐标表' : 'Boundary-point table',
    pointHeader: zh
      ? ['点号', 'X（北坐标，米）', 'Y（东坐标，米）', '经度（°）', '纬度（°）', '至下一点边长（米）']
      : ['Point', 'X (northing, m)', 'Y (easting, m)', 'Longitude (°)', 'Latitude (°)', 'Side to next (m)'],
    part: (i: number, n: number) => (zh ? `范围第 ${i} 块（共 ${n} 块）` : `Part ${i} of ${n} of the scope`),
    page: (i: number, n: number) => (zh ? `第 ${i} 页 / 共 ${n} 页` : `Page ${i} of ${n}`),
  }
}

/** The coordinate-system note under the map and above the table. */
function systemNote(s: NoticeSheet, lang: Lang): string {
  const conv = fix(((s.convergence_deg + 540) % 360) - 180, 2)
  return lang === 'zh-CN'
    ? `坐标系 CGCS2000（EPSG:4490），3° 高斯-克吕格投影第 ${s.zone} 带（EPSG:${s.epsg}，中央经线东经 ${s.central_meridian}°），格网北向上，指北针指向真北（子午线收敛角 ${conv}°）。本图示意公告的征收范围，不作为界址测量成果；面积为 CGCS2000 椭球面上的面积。`
    : `CGCS2000 (EPSG:4490), Gauss-Krüger 3° zone ${s.zone} (EPSG:${s.epsg}, central meridian ${s.central_meridian}°E); grid north is up, the arrow points to true north (convergence ${conv}°). The map illustrates the notice's scope and is not a boundary survey; areas are ellipsoidal (on the CGCS2000 ellipsoid).`
}

function tableNote(s: NoticeSheet, lang: Lang): string {
  return lang === 'zh-CN'
    ? `界址点为征收范围外边界的拐点，自最西北的点起按顺时针编号。X 为北坐标、Y 为东坐标（含带号 ${s.zone}），单位米，CGCS2000 3° 高斯-克吕格投影第 ${s.zone} 带（EPSG:${s.epsg}，中央经线东经 ${s.central_meridian}°）；经纬度为 CGCS2000 坐标；边长为高斯平面上的距离。`
    : `Boundary points are the corners of the scope's outer boundary, numbered clockwise from the north-westernmost one. X is the northing and Y the easting (with the zone number ${s.zone} in front), in metres, CGCS2000 Gauss-Krüger 3° zone ${s.zone} (EPSG:${s.epsg}, central meridian ${s.central_meridian}°E); longitude and latitude are CGCS2000; side lengths are grid distances.`
}

/**
 * The notice map as a printable PDF, A4 or A3 portrait, every text in the CJK font. Page 1: the title, kind,
 * project, number and date, the scope's outline and fill in its Gauss-Krüger zone with the boundary points named
 * (no parcels, no names), a scale bar of a round length at a round ratio, a north arrow tilted to true north, the
 * coordinate-system note, and the key facts (area in 公顷 and 亩, parcels, posting period, hearing deadline, township,
 * status). Then the land classes, the owner collectives, the contacts and the boundary-point table, continued on as
 * many pages as it needs; on every page the title and "第 n 页 / 共 N 页". Built only from `sheet`, i.e. from the
 * public view: nothing personal can be in it.
 */
export function writeNoticePdf(sheet: NoticeSheet, paper: NoticePaper, lang: Lang, font: PdfFont): Promise<Uint8Array> {
  const L = labels(lang)
  const { width, height, k } = sizes[paper]
  const margin = { top: 36 * k, bottom: 44 * k, left: 36 * k, right: 36 * k }
  const contentWidth = width - margin.left - margin.right
  const bottom = height - margin.bottom
  const kind = noticeKinds[sheet.kind]
  const kindName = kind ? (L.zh ? kind.zh : kind.en) : sheet.kind
  const project = L.zh || !sheet.project_name_en ? sheet.project_name : sheet.project_name_en
  const { doc, done } = openPdf(font, {
    size: paper === 'a4' ? 'A4' : 'A3', margins: margin,
    info: { Title: sheet.title, Subject: kindName, Author: 'Zhengdi', Creator: 'Zhengdi', CreationDate: new Date(`${sheet.published_on}T00:00:00+08:00`) },
  })
  const F = pdfFontName

  // Title block.
  doc.fontSize(17 * k).fillColor('#111111').text(sheet.title, margin.left, margin.top, { width: contentWidth, align: 'center' })
  doc.moveDown(0.25)
  doc.fontSize(9.5 * k).fillColor('#333333')
    .text(`${kindName} · ${project}（${sheet.project_code}）`.replace('（', L.zh ? '（' : ' (').replace('）', L.zh ? '）' : ')'),
      { width: contentWidth, align: 'center' })
  doc.fontSize(8.5 * k).fillColor('#555555')
    .text(`${L.number(sheet.id)}    ${L.published}${L.sep}${sheet.published_on}`, { width: contentWidth, align: 'center' })
  doc.moveDown(0.5)

  // The key facts at the foot of page 1, two columns; the map takes the space between.
  const facts: [string, string][] = [
    [L.area, L.areaValue(sheet.figures)],
    [L.period, L.periodValue(sheet)],
    [L.parcels, L.parcelsValue(sheet.figures.parcels)],
    [L.hearing, L.hearingValue(sheet.hearing_deadline)],
    [L.township, sheet.township ?? '—'],
    [L.status, L.statusValue(sheet)],
    [L.points, L.pointsValue(sheet.points.length)],
  ]
  const factSize = 8.5 * k
  const colW = contentWidth / 2
  doc.font(F).fontSize(factSize)
  const factH = (i: number) => doc.heightOfString(`${facts[i]![0]}${L.sep}${facts[i]![1]}`, { width: colW - 8 }) + 3
  const rows = Math.ceil(facts.length / 2)
  const rowH = Array.from({ length: rows }, (_, r) => Math.max(factH(2 * r), 2 * r + 1 < facts.length ? factH(2 * r + 1) : 0))
  const factsHeight = rowH.reduce((a, b) => a + b, 0) + 12
  const mapTop = doc.y
  const mapHeight = bottom - factsHeight - mapTop

  const step = Math.ceil(sheet.points.length / maxMapLabels)
  // Each part's centre (of its points' extent): its points' names are set away from it, outside the outline.
  const centres = new Map<number, [number, number]>()
  for (const part of new Set(sheet.points.map((p) => p.part))) {
    const ps = sheet.points.filter((p) => p.part === part)
    const ys = ps.map((p) => p.y)
    const xs = ps.map((p) => p.x)
    centres.set(part, [(Math.min(...ys) + Math.max(...ys)) / 2, (Math.min(...xs) + Math.max(...xs)) / 2])
  }
  drawPlanarMap(doc, { x: margin.left, y: mapTop, width: contentWidth, height: mapHeight }, {
    shapes: [{ geometry: sheet.outline, fill: scopeFill, stroke: scopeStroke, lineWidth: 1.2 * k }],
    points: sheet.points.map((p, i) => ({ at: [p.y, p.x] as [number, number], text: i % step === 0 ? p.name : '', from: centres.get(p.part) })),
    convergenceDeg: ((sheet.convergence_deg + 540) % 360) - 180,
    legend: [{ fill: scopeFill, stroke: scopeStroke, text: L.scope }],
    font: F,
    north: L.north,
    note: systemNote(sheet, lang),
    units: L.units,
    ratio: { prefix: L.ratio },
  })

  let y = mapTop + mapHeight + 8
  doc.save().lineWidth(0.5).strokeColor('#999999').moveTo(margin.left, y - 3).lineTo(margin.left + contentWidth, y - 3).stroke().restore()
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < 2; c++) {
      const f = facts[2 * r + c]
      if (!f) continue
      const x = margin.left + c * colW
      doc.font(F).fontSize(factSize).fillColor('#555555').text(`${f[0]}${L.sep}`, x, y, { continued: true, width: colW - 8 })
        .fillColor('#111111').text(f[1])
    }
    y += rowH[r]!
  }

  // Page 2 on: land classes, collectives, contacts, the boundary-point table.
  doc.addPage()
  doc.y = margin.top
  const heading = (text: string) => {
    if (doc.y + 60 * k > bottom) {
      doc.addPage()
      doc.y = margin.top
    }
    doc.moveDown(0.4)
    doc.font(F).fontSize(12 * k).fillColor('#1c3d6e').text(text, margin.left, doc.y, { width: contentWidth })
    doc.moveDown(0.3)
  }
  const frame = { left: margin.left, width: contentWidth, bottom, top: margin.top, font: F, size: 8 * k }
  const none = () => doc.font(F).fontSize(9 * k).fillColor('#333333').text(L.none, margin.left, doc.y)

  heading(L.landClasses)
  const lc = sheet.figures.land_classes ?? []
  if (lc.length) {
    drawPdfTable(doc, frame, [{ header: L.landHeader[0]!, width: 15 }, { header: L.landHeader[1]!, width: 55 }, { header: L.landHeader[2]!, width: 30, align: 'right' }],
      lc.map((l) => [l.code, L.zh ? l.name : l.name_en ?? l.name, l.area_mu]), [['', L.total, sheet.figures.area_mu ?? '']])
  } else none()

  heading(L.collectives)
  const co = sheet.figures.collectives ?? []
  if (co.length) {
    drawPdfTable(doc, frame, [{ header: L.collectiveHeader[0]!, width: 55 }, { header: L.collectiveHeader[1]!, width: 15, align: 'right' }, { header: L.collectiveHeader[2]!, width: 30, align: 'right' }],
      co.map((c) => [c.name, String(c.parcels), c.area_mu]))
  } else none()

  heading(L.contacts)
  doc.font(F).fontSize(9 * k).fillColor('#111111').text(sheet.contacts ?? '—', margin.left, doc.y, { width: contentWidth })

  heading(L.table)
  doc.font(F).fontSize(7.5 * k).fillColor('#444444').text(tableNote(sheet, lang), margin.left, doc.y, { width: contentWidth })
  doc.moveDown(0.4)
  const parts = new Set(sheet.points.map((p) => p.part)).size
  const pointRows: PdfRow[] = []
  for (const [i, p] of sheet.points.entries()) {
    if (parts > 1 && (i === 0 || sheet.points[i - 1]!.part !== p.part)) pointRows.push({ group: L.part(p.part, parts) })
    pointRows.push([p.name, fix(p.x, 3), fix(p.y, 3), fix(p.lon, 8), fix(p.lat, 8), fix(p.edge_m, 2)])
  }
  drawPdfTable(doc, frame, [
    { header: L.pointHeader[0]!, width: 9 },
    { header: L.pointHeader[1]!, width: 19, align: 'right' },
    { header: L.pointHeader[2]!, width: 19, align: 'right' },
    { header: L.pointHeader[3]!, width: 18, align: 'right' },
    { header: L.pointHeader[4]!, width: 17, align: 'right' },
    { header: L.pointHeader[5]!, width: 18, align: 'right' },
  ], pointRows)

  // Running footer on every page; the bottom margin is lifted while writing it so that pdfkit adds no page.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const keepBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const fy = height - margin.bottom + 16 * k
    doc.font(F).fontSize(7 * k).fillColor('#666666')
    doc.text(`${sheet.title} · ${L.number(sheet.id)}`, margin.left, fy, { width: contentWidth * 0.7, lineBreak: false, ellipsis: true, height: 10 * k })
    doc.text(L.page(i + 1, range.count), margin.left + contentWidth * 0.7, fy, { width: contentWidth * 0.3, align: 'right', lineBreak: false })
    doc.page.margins.bottom = keepBottom
  }
  doc.end()
  return done
}
