import { abs, dec, type Dec, format, formatNumber, fromNumber, halfUnit, m2ToMu, muToM2, toNumber } from './geometry-decimal.ts'
import type { ClaimBasis, ParcelAreaFacts } from './geometry-facts.ts'

// The area verdict of ../shared/design/area.md §3.2 and the basis diagnosis of §3.1 item 4, for one parcel.
//
// Exactness: Δ = claim − measured is taken in exact decimals (the claim's text against the float8 area as
// PostgreSQL printed it), and so is the "consistent" band, rounding + 10 ppm·A, which is a decimal too. The survey
// term 2·m_P has a square root; it and the ppm figures are doubles, whose relative error (10⁻¹⁶) lies ten orders
// of magnitude below the smallest rounding unit a claim can have (0.00005 mu at 4 decimals), so the comparison
// |Δ| ≤ T cannot turn on it.

/**
 * How an area was computed. The two bases a claim may state: 'ellipsoid' (CGCS2000, the 核定面积) and
 * 'gk_planar' (GK 3° planar in the parcel's zone, the 勘测定界口径). The signatures of a claim made otherwise:
 * 'gk_wrong_zone' (GK planar in a neighbouring 3° zone, ≈ +963 ppm at 110°E), 'sphere_turf7' (R = 6 371 008.8 m,
 * ≈ +1 615 ppm at 27.55°N), 'sphere_turf6' (R = 6 378 137 m: Turf ≤ 6, Leaflet.draw, ≈ +3 858 ppm), 'gcj02'
 * (the claim's own outline lies 500–700 m off, as GCJ-02 coordinates taken for CGCS2000 do in Huaihua).
 * 'ellipsoid' is also the diagnosis of a claim declared GK planar that was computed on the ellipsoid.
 */
export type AreaMethod = 'ellipsoid' | 'gk_planar' | 'gk_wrong_zone' | 'sphere_turf7' | 'sphere_turf6' | 'gcj02'

export type AreaVerdictKind = 'consistent' | 'within_tolerance' | 'exceeds' | 'no_claim'

/** The GCJ-02 offset across Huaihua is 540–646 m (area.md table 1); an outline shifted 500–700 m is taken as one. */
export const gcj02ShiftBand = { min_m: 500, max_m: 700 } as const

/** area.md §3.2: implementations agree to 3 ppm; anything within 10 ppm of A is the same number. */
export const computationPpm = 10

/** T = rounding + 2·m_P + 10 ppm·A and its parts, as display strings (mu 4 decimals, m² 2 decimals). */
export interface ToleranceView {
  tolerance_mu: string
  tolerance_m2: string
  /** ½ unit of the claim's last digit, exact ('0.0005' for a claim to 0.001 mu). */
  rounding_mu: string
  rounding_m2: string
  /** 2·m_P, m_P = m_j·√(ΣD²/8). */
  survey_mu: string
  survey_m2: string
  /** 10 ppm of A. */
  computation_mu: string
  computation_m2: string
  /** m_j, metres, as stated ('0.05'). */
  point_error_m: string
  m_p_m2: string
}

/** The claim set against one way of measuring the parcel. */
export interface AreaComparisonView {
  method: AreaMethod
  /** The GK zone of a planar method, else null. */
  zone: number | null
  measured_mu: string
  measured_m2: string
  delta_mu: string
  delta_m2: string
  delta_ppm: string
  tolerance_mu: string
  verdict: 'consistent' | 'within_tolerance' | 'exceeds'
}

/** The basis diagnosis: the signature that explains a claim which exceeds the tolerance in its own basis. */
export interface DiagnosisView extends AreaComparisonView {
  verdict: 'consistent' | 'within_tolerance'
  /** For gcj02: how far and in which direction the claim's outline lies from the parcel. */
  shift_m?: string
  shift_bearing_deg?: string
}

