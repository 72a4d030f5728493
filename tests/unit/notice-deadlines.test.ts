import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { holidaysFile } from '../../server/db/holidays-seed.ts'
import {
  addDays, beijingToday, isRestDay, noticeDeadlines, periodEnd, type DayKind, type HolidayCalendar,
} from '../../server/domain/notices/deadlines.ts'
import { meetsMinimumPeriod, noticeKinds } from '../../server/domain/notices/kinds.ts'

/** The seeded calendar (State Council arrangements 2024–2026), as the server loads it. */
const file = JSON.parse(fs.readFileSync(holidaysFile, 'utf8')) as { days: { day: string; kind: DayKind; name: string }[] }
const calendar: HolidayCalendar = new Map(file.days.map((d) => [d.day, d.kind]))
const weekendsOnly: HolidayCalendar = new Map()

describe('the holiday calendar file', () => {
  it('lists each day once, make-up workdays only on weekends, holidays with a name', () => {
    const days = file.days.map((d) => d.day)
    expect(new Set(days).size).toBe(days.length)
    for (const d of file.days) {
      expect(d.name.length, d.day).toBeGreaterThan(0)
      const weekday = new Date(`${d.day}T00:00:00Z`).getUTCDay()
      if (d.kind === 'workday') expect([0, 6], d.day).toContain(weekday)
    }
  })

  it('holds 2025 国庆节、中秋节 as 10-01…10-08 off with 09-28 and 10-11 worked', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addDays(d, 1)) expect(calendar.get(d), d).toBe('holiday')
    expect(calendar.get('2025-09-28')).toBe('workday')
    expect(calendar.get('2025-10-11')).toBe('workday')
    expect(calendar.get('2025-10-09')).toBeUndefined()
  })
})

describe('rest days', () => {
  it('are Saturdays and Sundays unless listed as workdays, and listed holidays on any weekday', () => {
    expect(isRestDay('2025-11-15', calendar)).toBe(true) // Saturday
    expect(isRestDay('2025-11-17', calendar)).toBe(false) // Monday
    expect(isRestDay('2025-09-28', calendar)).toBe(false) // Sunday, 调休上班
    expect(isRestDay('2025-10-08', calendar)).toBe(true) // Wednesday, 国庆节
  })
})

describe('a period in calendar days (民法典第二百零一条、第二百零三条)', () => {
  it('does not count the start day: 1 day from Wed 2025-11-19 ends Thu 2025-11-20', () => {
    expect(periodEnd('2025-11-19', 1, 'days', calendar)).toBe('2025-11-20')
  })

  it('ends on a weekday as counted: 10 days from Fri 2025-11-14 end Mon 2025-11-24', () => {
    expect(periodEnd('2025-11-14', 10, 'days', calendar)).toBe('2025-11-24')
  })

  it('moves an end on a Saturday to the Monday: 10 days from Wed 2025-11-05 fall on Sat 11-15 and end Mon 2025-11-17', () => {
    expect(periodEnd('2025-11-05', 10, 'days', calendar)).toBe('2025-11-17')
  })

  it('moves an end inside a holiday run past it: 30 days from Wed 2025-09-03 fall on 国庆 10-03 and end Thu 2025-10-09', () => {
    expect(noticeDeadlines('2025-09-03', { days: 30, unit: 'days' }, true, calendar))
      .toEqual({ starts_on: '2025-09-03', ends_on: '2025-10-09', hearing_deadline: '2025-10-09' })
  })

  it('keeps an end on a make-up workday: 30 days from Thu 2025-09-11 end Sat 2025-10-11 (调休上班)', () => {
    expect(periodEnd('2025-09-11', 30, 'days', calendar)).toBe('2025-10-11')
  })
})

