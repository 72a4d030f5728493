import { describe, expect, it } from 'vitest'
import { parseBaopan } from '../../server/imports/baopan.ts'
import { gkOfSrid, surveyAxisOrder } from '../../server/imports/gk.ts'
import { parsePoints } from '../../server/imports/points.ts'
import { assembleRings } from '../../server/imports/rings.ts'
import { Problem } from '../../server/problem.ts'

// The survey formats as pure parsers: 界址点 tables and 报盘 TXT, from text to rings in source coordinates.

function problemOf(fn: () => unknown): { code: string; params: Record<string, unknown> } {
  try {
    fn()
  } catch (e) {
    if (e instanceof Problem) return { code: e.code, params: e.params }
    throw e
  }
  throw new Error('expected a Problem')
}

const square = (x: number, y: number, s: number) => [[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]] as [number, number][]

describe('CGCS2000 Gauss-Krüger codes', () => {
  it('maps EPSG codes to 3° zones, with and without prefix, and 6° zones to the 3° zone of the same meridian', () => {
    expect(gkOfSrid(4525)).toEqual({ zone: 37, prefixed: true })
    expect(gkOfSrid(4546)).toEqual({ zone: 37, prefixed: false })
    expect(gkOfSrid(4524)).toEqual({ zone: 36, prefixed: true })
    expect(gkOfSrid(4497)).toEqual({ zone: 37, prefixed: true, zone6: 19 })
    expect(gkOfSrid(4508)).toEqual({ zone: 37, prefixed: false, zone6: 19 })
    expect(gkOfSrid(4490)).toBeUndefined()
    expect(gkOfSrid(3857)).toBeUndefined()
  })

  it('reads survey pairs as (X north, Y east), swapped when every pair is the other way, and refuses anything else', () => {
    expect(surveyAxisOrder([[3048973.311, 37401229.662]])).toEqual({ swapped: false })
    expect(surveyAxisOrder([[3048973.311, 401229.662]])).toEqual({ swapped: false })
    expect(surveyAxisOrder([[37401229.662, 3048973.311]])).toEqual({ swapped: true })
    expect(problemOf(() => surveyAxisOrder([[3048973.311, 37401229.662], [37401229.662, 3048973.311]])).code).toBe('COORDS_NOT_GK')
    expect(problemOf(() => surveyAxisOrder([[1000, 2000]])).code).toBe('COORDS_NOT_GK')
    expect(problemOf(() => surveyAxisOrder([[27.55, 110.0]])).params.hint).toMatchObject({ en: expect.stringContaining('degrees') })
  })
})

describe('ring assembly', () => {
  it('makes a ring inside another a hole, a ring inside a hole an island, and disjoint rings parts, keeping file order', () => {
    const outer = square(0, 0, 100)
    const hole = square(20, 20, 60)
    const island = square(40, 40, 10)
    const apart = square(200, 0, 10)
    const parts = assembleRings([apart, hole, outer, island])
    expect(parts).toEqual([[apart], [outer, hole], [island]])
  })

  it('counts a ring sharing a vertex with its container as inside when another vertex is', () => {
    const outer = square(0, 0, 100)
    const touching: [number, number][] = [[0, 0], [10, 20], [20, 10], [0, 0]]
    expect(assembleRings([outer, touching])).toEqual([[outer, touching]])
  })
})

