import { parseYuan, type MoneySign } from '../domain/money.ts'
import { invalid, type FieldIssue } from '../problem.ts'
import { unknownFieldIssue } from './unknown-field.ts'

/** One field of a funds request body. Money is always a decimal string (server/domain/money.ts). */
type FieldSpec =
  | { type: 'money'; sign?: MoneySign; required: true }
  | { type: 'text'; max: number; required: boolean }
  | { type: 'boolean'; required: true }
  | { type: 'id'; required: true }
  | { type: 'enum'; values: readonly string[]; required: true }

type Value<S extends FieldSpec> = S extends { type: 'boolean' } ? boolean
  : S extends { type: 'id' } ? number
  : S extends { required: true } ? string
  : string | null

type Parsed<Spec extends Record<string, FieldSpec>> = { [K in keyof Spec]: Value<Spec[K]> }

function readField(spec: FieldSpec, v: unknown, path: string): { value: unknown } | { issue: FieldIssue } {
  if (v === undefined || v === null || (spec.type === 'text' && typeof v === 'string' && v.trim() === '')) {
    return spec.required ? { issue: { path, code: 'FIELD_REQUIRED' } } : { value: null }
  }
  switch (spec.type) {
    case 'money': {
      const r = parseYuan(v, path, spec.sign)
      return 'yuan' in r ? { value: r.yuan } : r
    }
    case 'text': {
      if (typeof v !== 'string') return { issue: { path, code: 'FIELD_INVALID', params: { why: 'text' } } }
      const text = v.normalize('NFC').trim()
      if ([...text].length > spec.max) return { issue: { path, code: 'FIELD_TOO_LONG', params: { max: spec.max } } }
      return { value: text }
    }
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : { issue: { path, code: 'FIELD_INVALID', params: { why: 'true or false' } } }
    case 'id':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 2147483647
        ? { value: v }
        : { issue: { path, code: 'FIELD_INVALID', params: { why: 'a positive integer id' } } }
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v)
        ? { value: v }
        : { issue: { path, code: 'FIELD_INVALID', params: { why: `one of ${spec.values.join(', ')}` } } }
  }
}

/** Reads a JSON object body field by field: 422 listing every fault (unknown fields included), else the values. */
export function parseFundsBody<Spec extends Record<string, FieldSpec>>(body: unknown, spec: Spec): Parsed<Spec> {
  if (body === undefined) body = {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid([{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object' } }])
  }
  const issues: FieldIssue[] = []
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(body)) {
    if (!(key in spec)) issues.push(unknownFieldIssue(key, key))
  }
  for (const [key, fieldSpec] of Object.entries(spec)) {
    const r = readField(fieldSpec, (body as Record<string, unknown>)[key], key)
    if ('issue' in r) issues.push(r.issue)
    else out[key] = r.value
  }
  if (issues.length) throw invalid(issues)
  return out as Parsed<Spec>
}

export const fundParts = ['acquisition', 'resettlement', 'working'] as const

const note = { type: 'text', max: 500, required: false } as const

/** PUT /api/projects/:id/budget */
export const budgetBody = { budget_yuan: { type: 'money', required: true }, note } as const
/** POST /api/projects/:id/funds/deposits */
export const depositBody = { amount_yuan: { type: 'money', required: true }, payer: { type: 'text', max: 200, required: true }, note } as const
/** POST /api/projects/:id/funds/disbursement-requests */
export const requestBody = {
  part: { type: 'enum', values: fundParts, required: true },
  amount_yuan: { type: 'money', required: true },
  payee: { type: 'text', max: 200, required: false },
  note,
} as const
/** POST /api/funds/disbursement-requests/:id/precheck; the reason is required to reject (checked in the handler). */
export const precheckBody = { approve: { type: 'boolean', required: true }, reason: { type: 'text', max: 500, required: false } } as const
/** POST /api/funds/disbursement-requests/:id/execute */
export const executeBody = { note } as const
/** POST /api/projects/:id/funds/corrections: a signed amount and the reason, always. */
export const correctionBody = {
  corrects_entry_id: { type: 'id', required: true },
  amount_yuan: { type: 'money', sign: 'nonzero', required: true },
  note: { type: 'text', max: 500, required: true },
} as const
/** POST /api/projects/:id/task-letters */
export const taskLetterBody = { number: { type: 'text', max: 64, required: true }, note } as const
