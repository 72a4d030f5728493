import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { makeFinding, unitNames } from '../record-findings.ts'

/**
 * The item types paid at a published standard rate per unit (补偿标准: 区片综合地价 for land, resettlement subsidy and
 * young crops per mu; moving allowance per household; transition and delayed transition per person-month; grave
 * relocation per coffin): an item of these without a rate is an amount nobody can check. Houses (房屋补偿) and
 * attachments (地上附着物) may be paid as an appraised lump sum (评估), so a manual item of those without a rate is
 * legitimate.
 */
export const rateRequiredItemTypes: ReadonlySet<string> = new Set([
  'land', 'resettlement_subsidy', 'young_crops', 'relocation', 'transition', 'delayed_transition', 'grave_relocation',
])

/** COMPENSATION_ITEM_WITHOUT_RATE: a compensation item of a rate-bound type (above) without a rate. */
export function ruleCompensationItemRate(f: Pick<RecordFacts, 'project_id' | 'compensation_items'>): Finding[] {
  const out: Finding[] = []
  for (const c of f.compensation_items) {
    if (c.rate_yuan !== null || !rateRequiredItemTypes.has(c.item_type)) continue
    const unit = unitNames[c.unit] ?? { zh: c.unit, en: c.unit }
    out.push(makeFinding('COMPENSATION_ITEM_WITHOUT_RATE', `compensation_item:${c.id}`, f.project_id, {
      parcels: c.parcel_id === null ? [] : [c.parcel_id],
      records: [{ type: 'compensation_item', id: c.id }, ...(c.household_id === null ? [] : [{ type: 'household', id: c.household_id }])],
      params: {
        item: c.id,
        item_type_zh: c.item_type_zh,
        item_type_en: c.item_type_en,
        quantity: c.quantity,
        unit_zh: unit.zh,
        unit_en: unit.en,
        amount_yuan: c.amount_yuan,
      },
    }))
  }
  return out
}
