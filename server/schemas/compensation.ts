import { parseYuan } from '../domain/money.ts'
import { invalid, type FieldIssue } from '../problem.ts'
import { unknownFieldIssue } from './unknown-field.ts'

/** The item types whose rate key is a land class (GB/T 21010-2017 code or group code) or '*'. */
export const landItemTypes = ['land', 'resettlement_subsidy', 'young_crops'] as const
/** Item types counted per household, person-month or coffin: one rate for all ('*'). */
export const starOnlyItemTypes = ['relocation', 'transition', 'delayed_transition', 'grave_relocation'] as const
/** Building structures: 砖混, 砖木, 框架, 简易. */
export const structures = ['brick_concrete', 'brick_wood', 'frame', 'simple'] as const
/** Attachment kinds; an attachments rate may also be keyed by an attachment's name (杉树, 水井 …). */
export const attachmentKinds = ['tree', 'crop', 'well', 'shed', 'fence', 'pond', 'other'] as const

/** Rates are numeric(14, 2) below 1e9 yuan; 0 is allowed (an item that is counted but not paid). */
const maxRateDigits = 9
const maxRates = 500

export interface RateInput {
  item_type: string
  key: string
  rate_yuan: string
}

export interface RateSetInput {
  name: string
  basis: string | null
  effective_from: string
  note: string | null
  rates: RateInput[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function text(v: unknown, path: string, max: number, required: boolean, issues: FieldIssue[]): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) issues.push({ path, code: 'FIELD_REQUIRED' })
    return null
  }
  if (typeof v !== 'string') {
    issues.push({ path, code: 'FIELD_INVALID', params: { why: 'text' } })
    return null
  }
  const t = v.normalize('NFC').trim()
  if ([...t].length > max) {
    issues.push({ path, code: 'FIELD_TOO_LONG', params: { max } })
    return null
  }
  return t
}

