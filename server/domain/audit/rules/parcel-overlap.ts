import type { Finding } from '../finding.ts'
import { dec, format, m2ToMu } from '../geometry-decimal.ts'
import { geometryFinding, parcelsSubject } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/**
 * PARCEL_OVERLAP_IN_PROJECT and PARCEL_OVERLAP_OTHER_PROJECT: two parcels that overlap by more than 1 m²
 * (ellipsoidal; below that, the noise of shared edges digitised twice), land claimed twice. The key names both
 * parcels, so the same overlap has the same key in the audits of both projects. The overlap is drawn.
 */
export function ruleParcelOverlap(f: GeometryFacts): Finding[] {
  return f.overlaps.map((o) => {
    const inProject = o.other_project_id === f.project_id
    const code = inProject ? 'PARCEL_OVERLAP_IN_PROJECT' : 'PARCEL_OVERLAP_OTHER_PROJECT'
    return geometryFinding(code, parcelsSubject([o.parcel_id, o.other_parcel_id]), f.project_id, {
      parcels: [o.parcel_id, o.other_parcel_id],
      params: {
        parcel_code: o.parcel_code,
        other_parcel_code: o.other_parcel_code,
        ...(inProject ? {} : { other_project_code: o.other_project_code }),
        overlap_m2: format(dec(o.overlap_m2), 2),
        overlap_mu: format(m2ToMu(dec(o.overlap_m2)), 4),
      },
      shapes: [{ kind: 'overlap', geometry: o.geometry }],
    })
  })
}
