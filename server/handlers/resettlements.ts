import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { parseResettlementBody, type ResettlementInput } from '../schemas/resettlement.ts'
import { checkReferences, recordHandlers, type StoredRecord } from './record-crud.ts'

const q = loadQueries('resettlements', ['select_one', 'list', 'for_update', 'of_household', 'insert', 'update', 'delete'])

/** One resettlement per household: a second is 409 RESETTLEMENT_EXISTS naming the first. */
async function prepare(tx: Queryable, r: ResettlementInput, current: StoredRecord | undefined): Promise<unknown[]> {
  await checkReferences(tx, r.projectId, { householdId: r.householdId })
  const [other] = await tx.query<{ id: number }>(q.of_household, [r.householdId, current?.id ?? null])
  if (other) throw new Problem('RESETTLEMENT_EXISTS', { household: r.householdId }, [], { existing_id: other.id })
  return [r.projectId, r.householdId, r.persons, r.method, r.site, r.transitionStart, r.transitionEnd, r.delayMonths, r.notes]
}

/** /api/resettlements: 安置, one per household, written by planner and admin; feeds the transition fees. */
export const resettlements = recordHandlers<ResettlementInput>({
  type: 'resettlement',
  queries: q,
  format: 'json',
  parse: (body) => parseResettlementBody(body),
  prepare,
  compensation: true,
  unique: {
    resettlements_household_id_key: (r) => new Problem('RESETTLEMENT_EXISTS', { household: r.householdId }),
  },
})
