import type { Queryable } from '../db/database.ts'
import {
  checkParcelInput, geometryIssues, landClassIssues, lockParcels, refuseOutsideScope, refuseOverlaps, refuseRecordsOutside,
  setActor, withCodeCheck, withParcelWrite, writeParams,
} from '../db/parcel-writes.ts'
import { parcelProject } from '../db/compensation.ts'
import { loadQueries } from '../db/queries.ts'
import { deferParcelReferences, moveParcelRecords } from '../db/record-lineage.ts'
import { splitLineReasons } from '../domain/issue-codes.ts'
import { invalid, Problem } from '../problem.ts'
import type { ParcelGeometry } from '../schemas/geojson-intake.ts'
import type { ParcelInput } from '../schemas/parcel-feature.ts'
import { parseMergeBody, parseRestoreBody, parseSplitBody } from '../schemas/parcel-lineage.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { auditIn, expectedVersion, featureText, readParcel, sendParcelRow, type ParcelRow } from './parcels.ts'

// Split, merge and restore: parcel writes that keep lineage in the history. Each runs in one transaction: row
// locks on the parcels it starts from, then the parcels lock (zd_lock_parcels, in that order as PUT does), and
// every new geometry passes the same checks as POST /api/parcels (server/db/parcel-writes.ts). Children's ids are
// reserved first, so the parents' split/merge rows can name them before the children are inserted.

const q = loadQueries('parcels', [
  'lineage_source', 'split_pieces', 'split_misses', 'merge_geometry', 'reserve_ids', 'insert_with_id', 'set_lineage',
  'area_balance', 'delete', 'update', 'version_for_update', 'history_version', 'by_ids',
])

interface SourceRow {
  id: number
  version: number
  project_id: number
  code: string
  land_class: string
  owner: string
  survey_zone: number | null
  status: 'draft' | 'surveyed' | 'approved' | 'acquired'
}

/** Largest code a parcel may have (the parcels.code CHECK and parcel-feature.ts). */
const maxCodeLength = 64

type Lineage = { operation: 'split' | 'merge' | 'restore'; parents?: number[]; children?: number[]; restoredFrom?: number }

async function setLineage(tx: Queryable, l: Lineage) {
  await tx.query(q.set_lineage, [l.operation, l.parents ?? null, l.children ?? null, l.restoredFrom ?? null])
}

async function reserveIds(tx: Queryable, n: number): Promise<number[]> {
  return (await tx.query<{ id: number }>(q.reserve_ids, [n])).map((r) => r.id)
}

/** 422 AREA_NOT_CONSERVED unless the children's ellipsoidal areas add up to the parents' within 0.001 mu. */
async function assertAreaConserved(tx: Queryable, parents: number[], children: number[]) {
  const [b] = await tx.query<{ before_mu: number; after_mu: number; conserved: boolean }>(q.area_balance, [parents, children])
  if (!b!.conserved) {
    throw new Problem('AREA_NOT_CONSERVED', { before: b!.before_mu.toFixed(4), after: b!.after_mu.toFixed(4) }, [], {
      before_mu: b!.before_mu, after_mu: b!.after_mu,
    })
  }
}

/**
 * The history reason of a record moved by a split or merge: what happened to which parcel codes, then the
 * reason given, e.g. "地块分割 T-001 → T-001-1、T-001-2：道路分割".
 */
function lineageReason(operation: 'split' | 'merge', from: string[], to: string[], given: string | null): string {
  const what = `${operation === 'split' ? '地块分割' : '地块合并'} ${from.join('、')} → ${to.join('、')}`
  return (given ? `${what}：${given}` : what).slice(0, 500)
}

/** Inserts a child whose input has been checked under a reserved id, after the overlap rule (409). */
async function insertChild(tx: Queryable, input: ParcelInput, geojson: string, id: number, username: string) {
  await refuseOverlaps(tx, geojson, null)
  await withCodeCheck(input, () => tx.query(q.insert_with_id, [...writeParams(input), geojson, username, id]))
}

async function featureCollection(db: Queryable, ids: number[]): Promise<string> {
  const rows = await db.query<ParcelRow>(q.by_ids, [ids])
  return `{"type":"FeatureCollection","features":[${rows.map(featureText).join(',')}]}`
}

/**
 * POST /api/parcels/:id/split with If-Match: cuts the parcel along `line` (zd_split_parcel). The children, largest
 * first, take the parent's project, land class, owner, status and survey zone, no claimed area, and the codes
 * given or `<code>-1`, `<code>-2`, …; the parent leaves `parcels` with a 'split' history row naming them, each
 * child's 'create' row names the parent. 201 `{ parent_id, children: FeatureCollection }`.
 */
