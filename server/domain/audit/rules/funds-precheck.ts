import type { Finding } from '../finding.ts'
import type { DisbursementFacts, RecordFacts } from '../record-facts.ts'
import { makeFinding, partNames } from '../record-findings.ts'

/** Why a disbursement lacks an approved pre-check, in the order they are checked. */
export type PrecheckFault = 'not_prechecked' | 'rejected' | 'request_mismatch' | 'prechecked_by_requester' | 'prechecked_after_payment'

/** The faults of one disbursement's pre-check; none when its request was approved by someone else before the payment. */
export function precheckFaults(d: DisbursementFacts): PrecheckFault[] {
  const faults: PrecheckFault[] = []
  if (d.request_status === 'requested' || d.decided_by === null) faults.push('not_prechecked')
  if (d.request_status === 'rejected') faults.push('rejected')
  if (!d.request_matches) faults.push('request_mismatch')
  if (d.decided_by !== null && d.decided_by === d.requested_by) faults.push('prechecked_by_requester')
  if (d.decided_by !== null && d.request_status !== 'rejected' && d.decided_after_entry) faults.push('prechecked_after_payment')
  return faults
}

const faultWords: Record<PrecheckFault, (d: DisbursementFacts) => { zh: string; en: string }> = {
  not_prechecked: () => ({ zh: '申请未经预审', en: 'the request was never pre-checked' }),
  rejected: () => ({ zh: '预审驳回了该申请', en: 'the pre-check rejected the request' }),
  request_mismatch: () => ({ zh: '拨付与申请的项目、用途或金额不符', en: 'the payment differs from its request in project, part or amount' }),
  prechecked_by_requester: (d) => ({ zh: `预审人即申请人 ${d.requested_by}（四眼原则）`, en: `pre-checked by the requester ${d.requested_by} (four-eyes rule)` }),
  prechecked_after_payment: (d) => ({ zh: `预审（${d.decided_at}）晚于拨付（${d.entered_at}）`, en: `pre-checked (${d.decided_at}) after the payment (${d.entered_at})` }),
}

/**
 * FUNDS_DISBURSEMENT_WITHOUT_PRECHECK: a disbursement in the ledger whose request was not approved by the audit
 * section before the money left (怀政发[2014]2号: every disbursement is pre-checked): never decided, rejected, not
 * the request that was approved (project, part, amount), approved by the requester, or approved after the payment.
 * The ledger's guard refuses these today; the rule is for imported and legacy ledgers.
 */
export function ruleFundsPrecheck(f: Pick<RecordFacts, 'project_id' | 'disbursements'>): Finding[] {
  const out: Finding[] = []
  for (const d of f.disbursements) {
    const faults = precheckFaults(d)
    if (faults.length === 0) continue
    const words = faults.map((k) => faultWords[k](d))
    const part = partNames[d.part] ?? { zh: d.part, en: d.part }
    out.push(makeFinding('FUNDS_DISBURSEMENT_WITHOUT_PRECHECK', `fund_entry:${d.entry_id}`, f.project_id, {
      records: [{ type: 'fund_entry', id: d.entry_id }, { type: 'disbursement_request', id: d.request_id }],
      params: {
        entry: d.entry_id,
        request: d.request_id,
        part_zh: part.zh,
        part_en: part.en,
        amount_yuan: d.amount_yuan,
        date: d.entered_date,
        faults: faults.join(','),
        reason_zh: words.map((w) => w.zh).join('；'),
        reason_en: words.map((w) => w.en).join('; '),
      },
    }))
  }
  return out
}
