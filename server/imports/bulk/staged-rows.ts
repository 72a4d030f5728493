import { Problem, type FieldIssue } from '../../problem.ts'
import { propertiesFromAttributes } from '../attributes.ts'
import { attributesOf, crsOfSrid, sridOfCrsName, toParts } from '../geojson.ts'
import { gkOfSrid } from '../gk.ts'
import { isClosed } from '../rings.ts'
import { importLimits, type Parts, type SourceCrs } from '../types.ts'

/**
 * The columns of a bulk import's staging table (sql/queries/bulk-imports.sql create_rows), in COPY order: what a
 * feature says, before any check that needs the database. `issue*` holds the one fault found while reading it
 * (the feature then carries no geometry).
 */
export const stagedColumns = [
  'feature_index', 'code', 'land_class', 'owner', 'claimed_area_mu', 'survey_zone', 'status', 'srid', 'geojson',
  'issue', 'issue_path', 'issue_params',
] as const

/** The source CRS a FeatureCollection's `crs` member names (as the preview's GeoJSON reader honours it). */
export function crsOfMember(crs: unknown): SourceCrs {
  if (crs === null || crs === undefined) return { srid: 4490, zone: null }
  const name = (crs as { properties?: { name?: unknown } }).properties?.name
  const srid = typeof name === 'string' ? sridOfCrsName(name) : undefined
  if (srid === undefined) throw new Problem('CRS_UNSUPPORTED', { name: String(name ?? 'crs').slice(0, 60) })
  return srid === 4326 ? { srid: 4490, zone: null } : crsOfSrid(srid, [])
}

/** The fault of coordinates outside what their CRS allows: degrees beyond ±180/±90, metres outside the GK zone. */
function rangeIssue(parts: Parts, crs: SourceCrs): FieldIssue | undefined {
  const gk = crs.srid === null ? undefined : gkOfSrid(crs.srid)
  const prefix = gk?.prefixed ? (gk.zone6 ?? gk.zone) : 0
  for (const part of parts) {
    for (const ring of part) {
      for (const [x, y] of ring) {
        if (gk ? !(x > prefix * 1e6 && x < prefix * 1e6 + 1e6 && y > 0 && y < 1e7) : Math.abs(x) > 180 || Math.abs(y) > 90) {
          return { path: 'geometry.coordinates', code: gk ? 'COORDS_NOT_GK' : 'GEOM_COORD_OUT_OF_RANGE', params: { hint: '' } }
        }
      }
    }
  }
  return undefined
}

/** Ring closure and size and the vertex cap, the checks every import format shares (server/imports/index.ts). */
function ringIssue(parts: Parts): FieldIssue | undefined {
  let n = 0
  for (let p = 0; p < parts.length; p++) {
    for (let r = 0; r < parts[p]!.length; r++) {
      const ring = parts[p]![r]!
      n += ring.length
      const path = `geometry.coordinates[${p}][${r}]`
      if (ring.length < 4) return { path, code: 'GEOM_TOO_FEW_POINTS' }
      if (!isClosed(ring)) return { path, code: 'GEOM_RING_NOT_CLOSED' }
    }
  }
  if (n > importLimits.maxVerticesPerFeature) return { path: 'geometry.coordinates', code: 'GEOM_TOO_MANY_VERTICES', params: { max: importLimits.maxVerticesPerFeature } }
  return undefined
}

/** The polygon parts of a feature's geometry (a GeometryCollection of polygons counts), or why there are none. */
function partsOf(geometry: unknown): { parts?: Parts; issue?: FieldIssue } {
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null | undefined
  const members = g && g.type === 'GeometryCollection' && Array.isArray(g.geometries) ? (g.geometries as (typeof g)[]) : [g]
  const parts: Parts = []
  for (const m of members.slice(0, 10000)) {
    const type = m && typeof m === 'object' ? m.type : undefined
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      return { issue: { path: 'geometry', code: 'GEOM_TYPE_NOT_ALLOWED', params: { type: typeof type === 'string' ? type.slice(0, 30) : 'null' } } }
    }
    const got = toParts(type, m!.coordinates, { dropped: false })
    if (got.issue) return got
    parts.push(...got.parts!)
  }
  return parts.length ? { parts } : { issue: { path: 'geometry', code: 'GEOM_EMPTY' } }
}

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return String(v)
  return `"${v.replace(/"/g, '""')}"`
}

/**
 * One streamed feature as a line of the staging table's COPY csv: its recognised parcel properties (the same
 * attribute names as every import, server/imports/attributes.ts), and either its geometry as GeoJSON in the source
 * CRS or the fault that keeps it from PostGIS (with the same issue codes as the parcel API).
 */
export function stagedRow(index: number, feature: unknown, crs: SourceCrs): string {
  const f = (typeof feature === 'object' && feature !== null && !Array.isArray(feature) ? feature : {}) as { type?: unknown; geometry?: unknown; properties?: unknown }
  const attributes = attributesOf(f.properties)
  const p = { ...propertiesFromAttributes(attributes), ...(crs.zone !== null ? { survey_zone: crs.zone } : {}) }
  let issue: FieldIssue | undefined
  let parts: Parts | undefined
  if (f.type !== 'Feature') issue = { path: 'type', code: 'FIELD_INVALID', params: { why: 'a GeoJSON Feature' } }
  else {
    const got = partsOf(f.geometry)
    issue = got.issue
    parts = got.parts
    if (parts) issue = ringIssue(parts) ?? rangeIssue(parts, crs)
  }
  const geojson = parts && !issue ? JSON.stringify({ type: 'MultiPolygon', coordinates: parts }) : null
  return [
    index, p.code, p.land_class, p.owner, p.claimed_area_mu, p.survey_zone, p.status, crs.srid, geojson,
    issue?.code, issue?.path, issue?.params ? JSON.stringify(issue.params) : null,
  ].map(csvField).join(',') + '\n'
}