/** A calendar date YYYY-MM-DD between 1990-01-01 and 2200-01-01 (the rate_sets CHECK). */
function date(v: unknown, path: string, issues: FieldIssue[]): string | null {
  if (v === undefined || v === null || v === '') {
    issues.push({ path, code: 'FIELD_REQUIRED' })
    return null
  }
  const why = { why: 'a date YYYY-MM-DD between 1990-01-01 and 2200-01-01' }
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    issues.push({ path, code: 'FIELD_INVALID', params: why })
    return null
  }
  const d = new Date(`${v}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v || v < '1990-01-01' || v > '2200-01-01') {
    issues.push({ path, code: 'FIELD_INVALID', params: why })
    return null
  }
  return v
}

function unknownFields(body: Record<string, unknown>, known: readonly string[], prefix: string, issues: FieldIssue[]) {
  for (const k of Object.keys(body)) {
    if (!known.includes(k)) issues.push(unknownFieldIssue(`${prefix}${k}`, k))
  }
}

/** A rate in yuan: a decimal string (parseYuan, sign 'nonnegative'), below 1e9. */
function rateYuan(v: unknown, path: string, issues: FieldIssue[]): string | null {
  if (v === undefined || v === null) {
    issues.push({ path, code: 'FIELD_REQUIRED' })
    return null
  }
  const r = parseYuan(v, path, 'nonnegative')
  if ('issue' in r) {
    issues.push(r.issue)
    return null
  }
  if (r.yuan.split('.')[0]!.length > maxRateDigits) {
    issues.push({ path, code: 'RATE_OUT_OF_RANGE' })
    return null
  }
  return r.yuan
}

/**
 * The key a rate may have for its item type, checked without the database (land class codes are checked by the
 * handler against land_classes, item types against compensation_item_types): '*' always; a structure for house;
 * anything naming an attachment or its kind for attachments; a land class (checked later) for the land items; only
 * '*' for the others.
 */
function keyIssue(itemType: string, key: string, path: string): FieldIssue | undefined {
  if (key === '*' || itemType === 'attachments' || (landItemTypes as readonly string[]).includes(itemType)) return undefined
  if (itemType === 'house') {
    if ((structures as readonly string[]).includes(key)) return undefined
    return { path, code: 'RATE_KEY_INVALID', params: { item_type: itemType, key, allowed: `* | ${structures.join(' | ')}` } }
  }
  if ((starOnlyItemTypes as readonly string[]).includes(itemType)) {
    return { path, code: 'RATE_KEY_INVALID', params: { item_type: itemType, key, allowed: '*' } }
  }
  return undefined
}

/**
 * POST /api/projects/:id/rate-sets: `{ name, basis?, effective_from, note?, rates: [{ item_type, key?, rate_yuan }] }`
 * (1…500 rates, key '*' when omitted). 422 listing every fault: unknown fields, money faults of parseYuan,
 * RATE_OUT_OF_RANGE, RATE_KEY_INVALID, RATE_REPEATED. Item types (UNKNOWN_ITEM_TYPE) and land class keys
 * (UNKNOWN_LAND_CLASS) need the database: the handler checks them next.
 */
export function parseRateSetBody(body: unknown): RateSetInput {
  const issues: FieldIssue[] = []
  if (!isObject(body)) throw invalid([{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object' } }])
  unknownFields(body, ['name', 'basis', 'effective_from', 'note', 'rates'], '', issues)
  const name = text(body.name, 'name', 200, true, issues)
  const basis = text(body.basis, 'basis', 200, false, issues)
  const effective = date(body.effective_from, 'effective_from', issues)
  const note = text(body.note, 'note', 500, false, issues)
  const rates: RateInput[] = []
  if (!Array.isArray(body.rates) || body.rates.length === 0) {
    issues.push(body.rates === undefined || (Array.isArray(body.rates) && body.rates.length === 0)
      ? { path: 'rates', code: 'FIELD_REQUIRED' }
      : { path: 'rates', code: 'FIELD_INVALID', params: { why: 'a list of rates' } })
  } else if (body.rates.length > maxRates) {
    issues.push({ path: 'rates', code: 'FIELD_INVALID', params: { why: `at most ${maxRates} rates` } })
  } else {
    const seen = new Set<string>()
    body.rates.forEach((r: unknown, i) => {
      const at = `rates[${i}]`
      if (!isObject(r)) {
        issues.push({ path: at, code: 'FIELD_INVALID', params: { why: '{ item_type, key, rate_yuan }' } })
        return
      }
      const before = issues.length
      unknownFields(r, ['item_type', 'key', 'rate_yuan'], `${at}.`, issues)
      const itemType = text(r.item_type, `${at}.item_type`, 100, true, issues)
      const key = r.key === undefined || r.key === null ? '*' : text(r.key, `${at}.key`, 100, true, issues)
      const yuan = rateYuan(r.rate_yuan, `${at}.rate_yuan`, issues)
      if (issues.length > before || itemType === null || key === null || yuan === null) return
      const bad = keyIssue(itemType, key, `${at}.key`)
      if (bad) issues.push(bad)
      const pair = JSON.stringify([itemType, key])
      if (seen.has(pair)) issues.push({ path: at, code: 'RATE_REPEATED', params: { item_type: itemType, key } })
      seen.add(pair)
      rates.push({ item_type: itemType, key, rate_yuan: yuan })
    })
  }
  if (issues.length) throw invalid(issues)
  return { name: name!, basis, effective_from: effective!, note, rates }
}

/** POST /api/projects/:id/compensation/recompute: `{ dry_run?: boolean }` or no body. */
export function parseRecomputeBody(body: unknown): { dryRun: boolean } {
  if (body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) return { dryRun: false }
  if (!isObject(body)) throw invalid([{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object' } }])
  const issues: FieldIssue[] = []
  unknownFields(body, ['dry_run'], '', issues)
  if (body.dry_run !== undefined && typeof body.dry_run !== 'boolean') {
    issues.push({ path: 'dry_run', code: 'FIELD_INVALID', params: { why: 'true or false' } })
  }
  if (issues.length) throw invalid(issues)
  return { dryRun: body.dry_run === true }
}