export interface AreaVerdict {
  verdict: AreaVerdictKind
  /** The basis the claim states. */
  basis: ClaimBasis
  /** The basis it was compared in: its own, or for 'unknown' the one that matches best; null without a claim. */
  basis_used: 'ellipsoid' | 'gk3' | null
  survey_zone: number
  /** The claim with the decimals it was stated with ('9.275'); null without a claim. */
  claimed_mu: string | null
  /** The server's area in basis_used (the ellipsoidal area without a claim), 4 decimals. */
  measured_mu: string
  measured_m2: string
  ellipsoidal_mu: string
  ellipsoidal_m2: string
  gk_mu: string
  gk_m2: string
  /** claim − measured, signed: mu 4 decimals, m² 2 decimals, ppm of the measured area, whole. */
  delta_mu: string | null
  delta_m2: string | null
  delta_ppm: string | null
  /** T in mu, 4 decimals (tolerance.tolerance_mu); null without a claim. */
  tolerance_mu: string | null
  tolerance: ToleranceView | null
  /** The method that explains a claim exceeding the tolerance in its basis, or null. */
  diagnosis: AreaMethod | null
  diagnosis_detail: DiagnosisView | null
}

/** One comparison with exact values, for the project sum (not for JSON: bigints). */
export interface AreaComparison {
  method: AreaMethod
  zone: number | null
  measured_m2: Dec
  measured_mu: Dec
  delta_mu: Dec
  /** T's parts in m², doubles. */
  rounding_m2: number
  survey_m2: number
  computation_m2: number
  tolerance_m2: number
  verdict: 'consistent' | 'within_tolerance' | 'exceeds'
}

/** The verdict with the exact figures behind it: what the project rule sums. */
export interface ClaimAssessment {
  claimed_mu: Dec
  rounding_mu: Dec
  /** m_P in m² (double). */
  m_p_m2: number
  /** The comparison in the claim's own basis (for 'unknown', the better of the two). */
  own: AreaComparison
  /** The signature that explains the claim when `own` exceeds, else null. */
  diagnosis: AreaComparison | null
}

/** m_P = m_j·√(ΣD²/8), m² (area.md §3.2): the standard error of an area from its boundary points' error m_j. */
export function pointAreaError(pointErrorM: string, sumD2M2: string): number {
  return Number(pointErrorM) * Math.sqrt(Number(sumD2M2) / 8)
}

/** Compares an exact claim (mu) with an exact measured area (m²): Δ, T = rounding + 2·m_P + 10 ppm·A, verdict. */
export function compareArea(
  method: AreaMethod, zone: number | null, claimedMu: Dec, roundingMu: Dec, mP: number, measuredM2: Dec,
): AreaComparison {
  const measuredMu = m2ToMu(measuredM2)
  const deltaMu = claimedMu - measuredMu
  // Both bands in exact decimals where they can be: rounding + 10 ppm·A is a decimal.
  const computationMu = (measuredMu * BigInt(computationPpm)) / 1_000_000n
  const consistent = abs(deltaMu) <= roundingMu + computationMu
  const roundingM2 = toNumber(muToM2(roundingMu))
  const computationM2 = toNumber(measuredM2) * computationPpm * 1e-6
  const surveyM2 = 2 * mP
  const toleranceM2 = roundingM2 + surveyM2 + computationM2
  const within = toNumber(abs(muToM2(deltaMu))) <= toleranceM2
  return {
    method, zone, measured_m2: measuredM2, measured_mu: measuredMu, delta_mu: deltaMu,
    rounding_m2: roundingM2, survey_m2: surveyM2, computation_m2: computationM2, tolerance_m2: toleranceM2,
    verdict: consistent ? 'consistent' : within ? 'within_tolerance' : 'exceeds',
  }
}

/** The claim's text as it was stated: its stored numeric text to `decimals` places when no digit is lost. */
function claimText(stored: string, decimals: number): string {
  const d = dec(stored)
  const shown = format(d, decimals)
  return dec(shown) === d ? shown : format(d, 4)
}

