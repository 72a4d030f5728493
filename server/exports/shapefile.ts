import { zipSync } from 'fflate'
import { encodeText, type ExportEncoding } from './encode.ts'
import { attributesOf, coordinatesOf, exportFields, type ExportRow, type MultiPolygonCoords } from './rows.ts'

/** A dBASE field to write: name (at most 10 bytes), C text or N number with `decimals` places. */
export interface DbfFieldSpec {
  name: string
  type: 'C' | 'N'
  decimals?: number
}

export interface ShapeRecord {
  /** Polygon parts as written: outer rings clockwise, holes counter-clockwise (the Shapefile rule). */
  parts: MultiPolygonCoords
  values: (string | number | null)[]
}

/** The longest prefix of `bytes` that ends on a character boundary and fits in `max` bytes. */
function clip(text: string, max: number, encode: (s: string) => Uint8Array): Uint8Array {
  let bytes = encode(text)
  if (bytes.length <= max) return bytes
  const chars = [...text]
  while (bytes.length > max) {
    chars.pop()
    bytes = encode(chars.join(''))
  }
  return bytes
}

/**
 * A dBASE III table. Text fields are as wide as their longest value (at most 254 bytes: a longer value is cut at
 * a character boundary; GeoJSON and KML keep it whole); numbers are right-aligned decimals. The language driver
 * byte says GBK (0x4D) for GBK text; UTF-8 is named by the .cpg.
 */
export function writeDbf(fields: DbfFieldSpec[], rows: (string | number | null)[][], encoding: ExportEncoding, now = new Date()): Uint8Array {
  const encode = (s: string) => encodeText(s, encoding)
  const cells: Uint8Array[][] = rows.map((row) =>
    fields.map((f, k) => {
      const v = row[k]
      if (v === null || v === undefined || v === '') return new Uint8Array(0)
      if (f.type === 'N') return new TextEncoder().encode(typeof v === 'number' ? v.toFixed(f.decimals ?? 0) : String(v))
      return clip(String(v), 254, encode)
    }))
  const widths = fields.map((f, k) => {
    const longest = cells.reduce((n, r) => Math.max(n, r[k]!.length), 1)
    return f.type === 'N' ? Math.min(Math.max(longest, (f.decimals ?? 0) + 2), 20) : Math.min(longest, 254)
  })
  const headerLen = 32 + 32 * fields.length + 1
  const recordLen = 1 + widths.reduce((a, b) => a + b, 0)
  const out = new Uint8Array(headerLen + rows.length * recordLen + 1)
  const view = new DataView(out.buffer)
  out[0] = 0x03
  out[1] = now.getUTCFullYear() - 1900
  out[2] = now.getUTCMonth() + 1
  out[3] = now.getUTCDate()
  view.setUint32(4, rows.length, true)
  view.setUint16(8, headerLen, true)
  view.setUint16(10, recordLen, true)
  out[29] = encoding === 'gbk' ? 0x4d : 0x00
  fields.forEach((f, k) => {
    const p = 32 + 32 * k
    out.set(clip(f.name, 10, encode), p)
    out[p + 11] = f.type.charCodeAt(0)
    out[p + 16] = widths[k]!
    out[p + 17] = f.type === 'N' ? (f.decimals ?? 0) : 0
  })
  out[headerLen - 1] = 0x0d
  rows.forEach((_, r) => {
    let p = headerLen + r * recordLen
    out[p++] = 0x20
    fields.forEach((f, k) => {
      const cell = cells[r]![k]!
      const w = widths[k]!
      out.fill(0x20, p, p + w)
      // Numbers right-aligned, text left-aligned, both padded with spaces.
      out.set(cell, f.type === 'N' ? p + w - cell.length : p)
      p += w
    })
  })
  out[out.length - 1] = 0x1a
  return out
}

