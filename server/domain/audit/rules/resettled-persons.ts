import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { householdLabel, makeFinding, parcelList } from '../record-findings.ts'

/**
 * RESETTLED_PERSONS_MISMATCH: a household's resettlement (安置人口, resettlements.persons) against its members flagged
 * is_resettled (household_members: "counted as a resettled person"). The flag, not the member count, is the right
 * comparison: a household lists members who are not resettled (a daughter married out, a member resettled with
 * another household), so persons ≤ members is normal, while every resettled person should be a flagged member and
 * every flagged member counted. A household without a resettlement record counts 0 persons: flagged members without
 * one are a discrepancy too; no resettlement and no flag is none.
 */
export function ruleResettledPersons(f: Pick<RecordFacts, 'project_id' | 'households'>): Finding[] {
  const out: Finding[] = []
  for (const h of f.households) {
    const persons = h.persons ?? 0
    if (persons === h.flagged) continue
    const difference = persons - h.flagged
    out.push(makeFinding('RESETTLED_PERSONS_MISMATCH', `household:${h.id}`, f.project_id, {
      parcels: h.parcel_ids,
      records: [{ type: 'household', id: h.id }, ...(h.resettlement_id === null ? [] : [{ type: 'resettlement', id: h.resettlement_id }])],
      params: {
        household: householdLabel(h.id),
        parcels: parcelList(h.parcel_codes),
        persons,
        flagged: h.flagged,
        members: h.members,
        difference: difference > 0 ? `+${difference}` : String(difference),
      },
    }))
  }
  return out
}
