import type { Request, Response } from 'express'
import { deferCompensationParcelLinks, parcelProject, previewParcelGeometry } from '../db/compensation.ts'
import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import {
  checkParcelInput, insertParcel, recordsOutside, recordsOutsideIssues, refuseOutsideScope, refuseOverlaps, refuseRecordsOutside,
  setActor, withCodeCheck, withParcelWrite, writeParams,
} from '../db/parcel-writes.ts'
import { issueMessage, type IssueCode } from '../domain/issue-codes.ts'
import { invalid, Problem } from '../problem.ts'
import { parseParcelFeature, type ParcelInput } from '../schemas/parcel-feature.ts'
import { parseCheckBody } from '../schemas/parcel-lineage.ts'
import { parseBbox, parseId, parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('parcels', ['list', 'by_id', 'version_for_update', 'update', 'delete', 'history', 'history_version', 'check'])

export interface ParcelRow {
  id: number
  project_id: number
  code: string
  land_class: string
  land_class_zh: string
  land_class_en: string
  owner: string
  claimed_area_mu: string | null
  survey_zone: number | null
  status: string
  version: number
  updated_at: Date
  updated_by: string
  area: Record<string, number | string>
  geometry_json: string
  /**
   * Where the map writes the parcel's one label: [lon, lat] (EPSG:4490, 9 decimals) in the interior of its
   * largest part, never in a hole (zd_label_point).
   */
  label_point: [number, number]
  /** For colouring the map: the agreements of the parcel's households (view parcel_features). Absent on history versions. */
  agreement_status?: 'no_households' | 'none_signed' | 'partly_signed' | 'all_signed'
  /** For colouring the map: the compensation items of the parcel and its households (view parcel_features). */
  payment_status?: 'no_items' | 'unpaid' | 'partly_paid' | 'paid'
}

/** A parcel row as GeoJSON Feature text; the geometry text from PostGIS is spliced in, not re-parsed. */
export function featureText(row: ParcelRow): string {
  const { geometry_json, ...properties } = row
  return `{"type":"Feature","id":${row.id},"geometry":${geometry_json},"properties":${JSON.stringify(properties)}}`
}

const etagOf = (version: number) => `"v${version}"`

/** The version an If-Match header names: 428 without one (or with *), 412 for a weak or foreign tag. */
export function expectedVersion(req: Request, current: number): number {
  const header = req.get('if-match')?.trim()
  if (!header || header === '*') throw new Problem('PRECONDITION_REQUIRED')
  const m = /^"v(\d{1,9})"$/.exec(header)
  if (!m || Number(m[1]) !== current) throw new Problem('PRECONDITION_FAILED', { version: current }, [], { current_version: current })
  return current
}

/** The parcel as the API answers it; 404 when there is none. */
export async function readParcel(db: Queryable, id: number): Promise<ParcelRow> {
  const [row] = await db.query<ParcelRow>(q.by_id, [id])
  if (!row) throw new Problem('NOT_FOUND')
  return row
}

export function sendParcelRow(res: Response, row: ParcelRow, status = 200) {
  res.status(status).set('ETag', etagOf(row.version)).type('application/geo+json').send(featureText(row))
}

export async function sendParcel(db: Queryable, res: Response, id: number, status = 200) {
  sendParcelRow(res, await readParcel(db, id), status)
}

function parseBody(req: Request): { input: ParcelInput; geojson: string } {
  const { value, issues } = parseParcelFeature(req.body)
  if (!value) throw invalid(issues)
  // Every number was checked finite, so this text is exactly the geometry that was validated.
  return { input: value, geojson: JSON.stringify(value.geometry) }
}

/**
 * The operation-log row of a write, inside the write's transaction `tx`: when the log cannot be written, the write
 * rolls back too (fail-closed audit, hostile-inputs R12).
 */
export async function auditIn(tx: Queryable, ctx: Ctx, req: Request, action: string, target: string, status: number, detail?: Record<string, unknown>) {
  await logOperation(tx, {
    username: ctx.user?.username ?? null, action, target, result: status < 400 ? 'ok' : 'rejected', status, ip: req.ip, detail,
  })
}

export const listParcels: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const bbox = parseBbox(singleParam(query, 'bbox'))
  const projectRaw = singleParam(query, 'project')
  const project = projectRaw === undefined ? null : parseId(projectRaw, 'query', 'project')
  const limit = parseLimit(singleParam(query, 'limit'), 10000, 50000)
  const rows = await ctx.db.query<{ id: number; feature: string }>(q.list, [...(bbox ?? [null, null, null, null]), project, limit + 1])
  // The query picks the page by id but answers its rows unordered (sorting wide rows costs PostgreSQL more), each
  // feature already as text: they are put in id order and joined, never parsed.
  rows.sort((a, b) => a.id - b.id)
  const truncated = rows.length > limit
  const features = rows.slice(0, limit).map((r) => r.feature).join(',')
  // Written with Node's own end(): Express's send would hash the megabytes for an ETag, which an answer that is
  // never stored (Cache-Control: no-store, every API answer) cannot use.
  res.writeHead(200, { 'Content-Type': 'application/geo+json; charset=utf-8' })
  res.end(`{"type":"FeatureCollection","numberReturned":${Math.min(rows.length, limit)},"truncated":${truncated},"features":[${features}]}`)
}

export const getParcel: Handler = async (ctx, req, res) => {
  await sendParcel(ctx.db, res, parseId(req.params.id as string, 'path'))
}

