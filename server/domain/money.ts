import type { FieldIssue } from '../problem.ts'

/** Amounts are below 1e12 yuan (万亿): far beyond any project, and inside numeric(18,2) with room for sums. */
export const maxYuanDigits = 12

const decimalText = /^(-?)(\d+)(?:\.(\d+))?$/

/** Money must be positive (deposits, disbursements, budgets) or non-zero and signed (corrections). */
export type MoneySign = 'positive' | 'nonzero' | 'nonnegative'

const signWords = {
  positive: { 'zh-CN': '大于 0', en: 'greater than 0' },
  nonzero: { 'zh-CN': '不为 0', en: 'non-zero' },
  nonnegative: { 'zh-CN': '不小于 0', en: '0 or more' },
} as const

/**
 * Reads an amount of yuan from a JSON value without ever making it a float: only a decimal string is accepted
 * ("1234.5", "-20.00" for a signed correction), with at most 2 decimals (fen), non-zero (and positive unless
 * `sign` is 'nonzero'), below 1e12 in size. Returns the canonical text with exactly 2 decimals ("1234.50"),
 * ready to bind as numeric, or the issue: MONEY_NOT_A_STRING (a JSON number, so 0.1 + 0.2 never enters),
 * MONEY_MALFORMED, MONEY_TOO_PRECISE, MONEY_OUT_OF_RANGE.
 */
export function parseYuan(value: unknown, path: string, sign: MoneySign = 'positive'): { yuan: string } | { issue: FieldIssue } {
  if (typeof value === 'number') return { issue: { path, code: 'MONEY_NOT_A_STRING' } }
  if (typeof value !== 'string') return { issue: { path, code: 'MONEY_MALFORMED' } }
  const m = decimalText.exec(value)
  if (!m) return { issue: { path, code: 'MONEY_MALFORMED' } }
  const [, minus, whole, fraction = ''] = m as unknown as [string, string, string, string | undefined]
  if (fraction.replace(/0+$/, '').length > 2) return { issue: { path, code: 'MONEY_TOO_PRECISE' } }
  const int = whole.replace(/^0+(?=\d)/, '')
  const fen = fraction.slice(0, 2).padEnd(2, '0')
  const isZero = /^0+$/.test(int + fen)
  const outOfRange = { issue: { path, code: 'MONEY_OUT_OF_RANGE' as const, params: { sign: signWords[sign] } } }
  if ((isZero && sign !== 'nonnegative') || int.length > maxYuanDigits || (minus && sign !== 'nonzero' && !isZero)) return outOfRange
  return { yuan: `${isZero ? '' : minus}${int}.${fen}` }
}

/** The column a decimal quantity is stored in: `scale` decimals, values below `max`, and whether 0 is allowed. */
export interface DecimalColumn {
  scale: number
  /** Exclusive upper bound, a whole number, as the column's CHECK says (floor_area_m2 < 1000000). */
  max: number
  /** true when 0 is a valid value (compensation quantities); false for > 0 (floor areas, attachment quantities). */
  zero?: boolean
}

/**
 * Reads a quantity (a floor area in m², an attachment's count or length, a compensation quantity) like parseYuan:
 * only a JSON decimal string, at most `scale` decimals, not negative, 0 only when the column allows it, below
 * `max`. Returns the canonical text with exactly `scale` decimals ("123.40"), ready to bind as numeric, or the
 * issue: DECIMAL_NOT_A_STRING, DECIMAL_MALFORMED, DECIMAL_TOO_PRECISE, DECIMAL_OUT_OF_RANGE.
 */
export function parseDecimal(value: unknown, path: string, column: DecimalColumn): { value: string } | { issue: FieldIssue } {
  if (typeof value === 'number') return { issue: { path, code: 'DECIMAL_NOT_A_STRING', params: { scale: column.scale } } }
  if (typeof value !== 'string') return { issue: { path, code: 'DECIMAL_MALFORMED', params: { scale: column.scale } } }
  const m = decimalText.exec(value)
  if (!m) return { issue: { path, code: 'DECIMAL_MALFORMED', params: { scale: column.scale } } }
  const [, minus, whole, fraction = ''] = m as unknown as [string, string, string, string | undefined]
  if (fraction.replace(/0+$/, '').length > column.scale) return { issue: { path, code: 'DECIMAL_TOO_PRECISE', params: { scale: column.scale } } }
  const int = whole.replace(/^0+(?=\d)/, '')
  const frac = fraction.slice(0, column.scale).padEnd(column.scale, '0')
  const isZero = /^0+$/.test(int + frac)
  // max is a whole number, so value < max exactly when its integer part is.
  const below = BigInt(int) < BigInt(column.max)
  if ((minus && !isZero) || (isZero && !column.zero) || !below) {
    return { issue: { path, code: 'DECIMAL_OUT_OF_RANGE', params: { max: column.max, min: column.zero ? '0' : '> 0' } } }
  }
  return { value: column.scale ? `${int}.${frac}` : int }
}
