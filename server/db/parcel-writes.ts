import { invalid, Problem, type FieldIssue } from '../problem.ts'
import type { ParcelInput } from '../schemas/parcel-feature.ts'
import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

/**
 * The checks and writes every parcel write shares (POST/PUT /api/parcels, the import commit, split, merge,
 * restore), so that each path refuses exactly what the others refuse. Everything here runs inside the caller's
 * transaction; the overlap check needs the parcels lock taken first (lockParcels).
 */
const q = loadQueries('parcels', [
  'geometry_issues', 'conflicts', 'lock', 'insert', 'set_actor', 'project_exists', 'land_class_exists',
])

export interface ParcelConflict {
  id: number
  code: string
  project_id: number
  overlap_m2: number
  [extra: string]: unknown
}

/** Who and why for the history trigger, for this transaction only. */
export async function setActor(tx: Queryable, username: string, reason: string | null) {
  await tx.query(q.set_actor, [username, reason])
}

/** UNKNOWN_PROJECT at `path` when the project does not exist. */
export async function projectIssues(tx: Queryable, projectId: number, path: string): Promise<FieldIssue[]> {
  if ((await tx.query(q.project_exists, [projectId])).length) return []
  return [{ path, code: 'UNKNOWN_PROJECT', params: { id: projectId } }]
}

/** UNKNOWN_LAND_CLASS at `path` when the code is not in GB/T 21010-2017. */
export async function landClassIssues(tx: Queryable, landClass: string, path: string): Promise<FieldIssue[]> {
  if ((await tx.query(q.land_class_exists, [landClass])).length) return []
  return [{ path, code: 'UNKNOWN_LAND_CLASS', params: { code: landClass } }]
}

/** What zd_geometry_issues finds in a geometry (GeoJSON text already checked by geojson-intake.ts), at `path`. */
export async function geometryIssues(tx: Queryable, geojson: string, path = 'geometry'): Promise<FieldIssue[]> {
  const rows = await tx.query<{ code: FieldIssue['code']; reason: string; lon: number | null; lat: number | null }>(
    q.geometry_issues, [geojson])
  return rows.map((g) => ({
    path, code: g.code, params: { why: g.reason },
    ...(g.lon !== null && g.lat !== null ? { at: [g.lon, g.lat] as [number, number] } : {}),
  }))
}

/**
 * Everything a parcel write must pass besides the overlap rule: the project and land class exist, and PostGIS
 * finds the geometry valid, big enough and inside the jurisdiction. `prefix` is put before each path
 * (e.g. `features[3].`). Throws a 422 listing every fault.
 */
export async function checkParcelInput(tx: Queryable, input: ParcelInput, geojson: string, prefix = '') {
  const issues = [
    ...(await projectIssues(tx, input.properties.project_id, `${prefix}properties.project_id`)),
    ...(await landClassIssues(tx, input.properties.land_class, `${prefix}properties.land_class`)),
    ...(await geometryIssues(tx, geojson, `${prefix}geometry`)),
  ]
  if (issues.length) throw invalid(issues)
}

/** Serialises parcel geometry writes until the end of the transaction (zd_lock_parcels). */
export async function lockParcels(tx: Queryable) {
  await tx.query(q.lock)
}

/** Active parcels overlapping the geometry by more than 1 m² (zd_parcel_conflicts); hold the lock first. */
export async function findConflicts(tx: Queryable, geojson: string, excludeId: number | null): Promise<ParcelConflict[]> {
  return tx.query<ParcelConflict>(q.conflicts, [geojson, excludeId])
}

/** 409 when the geometry overlaps another active parcel by more than 1 m²; takes the parcels lock. */
export async function refuseOverlaps(tx: Queryable, geojson: string, excludeId: number | null) {
  await lockParcels(tx)
  const conflicts = await findConflicts(tx, geojson, excludeId)
  if (conflicts.length) throw new Problem('PARCEL_OVERLAP', {}, [], { conflicts })
}

function isUniqueViolation(err: unknown) {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}

/** Runs a write and turns a unique violation on (project_id, code) into 409 PARCEL_CODE_TAKEN. */
export async function withCodeCheck<T>(input: ParcelInput, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('PARCEL_CODE_TAKEN', { code: input.properties.code })
    throw err
  }
}

/** The bound parameters $1…$7 of the insert and update statements. */
export function writeParams(input: ParcelInput) {
  const p = input.properties
  return [p.project_id, p.code, p.land_class, p.owner, p.claimed_area_mu ?? null, p.survey_zone ?? null, p.status ?? null]
}

/** Inserts a checked parcel (caller has run the checks and holds the lock); returns its id. */
export async function insertParcel(tx: Queryable, input: ParcelInput, geojson: string, username: string): Promise<number> {
  const [row] = await withCodeCheck(input, () =>
    tx.query<{ id: number }>(q.insert, [...writeParams(input), geojson, username]))
  return row!.id
}
