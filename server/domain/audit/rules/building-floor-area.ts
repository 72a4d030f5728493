import { pointAreaError } from '../area-verdict.ts'
import type { Finding } from '../finding.ts'
import { abs, dec, format, formatNumber, toNumber } from '../geometry-decimal.ts'
import { geometryFinding } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/** m_j of a footprint's corners: buildings carry no stated precision, so the default of area.md §3.2, 5 cm. */
export const footprintPointErrorM = '0.05'

/**
 * The band around the footprint, per floor, that the conventions of 建筑面积 may add or take away (metres):
 * 0.12 m for the outer wall (a footprint drawn on the centre line of a 240 mm brick wall against a floor area
 * measured to its outer face, GB/T 17986.1), and 0.13 m for open balconies and cantilevered corridors counted at
 * half their area (GB/T 50353-2013 §3.0.21): a 1.2 m deep balcony along a fifth of the perimeter, ½ × 1.2 × 0.2.
 * An allowance stated, not derived: a floor area padded by a fifth or more still stands out on any house.
 */
export const conventionBandM = 0.25

/** floor_area_m2 has 2 decimals: its rounding, ½ of 0.01 m². */
export const floorAreaRoundingM2 = 0.005

/**
 * BUILDING_FLOOR_AREA_MISMATCH: the recorded floor area (建筑面积) against footprint × floors. Allowance per floor:
 * the footprint's survey error 2·m_P (m_j = 5 cm) plus the convention band (conventionBandM × perimeter); plus the
 * rounding of the recorded figure. Beyond it, a warning.
 */
export function ruleBuildingFloorArea(f: GeometryFacts): Finding[] {
  const out: Finding[] = []
  for (const b of f.buildings) {
    const footprint = dec(b.footprint_m2)
    const expected = footprint * BigInt(b.floors)
    const delta = dec(b.floor_area_m2) - expected
    const surveyM2 = b.floors * 2 * pointAreaError(footprintPointErrorM, b.footprint_sum_d2_m2)
    const conventionM2 = b.floors * conventionBandM * b.footprint_perimeter_m
    const toleranceM2 = surveyM2 + conventionM2 + floorAreaRoundingM2
    if (toNumber(abs(delta)) <= toleranceM2) continue
    out.push(geometryFinding('BUILDING_FLOOR_AREA_MISMATCH', `building:${b.id}`, f.project_id, {
      parcels: [b.parcel_id],
      records: [{ type: 'building', id: b.id }],
      params: {
        building_code: b.code,
        parcel_code: b.parcel_code,
        floor_area_m2: format(dec(b.floor_area_m2), 2),
        footprint_m2: format(footprint, 2),
        floors: b.floors,
        expected_m2: format(expected, 2),
        delta_m2: format(delta, 2, true),
        delta_percent: formatNumber((toNumber(delta) / toNumber(expected)) * 100, 1, true),
        tolerance_m2: formatNumber(toleranceM2, 2),
        survey_m2: formatNumber(surveyM2, 2),
        convention_m2: formatNumber(conventionM2, 2),
      },
    }))
  }
  return out
}
