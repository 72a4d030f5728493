import { formatDecimal } from '../../i18n/format.ts'

/**
 * m² decimal text as hectares (公顷), shifting the decimal point by four places on the text (exact, no floating
 * point), then formatted to `decimals` places. Null for anything that is not a decimal.
 */
export function formatHectares(m2: string | null | undefined, decimals = 4): string | null {
  if (m2 === null || m2 === undefined) return null
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(m2.trim())
  if (!m) return null
  const int = m[2]!.padStart(5, '0')
  const ha = `${m[1]}${int.slice(0, -4)}.${int.slice(-4)}${m[3] ?? ''}`
  return formatDecimal(ha, decimals)
}

/** The sum of decimal texts with at most `scale` places, exact (BigInt on the scaled digits). */
export function sumDecimals(values: readonly string[], scale = 4): string {
  let total = 0n
  for (const v of values) {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v.trim())
    if (!m) continue
    const units = BigInt(m[2]! + (m[3] ?? '').padEnd(scale, '0').slice(0, scale))
    total += m[1] === '-' ? -units : units
  }
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}
