import { at, distinctVertices, polygonsOf, type Validation } from './issue.ts'

/** GEOM_TOO_FEW_POINTS: a ring with fewer than 3 distinct vertices once repeated points are dropped. */
export const validationTooFewPoints: Validation = (geometry) =>
  polygonsOf(geometry).flatMap((poly, part) =>
    poly.filter((ring) => distinctVertices(ring).length < 3).map((ring) => ({
      code: 'GEOM_TOO_FEW_POINTS' as const, part, ...(ring[0] ? { at: at(ring[0]) } : {}),
    })),
  )
