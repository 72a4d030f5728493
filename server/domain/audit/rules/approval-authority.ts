import { approvalAuthority, clauseText } from '../approval-authority.ts'
import { m2ToMu } from '../exact-decimal.ts'
import type { Finding } from '../finding.ts'
import type { RecordFacts } from '../record-facts.ts'
import { makeFinding } from '../record-findings.ts'

/**
 * APPROVAL_AUTHORITY_MISMATCH (a batch declared for the province that Art. 46 sends to the State Council) and
 * APPROVAL_AUTHORITY_HIGHER_THAN_NEEDED (declared for the State Council where the province suffices: info, since
 * asking the higher authority is not wrong, only slower). The areas are the batch's parcels' ellipsoidal areas
 * split by basic farmland and land class (sql/queries/audit-records.sql, batches); the decision and the reading
 * of Art. 46 are in ../approval-authority.ts. The parcels' part in basic farmland, when it is what sends the batch up, is drawn as an
 * 'overlap' shape.
 */
export function ruleApprovalAuthority(f: Pick<RecordFacts, 'project_id' | 'batches'>): Finding[] {
  const out: Finding[] = []
  for (const b of f.batches) {
    const { authority, reasons } = approvalAuthority(b)
    if (authority === b.declared_authority) continue
    const code = authority === 'state_council' ? 'APPROVAL_AUTHORITY_MISMATCH' : 'APPROVAL_AUTHORITY_HIGHER_THAN_NEEDED'
    out.push(makeFinding(code, `batch:${b.id}`, f.project_id, {
      parcels: b.parcel_ids,
      records: [{ type: 'approval_batch', id: b.id }],
      params: {
        batch: b.code,
        batch_name: b.name,
        declared: b.declared_authority,
        required: authority,
        clauses: reasons.map((r) => r.clause).join(','),
        clauses_zh: reasons.map((r) => clauseText[r.clause].zh).join('；'),
        clauses_en: reasons.map((r) => clauseText[r.clause].en).join('; '),
        basic_farmland_m2: b.basic_farmland_m2,
        basic_farmland_mu: m2ToMu(b.basic_farmland_m2),
        cultivated_m2: b.cultivated_m2,
        cultivated_mu: m2ToMu(b.cultivated_m2),
        other_m2: b.other_m2,
        other_mu: m2ToMu(b.other_m2),
      },
      shapes: b.basic_farmland_geometry && reasons.some((r) => r.clause === 'basic_farmland')
        ? [{ kind: 'overlap', geometry: b.basic_farmland_geometry }]
        : undefined,
    }))
  }
  return out
}
