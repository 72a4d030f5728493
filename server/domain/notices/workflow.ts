/**
 * The workflow of a notice: draft → approved (by legal or admin, not by anyone who wrote the draft) → published →
 * expired | withdrawn; an approved notice may also be withdrawn. Only drafts are edited, regenerated or deleted;
 * from approval on, text, figures and geometry are frozen (the same rules hold in SQL: zd_notice_guard).
 * Pure: each check returns the refusal's issue code, or undefined when the step is allowed.
 */
import type { IssueCode } from '../issue-codes.ts'

export const noticeStatuses = ['draft', 'approved', 'published', 'expired', 'withdrawn'] as const
export type NoticeStatus = (typeof noticeStatuses)[number]

export type NoticeStep = 'edit' | 'regenerate' | 'delete' | 'approve' | 'publish' | 'withdraw' | 'expire' | 'add_evidence'

/** The status each step leads to (edit, regenerate and add_evidence keep it; delete removes the notice). */
export const stepTarget: Record<'approve' | 'publish' | 'withdraw' | 'expire', NoticeStatus> = {
  approve: 'approved',
  publish: 'published',
  withdraw: 'withdrawn',
  expire: 'expired',
}

/** Why `step` may not be taken from `status`, or undefined. */
export function stepRefusal(status: NoticeStatus, step: NoticeStep): IssueCode | undefined {
  switch (step) {
    case 'edit':
    case 'regenerate':
    case 'delete':
    case 'approve':
      return status === 'draft' ? undefined : 'NOTICE_NOT_DRAFT'
    case 'publish':
      return status === 'approved' ? undefined : 'NOTICE_NOT_APPROVED'
    case 'withdraw':
      return status === 'approved' || status === 'published' ? undefined : 'NOTICE_NOT_PUBLISHED'
    case 'expire':
      return status === 'published' ? undefined : 'NOTICE_NOT_PUBLISHED'
    case 'add_evidence':
      // Posting photos show the notice as posted: it must have been published.
      return status === 'published' || status === 'expired' ? undefined : 'NOTICE_NOT_PUBLISHED'
  }
}

/**
 * Four eyes (四眼原则): the approver may not be the drafter nor anyone who edited or regenerated the draft, so that
 * every approved text was read by someone who did not write it.
 */
export function approverRefusal(approver: string, authors: readonly string[]): IssueCode | undefined {
  return authors.includes(approver) ? 'NOTICE_APPROVER_IS_DRAFTER' : undefined
}
