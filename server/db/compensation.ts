import { issueCodes, type IssueCode } from '../domain/issue-codes.ts'
import { Problem } from '../problem.ts'
import type { Database, Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('compensation', [
  'apply', 'changes', 'delta', 'totals', 'parcel_project', 'defer_parcel_links', 'try_geometry',
])

/**
 * One difference between the computed compensation items a project should have (its records under its current
 * rate set, sql/functions/zd_compensation_proposed.sql) and those stored. Quantities and yuan are exact decimal
 * strings; `old_*` is null for 'add', `new_*` null for 'remove' and for a 'held' item whose source is gone.
 * 'held': the item is paid (paid_on set) and would change; it is never changed automatically.
 */
export interface CompensationChange {
  /** The stored item; null for 'add' before it is applied (applyCompensation returns the new id). */
  item_id: number | null
  item_type: string
  source_key: string
  change: 'add' | 'update' | 'remove' | 'held'
  household_id: number | null
  parcel_id: number | null
  unit: string
  old_quantity: string | null
  new_quantity: string | null
  old_rate_yuan: string | null
  new_rate_yuan: string | null
  old_amount_yuan: string | null
  new_amount_yuan: string | null
  /** The rate set the new figures come from (null when the item is removed). */
  rate_set_id: number | null
}

/** SQLSTATE of zd_compensation_apply's refusal of an amount of 1e12 yuan or more. */
const tooLarge = 'ZC001'

function refusal(err: unknown): Problem | undefined {
  const e = err as { code?: string; message?: string; detail?: string } | null
  if (e?.code !== tooLarge || !e.message || !(e.message in issueCodes)) return undefined
  let params: Record<string, unknown> = {}
  try {
    params = JSON.parse(e.detail ?? '{}') as Record<string, unknown>
  } catch {
    params = {}
  }
  return new Problem(e.message as IssueCode, params, [], params)
}

/**
 * Applies the project's compensation changes in the caller's transaction, which must have set zd.actor (the
 * set_actor query of the resource): adds, updates and removes computed items, leaves held (paid) items alone, and
 * returns every change found. `reason` goes to the items' history after the rate set's name; without it the
 * caller's zd.reason does. A computed amount of 1e12 yuan or more is a 422 COMPENSATION_TOO_LARGE.
 */
export async function applyCompensation(tx: Queryable, projectId: number, reason?: string): Promise<CompensationChange[]> {
  try {
    return await tx.query<CompensationChange>(q.apply, [projectId, reason ?? null])
  } catch (err) {
    throw refusal(err) ?? err
  }
}

/** applyCompensation for each distinct project, in id order; all the changes. */
export async function applyCompensationFor(tx: Queryable, projectIds: number[], reason?: string): Promise<CompensationChange[]> {
  const all: CompensationChange[] = []
  for (const id of [...new Set(projectIds)].sort((a, b) => a - b)) all.push(...(await applyCompensation(tx, id, reason)))
  return all
}

/** The changes applyCompensation would make now, without making them. */
export async function compensationChanges(tx: Queryable, projectId: number): Promise<CompensationChange[]> {
  return tx.query<CompensationChange>(q.changes, [projectId])
}

/**
 * What the changes do to the project's total, exact yuan ("-120.50"): the new amounts of added and updated items
 * minus the old amounts of updated and removed ones; held items change nothing.
 */
export async function compensationDelta(tx: Queryable, changes: CompensationChange[]): Promise<string> {
  const applied = changes.filter((c) => c.change !== 'held')
  const added = applied.flatMap((c) => (c.new_amount_yuan === null ? [] : [c.new_amount_yuan]))
  const removed = applied.flatMap((c) => (c.old_amount_yuan === null ? [] : [c.old_amount_yuan]))
  const [row] = await tx.query<{ delta_yuan: string }>(q.delta, [added, removed])
  return row!.delta_yuan
}

/** The project's compensation total (all items) and that total plus `delta`, exact yuan. */
export async function compensationTotals(tx: Queryable, projectId: number, delta = '0'): Promise<{ total_yuan: string; total_after_yuan: string }> {
  const [row] = await tx.query<{ total_yuan: string; total_after_yuan: string }>(q.totals, [projectId, delta])
  return row!
}

/** The project a parcel belongs to now (undefined if there is no such parcel). */
export async function parcelProject(tx: Queryable, parcelId: number): Promise<number | undefined> {
  const [row] = await tx.query<{ project_id: number }>(q.parcel_project, [parcelId])
  return row?.project_id
}

/**
 * Checks the compensation items' links to parcels at commit instead of at once, for a write that removes parcels
 * (delete, split, merge) before applyCompensation removes their computed items. A paid or manual item left on a
 * removed parcel still fails the commit (PARCEL_HAS_RECORDS).
 */
export async function deferCompensationParcelLinks(tx: Queryable) {
  await tx.query(q.defer_parcel_links)
}

/** Thrown to roll back the preview transaction; never leaves this module. */
class PreviewDone extends Error {
  constructor(readonly result: { changes: CompensationChange[]; delta_yuan: string } | undefined) {
    super('preview')
  }
}

/**
 * What saving `geojson` (checked valid) as the geometry of parcel `parcelId` would change in its project's
 * compensation: the candidate is written and the changes read in a transaction that is always rolled back, so
 * nothing persists. undefined when there is no such parcel.
 */
export async function previewParcelGeometry(db: Database, parcelId: number, geojson: string, actor: string):
  Promise<{ changes: CompensationChange[]; delta_yuan: string } | undefined> {
  try {
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', $1::text, true), set_config('zd.reason', 'preview', true)", [actor])
      const [row] = await tx.query<{ project_id: number }>(q.try_geometry, [parcelId, geojson, actor])
      if (!row) throw new PreviewDone(undefined)
      const changes = await compensationChanges(tx, row.project_id)
      throw new PreviewDone({ changes, delta_yuan: await compensationDelta(tx, changes) })
    })
  } catch (err) {
    if (err instanceof PreviewDone) return err.result
    throw err
  }
  return undefined
}
