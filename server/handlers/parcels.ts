import type { Request, Response } from 'express'
import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { parseParcelFeature, type ParcelInput } from '../schemas/parcel-feature.ts'
import { parseBbox, parseId, parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('parcels', [
  'list', 'by_id', 'version_for_update', 'geometry_issues', 'conflicts', 'lock', 'insert', 'update', 'delete',
  'history', 'set_actor', 'project_exists', 'land_class_exists',
])

interface ParcelRow {
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
}

/** A parcel row as GeoJSON Feature text; the geometry text from PostGIS is spliced in, not re-parsed. */
function featureText(row: ParcelRow): string {
  const { geometry_json, ...properties } = row
  return `{"type":"Feature","id":${row.id},"geometry":${geometry_json},"properties":${JSON.stringify(properties)}}`
}

const etagOf = (version: number) => `"v${version}"`

/** The version an If-Match header names: 428 without one (or with *), 412 for a weak or foreign tag. */
function expectedVersion(req: Request, current: number): number {
  const header = req.get('if-match')?.trim()
  if (!header || header === '*') throw new Problem('PRECONDITION_REQUIRED')
  const m = /^"v(\d{1,9})"$/.exec(header)
  if (!m || Number(m[1]) !== current) throw new Problem('PRECONDITION_FAILED', { version: current }, [], { current_version: current })
  return current
}

async function sendParcel(db: Queryable, res: Response, id: number, status = 200) {
  const [row] = await db.query<ParcelRow>(q.by_id, [id])
  if (!row) throw new Problem('NOT_FOUND')
  res.status(status).set('ETag', etagOf(row.version)).type('application/geo+json').send(featureText(row))
}

/**
 * Everything a parcel write must pass besides the overlap rule, inside the write's transaction: the project
 * and land class exist, and PostGIS finds the geometry valid, big enough and inside the jurisdiction.
 */
async function checkParcelInput(tx: Queryable, input: ParcelInput, geojson: string) {
  const issues: FieldIssue[] = []
  if (!(await tx.query(q.project_exists, [input.properties.project_id])).length) {
    issues.push({ path: 'properties.project_id', code: 'UNKNOWN_PROJECT', params: { id: input.properties.project_id } })
  }
  if (!(await tx.query(q.land_class_exists, [input.properties.land_class])).length) {
    issues.push({ path: 'properties.land_class', code: 'UNKNOWN_LAND_CLASS', params: { code: input.properties.land_class } })
  }
  const geometryIssues = await tx.query<{ code: FieldIssue['code']; reason: string; lon: number | null; lat: number | null }>(
    q.geometry_issues, [geojson])
  for (const g of geometryIssues) {
    issues.push({
      path: 'geometry', code: g.code, params: { why: g.reason },
      ...(g.lon !== null && g.lat !== null ? { at: [g.lon, g.lat] as [number, number] } : {}),
    })
  }
  if (issues.length) throw invalid(issues)
}

/** 409 when the geometry overlaps another active parcel by more than 1 m² (caller holds the parcels lock). */
async function refuseOverlaps(tx: Queryable, geojson: string, excludeId: number | null) {
  await tx.query(q.lock)
  const conflicts = await tx.query<{ id: number; code: string; project_id: number; overlap_m2: number }>(
    q.conflicts, [geojson, excludeId])
  if (conflicts.length) throw new Problem('PARCEL_OVERLAP', {}, [], { conflicts })
}

function parseBody(req: Request): { input: ParcelInput; geojson: string } {
  const { value, issues } = parseParcelFeature(req.body)
  if (!value) throw invalid(issues)
  // Every number was checked finite, so this text is exactly the geometry that was validated.
  return { input: value, geojson: JSON.stringify(value.geometry) }
}

function isUniqueViolation(err: unknown) {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}

async function withCodeCheck<T>(input: ParcelInput, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (isUniqueViolation(err)) throw new Problem('PARCEL_CODE_TAKEN', { code: input.properties.code })
    throw err
  }
}

function writeParams(input: ParcelInput) {
  const p = input.properties
  return [p.project_id, p.code, p.land_class, p.owner, p.claimed_area_mu ?? null, p.survey_zone ?? null, p.status ?? null]
}

async function audit(ctx: Ctx, req: Request, action: string, target: string, status: number, detail?: Record<string, unknown>) {
  await logOperation(ctx.db, {
    username: ctx.user?.username ?? null, action, target, result: status < 400 ? 'ok' : 'rejected', status, ip: req.ip, detail,
  })
}

export const listParcels: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const bbox = parseBbox(singleParam(query, 'bbox'))
  const projectRaw = singleParam(query, 'project')
  const project = projectRaw === undefined ? null : parseId(projectRaw, 'query', 'project')
  const limit = parseLimit(singleParam(query, 'limit'), 10000, 50000)
  const rows = await ctx.db.query<ParcelRow>(q.list, [...(bbox ?? [null, null, null, null]), project, limit + 1])
  const truncated = rows.length > limit
  const features = rows.slice(0, limit).map(featureText).join(',')
  res
    .type('application/geo+json')
    .send(`{"type":"FeatureCollection","numberReturned":${Math.min(rows.length, limit)},"truncated":${truncated},"features":[${features}]}`)
}

export const getParcel: Handler = async (ctx, req, res) => {
  await sendParcel(ctx.db, res, parseId(req.params.id as string, 'path'))
}

export const createParcel: Handler = async (ctx, req, res) => {
  const { input, geojson } = parseBody(req)
  const id = await ctx.db.transaction(async (tx) => {
    await tx.query(q.set_actor, [ctx.user!.username, input.reason])
    await checkParcelInput(tx, input, geojson)
    await refuseOverlaps(tx, geojson, null)
    const [row] = await withCodeCheck(input, () =>
      tx.query<{ id: number }>(q.insert, [...writeParams(input), geojson, ctx.user!.username]))
    return row!.id
  })
  await audit(ctx, req, 'parcel.create', `parcel:${id}`, 201)
  await sendParcel(ctx.db, res, id, 201)
}

export const updateParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { input, geojson } = parseBody(req)
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<{ version: number }>(q.version_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await tx.query(q.set_actor, [ctx.user!.username, input.reason])
    await checkParcelInput(tx, input, geojson)
    await refuseOverlaps(tx, geojson, id)
    await withCodeCheck(input, () =>
      tx.query(q.update, [id, version, ...writeParams(input), geojson, ctx.user!.username]))
  })
  await audit(ctx, req, 'parcel.update', `parcel:${id}`, 200)
  await sendParcel(ctx.db, res, id)
}

export const deleteParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const reason = typeof req.body?.reason === 'string' ? req.body.reason.slice(0, 500) : null
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<{ version: number }>(q.version_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await tx.query(q.set_actor, [ctx.user!.username, reason])
    await tx.query(q.delete, [id, version])
  })
  await audit(ctx, req, 'parcel.delete', `parcel:${id}`, 204)
  res.status(204).end()
}

export const parcelHistory: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const items = await ctx.db.query(q.history, [id])
  if (!items.length) throw new Problem('NOT_FOUND')
  res.json({ parcel_id: id, items })
}
