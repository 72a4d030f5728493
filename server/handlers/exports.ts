import { logOperation } from '../db/operation-log.ts'
import { loadQueries } from '../db/queries.ts'
import { writeBaopan } from '../exports/baopan.ts'
import { writePointsCsv } from '../exports/csv.ts'
import { encodeText, exportEncodings, type ExportEncoding } from '../exports/encode.ts'
import { writeGeojson } from '../exports/geojson.ts'
import { writeKml } from '../exports/kml.ts'
import type { ExportRow } from '../exports/rows.ts'
import { writeShapefile } from '../exports/shapefile.ts'
import { Problem } from '../problem.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('exports', ['parcels', 'project'])

export const exportFormats = ['geojson', 'kml', 'shp', 'baopan', 'csv'] as const
type ExportFormat = (typeof exportFormats)[number]

const formats: Record<ExportFormat, { ext: string; type: (enc: ExportEncoding) => string }> = {
  geojson: { ext: 'geojson', type: () => 'application/geo+json' },
  kml: { ext: 'kml', type: () => 'application/vnd.google-earth.kml+xml' },
  shp: { ext: 'zip', type: () => 'application/zip' },
  baopan: { ext: 'txt', type: (e) => `text/plain; charset=${e === 'gbk' ? 'GBK' : 'utf-8'}` },
  csv: { ext: 'csv', type: (e) => `text/csv; charset=${e === 'gbk' ? 'GBK' : 'utf-8'}` },
}

const maxIds = 10000

/** ids=1,2,3: distinct positive integers, at most maxIds. */
function parseIds(raw: string): number[] {
  const parts = raw.split(',')
  if (parts.length > maxIds) throw new Problem('INVALID_PARAMETER', { name: 'ids', why: `at most ${maxIds} ids` })
  return [...new Set(parts.map((p) => parseId(p.trim(), 'query', 'ids')))]
}

/**
 * `attachment` with an ASCII fallback name (anything else becomes _) and the real name as RFC 5987
 * `filename*=UTF-8''…`, so browsers save 项目 names correctly and old clients still get a usable name.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]|["\\%;]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A name part safe in a file name on every system. */
const safePart = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_').slice(0, 80)

/** YYYYMMDD in China Standard Time. */
const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')

/**
 * GET /api/exports/parcels?format=geojson|kml|shp|baopan|csv&project=ID (or &ids=1,2,3)[&encoding=utf-8|gbk]:
 * the parcels of a project or a selection as a file to download, keeping their attributes and both areas.
 * GeoJSON and KML in CGCS2000 lon/lat; a zipped Shapefile (EPSG:4490, UTF-8 .dbf with .cpg, fields.csv naming the
 * fields in zh-CN and en); 报盘 TXT and the boundary-point CSV in 3° Gauss-Krüger of each parcel's zone. GBK is
 * offered for the Shapefile's .dbf, 报盘 TXT and the CSV; the default is UTF-8.
 */
export const exportParcels: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const formatRaw = singleParam(query, 'format')
  if (!formatRaw || !(exportFormats as readonly string[]).includes(formatRaw)) {
    throw new Problem('INVALID_PARAMETER', { name: 'format', why: exportFormats.join(' | ') })
  }
  const format = formatRaw as ExportFormat
  const encodingRaw = singleParam(query, 'encoding')?.toLowerCase()
  const encoding: ExportEncoding = encodingRaw === undefined || encodingRaw === '' ? 'utf-8' : (encodingRaw as ExportEncoding)
  if (!(exportEncodings as readonly string[]).includes(encoding) || (encoding === 'gbk' && (format === 'geojson' || format === 'kml'))) {
    throw new Problem('INVALID_PARAMETER', { name: 'encoding', why: 'utf-8, or gbk for shp, baopan and csv' })
  }
  const projectRaw = singleParam(query, 'project')
  const idsRaw = singleParam(query, 'ids')
  if ((projectRaw === undefined) === (idsRaw === undefined)) {
    throw new Problem('INVALID_PARAMETER', { name: 'project', why: 'give either project=ID or ids=1,2,3' })
  }
  let rows: ExportRow[]
  let name: string
  if (projectRaw !== undefined) {
    const project = parseId(projectRaw, 'query', 'project')
    const [p] = await ctx.db.query<{ id: number; code: string; name: string }>(q.project, [project])
    if (!p) throw new Problem('NOT_FOUND')
    rows = await ctx.db.query<ExportRow>(q.parcels, [project, null])
    name = `${safePart(p.code)}-地块`
  } else {
    const ids = parseIds(idsRaw!)
    rows = await ctx.db.query<ExportRow>(q.parcels, [null, ids])
    if (rows.length !== ids.length) throw new Problem('NOT_FOUND')
    const projects = [...new Set(rows.map((r) => r.project_code))]
    name = ids.length === 1 ? `${safePart(rows[0]!.project_code)}-${safePart(rows[0]!.code)}` : `${projects.length === 1 ? safePart(projects[0]!) : '地块'}-${ids.length}块`
  }
  const now = new Date()
  let file: Uint8Array
  switch (format) {
    case 'geojson': file = encodeText(writeGeojson(rows, name), 'utf-8'); break
    case 'kml': file = encodeText(writeKml(rows, name), 'utf-8'); break
    case 'shp': file = writeShapefile(rows, encoding, now); break
    case 'baopan': file = writeBaopan(rows, encoding, now); break
    case 'csv': file = writePointsCsv(rows, encoding); break
  }
  const filename = `${name}-${stamp(now)}.${formats[format].ext}`
  await logOperation(ctx.db, {
    username: ctx.user!.username, action: 'export.parcels', target: projectRaw !== undefined ? `project:${projectRaw}` : `parcels:${rows.length}`,
    result: 'ok', status: 200, ip: req.ip, detail: { format, encoding, parcels: rows.length },
  })
  res
    .status(200)
    .set('Content-Type', formats[format].type(encoding))
    .set('Content-Disposition', contentDisposition(filename))
    .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength))
}