/** .shp and .shx of Polygon records (type 5); bounding boxes computed from the coordinates. */
export function writeShpShx(records: ShapeRecord[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = records.map((r) => {
    const rings = r.parts.flat()
    const points = rings.flat()
    return { rings, points, length: 44 + 4 * rings.length + 16 * points.length }
  })
  const shpLen = 100 + contents.reduce((n, c) => n + 8 + c.length, 0)
  const shp = new Uint8Array(shpLen)
  const shx = new Uint8Array(100 + 8 * records.length)
  const sv = new DataView(shp.buffer)
  const xv = new DataView(shx.buffer)
  const all = contents.flatMap((c) => c.points)
  const box = (pts: [number, number][]) => {
    if (!pts.length) return [0, 0, 0, 0]
    const b = [Infinity, Infinity, -Infinity, -Infinity]
    for (const [x, y] of pts) {
      b[0] = Math.min(b[0]!, x)
      b[1] = Math.min(b[1]!, y)
      b[2] = Math.max(b[2]!, x)
      b[3] = Math.max(b[3]!, y)
    }
    return b
  }
  const fileBox = box(all)
  for (const [view, length] of [[sv, shpLen], [xv, shx.length]] as const) {
    view.setInt32(0, 9994, false)
    view.setInt32(24, length / 2, false)
    view.setInt32(28, 1000, true)
    view.setInt32(32, 5, true)
    fileBox.forEach((v, k) => view.setFloat64(36 + 8 * k, v!, true))
  }
  let offset = 100
  contents.forEach((c, i) => {
    xv.setInt32(100 + 8 * i, offset / 2, false)
    xv.setInt32(100 + 8 * i + 4, c.length / 2, false)
    sv.setInt32(offset, i + 1, false)
    sv.setInt32(offset + 4, c.length / 2, false)
    const p = offset + 8
    sv.setInt32(p, 5, true)
    box(c.points).forEach((v, k) => sv.setFloat64(p + 4 + 8 * k, v!, true))
    sv.setInt32(p + 36, c.rings.length, true)
    sv.setInt32(p + 40, c.points.length, true)
    let start = 0
    c.rings.forEach((ring, k) => {
      sv.setInt32(p + 44 + 4 * k, start, true)
      start += ring.length
    })
    const pts = p + 44 + 4 * c.rings.length
    c.points.forEach(([x, y], j) => {
      sv.setFloat64(pts + 16 * j, x, true)
      sv.setFloat64(pts + 16 * j + 8, y, true)
    })
    offset += 8 + c.length
  })
  return { shp, shx }
}

/** ESRI WKT of CGCS2000 longitude/latitude (EPSG:4490), as ArcGIS writes it. */
export const prjCgcs2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

/**
 * A zipped Shapefile of parcels: parcels.shp/.shx/.dbf/.prj (EPSG:4490)/.cpg, plus fields.csv naming each
 * 10-character field in zh-CN and en. Outer rings clockwise as the Shapefile rule asks (PostGIS orients them).
 */
export function writeShapefile(rows: ExportRow[], encoding: ExportEncoding, now = new Date()): Uint8Array {
  const fields: DbfFieldSpec[] = exportFields.map((f) => ({ name: f.dbf, type: f.type, decimals: f.decimals }))
  const records: ShapeRecord[] = rows.map((r) => {
    const a = attributesOf(r)
    return { parts: coordinatesOf(r.geometry_cw_json), values: exportFields.map((f) => a[f.key]) }
  })
  const { shp, shx } = writeShpShx(records)
  const dbf = writeDbf(fields, records.map((r) => r.values), encoding, now)
  const sidecar = ['field,name,name_zh,name_en', ...exportFields.map((f) => `${f.dbf},${f.key},${f.zh},"${f.en}"`)].join('\r\n') + '\r\n'
  const opts = { level: 6 as const }
  return zipSync({
    'parcels.shp': [shp, opts],
    'parcels.shx': [shx, opts],
    'parcels.dbf': [dbf, opts],
    'parcels.prj': [new TextEncoder().encode(prjCgcs2000), opts],
    'parcels.cpg': [new TextEncoder().encode(encoding === 'gbk' ? 'GBK' : 'UTF-8'), opts],
    'fields.csv': [encodeText(sidecar, 'utf-8', { bom: true }), opts],
  }, { mtime: now })
}
