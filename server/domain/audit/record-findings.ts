import { auditCodes, type AuditCode } from './codes.ts'
import type { Finding, FindingRecord, FindingShape } from './finding.ts'

/** A finding of `code` about `subject` (the stable part of its key: 'household:3', 'batch:2', …) with the code's severity. */
export function makeFinding(
  code: AuditCode,
  subject: string,
  projectId: number | null,
  parts: { parcels?: number[]; records?: FindingRecord[]; params: Finding['params']; shapes?: FindingShape[] },
): Finding {
  const f: Finding = {
    code,
    severity: auditCodes[code].severity,
    key: `${code}:${subject}`,
    project_id: projectId,
    parcels: [...(parts.parcels ?? [])].sort((a, b) => a - b),
    records: parts.records ?? [],
    params: parts.params,
  }
  if (parts.shapes?.length) f.shapes = parts.shapes
  return f
}

/** A household as messages name it: its id (names are personal data and stay out of findings). */
export const householdLabel = (id: number) => `#${id}`

/** Parcel codes for a message, '—' for none. */
export const parcelList = (codes: readonly string[]) => (codes.length ? codes.join('、') : '—')

/** The units of compensation_item_types, as the client shows them. */
export const unitNames: Record<string, { zh: string; en: string }> = {
  mu: { zh: '亩', en: 'mu' },
  m2: { zh: 'm²', en: 'm²' },
  unit: { zh: '个', en: 'units' },
  person_month: { zh: '人·月', en: 'person-months' },
  household: { zh: '户', en: 'households' },
  coffin: { zh: '棺', en: 'coffins' },
}

/** The parts of a disbursement (fund_entries.part). */
export const partNames: Record<string, { zh: string; en: string }> = {
  acquisition: { zh: '征地补偿', en: 'acquisition' },
  resettlement: { zh: '安置', en: 'resettlement' },
  working: { zh: '工作经费', en: 'working funds' },
}

/** The figures of reported_figures. */
export const figureNames: Record<string, { zh: string; en: string }> = {
  deposited_yuan: { zh: '预存资金', en: 'deposits' },
  disbursed_yuan: { zh: '拨付资金', en: 'disbursements' },
  disbursed_acquisition_yuan: { zh: '征地补偿拨付', en: 'acquisition disbursements' },
  disbursed_resettlement_yuan: { zh: '安置拨付', en: 'resettlement disbursements' },
  disbursed_working_yuan: { zh: '工作经费拨付', en: 'working-fund disbursements' },
}
