import type { Finding } from '../finding.ts'
import { dec, format, formatNumber, m2ToMu, toNumber } from '../geometry-decimal.ts'
import { geometryFinding } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/**
 * PARCEL_OUTSIDE_SCOPE: the part of a parcel outside the project's acquisition scope (拟征收范围, announced in the
 * pre-announcement) when over 1 m² (ellipsoidal): land the project may not acquire without a new announcement.
 * Nothing when the project has no scope recorded. The part outside is drawn.
 */
export function ruleParcelOutsideScope(f: GeometryFacts): Finding[] {
  if (!f.has_scope) return []
  return f.outside_scope.map((o) => geometryFinding('PARCEL_OUTSIDE_SCOPE', `parcel:${o.parcel_id}`, f.project_id, {
    parcels: [o.parcel_id],
    records: f.scope_id === null ? [] : [{ type: 'acquisition_scope', id: f.scope_id }],
    params: {
      parcel_code: o.parcel_code,
      outside_m2: format(dec(o.outside_m2), 2),
      outside_mu: format(m2ToMu(dec(o.outside_m2)), 4),
      outside_percent: formatNumber((toNumber(dec(o.outside_m2)) / toNumber(dec(o.parcel_m2))) * 100, 1),
    },
    shapes: [{ kind: 'outside_scope', geometry: o.geometry }],
  }))
}
