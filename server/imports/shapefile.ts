import { Problem, type FieldIssue } from '../problem.ts'
import { propertiesFromAttributes } from './attributes.ts'
import { readDbf } from './dbf.ts'
import { checkDegrees, crsOfSrid } from './geojson.ts'
import { sridOfPrj } from './prj.ts'
import { assembleShapefileRings } from './rings.ts'
import { decodeText } from './text.ts'
import { importLimits, type ImportWarning, type ParsedFeature, type ParseResult, type Ring } from './types.ts'
import type { ZipEntry } from './zip.ts'

const shapeTypes: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint', 11: 'PointZ', 13: 'PolyLineZ',
  15: 'PolygonZ', 18: 'MultiPointZ', 21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
}
const polygonTypes = new Set([5, 15, 25])

function corrupt(why: string): Problem {
  return new Problem('SHAPEFILE_CORRUPT', { why })
}

/** The record geometries of a .shp located through its .shx: rings per record (null for a null shape). */
export function readShp(shp: Uint8Array, shx: Uint8Array): { type: number; records: ({ rings: Ring[]; finite: boolean } | null)[]; hasZ: boolean } {
  const sv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength)
  const xv = new DataView(shx.buffer, shx.byteOffset, shx.byteLength)
  if (shp.length < 100 || sv.getInt32(0, false) !== 9994) throw corrupt('.shp: not a shapefile (file code)')
  if (shx.length < 100 || xv.getInt32(0, false) !== 9994) throw corrupt('.shx: not a shapefile index (file code)')
  const declaredBytes = sv.getInt32(24, false) * 2
  if (declaredBytes < 100 || declaredBytes > shp.length) throw corrupt(`.shp: header says ${declaredBytes} bytes, the file has ${shp.length} (truncated?)`)
  const type = sv.getInt32(32, true)
  if (!polygonTypes.has(type)) {
    if (shapeTypes[type] === undefined) throw corrupt(`.shp: unknown shape type ${type}`)
    throw new Problem('SHAPEFILE_NOT_POLYGON', { type: shapeTypes[type] })
  }
  if ((shx.length - 100) % 8 !== 0) throw corrupt('.shx: length is not a whole number of records')
  const count = (shx.length - 100) / 8
  if (count > importLimits.maxFeatures) throw new Problem('IMPORT_TOO_LARGE', { why: `${count} records (limit ${importLimits.maxFeatures})` })
  const records: ({ rings: Ring[]; finite: boolean } | null)[] = []
  let vertices = 0
  for (let i = 0; i < count; i++) {
    const offset = xv.getInt32(100 + i * 8, false) * 2
    const length = xv.getInt32(100 + i * 8 + 4, false) * 2
    const where = `.shp record ${i + 1}`
    if (offset < 100 || length < 4 || offset + 8 + length > declaredBytes) throw corrupt(`${where}: offset ${offset} and length ${length} lie outside the file`)
    if (sv.getInt32(offset + 4, false) * 2 !== length) throw corrupt(`${where}: its header and the .shx disagree on its length`)
    const c = offset + 8
    const shape = sv.getInt32(c, true)
    if (shape === 0) {
      records.push(null)
      continue
    }
    if (shape !== type) throw corrupt(`${where}: shape type ${shape} in a file of type ${type}`)
    if (length < 44) throw corrupt(`${where}: too short for a polygon`)
    const numParts = sv.getInt32(c + 36, true)
    const numPoints = sv.getInt32(c + 40, true)
    if (numParts < 1 || numPoints < 1 || numParts > numPoints) throw corrupt(`${where}: ${numParts} parts, ${numPoints} points`)
    if (44 + 4 * numParts + 16 * numPoints > length) throw corrupt(`${where}: ${numPoints} points do not fit in ${length} bytes`)
    vertices += numPoints
    if (vertices > importLimits.maxVerticesTotal) throw new Problem('IMPORT_TOO_LARGE', { why: `more than ${importLimits.maxVerticesTotal} vertices` })
    const starts: number[] = []
    for (let k = 0; k < numParts; k++) {
      const s = sv.getInt32(c + 44 + 4 * k, true)
      if (s < 0 || s >= numPoints || (k === 0 ? s !== 0 : s <= starts[k - 1]!)) throw corrupt(`${where}: part ${k + 1} starts at point ${s}`)
      starts.push(s)
    }
    const pts = c + 44 + 4 * numParts
    let finite = true
    const rings: Ring[] = starts.map((s, k) => {
      const end = k + 1 < starts.length ? starts[k + 1]! : numPoints
      const ring: Ring = []
      for (let j = s; j < end; j++) {
        const x = sv.getFloat64(pts + 16 * j, true)
        const y = sv.getFloat64(pts + 16 * j + 8, true)
        if (!Number.isFinite(x) || !Number.isFinite(y)) finite = false
        ring.push([x, y])
      }
      return ring
    })
    records.push({ rings, finite })
  }
  return { type, records, hasZ: type === 15 || type === 25 }
}

