import { Problem, type FieldIssue } from '../problem.ts'
import { looksLikeBaopan, parseBaopan } from './baopan.ts'
import { parseGeojson } from './geojson.ts'
import { gkOfSrid } from './gk.ts'
import { parseKml } from './kml.ts'
import { parseLonLat } from './lonlat.ts'
import { parsePoints } from './points.ts'
import { isClosed } from './rings.ts'
import { parseShapefile } from './shapefile.ts'
import { decodeText } from './text.ts'
import { importLimits, type ImportFormat, type ParsedFeature, type ParseOptions, type ParseResult } from './types.ts'
import { parseWkt } from './wkt.ts'
import { isZip, readZip } from './zip.ts'

export type { ImportFormat, ParsedFeature, ParseResult } from './types.ts'

/** Signatures of binary files people pick by mistake, named in the answer. */
const binarySignatures: [RegExp, string][] = [
  [/^SQLite format 3\0/, 'GeoPackage/SQLite (not supported: export it as a zipped Shapefile or GeoJSON)'],
  [/^%PDF/, 'PDF'],
  [/^\x89PNG/, 'PNG'],
  [/^\xFF\xD8\xFF/, 'JPEG'],
  [/^GIF8/, 'GIF'],
  [/^AC10/, 'DWG'],
  [/^Rar!/, 'RAR'],
  [/^7z\xBC\xAF/, '7z'],
  [/^\x1F\x8B/, 'gzip'],
  [/^\xD0\xCF\x11\xE0/, 'Office/OLE'],
]

function binaryKind(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 16))
  return binarySignatures.find(([re]) => re.test(head))?.[1]
}

const extension = (filename: string | undefined) => /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase()

/** The text format of decoded text: strong content signals first, then the file name, then the numbers. */
function sniffText(text: string, filename: string | undefined): ImportFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart()
  if (head.startsWith('{')) return 'geojson'
  if (head.startsWith('<')) return 'kml'
  if (looksLikeBaopan(text)) return 'baopan'
  if (/^(SRID\s*=\s*\d+\s*;\s*)?(MULTI)?POLYGON\b/i.test(head)) return 'wkt'
  const ext = extension(filename)
  if (ext === 'geojson' || ext === 'json') return 'geojson'
  if (ext === 'kml') return 'kml'
  if (ext === 'wkt') return 'wkt'
  // A table of numbers: degrees are lon/lat pairs, anything larger survey coordinates in metres.
  const numbers = (head.match(/[+-]?\d+(\.\d+)?/g) ?? []).slice(0, 200).map(Number)
  if (!numbers.length) throw new Problem('IMPORT_FORMAT_UNKNOWN')
  const decimals = head.match(/\d+\.\d+/g) ?? []
  const degrees = decimals.length > 0 && decimals.map(Number).every((n) => Math.abs(n) <= 180)
  return degrees ? 'lonlat' : 'points'
}

/**
 * Reads an uploaded file or pasted text into features in their source coordinates: detects the format when
 * asked (`auto`: zip magic bytes → Shapefile or KMZ; text → GeoJSON, KML, 报盘, WKT, lon/lat or boundary points),
 * decodes the text (BOM, the `encoding` parameter, UTF-8, GBK), dispatches to the format's parser, and checks what
 * every format shares: ring closure and size, and the vertex and feature caps. Pure: no database, no disk.
 */
