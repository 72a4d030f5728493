/**
 * The printable notice map (PDF) and the boundary-point table of a public notice (issue 6), no login. Both read
 * only the view public_notices as the role zd_public (sql/queries/notice-map.sql), so a draft, approved or
 * withdrawn notice is 404 and nothing personal can be printed. Cached like the other public answers: ETag from the
 * public version (server/db/public-version.ts), `Cache-Control: public, no-cache`, If-None-Match → 304.
 */
import type { MultiPolygon, Polygon } from 'geojson'
import { asPublic } from '../db/public-reads.ts'
import { publicVersion } from '../db/public-version.ts'
import { loadQueries } from '../db/queries.ts'
import type { Lang } from '../domain/issue-codes.ts'
import { noticePapers, writeNoticePdf, type BoundaryPoint, type NoticePaper, type NoticeSheet } from '../exports/notice-pdf.ts'
import { loadPdfFont } from '../exports/pdf-font.ts'
import { Problem } from '../problem.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { answeredFromCache, etagMatches } from './public-notices.ts'

const q = loadQueries('notice-map', ['notice', 'outline', 'boundary_points'])

type NoticeRow = Omit<NoticeSheet, 'outline' | 'points'>

/**
 * Rendered PDFs by notice, public version, paper and language, the most recently asked last: a public route must
 * not redo seconds of CPU for every request, and requests that arrive together share one rendering. A new public
 * version (publish, withdraw, expiry, a new Beijing day) makes new keys, so a withdrawn notice is never served from
 * here; the oldest entries leave first.
 */
const renders = new Map<string, Promise<{ pdf: Uint8Array; name: string } | undefined>>()
const maxRenders = 24

/** Drops every kept rendering: for a database whose ids and events start again (the tests' reset, a restore). */
export function forgetNoticeRenders(): void {
  renders.clear()
}

/**
 * GET /api/public/notices/:id/boundary-points → `{ notice_id, zone, epsg, central_meridian, points: [{ name, part,
 * x, y, lon, lat, edge_m }] }`: the corners of the scope's outer boundary, J1… clockwise from the north-westernmost,
 * in CGCS2000 3° Gauss-Krüger of the zone of the scope's centroid (x northing, y easting with the zone number in
 * front, metres, 3 decimals; lon/lat in degrees, 8 decimals; edge_m the grid length of the side to the next point).
 */
export const getBoundaryPoints: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string | undefined, 'path')
  if (await answeredFromCache(ctx, req, res)) return
  const found = await asPublic(ctx.publicDb, async (tx) => {
    const [notice] = await tx.query<NoticeRow>(q.notice, [id])
    return notice ? { notice, points: await tx.query<BoundaryPoint>(q.boundary_points, [id]) } : undefined
  })
  if (!found) throw new Problem('NOT_FOUND')
  const { notice, points } = found
  res.json({ notice_id: id, zone: notice.zone, epsg: notice.epsg, central_meridian: notice.central_meridian, points })
}

/**
 * GET /api/public/notices/:id/pdf?paper=a4|a3&lang=zh-CN|en → the notice map as a PDF (server/exports/notice-pdf.ts),
 * shown inline. paper defaults to a4, lang to the Accept-Language; another value is 422 NOTICE_PDF_PAPER or
 * NOTICE_PDF_LANG. Without the CJK font: 503 AUDIT_REPORT_FONT_MISSING, checked before any work.
 */
export const getNoticePdf: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string | undefined, 'path')
  const query = req.query as Record<string, unknown>
  const paperRaw = singleParam(query, 'paper') ?? 'a4'
  if (!(noticePapers as readonly string[]).includes(paperRaw)) throw new Problem('NOTICE_PDF_PAPER')
  const paper = paperRaw as NoticePaper
  const langRaw = singleParam(query, 'lang')
  if (langRaw !== undefined && langRaw !== 'zh-CN' && langRaw !== 'en') throw new Problem('NOTICE_PDF_LANG')
  const lang: Lang = (langRaw as Lang | undefined) ?? ctx.lang
  // The same URL answers in the Accept-Language when lang is absent: the language is part of the tag.
  const etag = `"pub-${await publicVersion(ctx.publicDb)}-${paper}-${lang}"`
  res.set({ ETag: etag, 'Cache-Control': 'public, no-cache', Vary: 'Accept-Language' })
  if (etagMatches(req.get('if-none-match'), etag)) {
    res.status(304).end()
    return
  }
  const key = `${id}|${etag}`
  let pending = renders.get(key)
  if (pending) {
    renders.delete(key)
  } else {
    const font = loadPdfFont(ctx.config.pdfFont, ctx.config.pdfFontFace)
    pending = (async () => {
      const sheet = await asPublic(ctx.publicDb, async (tx): Promise<NoticeSheet | undefined> => {
        const [notice] = await tx.query<NoticeRow>(q.notice, [id])
        if (!notice) return undefined
        const [shape] = await tx.query<{ geometry: Polygon | MultiPolygon }>(q.outline, [id, notice.epsg])
        const points = await tx.query<BoundaryPoint>(q.boundary_points, [id])
        return { ...notice, outline: shape!.geometry, points }
      })
      if (!sheet) return undefined
      const name = `${lang === 'zh-CN' ? '公告图' : 'notice-map'}-${sheet.project_code}-${id}-${paper}.pdf`
      return { pdf: await writeNoticePdf(sheet, paper, lang, font), name }
    })()
    // Failures and unknown notices are not kept.
    pending.then((r) => r ?? renders.delete(key), () => renders.delete(key))
  }
  renders.set(key, pending)
  if (renders.size > maxRenders) renders.delete(renders.keys().next().value!)
  const rendered = await pending
  if (!rendered) throw new Problem('NOT_FOUND')
  const { pdf, name } = rendered
  const ascii = name.replace(/[^\x20-\x7E]|["\\%;]/g, '_')
  res
    .status(200)
    .set('Content-Type', 'application/pdf')
    .set('Content-Disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength))
}