/** Every candidate measure of the parcel other than its own basis, for the diagnosis. */
function signatureCandidates(p: ParcelAreaFacts, own: readonly AreaMethod[]): { method: AreaMethod; zone: number | null; m2: Dec }[] {
  const out: { method: AreaMethod; zone: number | null; m2: Dec }[] = []
  if (!own.includes('ellipsoid')) out.push({ method: 'ellipsoid', zone: null, m2: dec(p.ellipsoidal_m2) })
  if (!own.includes('gk_planar')) out.push({ method: 'gk_planar', zone: p.survey_zone, m2: dec(p.gk_m2) })
  for (const n of p.gk_neighbours) out.push({ method: 'gk_wrong_zone', zone: n.zone, m2: dec(n.m2) })
  out.push({ method: 'sphere_turf7', zone: null, m2: dec(p.sphere_turf7_m2) })
  out.push({ method: 'sphere_turf6', zone: null, m2: dec(p.sphere_turf6_m2) })
  const o = p.claimed_outline
  if (o && o.shift_m >= gcj02ShiftBand.min_m && o.shift_m <= gcj02ShiftBand.max_m) {
    // The claim was measured on the shifted outline, in its own basis (both when the basis is unknown).
    if (p.basis !== 'gk3') out.push({ method: 'gcj02', zone: null, m2: dec(o.ellipsoidal_m2) })
    if (p.basis !== 'ellipsoid') out.push({ method: 'gcj02', zone: p.survey_zone, m2: dec(o.gk_m2) })
  }
  return out
}

const closest = (list: AreaComparison[]): AreaComparison =>
  list.reduce((best, c) => (abs(c.delta_mu) < abs(best.delta_mu) ? c : best))

/** The exact assessment of a parcel's claim, or null when it has none. */
export function assessClaim(p: ParcelAreaFacts): ClaimAssessment | null {
  if (p.claimed_area_mu === null) return null
  const claimedMu = dec(p.claimed_area_mu)
  const roundingMu = halfUnit(p.decimals)
  const mP = pointAreaError(p.point_error_m, p.sum_d2_m2)
  const ownMethods: AreaMethod[] = p.basis === 'ellipsoid' ? ['ellipsoid'] : p.basis === 'gk3' ? ['gk_planar'] : ['ellipsoid', 'gk_planar']
  const own = closest(ownMethods.map((m) => m === 'ellipsoid'
    ? compareArea('ellipsoid', null, claimedMu, roundingMu, mP, dec(p.ellipsoidal_m2))
    : compareArea('gk_planar', p.survey_zone, claimedMu, roundingMu, mP, dec(p.gk_m2))))
  let diagnosis: AreaComparison | null = null
  if (own.verdict === 'exceeds') {
    const explaining = signatureCandidates(p, ownMethods)
      .map((c) => compareArea(c.method, c.zone, claimedMu, roundingMu, mP, c.m2))
      .filter((c) => c.verdict !== 'exceeds' && toNumber(abs(c.measured_m2 - own.measured_m2)) > own.tolerance_m2)
    if (explaining.length) diagnosis = closest(explaining)
  }
  return { claimed_mu: claimedMu, rounding_mu: roundingMu, m_p_m2: mP, own, diagnosis }
}

function ppmText(deltaMu: Dec, measuredMu: Dec): string {
  if (measuredMu === 0n) return deltaMu === 0n ? '0' : deltaMu > 0n ? '+∞' : '-∞'
  return formatNumber((toNumber(deltaMu) / toNumber(measuredMu)) * 1e6, 0, true)
}

/** A comparison as display strings. */
export function comparisonView(c: AreaComparison): AreaComparisonView {
  return {
    method: c.method,
    zone: c.zone,
    measured_mu: format(c.measured_mu, 4),
    measured_m2: format(c.measured_m2, 2),
    delta_mu: format(c.delta_mu, 4, true),
    delta_m2: format(muToM2(c.delta_mu), 2, true),
    delta_ppm: ppmText(c.delta_mu, c.measured_mu),
    tolerance_mu: format(m2ToMu(fromNumber(c.tolerance_m2)), 4),
    verdict: c.verdict,
  }
}

