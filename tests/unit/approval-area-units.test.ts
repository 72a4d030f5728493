import { describe, expect, it } from 'vitest'
import { formatHectares, sumDecimals } from '../../client/panels/approval/area-units.ts'
import { hatchImage } from '../../client/map/approval-layers.ts'

describe('hectares and sums of the batch table, on the decimal text', () => {
  it('shifts m² to 公顷 by four places without floating point', () => {
    expect(formatHectares('22083.08')).toBe('2.2083')
    expect(formatHectares('240.40')).toBe('0.0240')
    expect(formatHectares('0.00')).toBe('0.0000')
    expect(formatHectares('350000.00')).toBe('35.0000')
    expect(formatHectares('1234567890.12', 2)).toBe('123 456.79')
    expect(formatHectares('0.05')).toBe('0.0000')
    expect(formatHectares('5.5', 3)).toBe('0.001')
    expect(formatHectares(null)).toBeNull()
    expect(formatHectares('abc')).toBeNull()
  })

  it('adds decimal texts exactly', () => {
    expect(sumDecimals(['240.40', '10806.39', '11036.44'], 2)).toBe('22083.23')
    expect(sumDecimals(['0.1', '0.2'], 4)).toBe('0.3000')
    expect(sumDecimals(['16.2100', '0.3610', '16.5550'])).toBe('33.1260')
    expect(sumDecimals([], 2)).toBe('0.00')
  })
})

describe('the farmland hatch', () => {
  it('is a 16 px tile of green diagonal lines on a transparent ground', () => {
    const img = hatchImage()
    expect([img.width, img.height, img.data.length]).toEqual([16, 16, 16 * 16 * 4])
    const alpha = (x: number, y: number) => img.data[(y * 16 + x) * 4 + 3]
    expect(alpha(0, 0)).toBe(200)
    expect(alpha(4, 0)).toBe(0)
    expect(alpha(8, 0)).toBe(200)
    expect(alpha(7, 1)).toBe(200)
    expect([...img.data.slice(0, 3)]).toEqual([0x15, 0x80, 0x3d])
  })
})