describe('界址点 tables', () => {
  it('reads 点号, X, Y with a header, the zone from the prefix, and closes the ring', () => {
    const r = parsePoints('点号,X,Y\nJ1,3048973.311,37401229.662\nJ2,3049065.728,37401237.777\nJ3,3049074.549,37401304.168\n', {})
    expect(r.features).toHaveLength(1)
    const f = r.features[0]!
    expect(f.crs).toEqual({ srid: 4525, zone: 37 })
    expect(f.properties.survey_zone).toBe(37)
    expect(f.parts[0]![0]).toEqual([[37401229.662, 3048973.311], [37401237.777, 3049065.728], [37401304.168, 3049074.549], [37401229.662, 3048973.311]])
    expect(r.warnings.map((w) => w.code)).toEqual(['RINGS_CLOSED', 'ZONE_FROM_PREFIX'])
  })

  it('starts a new ring at a repeated first point, a blank line or a new 圈号', () => {
    const byName = 'J1 3000000 37400000\nJ2 3000100 37400000\nJ3 3000100 37400100\nJ1 3000000 37400000\nJ4 3000030 37400010\nJ5 3000050 37400010\nJ6 3000050 37400030\nJ4 3000030 37400010\n'
    expect(parsePoints(byName, {}).features[0]!.parts).toHaveLength(1)
    expect(parsePoints(byName, {}).features[0]!.parts[0]).toHaveLength(2)
    const byBlank = '3000000\t37400000\n3000010\t37400000\n3000010\t37400010\n\n3000500\t37400500\n3000510\t37400500\n3000510\t37400510\n'
    expect(parsePoints(byBlank, {}).features[0]!.parts).toHaveLength(2)
    const byRing = '1,1,3000000,37400000\n2,1,3000100,37400000\n3,1,3000100,37400100\n4,2,3000030,37400010\n5,2,3000050,37400010\n6,2,3000050,37400030\n'
    expect(parsePoints(byRing, {}).features[0]!.parts[0]).toHaveLength(2)
  })

  it('swaps a table typed as (Y, X), saying so', () => {
    const r = parsePoints('1 37401229.662 3048973.311\n2 37401237.777 3049065.728\n3 37401304.168 3049074.549\n', {})
    expect(r.warnings[0]!.code).toBe('COORDS_SWAPPED')
    expect(r.features[0]!.parts[0]![0]![0]).toEqual([37401229.662, 3048973.311])
  })

  it('uses the zone parameter for unprefixed eastings, and leaves the zone open without one', () => {
    const text = '1,3048973.311,401229.662\n2,3049065.728,401237.777\n3,3049074.549,401304.168\n'
    expect(parsePoints(text, { zone: 37 }).features[0]!.crs).toEqual({ srid: 4546, zone: 37 })
    expect(parsePoints(text, {}).features[0]!.crs).toEqual({ srid: null, zone: null })
    expect(parsePoints(text.replace(/401/g, '37401'), { zone: 36 }).warnings.map((w) => w.code)).toContain('ZONE_PARAMETER_IGNORED')
  })

  it('reads our own CSV export: one feature per 地块编号, quoted codes, the 带号 column', () => {
    const csv = '\uFEFF地块编号,圈号,点号,X(北),Y(东),带号,经度,纬度\r\n' +
      '"A,1",1,J1,3000000.0000,400000.0000,37,110,27\r\n"A,1",1,J2,3000100.0000,400000.0000,37,110,27\r\n"A,1",1,J3,3000100.0000,400100.0000,37,110,27\r\n"A,1",1,J1,3000000.0000,400000.0000,37,110,27\r\n' +
      'B,1,J1,3000000.0000,36600000.0000,36,109,27\r\nB,1,J2,3000100.0000,36600000.0000,36,109,27\r\nB,1,J3,3000100.0000,36600100.0000,36,109,27\r\nB,1,J1,3000000.0000,36600000.0000,36,109,27\r\n'
    const r = parsePoints(csv.replace(/^\uFEFF/, ''), {})
    expect(r.features.map((f) => [f.properties.code, f.crs.srid])).toEqual([['A,1', 4546], ['B', 4524]])
  })

  it('points at the line of a malformed number or a wrong column count', () => {
    expect(problemOf(() => parsePoints('1,3048973.311,37401229.662\n2,3049065.728,3740l237.777\n', {})).params.line).toBe(2)
    expect(problemOf(() => parsePoints('1,2,3,4,5\n', {})).code).toBe('IMPORT_SYNTAX_ERROR')
    expect(problemOf(() => parsePoints('1,3048973.311,37401229.662\n2,3049065.728\n', {})).params.line).toBe(2)
    expect(problemOf(() => parsePoints('\n\n', {})).code).toBe('IMPORT_EMPTY')
  })
})

const baopanHeader = ['[属性描述]', '坐标系=2000国家大地坐标系', '几度分带=3', '投影类型=高斯克吕格', '计量单位=米', '带号=37', '[地块坐标]']

