import type { Finding } from './finding.ts'
import type { OfficeFacts, RecordFacts } from './record-facts.ts'
import { ruleApprovalAuthority } from './rules/approval-authority.ts'
import { ruleCompensationAmount } from './rules/compensation-amount.ts'
import { ruleCompensationItemRate } from './rules/compensation-item-rate.ts'
import { ruleFundsDeposits } from './rules/funds-deposits.ts'
import { ruleFundsPrecheck } from './rules/funds-precheck.ts'
import { ruleFundsReportedParts } from './rules/funds-reported-parts.ts'
import { ruleFundsReportedTotals } from './rules/funds-reported-totals.ts'
import { ruleHouseholdAgreement } from './rules/household-agreement.ts'
import { ruleResettledPersons } from './rules/resettled-persons.ts'

export type { OfficeFacts, RecordFacts } from './record-facts.ts'

/** The rules over one project's records, money and approval batches, in this order. */
export const recordRules = [
  ruleResettledPersons,
  ruleHouseholdAgreement,
  ruleCompensationItemRate,
  ruleCompensationAmount,
  ruleFundsReportedTotals,
  ruleFundsReportedParts,
  ruleFundsDeposits,
  ruleFundsPrecheck,
  ruleApprovalAuthority,
] as const satisfies readonly ((f: RecordFacts) => Finding[])[]

/** Every finding of the record rules on one project's facts (from server/db/audit-record-facts.ts loadRecordFacts). */
export function runRecordRules(f: RecordFacts): Finding[] {
  return recordRules.flatMap((rule) => rule(f))
}

/** The findings on the office-wide reported figures of a period (loadOfficeFacts): project_id null. */
export function runOfficeRules(f: OfficeFacts): Finding[] {
  const scope = { project_id: null, reported: f.reported }
  return [...ruleFundsReportedTotals(scope), ...ruleFundsReportedParts(scope)]
}
