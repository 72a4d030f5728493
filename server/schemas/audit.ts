import { z } from 'zod'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { notAnObject } from './record-fields.ts'
import { zodIssues } from './parcel-feature.ts'
import { singleParam } from './query-params.ts'

// NUL and the other C0 controls but tab, line feed and carriage return (a reason may span lines), and DEL.
const controlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

/** Text stored as typed: NFC, trimmed, 1…max code points, no control characters. */
const auditText = (max: number) =>
  z
    .string()
    .refine((s) => !controlChar.test(s), { message: 'control' })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length > 0, { message: 'required' })
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })

/** POST /api/projects/:id/audit/decisions and /api/audit/office/decisions. */
export const decisionBody = z.strictObject({
  /** `${code}:${subject}` of a current finding; checked against a fresh audit run by the handler. */
  finding_key: z.string().min(1, 'required').max(300, 'too_long:300'),
  decision: z.enum(['accepted', 'returned']),
  /** Why the finding is accepted (e.g. 经核实为口径差异) or what the planner must correct. */
  reason: auditText(1000),
})
export type DecisionInput = z.output<typeof decisionBody>

/** POST /api/projects/:id/audit/signoffs: an optional note (签署意见). An empty body is fine. */
export const signoffBody = z.strictObject({
  note: auditText(1000).nullable().optional().transform((s) => s ?? null),
})
export type SignoffInput = z.output<typeof signoffBody>

/** Zod at the edge: a 422 listing every fault, with INVALID_CHARACTER for control characters. */
export function parseAuditBody<S extends z.ZodType>(body: unknown, schema: S, allowEmpty = false): z.output<S> {
  if (allowEmpty && body === undefined) body = {}
  const notObject = notAnObject(body)
  if (notObject) throw invalid(notObject)
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  throw invalid(zodIssues(parsed.error, '').map((i): FieldIssue =>
    i.code === 'FIELD_INVALID' && i.params?.why === 'control' ? { path: i.path, code: 'INVALID_CHARACTER' } : i))
}

export interface Period {
  /** First day, YYYY-MM-DD. */
  from: string
  /** Last day, inclusive, YYYY-MM-DD. */
  to: string
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/

function realDate(s: string): boolean {
  if (!isoDate.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1900-01-01' && s <= '2200-12-31'
}

/**
 * The period `from`…`to` (both inclusive) of the office audit and the report: both required, real dates
 * YYYY-MM-DD, from ≤ to; else 400 AUDIT_PERIOD_INVALID saying why in both languages.
 */
export function parsePeriod(query: Record<string, unknown>): Period {
  const from = singleParam(query, 'from')
  const to = singleParam(query, 'to')
  const why = (zh: string, en: string) => new Problem('AUDIT_PERIOD_INVALID', { why: { 'zh-CN': zh, en } })
  if (from === undefined || to === undefined) throw why('须给出 from 和 to（YYYY-MM-DD）。', 'give both from and to (YYYY-MM-DD).')
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!realDate(v)) throw why(`${name} 不是 YYYY-MM-DD 格式的真实日期：${v.slice(0, 20)}`, `${name} is not a real date YYYY-MM-DD: ${v.slice(0, 20)}`)
  }
  if (from > to) throw why(`from（${from}）晚于 to（${to}）。`, `from (${from}) is after to (${to}).`)
  return { from, to }
}

/** The period an office finding key names (`…:office:2021-01-01..2021-12-31:…`), if it names one. */
export function periodOfOfficeKey(key: string): Period | undefined {
  const m = /office:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})/.exec(key)
  if (!m || !realDate(m[1]!) || !realDate(m[2]!) || m[1]! > m[2]!) return undefined
  return { from: m[1]!, to: m[2]! }
}
