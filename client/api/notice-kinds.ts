import { apiRequest } from './http.ts'
import type { NoticeKind, PeriodUnit } from './notices.ts'

export interface NoticePeriod {
  days: number
  unit: PeriodUnit
}

/** One kind of notice as GET /api/notice-kinds gives it (server/domain/notices/kinds.ts). */
export interface NoticeKindInfo {
  kind: NoticeKind
  name: { zh: string; en: string }
  /** The shortest posting period the law allows, which the server enforces; null where the law sets none. */
  min_period: NoticePeriod | null
  /** The period a new draft gets. */
  default_period: NoticePeriod
  /** Whether the notice invites hearing requests (听证申请). */
  invites_hearing: boolean
  /** A kind of the procedure before the 2019 amendment of the Land Administration Law. */
  legacy: boolean
  /** Where the period and the content come from, in full. */
  basis: { zh: string; en: string }
}

export async function getNoticeKinds(signal?: AbortSignal): Promise<NoticeKindInfo[]> {
  const answer = await apiRequest<{ kinds: NoticeKindInfo[] }>('/notice-kinds', { signal })
  return answer.kinds
}
