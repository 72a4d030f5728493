import { hints } from '../domain/issue-codes.ts'
import { Problem, type FieldIssue } from '../problem.ts'
import { propertiesFromAttributes } from './attributes.ts'
import { gkOfSrid } from './gk.ts'
import { metresHint } from './lonlat.ts'
import { importLimits, type ImportWarning, type ParsedFeature, type ParseResult, type Parts, type SourceCrs } from './types.ts'

type Attr = ParsedFeature['attributes']

/** The EPSG code a GeoJSON 2008 `crs` member names (QGIS writes one in the layer's CRS); 4490 when absent. */
export function sridOfCrsName(name: string): number | undefined {
  if (/CRS84$/i.test(name)) return 4326
  const m = /EPSG(?::[\d.]*)?:+(\d{4,5})$/i.exec(name.trim())
  return m ? Number(m[1]) : undefined
}

/**
 * Coordinates as Parts when the structure is right (arrays nested as the type needs, 2 to 4 finite numbers a
 * position; Z and M dropped and counted), else the fault with the parcel API's codes.
 */
export function toParts(type: 'Polygon' | 'MultiPolygon', coords: unknown, counter: { dropped: boolean }): { parts?: Parts; issue?: FieldIssue } {
  const bad = (path: string, code: FieldIssue['code']): { issue: FieldIssue } => ({
    issue: { path, code, ...(code === 'GEOM_BAD_NESTING' ? { params: { type } } : {}) },
  })
  if (!Array.isArray(coords)) return bad('geometry.coordinates', 'GEOM_BAD_NESTING')
  const polys = type === 'Polygon' ? [coords] : coords
  const parts: Parts = []
  for (let p = 0; p < polys.length; p++) {
    const rings: unknown = polys[p]
    if (!Array.isArray(rings)) return bad(`geometry.coordinates[${p}]`, 'GEOM_BAD_NESTING')
    if (rings.length === 0) return bad(`geometry.coordinates[${p}]`, 'GEOM_EMPTY')
    const part: Parts[number] = []
    for (let r = 0; r < rings.length; r++) {
      const ring: unknown = rings[r]
      if (!Array.isArray(ring)) return bad(`geometry.coordinates[${p}][${r}]`, 'GEOM_BAD_NESTING')
      const out: Parts[number][number] = []
      for (let i = 0; i < ring.length; i++) {
        const pos: unknown = ring[i]
        const path = `geometry.coordinates[${p}][${r}][${i}]`
        if (!Array.isArray(pos) || pos.some((c) => Array.isArray(c))) return bad(path, 'GEOM_BAD_NESTING')
        if (pos.some((c) => typeof c !== 'number')) return bad(path, 'GEOM_COORD_NOT_NUMBER')
        if (pos.length < 2 || pos.length > 4) return bad(path, 'GEOM_DIMENSION')
        if (!Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) return bad(path, 'GEOM_COORD_NOT_FINITE')
        if (pos.length > 2) counter.dropped = true
        out.push([pos[0] as number, pos[1] as number])
      }
      part.push(out)
    }
    parts.push(part)
  }
  if (!parts.length) return bad('geometry.coordinates', 'GEOM_EMPTY')
  return { parts }
}

/** A property value as an attribute: primitives as they are, anything nested as (short) JSON text. */
function attributeValue(v: unknown): string | number | boolean | null {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  try {
    return JSON.stringify(v).slice(0, 1000)
  } catch {
    return null
  }
}

export function attributesOf(props: unknown): Attr {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return {}
  const entries = Object.entries(props as Record<string, unknown>).slice(0, 200)
  return Object.fromEntries(entries.map(([k, v]) => [k, attributeValue(v)]))
}

/**
 * Polygon features from loose GeoJSON-shaped features (a GeoJSON file, or what togeojson makes of a KML):
 * GeometryCollections of polygons become MultiPolygons; features without a polygon are skipped and counted.
 */
export function polygonFeatures(
  items: { geometry: unknown; attributes: Attr }[],
  crs: SourceCrs,
  warnings: ImportWarning[],
): ParsedFeature[] {
  const skipped = new Map<string, number>()
  const counter = { dropped: false }
  const features: ParsedFeature[] = []
  for (const item of items) {
    const g = item.geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null
    const members = g && g.type === 'GeometryCollection' && Array.isArray(g.geometries) ? (g.geometries as typeof g[]) : [g]
    const parts: Parts = []
    let issue: FieldIssue | undefined
    for (const m of members.slice(0, 10000)) {
      const type = m && typeof m === 'object' ? m.type : undefined
      if (type !== 'Polygon' && type !== 'MultiPolygon') {
        const name = typeof type === 'string' ? type.slice(0, 30) : 'null'
        skipped.set(name, (skipped.get(name) ?? 0) + 1)
        continue
      }
      const got = toParts(type, m!.coordinates, counter)
      if (got.issue) issue ??= got.issue
      else parts.push(...got.parts!)
    }
    if (!parts.length && !issue) continue
    features.push({
      parts,
      crs,
      attributes: item.attributes,
      properties: { ...propertiesFromAttributes(item.attributes), ...(crs.zone !== null ? { survey_zone: crs.zone } : {}) },
      issues: issue ? [issue] : [],
    })
    if (features.length > importLimits.maxFeatures) throw new Problem('IMPORT_TOO_LARGE', { why: `> ${importLimits.maxFeatures} features` })
  }
  if (counter.dropped) warnings.push({ code: 'Z_DROPPED' })
  if (skipped.size) {
    warnings.push({
      code: 'FEATURES_SKIPPED',
      params: { count: [...skipped.values()].reduce((a, b) => a + b, 0), types: [...skipped.keys()].join(', ') },
    })
  }
  return features
}

