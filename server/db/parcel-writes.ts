import type { Localized } from '../domain/issue-codes.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import type { ParcelInput } from '../schemas/parcel-feature.ts'
import { bumpParcelTiles } from '../tiles/tile-versions.ts'
import { applyCompensationFor } from './compensation.ts'
import type { Database, Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

/**
 * The checks and writes every parcel write shares (POST/PUT /api/parcels, the import commit, split, merge,
 * restore), so that each path refuses exactly what the others refuse, and the one way they run (withParcelWrite).
 * Everything else here runs inside the caller's transaction; the overlap check needs the parcels lock taken first
 * (lockParcels).
 */
const q = loadQueries('parcels', [
  'geometry_issues', 'conflicts', 'lock', 'insert', 'set_actor', 'project_exists', 'land_class_exists', 'records_outside',
  'outside_scope',
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

const overview = loadQueries('parcel-tiles', ['refresh'])

/**
 * Brings the map's overview aggregates (parcel_overview, below z14) up to date with the parcel writes of this
 * transaction (zd_parcel_overview_refresh): call it last in every transaction that inserts, updates or deletes
 * parcels. It costs in proportion to the parcels written, not to the table (a one-parcel edit changes at most 12
 * rows); a path that forgets leaves the changes staged for the next refresh, never lost.
 */
export async function refreshParcelOverview(tx: Queryable) {
  await tx.query(overview.refresh)
}

/** Names a project whose parcels a write changed (the parcel's project before and after the write). */
export type TouchProject = (projectId: number) => void

/**
 * One parcel write from start to finish (POST/PUT/DELETE /api/parcels, split, merge, restore, the import commit):
 * opens the transaction, runs `write`, recomputes the computed compensation of each project `write` touched
 * (applyCompensationFor), folds the map's overview (refreshParcelOverview), commits, and then bumps the tile
 * versions of the regions the write changed (bumpParcelTiles), so that this process never serves a tile older than
 * its own write. Anything `write` throws rolls all of it back. Returns what `write` returns or, with `readBack`,
 * what `readBack` reads from it as the transaction's last statement: an answer read after the commit could show a
 * write another request committed in between (another version, another ETag).
 */
export async function withParcelWrite<T, R = T>(
  ctx: { db: Database },
  write: (tx: Queryable, touch: TouchProject) => Promise<T>,
  readBack?: (tx: Queryable, value: T) => Promise<R>,
): Promise<R> {
  const result = await ctx.db.transaction(async (tx) => {
    const projects: number[] = []
    const value = await write(tx, (projectId) => void projects.push(projectId))
    await applyCompensationFor(tx, projects)
    await refreshParcelOverview(tx)
    return readBack ? readBack(tx, value) : (value as unknown as R)
  })
  await bumpParcelTiles(ctx.db)
  return result
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

/**
 * OUTSIDE_PROJECT_BOUNDARY at `path` when `geojson` (valid) lies wholly outside project `projectId`'s acquisition
 * scope (zd_scope_fit: at most 1 m² inside; hostile-inputs G33, a parcel traced on a shifted basemap); none when the
 * project has no scope, when the parcel is partly inside (the audit's PARCEL_OUTSIDE_SCOPE finding), or when
 * `parcelId` already has this geometry in this project. Locks the scope row until the end of the transaction.
 */
export async function outsideScopeIssues(
  tx: Queryable, projectId: number, geojson: string, parcelId: number | null, path = 'geometry',
): Promise<FieldIssue[]> {
  const rows = await tx.query<{ scope_id: number; project_code: string; distance_m: number }>(
    q.outside_scope, [projectId, geojson, parcelId])
  return rows.map((r) => ({
    path, code: 'OUTSIDE_PROJECT_BOUNDARY', params: { project: r.project_code, distance_m: r.distance_m, scope_id: r.scope_id },
  }))
}

/**
 * 422 OUTSIDE_PROJECT_BOUNDARY when a new or moved parcel lies wholly outside its project's acquisition scope
 * (outsideScopeIssues). For creates, geometry updates, restores and the import commit; not for split and merge,
 * whose pieces stay where their parents were (splitting off the part outside is how a partly outside parcel is put
 * right).
 */
export async function refuseOutsideScope(tx: Queryable, projectId: number, geojson: string, parcelId: number | null) {
  const issues = await outsideScopeIssues(tx, projectId, geojson, parcelId)
  if (issues.length) throw invalid(issues)
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

/** A building or grave of a parcel that a new geometry of the parcel would leave outside it. */
export interface RecordOutside {
  kind: 'building' | 'grave'
  id: number
  code: string
  /** Ellipsoidal m² of the footprint outside, 2 decimals (from SQL); null for a grave. */
  outside_m2: number | null
}

/**
 * The buildings and graves of parcel `parcelId` that `geojson` (valid) as its new geometry would leave outside it,
 * by the rules of their own writes: a footprint more than 0.5 m² outside, a grave not covered (records_outside).
 */
export async function recordsOutside(tx: Queryable, parcelId: number, geojson: string): Promise<RecordOutside[]> {
  return tx.query<RecordOutside>(q.records_outside, [parcelId, geojson])
}

const listOf = (items: string[]): Localized => ({ 'zh-CN': items.join('、'), en: items.join(', ') })

/**
 * The issues of records left outside, one per kind (BUILDING_OUTSIDE_PARCEL naming each building and its m²
 * outside, GRAVE_OUTSIDE_PARCEL naming the graves), with the records themselves.
 */
export function recordsOutsideIssues(rows: RecordOutside[]): { code: 'BUILDING_OUTSIDE_PARCEL' | 'GRAVE_OUTSIDE_PARCEL'; params: Record<string, unknown>; records: RecordOutside[] }[] {
  const buildings = rows.filter((r) => r.kind === 'building')
  const graves = rows.filter((r) => r.kind === 'grave')
  const out: ReturnType<typeof recordsOutsideIssues> = []
  if (buildings.length) {
    const codes = buildings.map((b) => b.code)
    out.push({
      code: 'BUILDING_OUTSIDE_PARCEL',
      params: {
        hint: { 'zh-CN': ` ${codes.join('、')} `, en: ` of ${codes.join(', ')}` },
        outside_m2: buildings.length === 1 ? String(buildings[0]!.outside_m2) : listOf(buildings.map((b) => String(b.outside_m2))),
        codes,
      },
      records: buildings,
    })
  }
  if (graves.length) {
    out.push({ code: 'GRAVE_OUTSIDE_PARCEL', params: { codes: listOf(graves.map((g) => g.code)) }, records: graves })
  }
  return out
}

/**
 * 422 when saving `geojson` as parcel `parcelId`'s geometry would leave its buildings (more than 0.5 m²) or graves
 * outside it: BUILDING_OUTSIDE_PARCEL or GRAVE_OUTSIDE_PARCEL (VALIDATION_FAILED when both), an error at `path` per
 * record, and `records_outside: [{ kind, id, code, outside_m2 }]`. Run after the geometry is known valid.
 */
export async function refuseRecordsOutside(tx: Queryable, parcelId: number, geojson: string, path = 'geometry') {
  const rows = await recordsOutside(tx, parcelId, geojson)
  if (!rows.length) return
  const issues = recordsOutsideIssues(rows)
  const errors: FieldIssue[] = rows.map((r) => r.kind === 'building'
    ? { path, code: 'BUILDING_OUTSIDE_PARCEL', params: { hint: { 'zh-CN': ` ${r.code} `, en: ` of ${r.code}` }, outside_m2: String(r.outside_m2) } }
    : { path, code: 'GRAVE_OUTSIDE_PARCEL', params: { codes: r.code } })
  const extra = { records_outside: rows }
  if (issues.length === 1) throw new Problem(issues[0]!.code, issues[0]!.params, errors, extra)
  throw new Problem('VALIDATION_FAILED', {}, errors, extra)
}
