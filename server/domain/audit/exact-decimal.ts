/**
 * Exact arithmetic on decimal strings for the audit rules: money in yuan ("135899624.72") and areas in m² come from
 * SQL as text and are compared, added and converted here on integers of the smallest unit (BigInt), never as binary
 * floats. Only what the rules need: compare, add, subtract, yuan → 万元, m² → mu.
 */

const decimalText = /^([+-]?)(\d+)(?:\.(\d*))?$/

/** The value of a decimal string in units of 10^-scale; more digits than `scale` are refused, not cut. */
export function toUnits(text: string, scale: number): bigint {
  const m = decimalText.exec(text.trim())
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`)
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} decimals`)
  const units = BigInt(m[2]! + fraction.padEnd(scale, '0'))
  return m[1] === '-' ? -units : units
}

/** Units of 10^-scale back to text with exactly `scale` decimals; `plus` puts a '+' before a positive value. */
export function fromUnits(units: bigint, scale: number, plus = false): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const body = scale > 0 ? `${whole}.${digits.slice(digits.length - scale)}` : whole
  return (negative ? '-' : plus && units > 0n ? '+' : '') + body
}

function scaleOf(text: string): number {
  const m = decimalText.exec(text.trim())
  return m ? (m[3] ?? '').length : 0
}

/** −1, 0 or 1 as a < b, a = b, a > b, for decimal strings of any scale. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(scaleOf(a), scaleOf(b))
  const d = toUnits(a, scale) - toUnits(b, scale)
  return d < 0n ? -1 : d > 0n ? 1 : 0
}

/** a − b with `scale` decimals; `plus` marks a positive difference with '+'. */
export function subtractDecimal(a: string, b: string, scale: number, plus = false): string {
  return fromUnits(toUnits(a, scale) - toUnits(b, scale), scale, plus)
}

/** The sum of decimal strings with `scale` decimals. */
export function sumDecimal(values: readonly string[], scale: number): string {
  return fromUnits(values.reduce((s, v) => s + toUnits(v, scale), 0n), scale)
}

/** The absolute value of a decimal string. */
export function absDecimal(text: string): string {
  return text.replace(/^[+-]/, '')
}

/**
 * Yuan (at most 2 decimals) in 万元, the unit of the office's reports, exactly: 135899624.72 → '13589.962472',
 * 21963300.00 → '2196.33', 3.26 → '0.000326'. Trailing zeros are dropped as the reports do; `plus` marks a positive value.
 */
export function yuanToWan(yuan: string, plus = false): string {
  const text = fromUnits(toUnits(yuan, 2), 6, plus)
  return text.replace(/\.?0+$/, '') || '0'
}

/** m² (at most 2 decimals) in mu (1 mu = 10000/15 m²) with `decimals` places, rounded half away from zero. */
export function m2ToMu(m2: string, decimals = 3): string {
  // mu in units of 10^-decimals = m2 × 15 / 10000 × 10^decimals = (m2 in 0.01 m²) × 15 × 10^decimals / 10^6.
  const num = toUnits(m2, 2) * 15n * 10n ** BigInt(decimals)
  const den = 1_000_000n
  const negative = num < 0n
  const q = ((negative ? -num : num) * 2n + den) / (2n * den)
  return fromUnits(negative ? -q : q, decimals)
}
