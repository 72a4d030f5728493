import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { id, notAnObject, optionalDate, optionalText, reason, recordIssues } from './record-fields.ts'

/** 货币安置 cash, 产权调换 property_swap, 宅基地安置 homestead. */
export const resettlementMethods = ['cash', 'property_swap', 'homestead'] as const

const body = z.strictObject({
  project_id: id,
  household_id: id,
  persons: z.number().int().min(0).max(50),
  method: z.enum(resettlementMethods),
  site: optionalText(200),
  transition_start: optionalDate('1990-01-01'),
  transition_end: optionalDate('1990-01-01'),
  delay_months: z.number().int().min(0).max(240).optional().transform((v) => v ?? 0),
  notes: optionalText(2000),
  reason,
})

export interface ResettlementInput {
  projectId: number
  householdId: number
  persons: number
  method: (typeof resettlementMethods)[number]
  site: string | null
  transitionStart: string | null
  transitionEnd: string | null
  delayMonths: number
  notes: string | null
  reason: string | null
}

/**
 * Checks a resettlement body (POST/PUT /api/resettlements): `{ project_id, household_id, persons (0–50), method,
 * site?, transition_start?, transition_end? (not before the start), delay_months? (0–240), notes?, reason? }`.
 * Cash resettlement has no transition (422 RESETTLEMENT_CASH_TRANSITION).
 */
export function parseResettlementBody(value: unknown): { value?: ResettlementInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  const r = body.safeParse(value)
  if (!r.success) return { issues: recordIssues(r.error, '') }
  const b = r.data
  const issues: FieldIssue[] = []
  if (b.transition_start && b.transition_end && b.transition_end < b.transition_start) {
    issues.push({ path: 'transition_end', code: 'DATE_RANGE_INVALID' })
  }
  if (b.method === 'cash' && (b.transition_start || b.transition_end || b.delay_months > 0)) {
    issues.push({ path: 'method', code: 'RESETTLEMENT_CASH_TRANSITION' })
  }
  if (issues.length) return { issues }
  return {
    value: {
      projectId: b.project_id, householdId: b.household_id, persons: b.persons, method: b.method, site: b.site,
      transitionStart: b.transition_start, transitionEnd: b.transition_end, delayMonths: b.delay_months, notes: b.notes,
      reason: b.reason,
    },
    issues: [],
  }
}
