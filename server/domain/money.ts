import type { FieldIssue } from '../problem.ts'

/** Amounts are below 1e12 yuan (万亿): far beyond any project, and inside numeric(18,2) with room for sums. */
export const maxYuanDigits = 12

const decimalText = /^(-?)(\d+)(?:\.(\d+))?$/

/** Money must be positive (deposits, disbursements, budgets) or non-zero and signed (corrections). */
export type MoneySign = 'positive' | 'nonzero'

const signWords = {
  positive: { 'zh-CN': '大于 0', en: 'greater than 0' },
  nonzero: { 'zh-CN': '不为 0', en: 'non-zero' },
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
  if (isZero || int.length > maxYuanDigits || (minus && sign === 'positive')) return outOfRange
  return { yuan: `${minus}${int}.${fen}` }
}