export const splitParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value: body, issues } = parseSplitBody(req.body)
  if (!body) throw invalid(issues)
  const lineJson = JSON.stringify(body.line)
  const username = ctx.user!.username
  const { children } = await withParcelWrite(ctx, async (tx, touch) => {
    const [parent] = await tx.query<SourceRow>(q.lineage_source, [[id]])
    if (!parent) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, parent.version)
    await lockParcels(tx)
    const pieces = await tx.query<{ n: number; geometry_json: string }>(q.split_pieces, [id, lineJson])
    if (pieces.length < 2) {
      const [miss] = await tx.query<{ reason: keyof typeof splitLineReasons }>(q.split_misses, [id, lineJson])
      const why = splitLineReasons[miss!.reason] ?? splitLineReasons.not_cut
      throw invalid([{ path: 'line', code: 'SPLIT_LINE_MISSES', params: { why } }])
    }
    const codes = body.codes ?? pieces.map((p) => `${parent.code}-${p.n}`)
    if (codes.length !== pieces.length) {
      throw new Problem('SPLIT_CODES_COUNT', { pieces: pieces.length, given: codes.length }, [
        { path: 'codes', code: 'SPLIT_CODES_COUNT', params: { pieces: pieces.length, given: codes.length } },
      ])
    }
    if (codes.some((c) => [...c].length > maxCodeLength)) {
      throw invalid([{ path: 'codes', code: 'FIELD_TOO_LONG', params: { max: maxCodeLength } }])
    }
    const ids = await reserveIds(tx, pieces.length)
    await setActor(tx, username, body.reason)
    await deferParcelReferences(tx, [id])
    await setLineage(tx, { operation: 'split', children: ids })
    await tx.query(q.delete, [id, version])
    await setLineage(tx, { operation: 'split', parents: [id] })
    for (const [i, piece] of pieces.entries()) {
      const input: ParcelInput = {
        geometry: JSON.parse(piece.geometry_json) as ParcelGeometry,
        properties: {
          project_id: parent.project_id, code: codes[i]!, land_class: parent.land_class, owner: parent.owner,
          claimed_area_mu: null, survey_zone: parent.survey_zone, status: parent.status,
        },
        reason: body.reason,
      }
      await checkParcelInput(tx, input, piece.geometry_json, `children[${i}].`)
      await insertChild(tx, input, piece.geometry_json, ids[i]!, username)
    }
    await assertAreaConserved(tx, [id], ids)
    await moveParcelRecords(tx, [id], ids, username, lineageReason('split', [parent.code], codes, body.reason), body.reason)
    // The parent's land items go (a paid one is held, moved with the records), the children's come.
    touch(parent.project_id)
    await auditIn(tx, ctx, req, 'parcel.split', `parcel:${id}`, 201, { children: ids })
    return ids
  }, async (tx, ids) => ({ children: await featureCollection(tx, ids) }))
  res.status(201).type('application/json').send(`{"parent_id":${id},"children":${children}}`)
}

/**
 * POST /api/parcels/merge: unites two or more parcels of one project that form one polygon (zd_merge_parcels) into
 * a new parcel with the first one's attributes unless code, land_class or owner are given (no claimed area). Each
 * `{ id, version }` must be current (412). The parents leave `parcels` with 'merge' rows naming the child; the
 * child's 'create' row names the parents. 201 with the new Feature.
 */
