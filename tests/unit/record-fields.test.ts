import { describe, expect, it } from 'vitest'
import { parseDecimal, parseYuan } from '../../server/domain/money.ts'
import { photoContentType } from '../../server/schemas/attachment.ts'
import { parseCompensationItemBody } from '../../server/schemas/compensation-item.ts'
import { parseResettlementBody } from '../../server/schemas/resettlement.ts'

const area = { scale: 2, max: 1000000 }
const code = (r: { issue: { code: string } } | { value: string }) => ('issue' in r ? r.issue.code : r.value)

describe('parseDecimal', () => {
  it('gives the canonical text with exactly the column scale', () => {
    expect(code(parseDecimal('218.5', 'a', area))).toBe('218.50')
    expect(code(parseDecimal('007', 'a', area))).toBe('7.00')
    expect(code(parseDecimal('12.3400', 'a', area))).toBe('12.34')
    expect(code(parseDecimal('999999.99', 'a', area))).toBe('999999.99')
    expect(code(parseDecimal('0', 'a', { scale: 4, max: 10000000000, zero: true }))).toBe('0.0000')
    expect(code(parseDecimal('-0', 'a', { scale: 4, max: 10000000000, zero: true }))).toBe('0.0000')
  })

  it('refuses numbers, malformed text, too many decimals, negatives, zero where it is not allowed and the bound', () => {
    expect(code(parseDecimal(218.5, 'a', area))).toBe('DECIMAL_NOT_A_STRING')
    for (const s of ['', '1e3', '1,5', ' 1', '0x10', '.5', '5.', 'NaN', 'Infinity']) expect(code(parseDecimal(s, 'a', area)), s).toBe('DECIMAL_MALFORMED')
    expect(code(parseDecimal(null, 'a', area))).toBe('DECIMAL_MALFORMED')
    expect(code(parseDecimal('12.345', 'a', area))).toBe('DECIMAL_TOO_PRECISE')
    expect(code(parseDecimal('-1', 'a', area))).toBe('DECIMAL_OUT_OF_RANGE')
    expect(code(parseDecimal('0.00', 'a', area))).toBe('DECIMAL_OUT_OF_RANGE')
    expect(code(parseDecimal('1000000', 'a', area))).toBe('DECIMAL_OUT_OF_RANGE')
    expect(code(parseDecimal('99999999999999999999999', 'a', area))).toBe('DECIMAL_OUT_OF_RANGE')
  })
})

describe('parseYuan with the nonnegative sign', () => {
  it('allows a rate of 0 but no negative amount; the other signs are unchanged', () => {
    expect(parseYuan('0', 'r', 'nonnegative')).toEqual({ yuan: '0.00' })
    expect(parseYuan('-0.00', 'r', 'nonnegative')).toEqual({ yuan: '0.00' })
    expect(parseYuan('12.5', 'r', 'nonnegative')).toEqual({ yuan: '12.50' })
    expect(parseYuan('-1', 'r', 'nonnegative')).toMatchObject({ issue: { code: 'MONEY_OUT_OF_RANGE' } })
    expect(parseYuan('0', 'r')).toMatchObject({ issue: { code: 'MONEY_OUT_OF_RANGE' } })
    expect(parseYuan('-5', 'r', 'nonzero')).toEqual({ yuan: '-5.00' })
    expect(parseYuan('-5', 'r')).toMatchObject({ issue: { code: 'MONEY_OUT_OF_RANGE' } })
  })
})

describe('photoContentType', () => {
  it('names JPEG, PNG and WebP by their first bytes and nothing else', () => {
    expect(photoContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg')
    expect(photoContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(photoContentType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp')
    expect(photoContentType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeUndefined()
    expect(photoContentType(new TextEncoder().encode('<svg onload="alert(1)">'))).toBeUndefined()
    expect(photoContentType(new TextEncoder().encode('GIF89a'))).toBeUndefined()
    expect(photoContentType(new Uint8Array([0xff, 0xd8]))).toBeUndefined()
    expect(photoContentType(new Uint8Array(0))).toBeUndefined()
  })
})

describe('record bodies', () => {
  it('a computed compensation item takes paid_on and notes; any other field sent must equal the stored one', () => {
    const stored = {
      id: 1, version: 3, project_id: 1, origin: 'computed' as const, item_type: 'land', household_id: null, parcel_id: 7,
      quantity: '16.4200', unit: 'mu', rate_yuan: '36000.00', amount_yuan: '591120.00', rate_set_id: 2, paid_on: null, notes: null,
    }
    const ok = parseCompensationItemBody({ project_id: 1, item_type: 'land', parcel_id: 7, quantity: '16.42', rate_yuan: '36000', amount_yuan: '591120.00', paid_on: '2020-05-01' }, stored)
    expect(ok.value).toMatchObject({ quantity: '16.4200', amountYuan: '591120.00', paidOn: '2020-05-01', computed: { rateSetId: 2 } })
    const bad = parseCompensationItemBody({ quantity: '16.43', parcel_id: 8, paid_on: '2020-05-01' }, stored)
    expect(bad.issues.map((i) => [i.path, i.code])).toEqual([['parcel_id', 'READ_ONLY_FIELD'], ['quantity', 'READ_ONLY_FIELD']])
  })

  it('a resettlement: the end not before the start, cash without a transition', () => {
    const base = { project_id: 1, household_id: 2, persons: 3, method: 'homestead' }
    expect(parseResettlementBody({ ...base, transition_start: '2020-01-01', transition_end: '2020-01-01' }).value).toBeDefined()
    expect(parseResettlementBody({ ...base, transition_start: '2020-01-02', transition_end: '2020-01-01' }).issues[0]!.code).toBe('DATE_RANGE_INVALID')
    expect(parseResettlementBody({ ...base, method: 'cash', transition_end: '2020-01-01' }).issues[0]!.code).toBe('RESETTLEMENT_CASH_TRANSITION')
    expect(parseResettlementBody({ ...base, transition_start: '2020-02-30' }).issues[0]!.code).toBe('FIELD_INVALID')
  })
})
