import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { parseAgreementBody, type AgreementInput } from '../schemas/agreement.ts'
import { checkReferences, recordHandlers, type StoredRecord } from './record-crud.ts'

const q = loadQueries('agreements', ['select_one', 'list', 'for_update', 'of_household', 'number_taken', 'insert', 'update', 'delete'])

/** One agreement per household (409 AGREEMENT_EXISTS); a number once per project (409 AGREEMENT_NUMBER_TAKEN). */
async function prepare(tx: Queryable, a: AgreementInput, current: StoredRecord | undefined): Promise<unknown[]> {
  await checkReferences(tx, a.projectId, { householdId: a.householdId })
  const [other] = await tx.query<{ id: number }>(q.of_household, [a.householdId, current?.id ?? null])
  if (other) throw new Problem('AGREEMENT_EXISTS', { household: a.householdId }, [], { existing_id: other.id })
  if (a.number !== null && (await tx.query(q.number_taken, [a.projectId, a.number, current?.id ?? null])).length) {
    throw new Problem('AGREEMENT_NUMBER_TAKEN', { number: a.number })
  }
  return [a.projectId, a.householdId, a.number, a.signedOn, a.notes]
}

/** /api/agreements: 补偿安置协议, one per household, written by planner and admin. */
export const agreements = recordHandlers<AgreementInput>({
  type: 'agreement',
  queries: q,
  format: 'json',
  parse: (body) => parseAgreementBody(body),
  prepare,
  compensation: false,
  unique: {
    agreements_household_id_key: (a) => new Problem('AGREEMENT_EXISTS', { household: a.householdId }),
    agreements_project_id_number_key: (a) => new Problem('AGREEMENT_NUMBER_TAKEN', { number: a.number }),
  },
})
