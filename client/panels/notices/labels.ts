import type { NoticeEvent, NoticeKind, NoticeStatus, PeriodUnit } from '../../api/notices.ts'
import { stepRefusalCode, type StepRefusal } from './notice-rules.ts'
import { t } from '../../i18n/i18n.svelte.ts'
import type { MessageKey } from '../../i18n/zh-CN.ts'

export const kindKeys: Record<NoticeKind, MessageKey> = {
  pre_announcement: 'notices.kind.pre_announcement',
  compensation_plan: 'notices.kind.compensation_plan',
  acquisition: 'notices.kind.acquisition',
  legacy_notification: 'notices.kind.legacy_notification',
  legacy_plan: 'notices.kind.legacy_plan',
}
export const statusKeys: Record<NoticeStatus, MessageKey> = {
  draft: 'notices.status.draft',
  approved: 'notices.status.approved',
  published: 'notices.status.published',
  expired: 'notices.status.expired',
  withdrawn: 'notices.status.withdrawn',
}
export const unitKeys: Record<PeriodUnit, MessageKey> = {
  days: 'notices.unit.days',
  working_days: 'notices.unit.working_days',
}
/** The short citation of the law that sets a kind's minimum period, shown beside it (the full text: `basis` of the kind). */
export const basisKeys: Partial<Record<NoticeKind, MessageKey>> = {
  pre_announcement: 'notices.basis.pre_announcement',
  compensation_plan: 'notices.basis.compensation_plan',
}
const actionKeys: Record<NoticeEvent['action'], MessageKey> = {
  created: 'notices.action.created',
  edited: 'notices.action.edited',
  regenerated: 'notices.action.regenerated',
  approved: 'notices.action.approved',
  published: 'notices.action.published',
  expired: 'notices.action.expired',
  withdrawn: 'notices.action.withdrawn',
}

/** The word of a code, or the code itself when this client does not know it (a newer server). */
const word = (keys: Record<string, MessageKey>, code: string) => (keys[code] ? t(keys[code]) : code)
export const kindLabel = (k: string) => word(kindKeys, k)
export const statusLabel = (s: string) => word(statusKeys, s)
export const unitLabel = (u: string) => word(unitKeys, u)
export const actionLabel = (a: string) => word(actionKeys, a)

const refusalKeys: Record<StepRefusal, MessageKey> = {
  role: 'notices.why.role',
  frozen: 'notices.why.frozen',
  notDraft: 'notices.why.notDraft',
  ownDraft: 'notices.why.ownDraft',
  notApproved: 'notices.why.notApproved',
  notWithdrawable: 'notices.why.notWithdrawable',
}

/**
 * Why a workflow step is not offered to `user` on `notice`, in the UI language, or null when it is: the buttons
 * stay visible, disabled, with this sentence, so that nobody wonders where approval went. The server decides again.
 */
export function stepRefusal(...args: Parameters<typeof stepRefusalCode>): string | null {
  const code = stepRefusalCode(...args)
  return code ? t(refusalKeys[code]) : null
}

export { beijingToday, canWriteNotices, draftAuthors, meetsMinimumPeriod } from './notice-rules.ts'
