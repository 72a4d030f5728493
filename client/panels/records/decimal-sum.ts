/**
 * The exact sum of decimal strings ("12.30", "0.07" → "12.37") with `decimals` fraction digits, on integers of
 * the smallest unit: money is never added as binary floats. Values with more digits than `decimals` are cut
 * (the server's money has exactly 2). Unparseable values count as 0.
 */
export function sumDecimals(values: readonly (string | null | undefined)[], decimals: number): string {
  let total = 0n
  for (const v of values) {
    const m = v == null ? null : /^(-?)(\d+)(?:\.(\d*))?$/.exec(v.trim())
    if (!m) continue
    const units = BigInt(m[2]! + (m[3] ?? '').padEnd(decimals, '0').slice(0, decimals))
    total += m[1] === '-' ? -units : units
  }
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const frac = digits.slice(digits.length - decimals)
  return (negative ? '-' : '') + whole + (decimals > 0 ? `.${frac}` : '')
}
