import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DayKind, HolidayCalendar } from '../domain/notices/deadlines.ts'
import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('holidays', ['seed', 'all_days'])

/** data/calendar/cn-holidays.json: the State Council's holiday arrangements, checked yearly by the legal section. */
export const holidaysFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/calendar/cn-holidays.json')

interface HolidaysFile {
  days: { day: string; kind: DayKind; name: string }[]
}

/**
 * Seeds the holiday calendar from data/calendar/cn-holidays.json when the table is empty (at start, before the demo
 * loader, and after a test reset). Once any day is listed the calendar belongs to admin and legal (PUT/DELETE
 * /api/holidays/:day) and the file is not read again. Returns how many days were written.
 */
export async function seedHolidays(db: Queryable): Promise<number> {
  const file = JSON.parse(fs.readFileSync(holidaysFile, 'utf8')) as HolidaysFile
  const rows = await db.query(q.seed, [file.days.map((d) => d.day), file.days.map((d) => d.kind), file.days.map((d) => d.name)])
  return rows.length
}

/** The listed days of the calendar, for deadline computations (server/domain/notices/deadlines.ts). */
export async function loadCalendar(db: Queryable): Promise<HolidayCalendar> {
  const rows = await db.query<{ day: string; kind: DayKind }>(q.all_days)
  return new Map(rows.map((r) => [r.day, r.kind]))
}