describe('a period in working days', () => {
  it('skips the weekend: 10 working days from Fri 2025-11-14 end Fri 2025-11-28', () => {
    expect(periodEnd('2025-11-14', 10, 'working_days', calendar)).toBe('2025-11-28')
  })

  it('counts the 2025 国庆 make-up days and skips 10-01…10-08: 10 working days from Fri 2025-09-26 end Thu 2025-10-16 (09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16)', () => {
    expect(periodEnd('2025-09-26', 10, 'working_days', calendar)).toBe('2025-10-16')
  })

  it('crosses the 2026 Spring Festival: 10 working days from Tue 2026-02-10 end Mon 2026-03-02 (02-11, 02-12, 02-13, 02-14 Sat worked, 02-24…02-27, 02-28 Sat worked, 03-02)', () => {
    expect(periodEnd('2026-02-10', 10, 'working_days', calendar)).toBe('2026-03-02')
  })

  it('crosses the 2025 Spring Festival: 10 working days from Fri 2025-01-24 end Thu 2025-02-13 (01-26 Sun worked, 01-27, 02-05…02-07, 02-08 Sat worked, 02-10…02-13)', () => {
    expect(periodEnd('2025-01-24', 10, 'working_days', calendar)).toBe('2025-02-13')
  })

  it('counts weekends only where the calendar lists nothing: 5 working days from Fri 2027-03-05 end Fri 2027-03-12', () => {
    expect(periodEnd('2027-03-05', 5, 'working_days', calendar)).toBe('2027-03-12')
  })

  it('follows an edit of the calendar: a weekday listed as a holiday is not counted', () => {
    const edited: HolidayCalendar = new Map([['2027-03-08', 'holiday']])
    expect(periodEnd('2027-03-05', 5, 'working_days', edited)).toBe('2027-03-15')
    expect(periodEnd('2027-03-05', 5, 'working_days', weekendsOnly)).toBe('2027-03-12')
  })
})

describe('hearing deadlines and minimum periods', () => {
  it('is the end of the period for a notice that invites hearings, null otherwise', () => {
    expect(noticeDeadlines('2025-11-14', { days: 10, unit: 'working_days' }, false, calendar).hearing_deadline).toBeNull()
    expect(noticeDeadlines('2025-11-14', { days: 30, unit: 'days' }, noticeKinds.compensation_plan.invitesHearing, calendar).hearing_deadline)
      .toBe('2025-12-15') // 11-14 + 30 = Sun 12-14 → Mon 12-15
  })

  it('refuses fewer than 10 working days for a pre-announcement, and 10 calendar days in their place', () => {
    expect(meetsMinimumPeriod('pre_announcement', { days: 10, unit: 'working_days' })).toBe(true)
    expect(meetsMinimumPeriod('pre_announcement', { days: 9, unit: 'working_days' })).toBe(false)
    expect(meetsMinimumPeriod('pre_announcement', { days: 14, unit: 'days' })).toBe(false)
  })

  it('refuses fewer than 30 days for a compensation plan; 30 working days are longer and allowed', () => {
    expect(meetsMinimumPeriod('compensation_plan', { days: 29, unit: 'days' })).toBe(false)
    expect(meetsMinimumPeriod('compensation_plan', { days: 30, unit: 'days' })).toBe(true)
    expect(meetsMinimumPeriod('compensation_plan', { days: 30, unit: 'working_days' })).toBe(true)
    expect(meetsMinimumPeriod('acquisition', { days: 1, unit: 'days' })).toBe(true)
  })

  it('gives every kind a default period that meets its own minimum', () => {
    for (const [kind, info] of Object.entries(noticeKinds)) {
      expect(meetsMinimumPeriod(kind as keyof typeof noticeKinds, info.defaultPeriod), kind).toBe(true)
    }
  })
})

describe('today in Beijing', () => {
  it('turns at 16:00 UTC', () => {
    expect(beijingToday(new Date('2026-11-25T15:59:59Z'))).toBe('2026-11-25')
    expect(beijingToday(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26')
  })
})