function toleranceView(a: ClaimAssessment, pointErrorM: string): ToleranceView {
  const c = a.own
  const mu = (m2: number) => format(m2ToMu(fromNumber(m2)), 4)
  return {
    tolerance_mu: mu(c.tolerance_m2),
    tolerance_m2: formatNumber(c.tolerance_m2, 2),
    rounding_mu: format(a.rounding_mu, Math.max(4, a.rounding_mu === 0n ? 0 : exactDecimals(a.rounding_mu))),
    rounding_m2: formatNumber(c.rounding_m2, 2),
    survey_mu: mu(c.survey_m2),
    survey_m2: formatNumber(c.survey_m2, 2),
    computation_mu: mu(c.computation_m2),
    computation_m2: formatNumber(c.computation_m2, 2),
    point_error_m: format(dec(pointErrorM), exactDecimals(dec(pointErrorM))),
    m_p_m2: formatNumber(a.m_p_m2, 2),
  }
}

/** The fewest decimals (at most 30) that show a decimal exactly. */
function exactDecimals(a: Dec): number {
  for (let d = 0; d < 30; d++) if (dec(format(a, d)) === a) return d
  return 30
}

/**
 * The area.md §3.2 verdict of a parcel's claim in the claim's own basis ('unknown': the better of ellipsoid and GK
 * planar in the survey zone, reported as basis_used), with T's breakdown, and when the claim exceeds T the §3.1
 * diagnosis: the signature (GK planar, wrong zone, Turf 7 / Turf 6 sphere, GCJ-02 outline) in which it is
 * consistent or within tolerance, the closest if several are. A signature explains a claim only where it can be
 * told apart from the claim's own basis, i.e. where the two areas differ by more than T (area.md §3.2, "exceeds T
 * above about …": Turf 7 from about 11 mu, the wrong zone from about 26 mu); on a smaller parcel a claim beyond T
 * is not explained by a signature that lies within T of the true area, and stays 面积超限.
 */
export function areaVerdict(p: ParcelAreaFacts): AreaVerdict {
  const common = {
    basis: p.basis,
    survey_zone: p.survey_zone,
    ellipsoidal_mu: format(m2ToMu(dec(p.ellipsoidal_m2)), 4),
    ellipsoidal_m2: format(dec(p.ellipsoidal_m2), 2),
    gk_mu: format(m2ToMu(dec(p.gk_m2)), 4),
    gk_m2: format(dec(p.gk_m2), 2),
  }
  const a = assessClaim(p)
  if (!a) {
    return {
      ...common, verdict: 'no_claim', basis_used: null, claimed_mu: null,
      measured_mu: common.ellipsoidal_mu, measured_m2: common.ellipsoidal_m2,
      delta_mu: null, delta_m2: null, delta_ppm: null, tolerance_mu: null, tolerance: null, diagnosis: null, diagnosis_detail: null,
    }
  }
  const own = comparisonView(a.own)
  let detail: DiagnosisView | null = null
  if (a.diagnosis) {
    detail = { ...comparisonView(a.diagnosis), verdict: a.diagnosis.verdict as 'consistent' | 'within_tolerance' }
    if (a.diagnosis.method === 'gcj02' && p.claimed_outline) {
      detail.shift_m = formatNumber(p.claimed_outline.shift_m, 1)
      detail.shift_bearing_deg = formatNumber(p.claimed_outline.shift_bearing_deg, 0)
    }
  }
  return {
    ...common,
    verdict: a.own.verdict,
    basis_used: a.own.method === 'ellipsoid' ? 'ellipsoid' : 'gk3',
    claimed_mu: claimText(p.claimed_area_mu!, p.decimals),
    measured_mu: own.measured_mu,
    measured_m2: own.measured_m2,
    delta_mu: own.delta_mu,
    delta_m2: own.delta_m2,
    delta_ppm: own.delta_ppm,
    tolerance_mu: own.tolerance_mu,
    tolerance: toleranceView(a, p.point_error_m),
    diagnosis: a.diagnosis?.method ?? null,
    diagnosis_detail: detail,
  }
}
