import { describe, expect, it } from 'vitest'
import { checkParcelGeometry, maxVertices } from '../../server/schemas/geojson-intake.ts'
import { scanJsonBody } from '../../server/schemas/json-body.ts'
import { S, square } from '../helpers/fixtures.ts'

const codeOf = (g: unknown) => checkParcelGeometry(g).issues[0]?.code

describe('checkParcelGeometry', () => {
  it('accepts a Polygon and a MultiPolygon in Huaihua', () => {
    expect(checkParcelGeometry({ type: 'Polygon', coordinates: [S] }).issues).toEqual([])
    expect(checkParcelGeometry({ type: 'MultiPolygon', coordinates: [[S], [square(110.01, 27.5)]] }).issues).toEqual([])
  })

  it('names the first structural fault with its stable code', () => {
    expect(codeOf({ type: 'Polygon', coordinates: [S.slice(0, 4)] })).toBe('GEOM_RING_NOT_CLOSED')
    expect(codeOf({ type: 'Polygon', coordinates: [[[110, 27.5, 1], ...S.slice(1)]] })).toBe('GEOM_DIMENSION')
    expect(codeOf({ type: 'Polygon', coordinates: [[[110], ...S.slice(1)]] })).toBe('GEOM_DIMENSION')
    expect(codeOf({ type: 'Polygon', coordinates: [[[Infinity, 27.5], ...S.slice(1)]] })).toBe('GEOM_COORD_NOT_FINITE')
    expect(codeOf({ type: 'MultiPolygon', coordinates: [S] })).toBe('GEOM_BAD_NESTING')
    expect(codeOf({ type: 'Polygon', coordinates: 'x' })).toBe('GEOM_BAD_NESTING')
    expect(codeOf('POLYGON((110 27.5))')).toBe('GEOM_BAD_TYPE')
    expect(codeOf({ type: 'MultiPolygon', coordinates: [] })).toBe('GEOM_EMPTY')
  })

  it('gives the location of an unclosed ring', () => {
    expect(checkParcelGeometry({ type: 'Polygon', coordinates: [S.slice(0, 4)] }).issues[0]?.at).toEqual([110, 27.5])
  })

  it('refuses geometry outside China with a hint about coordinate systems', () => {
    const r = checkParcelGeometry({ type: 'Polygon', coordinates: [square(2.35, 48.85)] })
    expect(r.issues[0]?.code).toBe('OUTSIDE_JURISDICTION')
    expect(r.issues[0]?.params?.hint).toBeTruthy()
  })

  it(`stops counting at ${maxVertices} vertices`, () => {
    const ring = Array.from({ length: maxVertices + 1 }, (_, i) => [110 + i * 1e-7, 27.5])
    expect(codeOf({ type: 'Polygon', coordinates: [ring] })).toBe('GEOM_TOO_MANY_VERTICES')
  })
})

describe('scanJsonBody', () => {
  it('finds deep nesting without recursing', () => {
    let deep: unknown = []
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(scanJsonBody({ a: deep })).toBe('too-deep')
  })

  it('finds prototype keys, NUL and lone surrogates, with their paths', () => {
    const body = JSON.parse('{"a":{"__proto__":{"role":"admin"}},"b":"x\\u0000y","c":["\\ud800"]}')
    expect(scanJsonBody(body)).toEqual(expect.arrayContaining([
      { path: 'a.__proto__', code: 'FORBIDDEN_KEY', params: { name: '__proto__' } },
      { path: 'b', code: 'INVALID_CHARACTER' },
      { path: 'c[0]', code: 'INVALID_UNICODE' },
    ]))
  })

  it('lets emoji, rare CJK and RTL characters through', () => {
    expect(scanJsonBody({ owner: '张\u202E玉🏠 𠀀𪚥' })).toEqual([])
  })
})
