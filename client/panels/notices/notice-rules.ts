import type { NoticePeriod } from '../../api/notice-kinds.ts'
import type { NoticeEvent, NoticeStatus } from '../../api/notices.ts'
import type { Role } from '../../api/auth.ts'

/**
 * The rules the notice panel applies before the server does, to say beforehand what it will decide (pure; the
 * words are in labels.ts). The server decides again: server/domain/notices/kinds.ts and workflow.ts.
 */

/**
 * Whether `period` meets a kind's legal minimum `min` (GET /api/notice-kinds; null: the law sets none), as the server
 * decides it (meetsMinimumPeriod in server/domain/notices/kinds.ts; 422 NOTICE_PERIOD_TOO_SHORT): a minimum in
 * working days is met only by as many working days (N calendar days may hold fewer); a minimum in calendar days by
 * as many days of either unit.
 */
export function meetsMinimumPeriod(min: NoticePeriod | null, period: NoticePeriod): boolean {
  if (!min) return period.days >= 1
  if (min.unit === 'working_days' && period.unit !== 'working_days') return false
  return period.days >= min.days
}

/**
 * Four eyes: whoever drafted, edited or regenerated the draft may not approve it (approverRefusal in
 * server/domain/notices/workflow.ts), so that every approved text was read by someone who did not write it.
 */
export function draftAuthors(notice: { drafted_by: string; events?: readonly NoticeEvent[] }): string[] {
  const authors = new Set([notice.drafted_by])
  for (const e of notice.events ?? []) if (e.action === 'created' || e.action === 'edited' || e.action === 'regenerated') authors.add(e.actor)
  return [...authors]
}

/** Who writes notices (drafts, approval, publication, evidence, the holiday calendar, hearing answers). */
export const canWriteNotices = (role: Role | undefined) => role === 'legal' || role === 'admin'

export type StepRefusal = 'role' | 'frozen' | 'notDraft' | 'ownDraft' | 'notApproved' | 'notWithdrawable'

/** Why a workflow step is not offered to `user` on `notice`, or null when it is. */
export function stepRefusalCode(
  step: 'edit' | 'approve' | 'publish' | 'withdraw',
  notice: { status: NoticeStatus; drafted_by: string; events?: readonly NoticeEvent[] },
  user: { username: string; role: Role },
): StepRefusal | null {
  if (!canWriteNotices(user.role)) return 'role'
  switch (step) {
    case 'edit':
      return notice.status === 'draft' ? null : 'frozen'
    case 'approve':
      if (notice.status !== 'draft') return 'notDraft'
      return draftAuthors(notice).includes(user.username) ? 'ownDraft' : null
    case 'publish':
      return notice.status === 'approved' ? null : 'notApproved'
    case 'withdraw':
      return notice.status === 'approved' || notice.status === 'published' ? null : 'notWithdrawable'
  }
}

/** Today's date in Beijing, YYYY-MM-DD (the office's dates are Beijing dates whatever the viewer's clock says). */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
