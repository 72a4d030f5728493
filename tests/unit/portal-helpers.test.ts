import { describe, expect, it } from 'vitest'
import { normalizePhone } from '../../server/domain/personal-data.ts'
import { hearingRequestBody } from '../../server/schemas/hearing-request.ts'
import { fieldOfPath, isMainlandPhone, validateHearing } from '../../client/portal/hearing-validation.ts'
import { beijingToday, daysUntil, formatDecimal, muToHa, rateAppliesTo } from '../../client/portal/portal-i18n.ts'
import { bboxOf } from '../../client/map/portal-map.ts'

// The public portal's pure helpers: the hearing form's checks agree with the server's, areas and dates are written
// without float round trips, and the map's box covers every vertex.

describe('the hearing form checks phones as the server does', () => {
  const samples = [
    '13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '0086-13812345678', '８６１３８１２３４５６７８',
    '0745-2381234', '(0745) 2381234', '010-62345678', '0745-2381234 转 808', '07452381234', '12812345678', '1381234567',
    '138123456789', '0745-1381234', 'abc', '', '110', '+1 415 555 0100', '0745-238123', '（0745）2381234x12',
  ]
  for (const s of samples) {
    it(`agrees on ${JSON.stringify(s)}`, () => {
      expect(isMainlandPhone(s)).toBe(normalizePhone(s) !== undefined)
    })
  }
})

describe('validateHearing', () => {
  const good = { name: '王小明', phone: '13812345678', collective: '一组', reason: '补偿标准偏低', consent: true }

  it('passes a complete request', () => {
    expect(validateHearing(good, ['一组', '二组'])).toEqual({})
  })

  it('names each fault: short name, bad phone, a collective not of the notice, short reason, no consent', () => {
    expect(validateHearing({ name: '王', phone: '123', collective: '三组', reason: '不同意', consent: false }, ['一组'])).toEqual({
      name: 'hearing.errName', phone: 'hearing.errPhone', collective: 'hearing.errCollective', reason: 'hearing.errReason', consent: 'hearing.errConsent',
    })
  })

  it('counts characters as the server does (code points, not UTF-16 units), with the same limits', () => {
    const astral = '𠀋𠀋' // two characters outside the BMP: four UTF-16 units
    expect(validateHearing({ ...good, name: astral }, ['一组']).name).toBeUndefined()
    expect(hearingRequestBody.safeParse({ name: astral, phone: good.phone, collective: '一组', reason: good.reason }).success).toBe(true)
    const long = 'x'.repeat(51)
    expect(validateHearing({ ...good, name: long }, ['一组']).name).toBe('hearing.errName')
    expect(hearingRequestBody.safeParse({ name: long, phone: good.phone, collective: '一组', reason: good.reason }).success).toBe(false)
    const reason = '理由'.repeat(1001)
    expect(validateHearing({ ...good, reason }, ['一组']).reason).toBe('hearing.errReason')
    expect(hearingRequestBody.safeParse({ name: good.name, phone: good.phone, collective: '一组', reason }).success).toBe(false)
  })

  it('maps the server fault paths to the form fields', () => {
    expect(fieldOfPath('phone')).toBe('phone')
    expect(fieldOfPath('/reason')).toBe('reason')
    expect(fieldOfPath('body.name')).toBe('name')
    expect(fieldOfPath('website')).toBeUndefined()
    expect(fieldOfPath(undefined)).toBeUndefined()
  })
})

describe('areas and dates as the portal writes them', () => {
  it('converts 亩 to 公顷 exactly (1 公顷 = 15 亩), half up at the 4th decimal', () => {
    expect(muToHa('15')).toBe('1.0000')
    expect(muToHa('330.022')).toBe('22.0015') // 22.00146…
    expect(muToHa('0.001')).toBe('0.0001') // 0.0000666…
    expect(muToHa('0.0007')).toBe('—')
    expect(muToHa('101.997')).toBe('6.7998')
    expect(muToHa('123456789.999')).toBe('8230452.6666')
  })

  it('groups digits without touching the decimals', () => {
    expect(formatDecimal('24000.00')).toBe('24,000.00')
    expect(formatDecimal('1234567.891')).toBe('1,234,567.891')
    expect(formatDecimal('330.022')).toBe('330.022')
    expect(formatDecimal(null)).toBe('—')
  })

  it('counts days to a deadline in Beijing calendar days', () => {
    expect(daysUntil('2026-12-22', '2026-11-26')).toBe(26)
    expect(daysUntil('2026-11-26', '2026-11-26')).toBe(0)
    expect(daysUntil('2026-11-25', '2026-11-26')).toBe(-1)
    // 2026-11-25T16:30Z is already the 26th in Beijing (UTC+8).
    expect(beijingToday(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26')
    expect(beijingToday(new Date('2026-11-25T15:59:00Z'))).toBe('2026-11-25')
  })

  it('says what a rate applies to in words', () => {
    expect(rateAppliesTo({ land_class: '01', land_class_name: null, structure: null }, 'zh-CN')).toBe('耕地 (01)')
    expect(rateAppliesTo({ land_class: '0101', land_class_name: '水田', structure: null }, 'zh-CN')).toBe('水田 (0101)')
    expect(rateAppliesTo({ land_class: null, structure: 'brick_concrete' }, 'en')).toBe('brick-concrete')
    expect(rateAppliesTo({ land_class: null, structure: null, attachment: '柑橘树' }, 'zh-CN')).toBe('柑橘树')
    expect(rateAppliesTo({ land_class: null, structure: null, attachment: null }, 'zh-CN')).toBe('')
  })
})

describe('bboxOf', () => {
  it('covers every vertex of polygons and multipolygons, and is null for nothing', () => {
    expect(bboxOf([
      { type: 'Polygon', coordinates: [[[110, 27.5], [110.1, 27.5], [110.1, 27.6], [110, 27.5]]] },
      { type: 'MultiPolygon', coordinates: [[[[109.9, 27.55], [109.95, 27.55], [109.95, 27.7], [109.9, 27.55]]]] },
    ])).toEqual([109.9, 27.5, 110.1, 27.7])
    expect(bboxOf([])).toBeNull()
    expect(bboxOf([null])).toBeNull()
  })
})
