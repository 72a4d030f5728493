/**
 * /api/holidays: the working-day calendar notices count their deadlines on (table holidays). Everyone logged in
 * reads; admin and legal list a day as a 'holiday' or a 'workday' (PUT) or unlist it (DELETE). A change applies to
 * deadlines computed afterwards: a published notice keeps the dates it was published with.
 */
import { loadQueries } from '../db/queries.ts'
import { beijingToday, isIsoDate } from '../domain/notices/deadlines.ts'
import { invalid, Problem } from '../problem.ts'
import { parseHolidayBody } from '../schemas/notice.ts'
import { singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { auditIn } from './parcels.ts'

const q = loadQueries('holidays', ['list_year', 'upsert', 'delete'])

function parseDay(raw: string | undefined): string {
  // A day outside the calendar's range is no resource: 404 as any other bad path segment.
  if (raw === undefined || !isIsoDate(raw) || raw < '2000-01-01' || raw > '2199-12-31') throw new Problem('NOT_FOUND')
  return raw
}

/** GET /api/holidays?year=YYYY (default: this year in Beijing) → `{ year, items: [{ day, kind, name, updated_by, updated_at }] }`. */
export const listHolidays: Handler = async (ctx, req, res) => {
  const raw = singleParam(req.query as Record<string, unknown>, 'year')
  if (raw !== undefined && !/^(20\d\d|21\d\d)$/.test(raw)) throw new Problem('INVALID_PARAMETER', { name: 'year', why: 'a year 2000…2199' })
  const year = raw === undefined ? Number(beijingToday().slice(0, 4)) : Number(raw)
  res.json({ year, items: await ctx.db.query(q.list_year, [year]) })
}

/** PUT /api/holidays/:day `{ kind: 'holiday' | 'workday', name }` → 200 the day as listed (created or replaced). */
export const putHoliday: Handler = async (ctx, req, res) => {
  const day = parseDay(req.params.day as string)
  const { value, issues } = parseHolidayBody(req.body)
  if (!value) throw invalid(issues)
  const row = await ctx.db.transaction(async (tx) => {
    const [upserted] = await tx.query(q.upsert, [day, value.kind, value.name, ctx.user!.username])
    await auditIn(tx, ctx, req, 'holiday.put', `holiday:${day}`, 200, { kind: value.kind, name: value.name })
    return upserted
  })
  res.json(row)
}

/** DELETE /api/holidays/:day → 204; the day follows the week again. 404 when it was not listed. */
export const deleteHoliday: Handler = async (ctx, req, res) => {
  const day = parseDay(req.params.day as string)
  await ctx.db.transaction(async (tx) => {
    if (!(await tx.query(q.delete, [day])).length) throw new Problem('NOT_FOUND')
    await auditIn(tx, ctx, req, 'holiday.delete', `holiday:${day}`, 204)
  })
  res.status(204).end()
}
