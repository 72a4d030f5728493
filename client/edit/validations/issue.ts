import type { MultiPolygon, Polygon, Position } from 'geojson'

/**
 * The geometry issue codes the client can find while drawing: the same stable codes the server answers with
 * (server/domain/issue-codes.ts, sql/functions/zd_geometry_issues.sql). The client only hints; the server decides.
 */
export type GeometryIssueCode =
  | 'GEOM_TOO_FEW_POINTS'
  | 'GEOM_DEGENERATE'
  | 'GEOM_RING_SELF_INTERSECTION'
  | 'GEOM_SELF_INTERSECTION'
  | 'GEOM_MULTIPART_OVERLAP'
  | 'GEOM_MULTIPART_TOUCHING'
  | 'GEOM_AREA_TOO_SMALL'

export interface GeometryIssue {
  code: GeometryIssueCode
  /** Where on the map, [lon, lat], when the fault has a place (a crossing, a spike). */
  at?: [number, number]
  /** The polygon of a multipolygon it concerns. */
  part?: number
}

/** One validation: guard clauses first, then the issues it finds (an empty list when it finds none). */
export type Validation = (geometry: Polygon | MultiPolygon) => GeometryIssue[]

export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
}

/** The ring's vertices without the closing position and without consecutive repeats (as the server stores them). */
export function distinctVertices(ring: Position[]): Position[] {
  const out: Position[] = []
  for (const p of ring) {
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  if (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop()
  return out
}

export const at = (p: Position): [number, number] => [p[0]!, p[1]!]

/** Orientation of the triangle a, b, c: > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
export function orient(a: Position, b: Position, c: Position): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!)
}

/** Whether c, collinear with a and b, lies within their bounding box. */
export function onSegment(a: Position, b: Position, c: Position): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!)
  )
}

/**
 * How segments ab and cd meet: 'cross' when their interiors cross at one point, 'touch' when they meet at an
 * endpoint of one of them, 'overlap' when they are collinear and share more than a point, null when apart.
 */
export function segmentRelation(a: Position, b: Position, c: Position, d: Position): { kind: 'cross' | 'touch' | 'overlap'; at: Position } | null {
  const o1 = orient(a, b, c)
  const o2 = orient(a, b, d)
  const o3 = orient(c, d, a)
  const o4 = orient(c, d, b)
  if (o1 === 0 && o2 === 0) {
    // Collinear: project on the longer axis and compare the intervals.
    const ax = Math.abs(b[0]! - a[0]!) >= Math.abs(b[1]! - a[1]!) ? 0 : 1
    const lo1 = Math.min(a[ax]!, b[ax]!), hi1 = Math.max(a[ax]!, b[ax]!)
    const lo2 = Math.min(c[ax]!, d[ax]!), hi2 = Math.max(c[ax]!, d[ax]!)
    const lo = Math.max(lo1, lo2), hi = Math.min(hi1, hi2)
    if (lo > hi) return null
    const p = [c, d, a, b].find((q) => q[ax] === lo)!
    return { kind: lo < hi ? 'overlap' : 'touch', at: p }
  }
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const t = o3 / (o3 - o4)
    return { kind: 'cross', at: [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)] }
  }
  if (o1 === 0 && onSegment(a, b, c)) return { kind: 'touch', at: c }
  if (o2 === 0 && onSegment(a, b, d)) return { kind: 'touch', at: d }
  if (o3 === 0 && onSegment(c, d, a)) return { kind: 'touch', at: a }
  if (o4 === 0 && onSegment(c, d, b)) return { kind: 'touch', at: b }
  return null
}

/** Whether p lies strictly inside the closed ring (even-odd rule; a point on the boundary is not inside). */
export function strictlyInside(p: Position, ring: Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!, b = ring[i]!
    if (orient(a, b, p) === 0 && onSegment(a, b, p)) return false
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside
  }
  return inside
}
