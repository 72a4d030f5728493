import type { FindingStatus, Severity } from '../../api/audits.ts'
import type { MessageKey } from '../../i18n/zh-CN.ts'

/** The words for the audit's vocabularies (codes in the API, words in client/i18n). */

export const severityKeys: Record<Severity, MessageKey> = {
  error: 'audit.severity.error',
  warning: 'audit.severity.warning',
  info: 'audit.severity.info',
}

export const statusKeys: Record<FindingStatus, MessageKey> = {
  open: 'audit.status.open',
  accepted: 'audit.status.accepted',
  returned: 'audit.status.returned',
}

export const basisKeys: Record<string, MessageKey> = {
  ellipsoid: 'audit.basis.ellipsoid',
  gk3: 'audit.basis.gk3',
  unknown: 'audit.basis.unknown',
}

export const verdictKeys: Record<string, MessageKey> = {
  consistent: 'audit.verdict.consistent',
  within_tolerance: 'audit.verdict.within_tolerance',
  exceeds: 'audit.verdict.exceeds',
  no_claim: 'audit.verdict.no_claim',
}

/** The area.md §3.1 signatures a claim's offset can point to. */
export const diagnosisKeys: Record<string, MessageKey> = {
  gk_planar: 'audit.diagnosis.gk_planar',
  gk_wrong_zone: 'audit.diagnosis.gk_wrong_zone',
  sphere_turf7: 'audit.diagnosis.sphere_turf7',
  sphere_turf6: 'audit.diagnosis.sphere_turf6',
  gcj02: 'audit.diagnosis.gcj02',
  ellipsoid: 'audit.diagnosis.ellipsoid',
}

export const shapeKindKeys: Record<string, MessageKey> = {
  measured: 'audit.shape.measured',
  claimed_outline: 'audit.shape.claimed_outline',
  overlap: 'audit.shape.overlap',
  gap: 'audit.shape.gap',
  outside_scope: 'audit.shape.outside_scope',
  outside_parcel: 'audit.shape.outside_parcel',
}

/** Kinds of the changes a sign-off's staleness lists (history rows and funds rows, zd_signoff_changes). */
export const changeKindKeys: Record<string, MessageKey> = {
  parcel: 'audit.change.parcel',
  household: 'audit.change.household',
  building: 'audit.change.building',
  compensation_item: 'audit.change.compensation_item',
  resettlement: 'audit.change.resettlement',
  grave: 'audit.change.grave',
  attachment: 'audit.change.attachment',
  agreement: 'audit.change.agreement',
  area_claim: 'audit.change.area_claim',
  acquisition_scope: 'audit.change.acquisition_scope',
  approval_batch: 'audit.change.approval_batch',
  reported_figure: 'audit.change.reported_figure',
  fund_entry: 'audit.change.fund_entry',
  disbursement_request: 'audit.change.disbursement_request',
  task_letter: 'audit.change.task_letter',
  project_budget: 'audit.change.project_budget',
}

export const operationKeys: Record<string, MessageKey> = {
  create: 'audit.op.create',
  update: 'audit.op.update',
  delete: 'audit.op.delete',
  split: 'audit.op.split',
  merge: 'audit.op.merge',
  restore: 'audit.op.restore',
  deposit: 'audit.op.deposit',
  disbursement: 'audit.op.disbursement',
  correction: 'audit.op.correction',
  requested: 'audit.op.requested',
  approved: 'audit.op.approved',
  rejected: 'audit.op.rejected',
  executed: 'audit.op.executed',
  issue: 'audit.op.issue',
  set: 'audit.op.set',
}

/** Severity colours for text and badges on white, darker than the map's so that they read (≥ 4.5:1). */
export const severityTextColors: Record<Severity, string> = {
  error: '#b91c1c',
  warning: '#b45309',
  info: '#1d4ed8',
}

/**
 * How a finding's records read: each record's label from the server (its code, a household by id and village group)
 * where it has one, else its kind and bare id ("建筑物 #5"); `kind` gives the word for a record type.
 */
export function recordNames(
  f: { records: readonly { type: string; id: number }[]; record_labels?: readonly { type: string; id: number; zh: string; en: string }[] },
  lang: 'zh' | 'en',
  kind: (type: string) => string,
): string[] {
  return f.records.map((r, i) => {
    const label = f.record_labels?.[i]
    return label && label.type === r.type && label.id === r.id ? label[lang] : `${kind(r.type)} #${r.id}`
  })
}
