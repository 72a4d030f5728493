import gjv from 'geojson-validation'
import { hints } from '../domain/issue-codes.ts'
import type { FieldIssue } from '../problem.ts'

/** Vertex cap per parcel: larger shapes are survey errors or attacks, and would block the database. */
export const maxVertices = 20000

export type Position = [number, number]
export type ParcelGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }

const geometryTypes = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])
// Mainland China with its islands, generously: a first test before the database's jurisdiction polygon.
const china = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 }

/** The rough "inside China" test of the intake, before the database's jurisdiction polygon. */
export function inChina(lon: number, lat: number) {
  return lon >= china.minLon && lon <= china.maxLon && lat >= china.minLat && lat <= china.maxLat
}

/**
 * Checks a parcel geometry's structure in TypeScript, before anything reaches PostGIS: type, nesting,
 * numbers, dimension (2D only: Z and M are refused, not dropped), range with an axis-order hint, ring
 * closure and size, the vertex cap, and a rough "inside China" test. PostGIS then decides validity
 * (sql/functions/zd_geometry_issues.sql). Never recursive; stops at the first fault of each kind.
 */
export function checkParcelGeometry(value: unknown, path = 'geometry'): { geometry?: ParcelGeometry; issues: FieldIssue[] } {
  const fail = (issue: FieldIssue) => ({ issues: [issue] })
  if (value === null || value === undefined) return fail({ path, code: 'GEOM_EMPTY' })
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail({ path, code: 'GEOM_BAD_TYPE', params: { why: 'not an object' } })
  }
  const g = value as Record<string, unknown>
  if ('crs' in g) return fail({ path: `${path}.crs`, code: 'CRS_NOT_SUPPORTED' })
  if (typeof g.type !== 'string') return fail({ path: `${path}.type`, code: 'GEOM_BAD_TYPE', params: { why: 'type missing' } })
  if (g.type === 'Feature' || g.type === 'FeatureCollection') {
    return fail({ path: `${path}.type`, code: 'GEOM_BAD_TYPE', params: { why: `a ${g.type} where a geometry belongs` } })
  }
  if (!geometryTypes.has(g.type)) {
    return fail({ path: `${path}.type`, code: 'GEOM_BAD_TYPE', params: { why: `unknown type "${g.type.slice(0, 40)}"` } })
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return fail({ path: `${path}.type`, code: 'GEOM_TYPE_NOT_ALLOWED', params: { type: g.type } })
  }
  if (!('coordinates' in g)) {
    return fail({ path: `${path}.coordinates`, code: 'GEOM_BAD_TYPE', params: { why: 'coordinates missing' } })
  }
  const coords = g.coordinates
  const cpath = `${path}.coordinates`
  if (!Array.isArray(coords)) return fail({ path: cpath, code: 'GEOM_BAD_NESTING', params: { type: g.type } })
  const polygons: { rings: unknown; path: string }[] =
    g.type === 'Polygon' ? [{ rings: coords, path: cpath }] : coords.map((rings, i) => ({ rings, path: `${cpath}[${i}]` }))
  if (polygons.length === 0) return fail({ path: cpath, code: 'GEOM_EMPTY' })

  let vertices = 0
  for (const poly of polygons) {
    if (!Array.isArray(poly.rings)) return fail({ path: poly.path, code: 'GEOM_BAD_NESTING', params: { type: g.type } })
    if (poly.rings.length === 0) return fail({ path: poly.path, code: 'GEOM_EMPTY' })
    for (let r = 0; r < poly.rings.length; r++) {
      const ring: unknown = poly.rings[r]
      const rpath = `${poly.path}[${r}]`
      if (!Array.isArray(ring)) return fail({ path: rpath, code: 'GEOM_BAD_NESTING', params: { type: g.type } })
      if (ring.length === 0) return fail({ path: rpath, code: 'GEOM_EMPTY' })
      vertices += ring.length
      if (vertices > maxVertices) return fail({ path: cpath, code: 'GEOM_TOO_MANY_VERTICES', params: { max: maxVertices } })
      for (let i = 0; i < ring.length; i++) {
        const issue = checkPosition(ring[i], `${rpath}[${i}]`, g.type)
        if (issue) return fail(issue)
      }
      const first = ring[0] as Position
      const last = ring[ring.length - 1] as Position
      if (ring.length < 4) return fail({ path: rpath, code: 'GEOM_TOO_FEW_POINTS', at: first })
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return fail({ path: rpath, code: 'GEOM_RING_NOT_CLOSED', at: first })
      }
    }
  }
  for (const poly of polygons) {
    for (const ring of poly.rings as Position[][]) {
      const outside = ring.find(([lon, lat]) => !inChina(lon, lat))
      if (outside) return fail({ path: cpath, code: 'OUTSIDE_JURISDICTION', params: { hint: hints.outsideChina }, at: outside })
    }
  }
  // A last structural opinion from geojson-validation; every case it knows should already be caught above.
  const trace = gjv.valid(value, true)
  if (Array.isArray(trace) && trace.length) {
    return fail({ path, code: 'GEOM_BAD_TYPE', params: { why: String(trace[0]).slice(0, 200) } })
  }
  return { geometry: { type: g.type, coordinates: coords } as ParcelGeometry, issues: [] }
}

/** One [lon, lat] position: numbers, 2D, finite, in range (with an axis-order hint); undefined when fine. */
export function checkPosition(p: unknown, path: string, type: string): FieldIssue | undefined {
  if (!Array.isArray(p)) return { path, code: 'GEOM_BAD_NESTING', params: { type } }
  if (p.some((c) => Array.isArray(c))) return { path, code: 'GEOM_BAD_NESTING', params: { type } }
  if (p.some((c) => typeof c !== 'number')) return { path, code: 'GEOM_COORD_NOT_NUMBER' }
  if (p.length !== 2) return { path, code: 'GEOM_DIMENSION' }
  const [lon, lat] = p as [number, number]
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return { path, code: 'GEOM_COORD_NOT_FINITE' }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    const swapped = inChina(lat, lon)
    return { path, code: 'GEOM_COORD_OUT_OF_RANGE', params: { hint: swapped ? hints.axisOrder : hints.none } }
  }
  return undefined
}
