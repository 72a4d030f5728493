/**
 * Deadlines of a notice, counted as the Civil Code counts periods (pure: the holiday calendar is passed in).
 * - 民法典第二百零一条: the day the period starts (the publication day) is not counted; counting starts the next day.
 * - `days`: the period ends on starts_on + N; when that day is a rest day, it ends on the first working day after
 *   (民法典第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 * - `working_days`: the period ends on the N-th working day after starts_on.
 * A rest day is a Saturday or Sunday not listed as 'workday' (调休上班), or any day listed as 'holiday'.
 * Dates are Beijing calendar dates, 'YYYY-MM-DD'.
 */
import type { PeriodUnit } from './kinds.ts'

export type DayKind = 'holiday' | 'workday'
/** The listed days of the calendar (table holidays): a day → 'holiday' or 'workday'. Unlisted days follow the week. */
export type HolidayCalendar = ReadonlyMap<string, DayKind>

const dayMs = 86_400_000

function toUtc(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Whether `day` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  return fromUtc(toUtc(day)) === day
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * dayMs)
}

/** True on a Saturday or Sunday that is not a make-up workday, and on every listed holiday. */
export function isRestDay(day: string, calendar: HolidayCalendar): boolean {
  const listed = calendar.get(day)
  if (listed === 'holiday') return true
  if (listed === 'workday') return false
  const weekday = new Date(toUtc(day)).getUTCDay()
  return weekday === 0 || weekday === 6
}

/** The first working day after `day` (never `day` itself). */
export function nextWorkingDay(day: string, calendar: HolidayCalendar): string {
  let d = addDays(day, 1)
  while (isRestDay(d, calendar)) d = addDays(d, 1)
  return d
}

/** The last day of a period of `days` in `unit` that starts on `startsOn` (not counted). */
export function periodEnd(startsOn: string, days: number, unit: PeriodUnit, calendar: HolidayCalendar): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a period is a whole number of days ≥ 1, got ${days}`)
  if (unit === 'days') {
    const end = addDays(startsOn, days)
    return isRestDay(end, calendar) ? nextWorkingDay(end, calendar) : end
  }
  let d = startsOn
  for (let i = 0; i < days; i++) d = nextWorkingDay(d, calendar)
  return d
}

export interface NoticeDeadlines {
  starts_on: string
  ends_on: string
  /** The last day a hearing request is accepted: ends_on for kinds that invite hearings, else null. */
  hearing_deadline: string | null
}

export function noticeDeadlines(
  startsOn: string, period: { days: number; unit: PeriodUnit }, invitesHearing: boolean, calendar: HolidayCalendar,
): NoticeDeadlines {
  const endsOn = periodEnd(startsOn, period.days, period.unit, calendar)
  return { starts_on: startsOn, ends_on: endsOn, hearing_deadline: invitesHearing ? endsOn : null }
}

/** Today's date in Beijing (UTC+8, no daylight saving), the day notices are dated and expire by. */
export function beijingToday(now: Date = new Date()): string {
  return fromUtc(now.getTime() + 8 * 3_600_000)
}