export function parseImport(bytes: Uint8Array, format: ImportFormat | 'auto', opts: ParseOptions = {}): ParseResult {
  if (bytes.length === 0) throw new Problem('IMPORT_EMPTY')
  const zip = isZip(bytes)
  let result: ParseResult
  if (zip && (format === 'auto' || format === 'shp' || format === 'kml')) {
    const entries = readZip(bytes)
    const kml = entries.find((e) => /\.kml$/i.test(e.name))
    if (format !== 'kml' && entries.some((e) => /\.shp$/i.test(e.name))) result = parseShapefile(entries, opts)
    else if (kml && format !== 'shp') result = withEncoding(kml.read(), opts, (text) => parseKml(text))
    else if (format === 'kml') throw new Problem('IMPORT_FORMAT_MISMATCH', { format: 'kml', why: 'a zip without a .kml (KMZ)' })
    else throw new Problem('SHAPEFILE_INCOMPLETE', { missing: '.shp' })
  } else {
    if (format === 'shp') throw new Problem('IMPORT_FORMAT_MISMATCH', { format: 'shp', why: binaryKind(bytes) ?? 'not a zip archive (the first bytes are not PK\\3\\4)' })
    if (zip) throw new Problem('IMPORT_FORMAT_MISMATCH', { format, why: 'a zip archive' })
    const kind = binaryKind(bytes)
    if (kind) throw new Problem('IMPORT_FORMAT_MISMATCH', { format, why: kind })
    result = withEncoding(bytes, opts, (text) => {
      if (text.includes('\u0000')) throw new Problem('IMPORT_FORMAT_MISMATCH', { format, why: 'binary content (NUL bytes)' })
      const f = format === 'auto' ? sniffText(text, opts.filename) : format
      switch (f) {
        case 'geojson': return parseGeojson(text)
        case 'kml': return parseKml(text)
        case 'baopan': return parseBaopan(text, opts)
        case 'points': return parsePoints(text, opts)
        case 'wkt': return parseWkt(text, opts)
        case 'lonlat': return parseLonLat(text)
        default: throw new Problem('IMPORT_FORMAT_UNKNOWN')
      }
    })
  }
  if (result.features.length > importLimits.maxFeatures) {
    throw new Problem('IMPORT_TOO_LARGE', { why: `${result.features.length} features (limit ${importLimits.maxFeatures})` })
  }
  checkGkRanges(result.features)
  let total = 0
  for (const f of result.features) total += checkRings(f)
  if (total > importLimits.maxVerticesTotal) throw new Problem('IMPORT_TOO_LARGE', { why: `${total} vertices (limit ${importLimits.maxVerticesTotal})` })
  const seen = new Set<string>()
  result.warnings = result.warnings.filter((w) => {
    const key = `${w.code}:${JSON.stringify(w.params ?? {})}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
  return result
}

/** Decodes the text of a text format and notes how the encoding was chosen. */
function withEncoding(bytes: Uint8Array, opts: ParseOptions, parse: (text: string) => ParseResult): ParseResult {
  const decoded = decodeText(bytes, opts.encoding, { override: true })
  const result = parse(decoded.text)
  result.encoding = decoded.encoding
  if (decoded.declaredWrong) {
    result.warnings.unshift({ code: 'ENCODING_DECLARED_WRONG', params: { declared: decoded.declaredWrong, encoding: decoded.encoding } })
  } else if (decoded.guessed && decoded.encoding !== 'utf-8') {
    result.warnings.unshift({ code: 'ENCODING_GUESSED', params: { encoding: decoded.encoding.toUpperCase() } })
  }
  return result
}

/**
 * 422 COORDS_NOT_GK when metres do not fit the GK code they are declared in (a GeoJSON crs, a WKT SRID, a .prj):
 * eastings must carry exactly the zone prefix that code has (or none), northings lie within 0…10 000 km. Such
 * coordinates would only make PROJ fail or put the parcel on another continent.
 */
function checkGkRanges(features: ParsedFeature[]) {
  for (const f of features) {
    const z = f.crs.srid === null ? undefined : gkOfSrid(f.crs.srid)
    if (!z) continue
    const prefix = z.prefixed ? (z.zone6 ?? z.zone) : 0
    const [minE, maxE] = [prefix * 1e6, prefix * 1e6 + 1e6]
    for (const part of f.parts) {
      for (const ring of part) {
        for (const [e, n] of ring) {
          if (!(e > minE && e < maxE && n > 0 && n < 1e7)) {
            throw new Problem('COORDS_NOT_GK', {
              hint: {
                'zh-CN': `坐标 (${e}, ${n}) 不在 EPSG:${f.crs.srid} 的范围内。`,
                en: ` The coordinate (${e}, ${n}) lies outside EPSG:${f.crs.srid}.`,
              },
            })
          }
        }
      }
    }
  }
}

/** Ring closure, ring size and the per-feature vertex cap, as feature issues; returns the vertex count. */
function checkRings(f: ParsedFeature): number {
  let n = 0
  const issues: FieldIssue[] = []
  f.parts.forEach((part, p) =>
    part.forEach((ring, r) => {
      n += ring.length
      const path = `geometry.coordinates[${p}][${r}]`
      // `at` is a map position, so only for coordinates already in longitude/latitude.
      const at = f.crs.srid === 4490 && ring[0] ? { at: ring[0] } : {}
      if (ring.length < 4) issues.push({ path, code: 'GEOM_TOO_FEW_POINTS', ...at })
      else if (!isClosed(ring)) issues.push({ path, code: 'GEOM_RING_NOT_CLOSED', ...at })
    }),
  )
  if (n > importLimits.maxVerticesPerFeature) issues.push({ path: 'geometry.coordinates', code: 'GEOM_TOO_MANY_VERTICES', params: { max: importLimits.maxVerticesPerFeature } })
  if (!f.issues.length) f.issues.push(...issues.slice(0, 5))
  return n
}
