import type { Position } from 'geojson'
import { at, distinctVertices, polygonsOf, segmentRelation, strictlyInside, type GeometryIssue, type Validation } from './issue.ts'

/**
 * Parts of a multipolygon must neither overlap (GEOM_MULTIPART_OVERLAP: their interiors meet, including one
 * inside another) nor share an edge (GEOM_MULTIPART_TOUCHING: they should be one polygon). Touching at single
 * points is allowed, as in PostGIS. Compares the exteriors.
 */
export const validationMultipart: Validation = (geometry) => {
  const shells = polygonsOf(geometry).map((poly) => distinctVertices(poly[0] ?? []))
  if (shells.length < 2) return []
  const issues: GeometryIssue[] = []
  for (let p = 0; p < shells.length; p++) {
    for (let q = p + 1; q < shells.length; q++) {
      const a = shells[p]!, b = shells[q]!
      if (a.length < 3 || b.length < 3) continue
      let overlapAt: Position | null = null
      let touchAt: Position | null = null
      for (let i = 0; i < a.length && !overlapAt; i++) {
        for (let j = 0; j < b.length; j++) {
          const rel = segmentRelation(a[i]!, a[(i + 1) % a.length]!, b[j]!, b[(j + 1) % b.length]!)
          if (rel?.kind === 'cross') {
            overlapAt = rel.at
            break
          }
          if (rel?.kind === 'overlap' && !touchAt) touchAt = rel.at
        }
      }
      const ca = [...a, a[0]!], cb = [...b, b[0]!]
      overlapAt ??= a.find((v) => strictlyInside(v, cb)) ?? b.find((v) => strictlyInside(v, ca)) ?? null
      if (overlapAt) issues.push({ code: 'GEOM_MULTIPART_OVERLAP', part: q, at: at(overlapAt) })
      else if (touchAt) issues.push({ code: 'GEOM_MULTIPART_TOUCHING', part: q, at: at(touchAt) })
    }
  }
  return issues
}
