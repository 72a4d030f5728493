import type { Request } from 'express'
import {
  applyCompensation, compensationChanges, compensationDelta, compensationTotals,
} from '../db/compensation.ts'
import type { Queryable } from '../db/database.ts'
import { logOperation } from '../db/operation-log.ts'
import { setActor } from '../db/parcel-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { landItemTypes, parseRateSetBody, parseRecomputeBody, type RateSetInput } from '../schemas/compensation.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

// Compensation computed from versioned rate sets (补偿标准). The computation is one SQL function
// (sql/functions/zd_compensation_proposed.sql); these handlers parse, write a rate set, and apply or preview the
// changes in one transaction with the operation log. Every amount leaves as a decimal string.

const q = loadQueries('compensation', [
  'item_types', 'project_exists', 'rate_sets', 'lock_rate_sets', 'insert_rate_set', 'insert_rates', 'known_item_types',
  'known_land_keys',
])

const projectParam = (req: Request) => parseId(req.params.id as string, 'path')

async function requireProject(db: Queryable, projectId: number) {
  if (!(await db.query(q.project_exists, [projectId])).length) throw new Problem('NOT_FOUND')
}

/** GET /api/compensation-item-types → `{ items: [{ code, name_zh, name_en, unit }] }` in the office's order. */
export const listItemTypes: Handler = async (ctx, _req, res) => {
  res.json({ items: await ctx.db.query(q.item_types) })
}

/** GET /api/projects/:id/rate-sets → `{ items: [rate set with its rates] }`, newest first; 404 for no project. */
export const listRateSets: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  await requireProject(ctx.db, projectId)
  res.json({ items: await ctx.db.query(q.rate_sets, [projectId, null]) })
}

/** UNKNOWN_ITEM_TYPE and UNKNOWN_LAND_CLASS for the rates of a parsed body, from the reference tables. */
async function referenceIssues(db: Queryable, input: RateSetInput): Promise<FieldIssue[]> {
  const types = [...new Set(input.rates.map((r) => r.item_type))]
  const knownTypes = new Set((await db.query<{ code: string }>(q.known_item_types, [types])).map((r) => r.code))
  const landKeys = [...new Set(input.rates.filter((r) => (landItemTypes as readonly string[]).includes(r.item_type) && r.key !== '*').map((r) => r.key))]
  const knownLand = new Set((await db.query<{ key: string }>(q.known_land_keys, [landKeys])).map((r) => r.key))
  const issues: FieldIssue[] = []
  input.rates.forEach((r, i) => {
    if (!knownTypes.has(r.item_type)) {
      issues.push({ path: `rates[${i}].item_type`, code: 'UNKNOWN_ITEM_TYPE', params: { code: r.item_type } })
    } else if ((landItemTypes as readonly string[]).includes(r.item_type) && r.key !== '*' && !knownLand.has(r.key)) {
      issues.push({ path: `rates[${i}].key`, code: 'UNKNOWN_LAND_CLASS', params: { code: r.key } })
    }
  })
  return issues
}

/**
 * POST /api/projects/:id/rate-sets (finance, admin): a new version (previous + 1) of the project's rate set, never
 * changing an old one; in the same transaction the project's computed items are recomputed under it (history
 * reason "rate set v<N> (<name>)"). 201 → the rate set with `changes` and `delta_yuan`.
 */
export const createRateSet: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const input = parseRateSetBody(req.body)
  const user = ctx.user!.username
  const answer = await ctx.db.transaction(async (tx) => {
    await requireProject(tx, projectId)
    const issues = await referenceIssues(tx, input)
    if (issues.length) throw invalid(issues)
    await tx.query(q.lock_rate_sets, [projectId])
    const [set] = await tx.query<{ id: number; version_no: number }>(q.insert_rate_set, [
      projectId, input.name, input.basis, input.effective_from, user, input.note,
    ])
    await tx.query(q.insert_rates, [
      set!.id, input.rates.map((r) => r.item_type), input.rates.map((r) => r.key), input.rates.map((r) => r.rate_yuan),
    ])
    await setActor(tx, user, input.note)
    const changes = await applyCompensation(tx, projectId)
    const delta = await compensationDelta(tx, changes)
    const [view] = await tx.query<Record<string, unknown>>(q.rate_sets, [projectId, set!.id])
    await logOperation(tx, {
      username: user, action: 'compensation.rate_set', target: `project:${projectId}`, result: 'ok', status: 201, ip: req.ip,
      detail: { rate_set_id: set!.id, version_no: set!.version_no, rates: input.rates.length, changes: changes.length, delta_yuan: delta },
    })
    return { ...view!, changes, delta_yuan: delta }
  })
  res.status(201).json(answer)
}

/**
 * POST /api/projects/:id/compensation/recompute (finance, admin) `{ dry_run?: boolean }`: the changes between the
 * project's computed items and what its records and current rate set give now; applied in this transaction unless
 * dry_run. 200 → `{ project_id, dry_run, changes, delta_yuan, total_before_yuan, total_after_yuan }` (totals of all
 * the project's items, computed and manual).
 */
export const recompute: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const { dryRun } = parseRecomputeBody(req.body)
  const user = ctx.user!.username
  const answer = await ctx.db.transaction(async (tx) => {
    await requireProject(tx, projectId)
    await setActor(tx, user, 'recompute')
    const before = await compensationTotals(tx, projectId)
    const changes = dryRun ? await compensationChanges(tx, projectId) : await applyCompensation(tx, projectId)
    const delta = await compensationDelta(tx, changes)
    const after = dryRun ? (await compensationTotals(tx, projectId, delta)).total_after_yuan : (await compensationTotals(tx, projectId)).total_yuan
    if (!dryRun) {
      await logOperation(tx, {
        username: user, action: 'compensation.recompute', target: `project:${projectId}`, result: 'ok', status: 200, ip: req.ip,
        detail: { changes: changes.length, delta_yuan: delta },
      })
    }
    return {
      project_id: projectId, dry_run: dryRun, changes, delta_yuan: delta, total_before_yuan: before.total_yuan, total_after_yuan: after,
    }
  })
  res.json(answer)
}
