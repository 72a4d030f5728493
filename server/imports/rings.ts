import type { Parts, Ring, XY } from './types.ts'

/**
 * Twice the signed planar area of a ring in its own coordinates (shoelace): positive when counter-clockwise
 * with y up. Used only to order and orient rings while assembling polygons, never as an area figure.
 */
export function signedArea2(ring: Ring): number {
  let s = 0
  for (let i = 0, n = ring.length; i < n - 1; i++) {
    const [x1, y1] = ring[i]!
    const [x2, y2] = ring[i + 1]!
    s += x1 * y2 - x2 * y1
  }
  return s
}

/** Whether a point lies strictly inside a ring (even-odd rule; points on the boundary count as outside). */
export function pointInRing([px, py]: XY, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** True when the last position repeats the first. */
export function isClosed(ring: Ring): boolean {
  const a = ring[0]
  const b = ring[ring.length - 1]
  return ring.length > 1 && a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]
}

/** A ring ending at its first point (a copy with the first point appended when it did not). */
export function closeRing(ring: Ring): Ring {
  return isClosed(ring) || ring.length === 0 ? ring : [...ring, [ring[0]![0], ring[0]![1]]]
}

/**
 * Whether `ring` lies inside `container`: most of its vertices are strictly inside (a hole may touch its shell at
 * a vertex or two, which the even-odd test cannot place). Rings are assumed not to cross; PostGIS checks that.
 */
function inside(ring: Ring, container: Ring): boolean {
  const pts = isClosed(ring) ? ring.slice(0, -1) : ring
  let n = 0
  for (const p of pts) if (pointInRing(p, container)) n++
  return n * 2 > pts.length
}

/**
 * Polygons from loose rings, as surveyors list them (界址点 tables, 报盘 files): a ring lying inside another is a
 * hole of the smallest ring around it, a ring inside a hole is a new part (an island), and disjoint rings are
 * separate parts of a MultiPolygon. Orientation is not trusted; PostGIS normalises it.
 * Quadratic in the number of rings, which a parcel keeps small.
 */
export function assembleRings(rings: Ring[]): Parts {
  const size = rings.map((r) => Math.abs(signedArea2(r)))
  // Largest first, so that every possible container of a ring is looked at before it; parts keep file order.
  const order = rings.map((_, i) => i).sort((a, b) => size[b]! - size[a]! || a - b)
  const depth = new Array<number>(rings.length).fill(0)
  const parent = new Array<number>(rings.length).fill(-1)
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!
    // The smallest larger ring containing this one: scan from the nearest in size.
    for (let m = k - 1; m >= 0; m--) {
      const j = order[m]!
      if (inside(rings[i]!, rings[j]!)) {
        parent[i] = j
        depth[i] = depth[j]! + 1
        break
      }
    }
  }
  const partOf = new Map<number, Ring[]>()
  const parts: Parts = []
  for (let i = 0; i < rings.length; i++) {
    if (depth[i]! % 2 === 0) {
      const part = [rings[i]!]
      partOf.set(i, part)
      parts.push(part)
    }
  }
  for (let i = 0; i < rings.length; i++) if (depth[i]! % 2 === 1) partOf.get(parent[i]!)!.push(rings[i]!)
  return parts
}

/**
 * Polygons from a Shapefile record's rings: in the Shapefile rule, outer rings run clockwise and holes
 * counter-clockwise. A hole goes to the smallest outer ring that contains it; a hole inside none becomes an
 * outer ring of its own (counted in `orphans`, for a warning). Parts keep the record's order.
 */
export function assembleShapefileRings(rings: Ring[]): { parts: Parts; orphans: number } {
  const parts: Parts = []
  const outers: { ring: Ring; size: number; part: Ring[] }[] = []
  const holes: Ring[] = []
  for (const ring of rings) {
    const a = signedArea2(ring)
    if (a <= 0) {
      const part = [ring]
      parts.push(part)
      outers.push({ ring, size: -a, part })
    } else holes.push(ring)
  }
  const bySize = [...outers].sort((a, b) => a.size - b.size)
  let orphans = 0
  for (const hole of holes) {
    const home = bySize.find((o) => inside(hole, o.ring))
    if (home) home.part.push(hole)
    else {
      orphans++
      parts.push([hole])
    }
  }
  return { parts, orphans }
}
