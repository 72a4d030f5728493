// The deterministic sources of variety and the one way amounts are written: a fixed table read by position, a
// date by position, whole fen as a decimal string.

/** The entry of a fixed table at position `i`, wrapping around (negative positions too). */
export const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[((i % xs.length) + xs.length) % xs.length]
  if (x === undefined) throw new Error('empty table')
  return x
}

/** A date in `year` by position: the month cycles through the year, the day through the first 28. */
export const dateOf = (year: number, i: number) => `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`

/** Whole fen (or centi-m²) as a decimal string with 2 places. */
export const cents = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a whole non-negative amount: ${n}`)
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`
}