/** 422 when longitude/latitude coordinates are out of range: metres under a degrees CRS (F08) or swapped axes. */
export function checkDegrees(features: ParsedFeature[]) {
  for (const f of features) {
    for (const part of f.parts) {
      for (const ring of part) {
        for (const [x, y] of ring) {
          if (Math.abs(x) > 180 || Math.abs(y) > 90) {
            throw new Problem('GEOM_COORD_OUT_OF_RANGE', { hint: Math.abs(x) > 180 || Math.abs(y) > 180 ? metresHint : hints.axisOrder })
          }
        }
      }
    }
  }
}

/** The source CRS an EPSG code names, or 422 CRS_UNSUPPORTED; WGS84 is taken as CGCS2000 (with a warning). */
export function crsOfSrid(srid: number, warnings: ImportWarning[]): SourceCrs {
  if (srid === 4490) return { srid, zone: null }
  if (srid === 4326) {
    warnings.push({ code: 'WGS84_AS_CGCS2000' })
    return { srid: 4490, zone: null }
  }
  const z = gkOfSrid(srid)
  if (!z) throw new Problem('CRS_UNSUPPORTED', { name: `EPSG:${srid}` })
  if (z.zone6 !== undefined) warnings.push({ code: 'SIX_DEGREE_ZONE', params: { zone6: z.zone6, zone: z.zone, cm: 3 * z.zone } })
  return { srid, zone: z.zone }
}

/**
 * GeoJSON: a FeatureCollection, a Feature or a bare geometry. RFC 7946 coordinates are longitude/latitude (taken
 * as CGCS2000); a GeoJSON 2008 `crs` member naming EPSG:4490, 4326/CRS84 or a CGCS2000 GK code is honoured (QGIS
 * writes one); any other CRS is refused.
 */
export function parseGeojson(text: string): ParseResult {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new Problem('IMPORT_MALFORMED', { why: `JSON: ${(err as Error).message.slice(0, 120)}` })
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Problem('IMPORT_MALFORMED', { why: { 'zh-CN': '不是 GeoJSON 对象。', en: 'not a GeoJSON object.' } })
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } }
  const warnings: ImportWarning[] = []
  const crsName = d.crs?.properties?.name
  let crs: SourceCrs = { srid: 4490, zone: null }
  if (d.crs !== undefined && d.crs !== null) {
    const srid = typeof crsName === 'string' ? sridOfCrsName(crsName) : undefined
    if (srid === undefined) throw new Problem('CRS_UNSUPPORTED', { name: String(crsName ?? 'crs').slice(0, 60) })
    crs = srid === 4326 ? { srid: 4490, zone: null } : crsOfSrid(srid, warnings)
  }
  let items: { geometry: unknown; attributes: Attr }[]
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) throw new Problem('IMPORT_MALFORMED', { why: 'FeatureCollection without a features array' })
    if (d.features.length > importLimits.maxFeatures) throw new Problem('IMPORT_TOO_LARGE', { why: `${d.features.length} features (limit ${importLimits.maxFeatures})` })
    items = d.features.map((f: { geometry?: unknown; properties?: unknown } | null) => ({
      geometry: f?.geometry ?? null, attributes: attributesOf(f?.properties),
    }))
  } else if (d.type === 'Feature') {
    const f = d as { geometry?: unknown; properties?: unknown }
    items = [{ geometry: f.geometry ?? null, attributes: attributesOf(f.properties) }]
  } else if (typeof d.type === 'string') {
    items = [{ geometry: d, attributes: {} }]
  } else {
    throw new Problem('IMPORT_MALFORMED', { why: { 'zh-CN': '缺少 type 成员。', en: 'the type member is missing.' } })
  }
  const features = polygonFeatures(items, crs, warnings)
  if (!features.length) throw new Problem('IMPORT_EMPTY')
  if (crs.zone === null) checkDegrees(features)
  return { format: 'geojson', encoding: null, warnings, features }
}
