import type { Queryable } from '../db/database.ts'
import { geometryIssues } from '../db/parcel-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import { parseBuildingFeature, type BuildingInput } from '../schemas/building.ts'
import { bboxParams, checkReferences, recordHandlers } from './record-crud.ts'

const q = loadQueries('buildings', ['select_one', 'list', 'for_update', 'outside_parcel', 'insert', 'update', 'delete'])

/** A footprint may stick out of its parcel by this much (digitising noise), m² ellipsoidal. */
export const buildingOutsideToleranceM2 = 0.5

/**
 * The footprint is a valid parcel-like geometry (zd_geometry_issues: validity, at least 1 m², inside the
 * jurisdiction) and lies inside its parcel but for 0.5 m² (422 BUILDING_OUTSIDE_PARCEL with outside_m2).
 */
async function prepare(tx: Queryable, b: BuildingInput): Promise<unknown[]> {
  await checkReferences(tx, b.projectId, { parcelId: b.parcelId, householdId: b.householdId }, 'properties.')
  const faults = await geometryIssues(tx, b.geojson)
  if (faults.length) throw invalid(faults)
  const [row] = await tx.query<{ outside_m2: number }>(q.outside_parcel, [b.geojson, b.parcelId])
  const outside = row!.outside_m2
  if (outside > buildingOutsideToleranceM2) {
    const outside_m2 = Math.round(outside * 100) / 100
    throw new Problem('BUILDING_OUTSIDE_PARCEL', { outside_m2 }, [
      { path: 'geometry', code: 'BUILDING_OUTSIDE_PARCEL', params: { outside_m2 } },
    ], { outside_m2 })
  }
  return [b.projectId, b.parcelId, b.householdId, b.code, b.geojson, b.structure, b.floors, b.floorAreaM2, b.use,
    b.legalStatus, b.demolishedOn, b.notes]
}

/** /api/buildings: 房屋 as GeoJSON Features (footprint), written by planner and admin. */
export const buildings = recordHandlers<BuildingInput>({
  type: 'building',
  queries: q,
  format: 'feature',
  parse: (body) => parseBuildingFeature(body),
  prepare,
  compensation: true,
  listParams: bboxParams,
  unique: { buildings_project_id_code_key: (b) => new Problem('BUILDING_CODE_TAKEN', { code: b.code }) },
})
