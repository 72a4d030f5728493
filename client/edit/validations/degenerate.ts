import { at, distinctVertices, orient, polygonsOf, type Validation } from './issue.ts'

/** GEOM_DEGENERATE: a ring whose vertices all lie on one line (zero area), as the server names it. */
export const validationDegenerate: Validation = (geometry) =>
  polygonsOf(geometry).flatMap((poly, part) =>
    poly
      .filter((ring) => {
        const v = distinctVertices(ring)
        if (v.length < 3) return false
        return v.every((p) => orient(v[0]!, v[1]!, p) === 0)
      })
      .map((ring) => ({ code: 'GEOM_DEGENERATE' as const, part, at: at(ring[0]!) })),
  )
