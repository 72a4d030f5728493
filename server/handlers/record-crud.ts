import type { Request, Response } from 'express'
import { applyCompensation } from '../db/compensation.ts'
import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { parseBbox, parseId, parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { auditIn, expectedVersion } from './parcels.ts'

/**
 * The one flow every record type tied to parcels and households shares (buildings, graves, attachments,
 * resettlements, agreements, compensation items): list, read with an ETag, create, replace with If-Match, delete
 * with If-Match, history from record_history, each write in one transaction with zd.actor and zd.reason set for
 * the history trigger, logged with audit(), and followed in the same transaction by the project's compensation
 * recomputation when the record feeds it. A type gives only its own parts: a body parser, its checks against the
 * database, and its named queries (sql/queries/<type>.sql), whose select_one and list return the record's JSON
 * fields as columns (plus geometry_json for a Feature).
 */

const q = loadQueries('records', ['set_actor', 'project_exists', 'parcel_in_project', 'household_in_project', 'history'])

export type RecordType =
  | 'building' | 'grave' | 'attachment' | 'resettlement' | 'agreement' | 'compensation_item' | 'acquisition_scope'
  | 'approval_batch' | 'area_claim'

/** What every parsed record body carries. */
export interface RecordInput {
  projectId: number
  reason: string | null
}

/** A stored row as for_update reads it: at least its version and project. */
export interface StoredRecord {
  id: number
  version: number
  project_id: number
  [column: string]: unknown
}

export interface RecordKind<I extends RecordInput> {
  type: RecordType
  /**
   * Named queries. select_one ($1 id) and list ($1 project, $2 parcel, $3 household, each or NULL; $4 limit; then
   * the listParams) give the record's JSON fields; for_update ($1 id) locks the row; insert takes the prepared
   * parameters then the user and returns id; update takes $1 id, $2 version, the prepared parameters, the user;
   * delete $1 id, $2 version.
   */
  queries: { select_one: string; list: string; for_update: string; insert: string; update: string; delete: string }
  /** 'feature': answered as GeoJSON (the row's geometry_json is the geometry); 'json': a plain object. */
  format: 'json' | 'feature'
  /** Checks a body at the edge; `current` is the stored row on a PUT. */
  parse(body: unknown, current: StoredRecord | undefined): { value?: I; issues: FieldIssue[] }
  /** Checks against the database (inside the write's transaction) and returns the bound write parameters. */
  prepare(tx: Queryable, input: I, current: StoredRecord | undefined): Promise<unknown[]>
  /** true when the record feeds the computed compensation (zd_compensation_proposed). */
  compensation: boolean
  /** A unique violation of the named constraint as the Problem to answer. */
  unique?: Record<string, (input: I) => Problem>
  /** Extra list parameters ($5…) from the query string, e.g. a bbox. */
  listParams?: (query: Record<string, unknown>) => unknown[]
  /** Refuses a delete (e.g. of a computed compensation item) by throwing a Problem. */
  refuseDelete?: (current: StoredRecord) => void
  /** Runs in the delete's transaction before the row goes (e.g. an attachment's photos). */
  beforeDelete?: (tx: Queryable, id: number) => Promise<void>
  /**
   * Adds computed fields to rows of select_one or list before they are answered (e.g. a batch's Art. 46 areas and
   * authority); returns the rows in the same order.
   */
  present?: (db: Queryable, rows: Record<string, unknown>[]) => Promise<Record<string, unknown>[]>
}

/** Who and why for the history triggers of this transaction. */
export async function setRecordActor(tx: Queryable, username: string, reason: string | null) {
  await tx.query(q.set_actor, [username, reason])
}

/**
 * The reference rules of every record: the project exists; a parcel or household given belongs to that project
 * (422 PARCEL_NOT_IN_PROJECT / HOUSEHOLD_NOT_IN_PROJECT at `parcel_id` / `household_id`, with `prefix`). Locks
 * the referenced rows until commit. Throws a 422 listing every fault.
 */
export async function checkReferences(
  tx: Queryable, projectId: number, refs: { parcelId?: number | null; householdId?: number | null }, prefix = '',
) {
  if (!(await tx.query(q.project_exists, [projectId])).length) {
    throw invalid([{ path: `${prefix}project_id`, code: 'UNKNOWN_PROJECT', params: { id: projectId } }])
  }
  const issues: FieldIssue[] = []
  if (refs.parcelId != null && !(await tx.query(q.parcel_in_project, [refs.parcelId, projectId])).length) {
    issues.push({ path: `${prefix}parcel_id`, code: 'PARCEL_NOT_IN_PROJECT', params: { id: refs.parcelId } })
  }
  if (refs.householdId != null && !(await tx.query(q.household_in_project, [refs.householdId, projectId])).length) {
    issues.push({ path: `${prefix}household_id`, code: 'HOUSEHOLD_NOT_IN_PROJECT', params: { id: refs.householdId } })
  }
  if (issues.length) throw invalid(issues)
}

/** A row of select_one or list as GeoJSON Feature text; the geometry text from PostGIS is spliced in. */
export function recordFeatureText(row: Record<string, unknown>): string {
  const { geometry_json, ...properties } = row
  return `{"type":"Feature","id":${Number(row.id)},"geometry":${String(geometry_json)},"properties":${JSON.stringify(properties)}}`
}

/** The record's answer body as text, in its format. */
export function recordText(format: 'json' | 'feature', row: Record<string, unknown>): string {
  return format === 'feature' ? recordFeatureText(row) : JSON.stringify(row)
}

function isUniqueViolation(err: unknown): err is { constraint?: string } {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505'
}

/** A reason from a DELETE's optional JSON body `{ reason }`. */
function deleteReason(req: Request): string | null {
  const r: unknown = (req.body as { reason?: unknown } | undefined)?.reason
  return typeof r === 'string' ? r.normalize('NFC').trim().slice(0, 500) || null : null
}

export interface RecordHandlers {
  list: Handler
  get: Handler
  create: Handler
  update: Handler
  remove: Handler
  history: Handler
  /** Sends one record (its current version) with its ETag. */
  send: (db: Queryable, res: Response, id: number, status?: number) => Promise<void>
  /** The query parameters the list takes (routes.ts): the three filters, limit, and bbox where listParams reads it. */
  listQuery: readonly string[]
}

/** The six handlers of a record type. */
export function recordHandlers<I extends RecordInput>(kind: RecordKind<I>): RecordHandlers {
  const contentType = kind.format === 'feature' ? 'application/geo+json' : 'application/json'

  async function send(db: Queryable, res: Response, id: number, status = 200) {
    const [found] = await db.query<Record<string, unknown> & { version: number }>(kind.queries.select_one, [id])
    if (!found) throw new Problem('NOT_FOUND')
    const row = kind.present ? { ...(await kind.present(db, [found]))[0]!, version: found.version } : found
    res.status(status).set('ETag', `"v${row.version}"`).type(contentType).send(recordText(kind.format, row))
  }

  async function write<T>(input: I, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      const make = isUniqueViolation(err) ? kind.unique?.[err.constraint ?? ''] : undefined
      if (make) throw make(input)
      throw err
    }
  }

  const list: Handler = async (ctx, req, res) => {
    const query = req.query as Record<string, unknown>
    const ref = (name: string) => {
      const raw = singleParam(query, name)
      return raw === undefined ? null : parseId(raw, 'query', name)
    }
    const limit = parseLimit(singleParam(query, 'limit'), 10000, 50000)
    const extra = kind.listParams?.(query) ?? []
    const rows = await ctx.db.query<Record<string, unknown>>(kind.queries.list, [ref('project'), ref('parcel'), ref('household'), limit + 1, ...extra])
    const truncated = rows.length > limit
    const shown = kind.present ? await kind.present(ctx.db, rows.slice(0, limit)) : rows.slice(0, limit)
    if (kind.format === 'feature') {
      res.type('application/geo+json').send(
        `{"type":"FeatureCollection","numberReturned":${shown.length},"truncated":${truncated},"features":[${shown.map(recordFeatureText).join(',')}]}`)
    } else {
      res.type('application/json').send(`{"items":[${shown.map((r) => JSON.stringify(r)).join(',')}],"numberReturned":${shown.length},"truncated":${truncated}}`)
    }
  }

  const get: Handler = async (ctx, req, res) => {
    await send(ctx.db, res, parseId(req.params.id as string, 'path'))
  }

  const create: Handler = async (ctx, req, res) => {
    const { value, issues } = kind.parse(req.body, undefined)
    if (!value) throw invalid(issues)
    const user = ctx.user!.username
    const id = await ctx.db.transaction(async (tx) => {
      await setRecordActor(tx, user, value.reason)
      const params = await kind.prepare(tx, value, undefined)
      const [row] = await write(value, () => tx.query<{ id: number }>(kind.queries.insert, [...params, user]))
      if (kind.compensation) await applyCompensation(tx, value.projectId)
      await auditIn(tx, ctx, req, `${kind.type}.create`, `${kind.type}:${row!.id}`, 201)
      return row!.id
    })
    await send(ctx.db, res, id, 201)
  }

  const update: Handler = async (ctx, req, res) => {
    const id = parseId(req.params.id as string, 'path')
    const user = ctx.user!.username
    await ctx.db.transaction(async (tx) => {
      const [current] = await tx.query<StoredRecord>(kind.queries.for_update, [id])
      if (!current) throw new Problem('NOT_FOUND')
      const version = expectedVersion(req, current.version)
      const { value, issues } = kind.parse(req.body, current)
      if (!value) throw invalid(issues)
      await setRecordActor(tx, user, value.reason)
      const params = await kind.prepare(tx, value, current)
      const done = await write(value, () => tx.query(kind.queries.update, [id, version, ...params, user]))
      if (!done.length) throw new Problem('PRECONDITION_FAILED', { version }, [], { current_version: version })
      if (kind.compensation) {
        await applyCompensation(tx, value.projectId)
        if (current.project_id !== value.projectId) await applyCompensation(tx, current.project_id)
      }
      await auditIn(tx, ctx, req, `${kind.type}.update`, `${kind.type}:${id}`, 200)
    })
    await send(ctx.db, res, id)
  }

  const remove: Handler = async (ctx, req, res) => {
    const id = parseId(req.params.id as string, 'path')
    await ctx.db.transaction(async (tx) => {
      const [current] = await tx.query<StoredRecord>(kind.queries.for_update, [id])
      if (!current) throw new Problem('NOT_FOUND')
      const version = expectedVersion(req, current.version)
      kind.refuseDelete?.(current)
      await setRecordActor(tx, ctx.user!.username, deleteReason(req))
      await kind.beforeDelete?.(tx, id)
      await tx.query(kind.queries.delete, [id, version])
      if (kind.compensation) await applyCompensation(tx, current.project_id)
      await auditIn(tx, ctx, req, `${kind.type}.delete`, `${kind.type}:${id}`, 204)
    })
    res.status(204).end()
  }

  const history: Handler = async (ctx, req, res) => {
    const id = parseId(req.params.id as string, 'path')
    const items = await ctx.db.query(q.history, [kind.type, id])
    if (!items.length) throw new Problem('NOT_FOUND')
    res.json({ record_type: kind.type, id, items })
  }

  // bboxParams is the only listParams there is; a kind with another would list its names here.
  const listQuery = ['project', 'parcel', 'household', 'limit', ...(kind.listParams ? ['bbox'] : [])]
  return { list, get, create, update, remove, history, send, listQuery }
}

/** bbox=minLon,minLat,maxLon,maxLat as four list parameters (NULLs without one). */
export function bboxParams(query: Record<string, unknown>): unknown[] {
  return parseBbox(singleParam(query, 'bbox')) ?? [null, null, null, null]
}
