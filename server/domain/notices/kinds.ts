/** The five kinds of notice (公告) the legal section publishes, with their legal basis and posting periods. */

export const noticeKindCodes = ['pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan'] as const
export type NoticeKind = (typeof noticeKindCodes)[number]

export const periodUnits = ['days', 'working_days'] as const
/** `days`: calendar days (自然日); `working_days`: days that are not rest days in the holiday calendar (工作日). */
export type PeriodUnit = (typeof periodUnits)[number]

export interface Period {
  days: number
  unit: PeriodUnit
}

export interface NoticeKindInfo {
  zh: string
  en: string
  /** The shortest posting period the law allows; 1 day where the law sets none. */
  minPeriod: Period
  /** The period a new draft gets; where the law sets no minimum it is the office's own choice. */
  defaultPeriod: Period
  /** Whether the notice invites hearing requests (听证申请) until its hearing deadline. */
  invitesHearing: boolean
  /** A kind of the procedure before the 2019 amendment of the Land Administration Law, for projects started under it. */
  legacy: boolean
  /** Where the period and the content come from, as printed in the README and the UI. */
  basis: { zh: string; en: string }
}

export const noticeKinds: Record<NoticeKind, NoticeKindInfo> = {
  pre_announcement: {
    zh: '征收土地预公告',
    en: 'Pre-announcement of land acquisition',
    minPeriod: { days: 10, unit: 'working_days' },
    defaultPeriod: { days: 10, unit: 'working_days' },
    invitesHearing: false,
    legacy: false,
    basis: {
      zh: '《中华人民共和国土地管理法实施条例》第二十六条：预公告时间不少于十个工作日。',
      en: 'Implementing Regulations of the Land Administration Law, Art. 26: posted for at least 10 working days.',
    },
  },
  compensation_plan: {
    zh: '征地补偿安置方案公告',
    en: 'Compensation and resettlement plan notice',
    minPeriod: { days: 30, unit: 'days' },
    defaultPeriod: { days: 30, unit: 'days' },
    invitesHearing: true,
    legacy: false,
    basis: {
      zh: '《中华人民共和国土地管理法》第四十七条：公告至少三十日；多数被征地的农村集体经济组织成员认为方案不符合法律、法规规定的，应当组织召开听证会。',
      en: 'Land Administration Law, Art. 47: posted for at least 30 days; a hearing is held when most members of the affected collectives find the plan unlawful.',
    },
  },
  acquisition: {
    zh: '征收土地公告',
    en: 'Land acquisition notice',
    minPeriod: { days: 1, unit: 'days' },
    defaultPeriod: { days: 10, unit: 'working_days' },
    invitesHearing: false,
    legacy: false,
    basis: {
      zh: '《中华人民共和国土地管理法实施条例》第三十一条：征收土地申请经依法批准后发布。法律未规定公告期限，默认 10 个工作日为本单位的做法。',
      en: 'Implementing Regulations, Art. 31: published after the acquisition is approved. The law sets no posting period; the default of 10 working days is the office\'s practice.',
    },
  },
  legacy_notification: {
    zh: '拟征地告知书',
    en: 'Notification of intended acquisition (former procedure)',
    minPeriod: { days: 1, unit: 'days' },
    defaultPeriod: { days: 10, unit: 'working_days' },
    invitesHearing: false,
    legacy: true,
    basis: {
      zh: '2020 年 1 月 1 日前已启动项目适用的原征地程序（告知）。本系统不设法定最短期限，默认 10 个工作日为本单位的做法。',
      en: 'The former procedure (notification) for projects started before 1 January 2020. No legal minimum is enforced; the default of 10 working days is the office\'s practice.',
    },
  },
  legacy_plan: {
    zh: '征收土地方案公告',
    en: 'Land acquisition plan notice (former procedure)',
    minPeriod: { days: 1, unit: 'days' },
    defaultPeriod: { days: 10, unit: 'working_days' },
    invitesHearing: false,
    legacy: true,
    basis: {
      zh: '2020 年 1 月 1 日前已启动项目适用的原征地程序（征收土地方案公告）。本系统不设法定最短期限，默认 10 个工作日为本单位的做法。',
      en: 'The former procedure (acquisition plan notice) for projects started before 1 January 2020. No legal minimum is enforced; the default of 10 working days is the office\'s practice.',
    },
  },
}

export function isNoticeKind(v: unknown): v is NoticeKind {
  return typeof v === 'string' && (noticeKindCodes as readonly string[]).includes(v)
}

/**
 * Whether `period` meets the kind's legal minimum. A minimum in working days is met only by a period in working days
 * of at least that many (N calendar days may hold fewer than N working days); a minimum in calendar days is met by
 * at least that many days of either unit (N working days always span at least N calendar days).
 */
export function meetsMinimumPeriod(kind: NoticeKind, period: Period): boolean {
  const min = noticeKinds[kind].minPeriod
  if (min.unit === 'working_days' && period.unit !== 'working_days') return false
  return period.days >= min.days
}
