import { z } from 'zod'
import { parseDecimal, parseYuan, type DecimalColumn, type MoneySign } from '../domain/money.ts'
import type { FieldIssue } from '../problem.ts'
import { zodIssues } from './parcel-feature.ts'

/**
 * The fields every record body shares (buildings, graves, attachments, resettlements, agreements, compensation
 * items) and the checks that zod cannot express with our codes: exact decimals and money.
 */

/** Fields the server keeps: sending them is 422 READ_ONLY_FIELD, never silently applied. */
export const recordReadOnly = new Set([
  'id', 'version', 'updated_at', 'updated_by', 'signed', 'photos', 'footprint_area_m2', 'origin', 'source_key', 'rate_set_id',
])

/** Optional text: trimmed, NFC, at most `max` code points; "" and null mean none. */
export const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })
    .nullable()
    .optional()
    .transform((s) => s || null)

export const id = z.number().int().positive().max(2147483647)

/** An optional reference: absent or null for none. */
export const optionalId = id.nullable().optional().transform((v) => v ?? null)

/** A real calendar date YYYY-MM-DD between `min` and `max` (the column's CHECK); null or absent for none. */
export const optionalDate = (min: string, max = '2200-01-01') =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
    }, 'a real calendar date')
    .refine((s) => s >= min && s <= max, `a date between ${min} and ${max}`)
    .nullable()
    .optional()
    .transform((s) => s ?? null)

/** Why a change was made, kept in the history. */
export const reason = optionalText(500)

/** A body that must be a JSON object; the issue when it is not. */
export function notAnObject(body: unknown): FieldIssue[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object is expected' } }]
  }
  return undefined
}

/** Zod issues as field issues, with server-kept fields named READ_ONLY_FIELD. */
export function recordIssues(error: z.ZodError, base: string): FieldIssue[] {
  return zodIssues(error, base).map((i) =>
    i.code === 'UNKNOWN_PROPERTY' && recordReadOnly.has(String(i.params?.name)) ? { ...i, code: 'READ_ONLY_FIELD' as const } : i)
}

/**
 * A record Feature's `properties` (parseFeatureEnvelope's, undefined when missing) read by `schema`; pushes their
 * issues under `properties.` and returns undefined when there are any.
 */
export function recordProperties<S extends z.ZodType>(props: Record<string, unknown> | undefined, schema: S, issues: FieldIssue[]): z.output<S> | undefined {
  if (!props) return undefined
  const r = schema.safeParse(props)
  if (r.success) return r.data
  issues.push(...recordIssues(r.error, 'properties'))
  return undefined
}

/** A decimal quantity field read with parseDecimal; pushes the issue and returns undefined when it is bad. */
export function decimalField(value: unknown, path: string, column: DecimalColumn, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null) {
    issues.push({ path, code: 'FIELD_REQUIRED' })
    return undefined
  }
  const r = parseDecimal(value, path, column)
  if ('issue' in r) {
    issues.push(r.issue)
    return undefined
  }
  return r.value
}

/**
 * An optional money field read with parseYuan (null or absent: none), below `maxDigits` integer digits (the
 * column's bound, e.g. 9 for numeric(14, 2) < 1e9).
 */
export function optionalYuan(value: unknown, path: string, sign: MoneySign, maxDigits: number, issues: FieldIssue[]): string | null {
  if (value === undefined || value === null) return null
  const r = parseYuan(value, path, sign)
  if ('issue' in r) {
    issues.push(r.issue)
    return null
  }
  if (r.yuan.replace(/^-/, '').split('.')[0]!.length > maxDigits) {
    issues.push({ path, code: 'MONEY_OUT_OF_RANGE', params: { sign: sign === 'nonnegative' ? { 'zh-CN': '不小于 0', en: '0 or more' } : { 'zh-CN': '大于 0', en: 'greater than 0' } } })
    return null
  }
  return r.yuan
}
