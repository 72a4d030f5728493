import type { Position } from 'geojson'

/** A point in screen pixels (map container coordinates). */
export interface ScreenPoint {
  x: number
  y: number
}

/** A candidate vertex: where it is on screen, and its exact position, returned unchanged when snapped to. */
export interface SnapVertex extends ScreenPoint {
  position: Position
}

/** A candidate edge between two vertices. */
export interface SnapEdge {
  a: SnapVertex
  b: SnapVertex
}

export interface SnapCandidates {
  vertices: readonly SnapVertex[]
  edges: readonly SnapEdge[]
}

export interface SnapResult {
  kind: 'vertex' | 'edge'
  /** For a vertex, the candidate's own position (the very same numbers); for an edge, a point on it. */
  position: Position
  /** Screen distance from the pointer to the snapped point, px. */
  distancePx: number
}

/**
 * Snaps a screen point to the nearest candidate vertex within `tolerancePx`, else to the nearest point of a
 * candidate edge within it, else nothing. Vertices come first, so two parcels that meet at a corner share that
 * corner exactly: the result carries the neighbour's own coordinates, not a reprojected copy.
 *
 * The point on an edge is placed at the same fraction of the edge in lon/lat as the pointer's foot point on
 * the screen segment, so it lies on the straight lon/lat segment that PostGIS stores (to floating point).
 */
export function snapPoint(pointer: ScreenPoint, candidates: SnapCandidates, tolerancePx: number): SnapResult | null {
  if (!(tolerancePx > 0)) return null
  let best: SnapResult | null = null
  for (const v of candidates.vertices) {
    const d = Math.hypot(v.x - pointer.x, v.y - pointer.y)
    if (d <= tolerancePx && (!best || d < best.distancePx)) best = { kind: 'vertex', position: v.position, distancePx: d }
  }
  if (best) return best
  for (const { a, b } of candidates.edges) {
    const dx = b.x - a.x
    const dy = b.y - a.y
    const len2 = dx * dx + dy * dy
    if (len2 === 0) continue
    const t = ((pointer.x - a.x) * dx + (pointer.y - a.y) * dy) / len2
    if (t <= 0 || t >= 1) continue // beyond the ends: the ends themselves are vertex candidates
    const d = Math.hypot(a.x + t * dx - pointer.x, a.y + t * dy - pointer.y)
    if (d <= tolerancePx && (!best || d < best.distancePx)) {
      const position: Position = [
        a.position[0]! + t * (b.position[0]! - a.position[0]!),
        a.position[1]! + t * (b.position[1]! - a.position[1]!),
      ]
      best = { kind: 'edge', position, distancePx: d }
    }
  }
  return best
}

/** Default snapping tolerance, px. */
export const defaultSnapTolerancePx = 10