export const createParcel: Handler = async (ctx, req, res) => {
  const { input, geojson } = parseBody(req)
  const row = await withParcelWrite(ctx, async (tx, touch) => {
    await setActor(tx, ctx.user!.username, input.reason)
    await checkParcelInput(tx, input, geojson)
    // Before the overlaps: a parcel far outside its scope was most likely traced on a shifted basemap (G33).
    await refuseOutsideScope(tx, input.properties.project_id, geojson, null)
    await refuseOverlaps(tx, geojson, null)
    touch(input.properties.project_id)
    const id = await insertParcel(tx, input, geojson, ctx.user!.username)
    await auditIn(tx, ctx, req, 'parcel.create', `parcel:${id}`, 201)
    return id
  }, readParcel)
  sendParcelRow(res, row, 201)
}

export const updateParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { input, geojson } = parseBody(req)
  const row = await withParcelWrite(ctx, async (tx, touch) => {
    const [current] = await tx.query<{ version: number }>(q.version_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await setActor(tx, ctx.user!.username, input.reason)
    await checkParcelInput(tx, input, geojson)
    // Its buildings and graves must stay inside it, by the rules of their own writes.
    await refuseRecordsOutside(tx, id, geojson)
    await refuseOutsideScope(tx, input.properties.project_id, geojson, id)
    await refuseOverlaps(tx, geojson, id)
    // The land items follow the new geometry and land class, in both projects if the parcel moved.
    touch((await parcelProject(tx, id))!)
    touch(input.properties.project_id)
    await withCodeCheck(input, () =>
      tx.query(q.update, [id, version, ...writeParams(input), geojson, ctx.user!.username]))
    await auditIn(tx, ctx, req, 'parcel.update', `parcel:${id}`, 200)
    return id
  }, readParcel)
  sendParcelRow(res, row)
}

export const deleteParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const reason = typeof req.body?.reason === 'string' ? req.body.reason.slice(0, 500) : null
  await withParcelWrite(ctx, async (tx, touch) => {
    const [current] = await tx.query<{ version: number }>(q.version_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await setActor(tx, ctx.user!.username, reason)
    touch((await parcelProject(tx, id))!)
    // The parcel's unpaid computed items go with it; anything else left on it fails the commit (PARCEL_HAS_RECORDS).
    await deferCompensationParcelLinks(tx)
    await tx.query(q.delete, [id, version])
    await auditIn(tx, ctx, req, 'parcel.delete', `parcel:${id}`, 204)
  })
  res.status(204).end()
}

export const parcelHistory: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const items = await ctx.db.query(q.history, [id])
  if (!items.length) throw new Problem('NOT_FOUND')
  res.json({ parcel_id: id, items })
}

/**
 * One version of a parcel's history as a Feature: the geometry and attributes of that version, its areas, and
 * who changed it, when, why and how (operation, parent_ids, child_ids, restored_from). Works for parcels that
 * were since deleted, split or merged; 404 when the parcel never had that version.
 */
export const parcelVersion: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const version = parseId(req.params.version as string, 'path')
  const [row] = await ctx.db.query<{ parcel_id: number; geometry_json: string }>(q.history_version, [id, version])
  if (!row) throw new Problem('NOT_FOUND')
  const { geometry_json, ...properties } = row
  res
    .type('application/geo+json')
    .send(`{"type":"Feature","id":${row.parcel_id},"geometry":${geometry_json},"properties":${JSON.stringify(properties)}}`)
}

/**
 * POST /api/parcels/check: what a save of this geometry would meet, without saving: its areas (zd_area), every
 * validity issue with its code, localised message and location, and the overlaps with active parcels (other than
 * exclude_id) with their geometry and area. One database round trip; writes nothing. Malformed GeoJSON is a 422
 * as for POST /api/parcels. For an existing parcel (exclude_id) and a valid geometry, also `compensation: { changes,
 * delta_yuan }`: what saving the geometry would change in the project's computed compensation, found in a
 * transaction that is always rolled back (previewParcelGeometry). For an existing parcel, the buildings and
 * graves the geometry would leave outside it are issues too (BUILDING_OUTSIDE_PARCEL, GRAVE_OUTSIDE_PARCEL, with
 * `records: [{ kind, id, code, outside_m2 }]`), as PUT refuses them; then there is no compensation preview.
 */
export const checkParcel: Handler = async (ctx, req, res) => {
  const { value, issues } = parseCheckBody(req.body)
  if (!value) throw invalid(issues)
  const [row] = await ctx.db.query<{
    area: Record<string, unknown>
    issues: { code: IssueCode; reason: string; lon: number | null; lat: number | null }[]
    conflicts: unknown[]
  }>(q.check, [JSON.stringify(value.geometry), value.surveyZone, value.excludeId])
  const geojson = JSON.stringify(value.geometry)
  const outside = value.excludeId !== null && row!.issues.length === 0
    ? recordsOutsideIssues(await recordsOutside(ctx.db, value.excludeId, geojson))
    : []
  const compensation = value.excludeId !== null && row!.issues.length === 0 && outside.length === 0
    ? await previewParcelGeometry(ctx.db, value.excludeId, geojson, ctx.user!.username)
    : undefined
  res.json({
    area: row!.area,
    issues: [
      ...row!.issues.map((i) => ({
        code: i.code,
        message: issueMessage(i.code, ctx.lang, { why: i.reason }),
        ...(i.lon !== null && i.lat !== null ? { at: [i.lon, i.lat] } : {}),
      })),
      ...outside.map((o) => ({ code: o.code, message: issueMessage(o.code, ctx.lang, o.params), records: o.records })),
    ],
    conflicts: row!.conflicts,
    ...(compensation ? { compensation } : {}),
  })
}
