import { z } from 'zod'
import { isIsoDate } from '../domain/notices/deadlines.ts'
import { noticeKindCodes, periodUnits, type NoticeKind, type PeriodUnit } from '../domain/notices/kinds.ts'
import { noticeStatuses, type NoticeStatus } from '../domain/notices/workflow.ts'
import type { FieldIssue } from '../problem.ts'
import { zodIssues } from './parcel-feature.ts'
import { notAnObject } from './record-fields.ts'

/** Fields the server keeps on a notice: sending them is 422 READ_ONLY_FIELD, never silently applied. */
const noticeReadOnly = new Set([
  'id', 'project_id', 'project_code', 'project_name', 'kind', 'status', 'figures', 'geometry', 'version', 'starts_on',
  'ends_on', 'hearing_deadline', 'drafted_by', 'drafted_at', 'approved_by', 'approved_at', 'published_by', 'published_at',
  'withdrawn_reason', 'events', 'evidence', 'hearing', 'updated_by', 'updated_at',
])

function issuesOf(error: z.ZodError): FieldIssue[] {
  return zodIssues(error, '').map((i) =>
    i.code === 'UNKNOWN_PROPERTY' && noticeReadOnly.has(String(i.params?.name)) ? { ...i, code: 'READ_ONLY_FIELD' as const } : i)
}

/** Text trimmed and in NFC, 1…max code points (line breaks kept inside). */
const requiredText = (max: number) =>
  z.string().transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length > 0, { message: 'required' })
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })

/** Optional text: "" and null mean none. */
const optionalText = (max: number) =>
  z.string().transform((s) => s.normalize('NFC').trim())
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })
    .nullable().optional().transform((s) => s || null)

const isoDay = z.string().refine(isIsoDate, 'a date YYYY-MM-DD')

const createBody = z.strictObject({
  project_id: z.number().int().positive().max(2147483647),
  kind: z.enum(noticeKindCodes),
})

const textBody = z.strictObject({
  title: requiredText(200),
  body: requiredText(20000),
  township: optionalText(100),
  contacts: optionalText(1000),
  period_days: z.number().int('a whole number of days').min(1, 'at least 1').max(365, 'at most 365'),
  period_unit: z.enum(periodUnits),
})

const publishBody = z.strictObject({ starts_on: isoDay.nullable().optional() })

const withdrawBody = z.strictObject({ reason: requiredText(1000) })

function parse<T>(schema: z.ZodType<T>, body: unknown, emptyAllowed = false): { value?: T; issues: FieldIssue[] } {
  if (body === undefined && emptyAllowed) body = {}
  const bad = notAnObject(body)
  if (bad) return { issues: bad }
  const r = schema.safeParse(body)
  return r.success ? { value: r.data, issues: [] } : { issues: issuesOf(r.error) }
}

/** POST /api/notices `{ project_id, kind }`. */
export const parseNoticeCreate = (body: unknown) => parse<{ project_id: number; kind: NoticeKind }>(createBody, body)

/** PUT /api/notices/:id `{ title, body, township?, contacts?, period_days, period_unit }`. */
export const parseNoticeText = (body: unknown) =>
  parse<{ title: string; body: string; township: string | null; contacts: string | null; period_days: number; period_unit: PeriodUnit }>(textBody, body)

/** POST /api/notices/:id/publish `{ starts_on? }` (an empty body is allowed). */
export const parseNoticePublish = (body: unknown) => parse<{ starts_on?: string | null }>(publishBody, body, true)

/**
 * POST /api/notices/:id/regenerate and /approve take no fields: an empty body or `{}`. A field sent anyway (say
 * `approved_by`) is refused, never ignored, as on every other write.
 */
export const parseNoticeAction = (body: unknown) => parse<Record<string, never>>(z.strictObject({}), body, true)

/** POST /api/notices/:id/withdraw `{ reason }`. */
export const parseNoticeWithdraw = (body: unknown) => parse<{ reason: string }>(withdrawBody, body)

export function isNoticeStatus(v: string): v is NoticeStatus {
  return (noticeStatuses as readonly string[]).includes(v)
}

const holidayBody = z.strictObject({
  kind: z.enum(['holiday', 'workday']),
  name: requiredText(100),
})

/** PUT /api/holidays/:day `{ kind, name }`. */
export const parseHolidayBody = (body: unknown) => parse<{ kind: 'holiday' | 'workday'; name: string }>(holidayBody, body)

export { isoDay }