export const mergeParcels: Handler = async (ctx, req, res) => {
  const { value: body, issues } = parseMergeBody(req.body)
  if (!body) throw invalid(issues)
  const ids = body.parcels.map((p) => p.id)
  const username = ctx.user!.username
  const child = await withParcelWrite(ctx, async (tx, touch) => {
    const locked = await tx.query<SourceRow>(q.lineage_source, [ids])
    const byId = new Map(locked.map((r) => [r.id, r]))
    const missing = ids.filter((i) => !byId.has(i))
    if (missing.length) throw new Problem('NOT_FOUND', {}, [], { missing })
    await lockParcels(tx)
    const rows = ids.map((i) => byId.get(i)!)
    const stale = body.parcels.filter((p) => byId.get(p.id)!.version !== p.version)
    if (stale.length) {
      const current = stale.map((p) => ({ id: p.id, version: byId.get(p.id)!.version }))
      throw new Problem('PRECONDITION_FAILED', { version: current[0]!.version }, [], { stale: current })
    }
    if (new Set(rows.map((r) => r.project_id)).size > 1) {
      throw new Problem('MERGE_MIXED_PROJECTS', {}, [{ path: 'parcels', code: 'MERGE_MIXED_PROJECTS' }])
    }
    const [merged] = await tx.query<{ geometry_json: string; parts: number }>(q.merge_geometry, [ids])
    if (!merged || merged.parts !== 1) {
      throw new Problem('MERGE_NOT_ADJACENT', {}, [{ path: 'parcels', code: 'MERGE_NOT_ADJACENT' }])
    }
    const first = rows[0]!
    const input: ParcelInput = {
      geometry: JSON.parse(merged.geometry_json) as ParcelGeometry,
      properties: {
        project_id: first.project_id, code: body.code ?? first.code, land_class: body.land_class ?? first.land_class,
        owner: body.owner ?? first.owner, claimed_area_mu: null, survey_zone: first.survey_zone, status: first.status,
      },
      reason: body.reason,
    }
    // As checkParcelInput, with the paths of this body (the project is the parents' and exists).
    const faults = [
      ...(body.land_class ? await landClassIssues(tx, body.land_class, 'land_class') : []),
      ...(await geometryIssues(tx, merged.geometry_json, 'geometry')),
    ]
    if (faults.length) throw invalid(faults)
    const [child] = await reserveIds(tx, 1)
    await setActor(tx, username, body.reason)
    await deferParcelReferences(tx, ids)
    await setLineage(tx, { operation: 'merge', children: [child!] })
    for (const r of rows) await tx.query(q.delete, [r.id, r.version])
    await setLineage(tx, { operation: 'merge', parents: ids })
    await insertChild(tx, input, merged.geometry_json, child!, username)
    await assertAreaConserved(tx, ids, [child!])
    await moveParcelRecords(tx, ids, [child!], username, lineageReason('merge', rows.map((r) => r.code), [input.properties.code], body.reason), body.reason)
    touch(first.project_id)
    await auditIn(tx, ctx, req, 'parcel.merge', `parcel:${child!}`, 201, { parents: ids })
    return child!
  }, readParcel)
  sendParcelRow(res, child, 201)
}

/**
 * POST /api/parcels/:id/restore with If-Match: a new version carrying the geometry and attributes of an earlier
 * `version` (history 'restore' with restored_from), after the same validity and overlap checks as PUT (409 when
 * the old shape now overlaps another parcel). Only for a parcel that still exists (404 otherwise).
 */
export const restoreParcel: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value: body, issues } = parseRestoreBody(req.body)
  if (!body) throw invalid(issues)
  const row = await withParcelWrite(ctx, async (tx, touch) => {
    const [current] = await tx.query<{ version: number }>(q.version_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    const version = expectedVersion(req, current.version)
    await lockParcels(tx)
    if (body.version === version) {
      throw new Problem('RESTORE_SAME_VERSION', { version }, [{ path: 'version', code: 'RESTORE_SAME_VERSION', params: { version } }])
    }
    const [old] = await tx.query<SourceRow & { claimed_area_mu: string | null; geometry_json: string }>(
      q.history_version, [id, body.version])
    if (!old) {
      throw new Problem('HISTORY_VERSION_UNKNOWN', { version: body.version }, [
        { path: 'version', code: 'HISTORY_VERSION_UNKNOWN', params: { version: body.version } },
      ])
    }
    const input: ParcelInput = {
      geometry: JSON.parse(old.geometry_json) as ParcelGeometry,
      properties: {
        project_id: old.project_id, code: old.code, land_class: old.land_class, owner: old.owner,
        claimed_area_mu: old.claimed_area_mu, survey_zone: old.survey_zone, status: old.status,
      },
      reason: body.reason,
    }
    await setActor(tx, ctx.user!.username, body.reason)
    await setLineage(tx, { operation: 'restore', restoredFrom: body.version })
    await checkParcelInput(tx, input, old.geometry_json)
    await refuseRecordsOutside(tx, id, old.geometry_json)
    await refuseOutsideScope(tx, old.project_id, old.geometry_json, id)
    await refuseOverlaps(tx, old.geometry_json, id)
    touch((await parcelProject(tx, id))!)
    touch(old.project_id)
    await withCodeCheck(input, () =>
      tx.query(q.update, [id, version, ...writeParams(input), old.geometry_json, ctx.user!.username]))
    await auditIn(tx, ctx, req, 'parcel.restore', `parcel:${id}`, 200, { restored_from: body.version })
    return id
  }, readParcel)
  sendParcelRow(res, row)
}
