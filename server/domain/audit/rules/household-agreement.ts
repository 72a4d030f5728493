import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { householdLabel, makeFinding, parcelList } from '../record-findings.ts'

/**
 * HOUSEHOLD_WITHOUT_AGREEMENT: a household of the project without a signed compensation and resettlement agreement
 * (补偿安置协议): none recorded, or one recorded without signed_on. A warning: the agreements come before the
 * application for approval (domain.md, step 5), so an unsigned one is to look at, not necessarily wrong.
 */
export function ruleHouseholdAgreement(f: Pick<RecordFacts, 'project_id' | 'households'>): Finding[] {
  const out: Finding[] = []
  for (const h of f.households) {
    if (h.agreement_signed) continue
    const recorded = h.agreement_id !== null
    out.push(makeFinding('HOUSEHOLD_WITHOUT_AGREEMENT', `household:${h.id}`, f.project_id, {
      parcels: h.parcel_ids,
      records: [{ type: 'household', id: h.id }, ...(recorded ? [{ type: 'agreement', id: h.agreement_id! }] : [])],
      params: {
        household: householdLabel(h.id),
        parcels: parcelList(h.parcel_codes),
        agreement_zh: recorded ? `协议${h.agreement_number === null ? '（无编号）' : ` ${h.agreement_number} `}已录入但未签订` : '未录入协议',
        agreement_en: recorded ? `agreement ${h.agreement_number ?? '(no number)'} recorded but not signed` : 'no agreement recorded',
      },
    }))
  }
  return out
}
