import { compareDecimal, yuanToWan } from '../exact-decimal.ts'
import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { makeFinding } from '../record-findings.ts'

/**
 * FUNDS_DISBURSED_EXCEEDS_DEPOSITS: the project's running balance (deposits − disbursements, entry by entry in
 * time order, corrections when entered) went below zero, i.e. money was paid out before the land-using unit had
 * deposited it (怀政发[2014]2号). One finding per project, at the deepest point. The ledger's guard refuses such an
 * entry today; imported or legacy ledgers, and back-dated entries, can still hold one.
 */
export function ruleFundsDeposits(f: Pick<RecordFacts, 'project_id' | 'ledger'>): Finding[] {
  const l = f.ledger
  if (l.lowest_entry_id === null || compareDecimal(l.lowest_balance_yuan, '0') >= 0) return []
  return [makeFinding('FUNDS_DISBURSED_EXCEEDS_DEPOSITS', `project:${f.project_id}`, f.project_id, {
    records: [{ type: 'fund_entry', id: l.lowest_entry_id }],
    params: {
      date: l.lowest_date ?? '',
      lowest_yuan: l.lowest_balance_yuan,
      lowest_wan: yuanToWan(l.lowest_balance_yuan),
      disbursed_yuan: l.lowest_disbursed_yuan,
      deposited_yuan: l.lowest_deposited_yuan,
      entry: l.lowest_entry_id,
    },
  })]
}
