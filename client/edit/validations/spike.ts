import { at, distinctVertices, polygonsOf, type GeometryIssue, type Validation } from './issue.ts'

/**
 * GEOM_RING_SELF_INTERSECTION for a spike: the ring goes out to a vertex and straight back to the vertex it came
 * from (the neighbours of that vertex are the same point). Marked at the spike's tip.
 */
export const validationSpike: Validation = (geometry) => {
  const issues: GeometryIssue[] = []
  polygonsOf(geometry).forEach((poly, part) => {
    for (const ring of poly) {
      const v = distinctVertices(ring)
      if (v.length < 3) continue
      for (let i = 0; i < v.length; i++) {
        const prev = v[(i - 1 + v.length) % v.length]!
        const next = v[(i + 1) % v.length]!
        if (prev[0] === next[0] && prev[1] === next[1]) {
          issues.push({ code: 'GEOM_RING_SELF_INTERSECTION', part, at: at(v[i]!) })
          break
        }
      }
    }
  })
  return issues
}