describe('报盘 TXT', () => {
  it('reads parcels, rings (hole and parts), the stated 公顷 and its rounding', () => {
    const text = [...baopanHeader,
      '10,1.0000,D-1,某村一组,面,,水田,0101,@',
      'J1,1,3000000.0000,37400000.0000', 'J2,1,3000100.0000,37400000.0000', 'J3,1,3000100.0000,37400100.0000', 'J4,1,3000000.0000,37400100.0000', 'J1,1,3000000.0000,37400000.0000',
      'J5,2,3000020.0000,37400020.0000', 'J6,2,3000040.0000,37400020.0000', 'J7,2,3000040.0000,37400040.0000', 'J5,2,3000020.0000,37400020.0000',
      '8,0.08,D-2,某村二组,面,,旱地,0103,@',
      'J1,1,3001000.0000,37401000.0000', 'J2,1,3001020.0000,37401000.0000', 'J3,1,3001020.0000,37401020.0000', 'J1,1,3001000.0000,37401000.0000',
      'J4,2,3001100.0000,37401100.0000', 'J5,2,3001120.0000,37401100.0000', 'J6,2,3001120.0000,37401120.0000', 'J4,2,3001100.0000,37401100.0000',
    ].join('\r\n')
    const r = parseBaopan(text, {})
    expect(r.features.map((f) => [f.properties.code, f.parts.length, f.parts.map((p) => p.length)])).toEqual([['D-1', 1, [2]], ['D-2', 2, [1, 1]]])
    expect(r.features[0]!.properties).toEqual({ code: 'D-1', name: '某村一组', owner: '某村一组', land_class: '0101', survey_zone: 37, claimed_area_mu: '15.0000' })
    expect(r.features[0]!.stated).toEqual({ area_m2: 10000, rounding_m2: 0.5 })
    expect(r.features[1]!.stated!.rounding_m2).toBeCloseTo(50, 9)
    // The claims: GK planar; 公顷 to 4 decimals → 2 mu decimals, to 2 → 0; no 精度 in the header: m_j 0.05 m.
    expect(r.features.map((f) => [f.properties.claimed_area_mu, f.claim])).toEqual([
      ['15.0000', { basis: 'gk3', decimals: 2, point_error_m: '0.050' }],
      ['1.2000', { basis: 'gk3', decimals: 0, point_error_m: '0.050' }],
    ])
    expect(r.warnings.map((w) => w.code)).toContain('POINT_COUNT_DIFFERS')
  })

  it('takes the zone from the header for unprefixed eastings, and converts a 6° zone to the 3° zone of its meridian', () => {
    const lines = ['5,,D-1,,面,,,,@', 'J1,1,3000000,400000', 'J2,1,3000100,400000', 'J3,1,3000100,400100', 'J1,1,3000000,400000']
    const three = parseBaopan([...baopanHeader, ...lines].join('\n'), {})
    expect(three.features[0]!.crs).toEqual({ srid: 4546, zone: 37 })
    const six = parseBaopan([...baopanHeader.map((l) => l.replace('几度分带=3', '几度分带=6').replace('带号=37', '带号=19')), ...lines].join('\n'), {})
    expect(six.features[0]!.crs).toEqual({ srid: 4508, zone: 37 })
    expect(six.warnings.map((w) => w.code)).toContain('SIX_DEGREE_ZONE')
  })

  it('skips line and point records with a warning, and refuses other datums', () => {
    const text = [...baopanHeader, '3,,L-1,,线,,,,@', 'J1,1,3000000,37400000', 'J2,1,3000100,37400000', '4,,D-1,,面,,,,@', 'J1,1,3000000,37400000', 'J2,1,3000100,37400000', 'J3,1,3000100,37400100', 'J1,1,3000000,37400000'].join('\n')
    const r = parseBaopan(text, {})
    expect(r.features).toHaveLength(1)
    expect(r.warnings[0]).toEqual({ code: 'FEATURES_SKIPPED', params: { count: 1, types: '线/点' } })
    expect(problemOf(() => parseBaopan(text.replace('2000国家大地坐标系', '1954北京坐标系'), {})).code).toBe('CRS_UNSUPPORTED')
  })

  it('keeps full-width commas inside a field, and reads lines typed with full-width commas only', () => {
    const text = [...baopanHeader, '4,,D-1,甲村，乙村,面,,,,@', 'J1，1，3000000，37400000', 'J2,1,3000100,37400000', 'J3,1,3000100,37400100', 'J1,1,3000000,37400000'].join('\n')
    expect(parseBaopan(text, {}).features[0]!.properties.owner).toBe('甲村，乙村')
  })

  it('refuses coordinates before any parcel line', () => {
    expect(problemOf(() => parseBaopan([...baopanHeader, 'J1,1,3000000,37400000'].join('\n'), {})).code).toBe('IMPORT_SYNTAX_ERROR')
  })
})
