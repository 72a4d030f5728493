import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { hints } from '../domain/issue-codes.ts'
import { invalid, Problem } from '../problem.ts'
import { parseGraveFeature, type GraveInput } from '../schemas/grave.ts'
import { bboxParams, checkReferences, recordHandlers } from './record-crud.ts'

const q = loadQueries('graves', ['select_one', 'list', 'for_update', 'in_jurisdiction', 'parcel_at', 'in_parcel', 'insert', 'update', 'delete'])

/**
 * The point lies in the jurisdiction (422 OUTSIDE_JURISDICTION); a parcel given belongs to the project and contains
 * the point (422 GRAVE_OUTSIDE_PARCEL at `geometry`, the rule a parcel save re-checks); without parcel_id the grave
 * goes to the project's parcel containing the point, or to none.
 */
async function prepare(tx: Queryable, g: GraveInput): Promise<unknown[]> {
  await checkReferences(tx, g.projectId, { parcelId: g.parcelId, householdId: g.householdId }, 'properties.')
  const [j] = await tx.query<{ inside: boolean }>(q.in_jurisdiction, [g.lon, g.lat])
  if (!j!.inside) {
    throw invalid([{ path: 'geometry', code: 'OUTSIDE_JURISDICTION', params: { hint: hints.none }, at: [g.lon, g.lat] }])
  }
  let parcelId = g.parcelId
  if (parcelId != null) {
    const [c] = await tx.query<{ inside: boolean }>(q.in_parcel, [parcelId, g.lon, g.lat])
    if (!c!.inside) throw invalid([{ path: 'geometry', code: 'GRAVE_OUTSIDE_PARCEL', params: { codes: g.code }, at: [g.lon, g.lat] }])
  }
  if (parcelId === undefined) {
    const [p] = await tx.query<{ id: number }>(q.parcel_at, [g.projectId, g.lon, g.lat])
    parcelId = p?.id ?? null
  }
  return [g.projectId, parcelId, g.householdId, g.code, g.lon, g.lat, g.coffins, g.relocatedOn, g.notes]
}

/** /api/graves: 坟墓 as GeoJSON Point Features, written by planner and admin. */
export const graves = recordHandlers<GraveInput>({
  type: 'grave',
  queries: q,
  format: 'feature',
  parse: (body) => parseGraveFeature(body),
  prepare,
  compensation: true,
  listParams: bboxParams,
  unique: { graves_project_id_code_key: (g) => new Problem('GRAVE_CODE_TAKEN', { code: g.code }) },
})
