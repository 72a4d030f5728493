import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { id, notAnObject, optionalDate, optionalText, reason, recordIssues } from './record-fields.ts'

const body = z.strictObject({
  project_id: id,
  household_id: id,
  number: optionalText(64),
  signed_on: optionalDate('1990-01-01'),
  notes: optionalText(2000),
  reason,
})

export interface AgreementInput {
  projectId: number
  householdId: number
  number: string | null
  /** null: not signed yet. */
  signedOn: string | null
  notes: string | null
  reason: string | null
}

/** Checks an agreement body (POST/PUT /api/agreements): `{ project_id, household_id, number?, signed_on?, notes?, reason? }`. */
export function parseAgreementBody(value: unknown): { value?: AgreementInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  const r = body.safeParse(value)
  if (!r.success) return { issues: recordIssues(r.error, '') }
  const b = r.data
  return {
    value: { projectId: b.project_id, householdId: b.household_id, number: b.number, signedOn: b.signed_on, notes: b.notes, reason: b.reason },
    issues: [],
  }
}
