// Exact decimals for the area audit: claims are decimal text ('9.275') and the server's areas are float8 printed
// exactly ('6003.337123456789'); their differences are taken here without binary rounding, as integers scaled by
// 10^scale. 30 decimals hold every float8 area above 10⁻¹³ m² exactly, far below any meaning.

/** A decimal as an integer count of 10⁻³⁰. */
export type Dec = bigint

const scale = 30
const one = 10n ** BigInt(scale)

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Reads decimal text, also in exponent form as PostgreSQL prints small float8 values ('1.5e-05'). */
export function dec(text: string): Dec {
  const m = decimalPattern.exec(text.trim())
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${text}`)
  const digits = (m[2] ?? '') + (m[3] ?? '')
  const exponent = Number(m[4] ?? 0) - (m[3] ?? '').length + scale
  let n = BigInt(digits || '0')
  if (exponent >= 0) n *= 10n ** BigInt(exponent)
  else n = divRound(n, 10n ** BigInt(-exponent))
  return m[1] === '-' ? -n : n
}

/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d
  const r = n % d
  if (2n * (r < 0n ? -r : r) >= d) return q + (n < 0n ? -1n : 1n)
  return q
}

export const abs = (a: Dec): Dec => (a < 0n ? -a : a)

/** a × p / q, rounded to the last of the 30 decimals (exact when the result has no more digits). */
export function mulDiv(a: Dec, p: bigint, q: bigint): Dec {
  return divRound(a * p, q)
}

/** m² → mu exactly: 1 mu = 10000/15 m², so mu = m² × 15 / 10000. */
export const m2ToMu = (m2: Dec): Dec => mulDiv(m2, 15n, 10000n)
/** mu → m² (× 2000/3: rounded at the 30th decimal). */
export const muToM2 = (mu: Dec): Dec => mulDiv(mu, 2000n, 3n)

/** ½ unit of the last of `decimals` digits (the rounding of a claim stated with them). */
export const halfUnit = (decimals: number): Dec => one / (2n * 10n ** BigInt(decimals))

/** The nearest double: for tolerance arithmetic, where 10⁻¹⁶ relative error is far below any meaning. */
export function toNumber(a: Dec): number {
  return Number(format(a, 20))
}

/** From a double (a tolerance term computed with a square root). */
export function fromNumber(x: number): Dec {
  return dec(x.toFixed(20))
}

/**
 * `decimals` places, half away from zero; `signed` puts '+' before a positive value ('+0.2700'), and a value that
 * rounds to zero is written without a sign either way.
 */
export function format(a: Dec, decimals: number, signed = false): string {
  const r = divRound(a, 10n ** BigInt(scale - decimals))
  const neg = r < 0n
  const digits = (neg ? -r : r).toString().padStart(decimals + 1, '0')
  const text = decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits
  if (r === 0n) return text
  return (neg ? '-' : signed ? '+' : '') + text
}

/** A double as display text with `decimals` places, half away from zero on its exact decimal value. */
export function formatNumber(x: number, decimals: number, signed = false): string {
  return format(fromNumber(x), decimals, signed)
}
