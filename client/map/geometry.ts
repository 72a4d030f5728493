import type { Geometry, Position } from 'geojson'
import polylabel from 'polylabel'

/** [minLon, minLat, maxLon, maxLat] in degrees. */
export type LonLatBBox = [number, number, number, number]

/** The bounding box of the features' geometries, or null when there is no coordinate at all. */
export function bboxOfFeatures(features: readonly { geometry: Geometry | null }[]): LonLatBBox | null {
  const box: LonLatBBox = [Infinity, Infinity, -Infinity, -Infinity]
  const add = (p: Position) => {
    const [x, y] = p
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return
    if (x < box[0]) box[0] = x
    if (y < box[1]) box[1] = y
    if (x > box[2]) box[2] = x
    if (y > box[3]) box[3] = y
  }
  const walk = (g: Geometry | null) => {
    if (!g) return
    switch (g.type) {
      case 'Point': add(g.coordinates); break
      case 'MultiPoint': case 'LineString': g.coordinates.forEach(add); break
      case 'MultiLineString': case 'Polygon': g.coordinates.forEach((r) => r.forEach(add)); break
      case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach((r) => r.forEach(add))); break
      case 'GeometryCollection': g.geometries.forEach(walk); break
    }
  }
  features.forEach((f) => walk(f.geometry))
  return Number.isFinite(box[0]) ? box : null
}

/**
 * Planar area of a polygon (exterior minus holes) in square degrees, whatever the rings' orientation. Only for
 * ranking the parts of one feature (e.g. to label the largest); areas shown to anyone come from the server.
 */
export function polygonPlanarArea(polygon: readonly (readonly Position[])[]): number {
  const ringArea = (ring: readonly Position[]) => {
    let twice = 0
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      twice += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!)
    }
    return Math.abs(twice) / 2
  }
  const [exterior, ...holes] = polygon
  if (!exterior) return 0
  return holes.reduce((a, hole) => a - ringArea(hole), ringArea(exterior))
}

/** The polygon of largest planar area (the first of equals), or null when there is none. */
export function largestPolygon<P extends readonly (readonly Position[])[]>(polygons: readonly P[]): P | null {
  let best: P | null = null
  let bestArea = -1
  for (const p of polygons) {
    const a = polygonPlanarArea(p)
    if (a > bestArea) [best, bestArea] = [p, a]
  }
  return best
}

/**
 * Where a polygon's label goes, in lon/lat: a point in its interior, never in a hole or in the gap of a C shape.
 * It is the pole of inaccessibility (the centre of the largest inscribed circle, polylabel) to 1/1000 of the
 * polygon's extent, found with longitudes scaled by cos φ so that it is central as a Web Mercator screen shows it.
 * At most about 1000 starting cells, whatever the shape. A polygon narrower than that precision (a sliver, for
 * which polylabel gives up or ends on the outline) gets `interiorPoint` instead. Null for a polygon without area.
 */
export function polygonLabelPoint(polygon: readonly (readonly Position[])[]): [number, number] | null {
  const exterior = polygon[0]
  if (!exterior?.length) return null
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of exterior) {
    minX = Math.min(minX, x!)
    minY = Math.min(minY, y!)
    maxX = Math.max(maxX, x!)
    maxY = Math.max(maxY, y!)
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180)
  const extent = Math.max((maxX - minX) * k, maxY - minY)
  if (!(extent > 0) || !Number.isFinite(extent)) return null
  const precision = extent / 1000
  const pole = polylabel(polygon.map((ring) => ring.map(([x, y]) => [x! * k, y!])), precision)
  // Clearly inside, beyond the rounding of scaling back: otherwise the polygon is thinner than `precision`.
  if (pole.distance > extent * 1e-9) return [pole[0] / k, pole[1]]
  return interiorPoint(polygon)
}

/**
 * A point in the interior of a polygon, found as GEOS's InteriorPointArea (PostGIS ST_PointOnSurface) finds it:
 * the middle of the widest interior run of a horizontal line through the middle of the polygon, the line placed
 * between vertex latitudes so that it crosses edges and never runs through a vertex. Linear in the vertices; for
 * any polygon with area, however thin. Null for a polygon without height.
 */
export function interiorPoint(polygon: readonly (readonly Position[])[]): [number, number] | null {
  const exterior = polygon[0]
  if (!exterior?.length) return null
  const ys = exterior.map((p) => p[1]!)
  let lo = Math.min(...ys)
  let hi = Math.max(...ys)
  const centre = (lo + hi) / 2
  if (!(hi > lo)) return null
  for (const ring of polygon) {
    for (const [, y] of ring) {
      if (y! <= centre) lo = Math.max(lo, y!)
      else hi = Math.min(hi, y!)
    }
  }
  const y = (lo + hi) / 2
  const xs: number[] = []
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j]!
      const [bx, by] = ring[i]!
      if (ay! > y !== by! > y) xs.push(ax! + ((y - ay!) * (bx! - ax!)) / (by! - ay!))
    }
  }
  xs.sort((a, b) => a - b)
  let best: [number, number] | null = null
  let width = 0
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) {
      width = xs[i + 1]! - xs[i]!
      best = [(xs[i]! + xs[i + 1]!) / 2, y]
    }
  }
  return best
}
