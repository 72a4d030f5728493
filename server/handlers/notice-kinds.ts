/**
 * GET /api/notice-kinds: the five kinds of notice (公告) with their names, legal basis and posting periods, as
 * server/domain/notices/kinds.ts defines them and the notice writes enforce them, so that the client states the
 * same minimum beforehand without a copy of its own. Read by everyone who reads notices.
 */
import { noticeKindCodes, noticeKinds, type Period } from '../domain/notices/kinds.ts'
import type { Handler } from './context.ts'

/** The shortest period the law sets, or null where it sets none (kinds.ts keeps 1 day for those). */
const legalMinimum = (min: Period): Period | null => (min.days > 1 ? min : null)

export const listNoticeKinds: Handler = async (_ctx, _req, res) => {
  res.json({
    kinds: noticeKindCodes.map((kind) => {
      const k = noticeKinds[kind]
      return {
        kind,
        name: { zh: k.zh, en: k.en },
        min_period: legalMinimum(k.minPeriod),
        default_period: k.defaultPeriod,
        invites_hearing: k.invitesHearing,
        legacy: k.legacy,
        basis: k.basis,
      }
    }),
  })
}
