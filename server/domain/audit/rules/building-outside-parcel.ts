import type { Finding } from '../finding.ts'
import { dec, format } from '../geometry-decimal.ts'
import { geometryFinding } from '../geometry-findings.ts'
import type { GeometryFacts } from '../geometry-facts.ts'

/** As the API's rule (BUILDING_OUTSIDE_PARCEL, server/handlers/buildings.ts): up to 0.5 m² outside is tolerated. */
export const buildingOutsideToleranceM2 = '0.5'

/**
 * BUILDING_OUTSIDE_PARCEL: a building whose footprint lies more than 0.5 m² (ellipsoidal) outside its parcel, as
 * records written before the API checked it, imported ones, or a parcel edited since may have. The part outside
 * is drawn.
 */
export function ruleBuildingOutsideParcel(f: GeometryFacts): Finding[] {
  return f.buildings
    .filter((b) => dec(b.outside_parcel_m2) > dec(buildingOutsideToleranceM2))
    .map((b) => geometryFinding('BUILDING_OUTSIDE_PARCEL', `building:${b.id}`, f.project_id, {
      parcels: [b.parcel_id],
      records: [{ type: 'building', id: b.id }],
      params: { building_code: b.code, parcel_code: b.parcel_code, outside_m2: format(dec(b.outside_parcel_m2), 2) },
      shapes: b.outside_parcel_geometry ? [{ kind: 'outside_parcel', geometry: b.outside_parcel_geometry }] : [],
    }))
}
