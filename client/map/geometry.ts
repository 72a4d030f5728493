import type { Geometry, Position } from 'geojson'

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
