import kinks from '@turf/kinks'
import type { Position } from 'geojson'
import { at, distinctVertices, polygonsOf, segmentRelation, type GeometryIssue, type Validation } from './issue.ts'

/** The ring's vertex at p (to floating-point noise of the intersection formula), if p is one. */
function vertexAt(p: Position, ring: Position[]): Position | undefined {
  return ring.find((q) => Math.abs(q[0]! - p[0]!) <= 1e-12 && Math.abs(q[1]! - p[1]!) <= 1e-12)
}

/**
 * Self-intersections within each polygon, marked where they are:
 * - a ring crossing itself (a bow tie) → GEOM_SELF_INTERSECTION, at each crossing (found with @turf/kinks);
 * - a ring touching itself at a point without crossing → GEOM_RING_SELF_INTERSECTION;
 * - a hole crossing its shell or another hole → GEOM_SELF_INTERSECTION.
 */
export const validationSelfIntersection: Validation = (geometry) => {
  const issues: GeometryIssue[] = []
  polygonsOf(geometry).forEach((poly, part) => {
    const rings = poly.map(distinctVertices).filter((v) => v.length >= 3)
    for (const v of rings) {
      const closed = [...v, v[0]!]
      for (const k of kinks({ type: 'LineString', coordinates: closed }).features) {
        const p = k.geometry.coordinates
        const touched = vertexAt(p, v)
        issues.push(touched
          ? { code: 'GEOM_RING_SELF_INTERSECTION', part, at: at(touched) }
          : { code: 'GEOM_SELF_INTERSECTION', part, at: at(p) })
      }
    }
    for (let r1 = 0; r1 < rings.length; r1++) {
      for (let r2 = r1 + 1; r2 < rings.length; r2++) {
        const a = rings[r1]!, b = rings[r2]!
        for (let i = 0; i < a.length; i++) {
          for (let j = 0; j < b.length; j++) {
            const rel = segmentRelation(a[i]!, a[(i + 1) % a.length]!, b[j]!, b[(j + 1) % b.length]!)
            if (rel && rel.kind !== 'touch') issues.push({ code: 'GEOM_SELF_INTERSECTION', part, at: at(rel.at) })
          }
        }
      }
    }
  })
  // One marker per place: a crossing is found once per pair of segments that meet there.
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.code}:${i.at}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
