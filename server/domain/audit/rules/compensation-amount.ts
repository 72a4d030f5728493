import { compareDecimal, yuanToWan } from '../exact-decimal.ts'
import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { makeFinding, unitNames } from '../record-findings.ts'

/**
 * COMPENSATION_AMOUNT_MISMATCH: an item with a rate whose amount is not round(quantity × rate, 2), computed and
 * compared in SQL numeric (exact, to the fen: there is no tolerance for money). Computed items cannot differ (a
 * CHECK keeps them equal); manual and imported ones can.
 */
export function ruleCompensationAmount(f: Pick<RecordFacts, 'project_id' | 'compensation_items'>): Finding[] {
  const out: Finding[] = []
  for (const c of f.compensation_items) {
    if (c.rate_yuan === null || c.expected_yuan === null || c.difference_yuan === null) continue
    if (compareDecimal(c.difference_yuan, '0') === 0) continue
    const unit = unitNames[c.unit] ?? { zh: c.unit, en: c.unit }
    const plus = compareDecimal(c.difference_yuan, '0') > 0 ? '+' : ''
    out.push(makeFinding('COMPENSATION_AMOUNT_MISMATCH', `compensation_item:${c.id}`, f.project_id, {
      parcels: c.parcel_id === null ? [] : [c.parcel_id],
      records: [{ type: 'compensation_item', id: c.id }, ...(c.household_id === null ? [] : [{ type: 'household', id: c.household_id }])],
      params: {
        item: c.id,
        item_type_zh: c.item_type_zh,
        item_type_en: c.item_type_en,
        quantity: c.quantity,
        unit_zh: unit.zh,
        unit_en: unit.en,
        rate_yuan: c.rate_yuan,
        amount_yuan: c.amount_yuan,
        expected_yuan: c.expected_yuan,
        difference_yuan: plus + c.difference_yuan,
        difference_wan: yuanToWan(c.difference_yuan, true),
      },
    }))
  }
  return out
}
