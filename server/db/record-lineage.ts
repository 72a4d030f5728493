import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('record-lineage', [
  'defer', 'set_reason', 'move_household_links', 'touch_households', 'move_buildings', 'move_graves', 'largest_child',
  'move_attachments', 'move_compensation_items', 'remember_batches', 'move_batches',
])

/**
 * Lets a split or merge delete the parcels `parents` that records still point at: the references are checked at
 * commit instead (migration 009), by which time moveParcelRecords must have moved every record. The approval
 * batches of the parents are remembered for moveParcelRecords (their rows go with the parents). Call before
 * deleting the parents.
 */
export async function deferParcelReferences(tx: Queryable, parents: number[]) {
  await tx.query(q.defer)
  await tx.query(q.remember_batches, [parents])
}

/** Where the records of a split or merge went: record ids by type (households: those whose links changed). */
export interface MovedRecords {
  households: number[]
  buildings: { id: number; parcel_id: number }[]
  graves: { id: number; parcel_id: number }[]
  attachments: number[]
  compensation_items: number[]
  /** The approval batches that held a parent (each has a new version; the children joined one of them). */
  approval_batches: number[]
}

/**
 * Moves the records of the retired parcels `parents` to their successors `children` (already inserted), inside
 * the lineage transaction: household links to every child; each building to the child holding most of its
 * footprint; each grave to the child containing it (else the nearest); attachments to the largest child;
 * compensation items with their source record (a building's, grave's or attachment's), the others to the largest child;
 * the children to the approval batch of their parents (the lowest batch id when a merge spans two). Each moved record
 * gets a new version whose history reason is `reason`; zd.reason is then set
 * back to `restoreReason` for the writes that follow.
 */
export async function moveParcelRecords(
  tx: Queryable, parents: number[], children: number[], username: string, reason: string, restoreReason: string | null,
): Promise<MovedRecords> {
  await tx.query(q.set_reason, [reason])
  const households = (await tx.query<{ household_id: number }>(q.move_household_links, [parents, children])).map((r) => r.household_id)
  if (households.length) await tx.query(q.touch_households, [households, username])
  const buildings = await tx.query<{ id: number; parcel_id: number }>(q.move_buildings, [parents, children, username])
  const graves = await tx.query<{ id: number; parcel_id: number }>(q.move_graves, [parents, children, username])
  const [largest] = await tx.query<{ id: number }>(q.largest_child, [children])
  const attachments = (await tx.query<{ id: number }>(q.move_attachments, [parents, largest!.id, username])).map((r) => r.id)
  const items = (await tx.query<{ id: number }>(q.move_compensation_items, [parents, largest!.id, username])).map((r) => r.id)
  const batches = (await tx.query<{ id: number }>(q.move_batches, [children, username])).map((r) => r.id)
  await tx.query(q.set_reason, [restoreReason])
  return { households, buildings, graves, attachments, compensation_items: items, approval_batches: batches }
}
