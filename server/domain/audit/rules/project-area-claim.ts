import { assessClaim, computationPpm } from '../area-verdict.ts'
import type { Finding } from '../finding.ts'
import { abs, type Dec, format, formatNumber, fromNumber, m2ToMu, muToM2, toNumber } from '../geometry-decimal.ts'
import { geometryFinding } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/**
 * AREA_PROJECT_CLAIM_EXCEEDS_TOLERANCE: the project's claims added up against its parcels' areas added up, each
 * parcel measured in its claim's basis ('unknown': the basis it matched; a 口径差异: the basis that explains it,
 * so an explained difference does not come back here). T = Σ rounding + 2·√(Σ m_P²) + 10 ppm·ΣA: rounding adds up
 * in the worst case, the parcels' survey errors are independent and add in quadrature (area.md §3.2). It catches
 * the bias that each parcel's own tolerance hides (every claim a little high). A parcel whose claim exceeds on its
 * own (AREA_CLAIM_EXCEEDS_TOLERANCE) is left out of both sums, so that one discrepancy is reported once, on its
 * parcel; so are parcels without a claim. Needs two or more parcels in the sums.
 */
export function ruleProjectAreaClaim(f: GeometryFacts): Finding[] {
  let flagged = 0
  const claims = f.parcels.flatMap((p) => {
    const a = assessClaim(p)
    if (a && a.own.verdict === 'exceeds' && !a.diagnosis) flagged++
    return a && (a.own.verdict !== 'exceeds' || a.diagnosis) ? [{ p, a }] : []
  })
  if (claims.length < 2) return []
  let claimed: Dec = 0n
  let measuredMu: Dec = 0n
  let measuredM2: Dec = 0n
  let roundingMu: Dec = 0n
  let mP2 = 0
  let decimals = 0
  for (const { p, a } of claims) {
    const c = a.diagnosis ?? a.own
    claimed += a.claimed_mu
    measuredMu += c.measured_mu
    measuredM2 += c.measured_m2
    roundingMu += a.rounding_mu
    mP2 += a.m_p_m2 ** 2
    decimals = Math.max(decimals, p.decimals)
  }
  const delta = claimed - measuredMu
  const roundingM2 = toNumber(muToM2(roundingMu))
  const surveyM2 = 2 * Math.sqrt(mP2)
  const computationM2 = toNumber(measuredM2) * computationPpm * 1e-6
  const toleranceM2 = roundingM2 + surveyM2 + computationM2
  if (toNumber(abs(muToM2(delta))) <= toleranceM2) return []
  const mu = (m2: number) => format(m2ToMu(fromNumber(m2)), 4)
  return [geometryFinding('AREA_PROJECT_CLAIM_EXCEEDS_TOLERANCE', `project:${f.project_id}`, f.project_id, {
    parcels: claims.map(({ p }) => p.id),
    params: {
      project_code: f.project_code,
      parcels: claims.length,
      parcels_flagged: flagged,
      parcels_without_claim: f.parcels.length - claims.length - flagged,
      claimed: format(claimed, decimals),
      measured: format(measuredMu, 4),
      delta_mu: format(delta, 4, true),
      delta_m2: format(muToM2(delta), 2, true),
      delta_ppm: formatNumber((toNumber(delta) / toNumber(measuredMu)) * 1e6, 0, true),
      tolerance_mu: mu(toleranceM2),
      rounding_mu: format(roundingMu, 4),
      survey_mu: mu(surveyM2),
      computation_mu: mu(computationM2),
    },
  })]
}
