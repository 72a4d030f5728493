import { describe, expect, it } from 'vitest'
import { parseYuan } from '../../server/domain/money.ts'

const code = (v: unknown, sign?: 'positive' | 'nonzero') => {
  const r = parseYuan(v, 'amount_yuan', sign)
  return 'yuan' in r ? r.yuan : r.issue.code
}

describe('parseYuan', () => {
  it('reads decimal strings of yuan into canonical text with 2 decimals, never through a float', () => {
    expect(code('130030764')).toBe('130030764.00')
    expect(code('1234.5')).toBe('1234.50')
    expect(code('0.01')).toBe('0.01')
    expect(code('007.10')).toBe('7.10')
    expect(code('1.200')).toBe('1.20')
    expect(code('999999999999.99')).toBe('999999999999.99')
    // 0.1 + 0.2 as text stays exact: the sum is done in SQL numeric.
    expect(code('0.30')).toBe('0.30')
  })

  it('refuses JSON numbers, so that float money never enters', () => {
    expect(code(1234.5)).toBe('MONEY_NOT_A_STRING')
    expect(code(0.1 + 0.2)).toBe('MONEY_NOT_A_STRING')
  })

  it('refuses malformed text: exponents, signs, spaces, commas, empty, non-strings', () => {
    for (const v of ['1e5', '+5', ' 5', '5 ', '1,000', '', '.5', '5.', '0x10', 'NaN', 'Infinity', '１２', null, true, {}, ['1']]) {
      expect(code(v), JSON.stringify(v)).toBe('MONEY_MALFORMED')
    }
  })

  it('refuses more than 2 decimals of yuan (fen), ignoring trailing zeros', () => {
    expect(code('1234.505')).toBe('MONEY_TOO_PRECISE')
    expect(code('0.001')).toBe('MONEY_TOO_PRECISE')
    expect(code('1.2300')).toBe('1.23')
  })

  it('refuses zero, negatives where positive is required, and absurd amounts of 1e12 yuan or more', () => {
    expect(code('0')).toBe('MONEY_OUT_OF_RANGE')
    expect(code('0.00')).toBe('MONEY_OUT_OF_RANGE')
    expect(code('-5')).toBe('MONEY_OUT_OF_RANGE')
    expect(code('1000000000000')).toBe('MONEY_OUT_OF_RANGE')
    expect(code('-0.00', 'nonzero')).toBe('MONEY_OUT_OF_RANGE')
  })

  it('accepts signed non-zero amounts for corrections', () => {
    expect(code('-3.26', 'nonzero')).toBe('-3.26')
    expect(code('12', 'nonzero')).toBe('12.00')
    expect(code('-1000000000000', 'nonzero')).toBe('MONEY_OUT_OF_RANGE')
  })
})
