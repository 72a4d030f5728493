import type { MultiPolygon, Polygon, Position } from 'geojson'

/**
 * Whether `p` [lon, lat] lies in the polygon or on its boundary, in the plane of lon/lat degrees as PostGIS's
 * ST_Covers on the SRID 4490 geometry decides it. Only the live hint of a form (a grave placed outside its parcel);
 * the server decides (422 GRAVE_OUTSIDE_PARCEL).
 */
export function pointInGeometry(p: Position, g: Polygon | MultiPolygon): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  return polygons.some((rings) => {
    const [outer, ...holes] = rings
    if (!outer) return false
    const where = ringSide(p, outer)
    if (where !== 'in') return where === 'on'
    // Inside the shell: in a hole means outside, on a hole's edge is the boundary (covered).
    return holes.every((h) => ringSide(p, h) !== 'in')
  })
}

/** Where `p` lies against a closed ring: inside, outside, or on one of its edges (exactly, in floating point). */
export function ringSide(p: Position, ring: Position[]): 'in' | 'out' | 'on' {
  const x = p[0]!
  const y = p[1]!
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (onSegment(x, y, xi, yi, xj, yj)) return 'on'
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside ? 'in' : 'out'
}

function onSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
  if (cross !== 0) return false
  return x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by)
}
