import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import { parseCompensationItemBody, type CompensationItemInput, type StoredItem } from '../schemas/compensation-item.ts'
import { checkReferences, recordHandlers } from './record-crud.ts'

const q = loadQueries('compensation-items', ['select_one', 'list', 'for_update', 'amount', 'insert', 'update', 'delete'])

/**
 * A manual item with a rate gets amount = round(quantity × rate, 2) computed here in SQL; an amount sent that
 * differs is 422 COMPENSATION_AMOUNT_MISMATCH. Without a rate the amount sent is the lump sum. A computed item
 * keeps everything but paid_on and notes (the parser already refused other changes).
 */
async function prepare(tx: Queryable, c: CompensationItemInput): Promise<unknown[]> {
  await checkReferences(tx, c.projectId, { parcelId: c.parcelId, householdId: c.householdId })
  let amount = c.amountYuan
  if (!c.computed && c.rateYuan !== null) {
    const [row] = await tx.query<{ amount_yuan: string; fits: boolean }>(q.amount, [c.quantity, c.rateYuan])
    if (!row!.fits) {
      throw invalid([{ path: 'amount_yuan', code: 'MONEY_OUT_OF_RANGE', params: { sign: { 'zh-CN': '不小于 0', en: '0 or more' } } }])
    }
    if (amount !== null && amount !== row!.amount_yuan) {
      throw invalid([{ path: 'amount_yuan', code: 'COMPENSATION_AMOUNT_MISMATCH', params: { expected: row!.amount_yuan } }])
    }
    amount = row!.amount_yuan
  }
  return [c.projectId, c.itemType, c.householdId, c.parcelId, c.quantity, c.unit, c.rateYuan, amount, c.paidOn, c.notes,
    c.computed?.rateSetId ?? null]
}

/**
 * /api/compensation-items: 补偿 items, written by finance and admin. Manual items in full; computed items (made by
 * the rate computation, server/db/compensation.ts) only get paid_on and notes, and cannot be deleted.
 */
export const compensationItems = recordHandlers<CompensationItemInput>({
  type: 'compensation_item',
  queries: q,
  format: 'json',
  parse: (body, current) => parseCompensationItemBody(body, current as unknown as StoredItem | undefined),
  prepare,
  compensation: false,
  refuseDelete: (current) => {
    if (current.origin === 'computed') throw new Problem('COMPUTED_ITEM_READ_ONLY')
  },
})
