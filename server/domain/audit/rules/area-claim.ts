import { areaVerdict, assessClaim, type AreaMethod, type AreaVerdict } from '../area-verdict.ts'
import type { Finding, FindingShape } from '../finding.ts'
import { geometryFinding } from '../geometry-findings.ts'
import type { GeometryFacts, ParcelAreaFacts } from '../geometry-facts.ts'

/** The basis a claim was compared in, in words. */
function basisWords(v: AreaVerdict): { zh: string; en: string } {
  const words = v.basis_used === 'gk3'
    ? { zh: `高斯平面面积（3°带 ${v.survey_zone}）`, en: `the Gauss-Krüger planar area in 3° zone ${v.survey_zone}` }
    : { zh: 'CGCS2000 椭球面积', en: 'the CGCS2000 ellipsoidal area' }
  if (v.basis !== 'unknown') return words
  return { zh: `${words.zh}（申报口径未注明，取较接近者）`, en: `${words.en} (the closer basis: the claim states none)` }
}

/** A diagnosed method, in words. */
function methodWords(method: AreaMethod, v: AreaVerdict): { zh: string; en: string } {
  const d = v.diagnosis_detail!
  switch (method) {
    case 'ellipsoid':
      return { zh: '按 CGCS2000 椭球面积（而非申报的高斯平面口径）', en: 'the CGCS2000 ellipsoidal area, not the GK planar basis the claim states' }
    case 'gk_planar':
      return { zh: `按高斯平面面积（3°带 ${d.zone}，而非椭球面积）`, en: `the Gauss-Krüger planar area in 3° zone ${d.zone}, not the ellipsoidal one` }
    case 'gk_wrong_zone':
      return { zh: `按错误投影带的高斯平面面积（3°带 ${d.zone}，应为 ${v.survey_zone}）`, en: `the Gauss-Krüger planar area in the wrong zone, 3° zone ${d.zone} instead of ${v.survey_zone}` }
    case 'sphere_turf7':
      return { zh: '按球面面积（半径 6371008.8 米，如 Turf 7、OpenLayers getArea）', en: 'the area on a sphere of radius 6 371 008.8 m (Turf 7, OpenLayers getArea)' }
    case 'sphere_turf6':
      return { zh: '按球面面积（半径 6378137 米，如 Turf 6、Leaflet.draw）', en: 'the area on a sphere of radius 6 378 137 m (Turf ≤ 6, Leaflet.draw)' }
    case 'gcj02':
      return {
        zh: `按 GCJ-02 坐标当作 CGCS2000 量算（申报界线偏离 ${d.shift_m} 米，方位 ${d.shift_bearing_deg}°）`,
        en: `the area of GCJ-02 coordinates taken for CGCS2000 (the claimed outline lies ${d.shift_m} m off, bearing ${d.shift_bearing_deg}°)`,
      }
  }
}

const verdictWords = {
  consistent: { zh: '一致', en: 'consistent' },
  within_tolerance: { zh: '在限差内', en: 'within tolerance' },
} as const

function claimedOutline(p: ParcelAreaFacts): FindingShape[] {
  return p.claimed_outline ? [{ kind: 'claimed_outline', geometry: p.claimed_outline.geometry }] : []
}

/**
 * AREA_CLAIM_EXCEEDS_TOLERANCE and AREA_BASIS_DIFFERENCE, per parcel (area.md §3.1 item 4, §3.2): a claim is
 * compared in its own basis ('unknown': the closer of ellipsoid and GK planar in the survey zone); consistent or
 * within T = rounding + 2·m_P + 10 ppm·A, nothing. Beyond T, a claim that is consistent or within tolerance in a
 * known signature (GK planar, wrong zone, Turf 7 or Turf 6 sphere, a GCJ-02 outline) is a 口径差异 (info) naming
 * the method and what the claim is in it; any other is 面积超限 (error). Without a claim, nothing.
 */
export function ruleAreaClaim(f: GeometryFacts): Finding[] {
  const out: Finding[] = []
  for (const p of f.parcels) {
    const a = assessClaim(p)
    if (!a || a.own.verdict !== 'exceeds') continue
    const v = areaVerdict(p)
    const t = v.tolerance!
    const basis = basisWords(v)
    const common = {
      parcel_code: p.code,
      claimed: v.claimed_mu!,
      basis: v.basis,
      basis_used: v.basis_used!,
      basis_zh: basis.zh,
      basis_en: basis.en,
      survey_zone: v.survey_zone,
      measured: v.measured_mu,
      measured_m2: v.measured_m2,
      delta_mu: v.delta_mu!,
      delta_m2: v.delta_m2!,
      delta_ppm: v.delta_ppm!,
      tolerance_mu: t.tolerance_mu,
      rounding_mu: t.rounding_mu,
      survey_mu: t.survey_mu,
      computation_mu: t.computation_mu,
      point_error_m: t.point_error_m,
    }
    const records = p.claim_id === null ? [] : [{ type: 'area_claim', id: p.claim_id }]
    const d = v.diagnosis_detail
    if (!d) {
      out.push(geometryFinding('AREA_CLAIM_EXCEEDS_TOLERANCE', `parcel:${p.id}`, f.project_id, {
        parcels: [p.id], records, params: common, shapes: claimedOutline(p),
      }))
      continue
    }
    const method = methodWords(d.method, v)
    out.push(geometryFinding('AREA_BASIS_DIFFERENCE', `parcel:${p.id}`, f.project_id, {
      parcels: [p.id],
      records,
      params: {
        ...common,
        method: d.method,
        ...(d.zone === null ? {} : { method_zone: d.zone }),
        method_zh: method.zh,
        method_en: method.en,
        method_measured: d.measured_mu,
        method_measured_m2: d.measured_m2,
        method_delta_mu: d.delta_mu,
        method_delta_ppm: d.delta_ppm,
        method_tolerance_mu: d.tolerance_mu,
        method_verdict: d.verdict,
        method_verdict_zh: verdictWords[d.verdict].zh,
        method_verdict_en: verdictWords[d.verdict].en,
        ...(d.shift_m === undefined ? {} : { shift_m: d.shift_m, shift_bearing_deg: d.shift_bearing_deg! }),
      },
      shapes: claimedOutline(p),
    }))
  }
  return out
}
