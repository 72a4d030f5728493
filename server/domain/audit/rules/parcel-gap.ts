import type { Finding } from '../finding.ts'
import { dec, format, formatNumber } from '../geometry-decimal.ts'
import { geometryFinding, parcelsSubject } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/**
 * PARCEL_GAP_IN_PROJECT: a sliver between two or more of the project's parcels that belongs to none, as the SQL
 * defines it (sql/queries/audit-geometry.sql "gaps": narrower than 1 m everywhere, larger than 1 m²): land left out
 * between parcels that were meant to share an edge. A deliberate hole (an excluded house plot) is wider and never
 * one. Keyed by the parcels it touches; a second sliver between the same parcels gets `#2`, in the order of their
 * centroids (west to east). The sliver is drawn.
 */
export function ruleParcelGap(f: GeometryFacts): Finding[] {
  const seen = new Map<string, number>()
  const gaps = [...f.gaps].sort((a, b) => a.centroid_lon - b.centroid_lon || a.centroid_lat - b.centroid_lat)
  return gaps.map((g) => {
    const subject = parcelsSubject(g.parcel_ids)
    const n = (seen.get(subject) ?? 0) + 1
    seen.set(subject, n)
    return geometryFinding('PARCEL_GAP_IN_PROJECT', n === 1 ? subject : `${subject}#${n}`, f.project_id, {
      parcels: [...g.parcel_ids].sort((a, b) => a - b),
      params: {
        parcel_codes: g.parcel_codes.join(', '),
        area_m2: format(dec(g.area_m2), 2),
        width_m: formatNumber(g.width_m, 2),
      },
      shapes: [{ kind: 'gap', geometry: g.geometry }],
    })
  })
}