const companions = /\.(sbn|sbx|xml|qix|qmd|fix|atx|ain|aih|ixs|mxs|shp\.xml|cpg|prj|shx|dbf)$/i

/**
 * A zipped Shapefile: exactly one .shp with its .shx, .dbf and .prj (422 SHAPEFILE_INCOMPLETE, CRS_REQUIRED), the
 * .cpg code page, read by our own bounds-checked reader. Polygons (types 5, 15, 25; Z and M dropped with a
 * warning); outer rings and holes by the Shapefile orientation rule. The .prj must name CGCS2000 or WGS84
 * degrees or a CGCS2000 GK zone; degrees holding metre values are 422 GEOM_COORD_OUT_OF_RANGE (F08).
 */
export function parseShapefile(entries: ZipEntry[], opts: { encoding?: string }): ParseResult {
  const warnings: ImportWarning[] = []
  const shps = entries.filter((e) => /\.shp$/i.test(e.name))
  if (shps.length > 1) throw new Problem('ARCHIVE_MULTIPLE_LAYERS', { names: shps.map((e) => e.name.slice(0, 60)).slice(0, 10).join(', ') })
  const shp = shps[0]
  if (!shp) throw new Problem('SHAPEFILE_INCOMPLETE', { missing: '.shp' })
  const base = shp.name.slice(0, -4).toLowerCase()
  const part = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${base}.${ext}`)
  const shx = part('shx')
  const dbf = part('dbf')
  const missing = [shx ? '' : '.shx', dbf ? '' : '.dbf'].filter(Boolean)
  if (missing.length) throw new Problem('SHAPEFILE_INCOMPLETE', { missing: missing.join(', ') })
  const prj = part('prj')
  if (!prj) throw new Problem('CRS_REQUIRED')
  const cpg = part('cpg')
  const ignored = entries.filter((e) => !companions.test(e.name) && e !== shp && !/(^|\/)fields\.(csv|json)$/i.test(e.name))
  if (ignored.length) warnings.push({ code: 'FILES_IGNORED', params: { names: ignored.map((e) => e.name.slice(0, 60)).slice(0, 10).join(', ') } })

  const srid = sridOfPrj(decodeText(prj.read()).text)
  const crs = crsOfSrid(srid, warnings)
  const cpgText = cpg ? decodeText(cpg.read()).text.trim().slice(0, 40) : undefined
  // Everything is unpacked before anything is parsed, so the archive's size caps apply to all of it.
  const bytes = { shp: shp.read(), shx: shx!.read(), dbf: dbf!.read() }
  const declared = opts.encoding ?? cpgText
  const table = readDbf(bytes.dbf, { encoding: declared, override: opts.encoding !== undefined })
  if (table.decoded.declaredWrong) {
    warnings.push({ code: 'ENCODING_DECLARED_WRONG', params: { declared: table.decoded.declaredWrong, encoding: table.decoded.encoding } })
  } else if (table.decoded.guessed) warnings.push({ code: 'ENCODING_GUESSED', params: { encoding: table.decoded.encoding.toUpperCase() } })
  const geometry = readShp(bytes.shp, bytes.shx)
  if (geometry.records.length !== table.records.length) {
    throw corrupt(`the .shx lists ${geometry.records.length} records, the .dbf ${table.records.length}`)
  }
  if (geometry.hasZ) warnings.push({ code: 'Z_DROPPED' })
  let orphans = 0
  let nulls = 0
  const features: ParsedFeature[] = []
  geometry.records.forEach((rec, i) => {
    if (!rec) {
      nulls++
      return
    }
    const { parts, orphans: o } = assembleShapefileRings(rec.rings)
    orphans += o
    const attributes = table.records[i]!
    const issues: FieldIssue[] = rec.finite ? [] : [{ path: 'geometry', code: 'GEOM_COORD_NOT_FINITE' }]
    features.push({
      parts, crs, attributes,
      properties: { ...propertiesFromAttributes(attributes), ...(crs.zone !== null ? { survey_zone: crs.zone } : {}) },
      issues,
    })
  })
  if (orphans) warnings.push({ code: 'ORPHAN_HOLE', params: { count: orphans } })
  if (nulls) warnings.push({ code: 'FEATURES_SKIPPED', params: { count: nulls, types: 'Null' } })
  if (!features.length) throw new Problem('IMPORT_EMPTY')
  if (crs.zone === null) checkDegrees(features.filter((f) => f.issues.length === 0))
  return { format: 'shp', encoding: table.decoded.encoding, warnings, features }
}
