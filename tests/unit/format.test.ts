import { describe, expect, it } from 'vitest'
import { formatDateTime, formatDecimal, formatWanYuan, formatYuan } from '../../client/i18n/format.ts'

// The panel shows server figures through formatDecimal: rounding happens on the decimal text, so what the
// office reads is the server's number rounded as written, never a float artefact.
describe('formatDecimal', () => {
  it('rounds half away from zero on the decimal digits', () => {
    expect(formatDecimal('329.92055', 4)).toBe('329.9206')
    expect(formatDecimal('329.92054', 4)).toBe('329.9205')
    expect(formatDecimal('-0.00005', 4)).toBe('-0.0001')
    expect(formatDecimal(1.005, 2)).toBe('1.01') // a float would give 1.00
  })

  it('carries through nines and groups thousands with a space', () => {
    expect(formatDecimal('9.99995', 4)).toBe('10.0000')
    expect(formatDecimal('219947.005', 2)).toBe('219 947.01')
    expect(formatDecimal(1234567.5, 0)).toBe('1 234 568')
  })

  it('writes exponent-form numbers out in full', () => {
    expect(formatDecimal(1e-7, 8)).toBe('0.00000010')
    expect(formatDecimal(1.5e21, 0)).toBe('1 500 000 000 000 000 000 000')
  })

  it('gives null for what is not a finite decimal', () => {
    for (const v of [null, undefined, '', 'abc', '1e5', NaN, Infinity]) expect(formatDecimal(v as any, 2)).toBeNull()
  })
})

// Money is shown from the server's decimal strings in 元 and in 万元 (domain.md: 万元 with up to 6 decimals).
describe('formatYuan and formatWanYuan', () => {
  it('move the decimal point on the digits, never through a float', () => {
    expect(formatYuan('1234567.8')).toBe('1 234 567.80')
    expect(formatWanYuan('21963300.00')).toBe('2 196.33')
    expect(formatWanYuan('103582995.10')).toBe('10 358.29951')
    expect(formatWanYuan('135899624.72')).toBe('13 589.962472')
    // 0.1 + 0.2-style drift would show here: 3.26 yuan is exactly 0.000326 万元.
    expect(formatWanYuan('3.26')).toBe('0.000326')
    expect(formatWanYuan('-3.26')).toBe('-0.000326')
    expect(formatWanYuan('0.00')).toBe('0.00')
    expect(formatWanYuan('abc')).toBeNull()
  })
})

describe('formatDateTime', () => {
  it('shows Beijing time whatever the viewer’s time zone, e.g. a 2021-12-24 16:00 +08:00 sign-off', () => {
    expect(formatDateTime('2021-12-24T08:00:00Z')).toBe('2021-12-24 16:00')
    expect(formatDateTime('2021-12-31T16:30:00Z')).toBe('2022-01-01 00:30')
  })
  it('keeps text it cannot read and answers null for nothing', () => {
    expect(formatDateTime('soon')).toBe('soon')
    expect(formatDateTime(null)).toBeNull()
  })
})
