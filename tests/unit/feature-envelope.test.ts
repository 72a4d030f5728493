import { describe, expect, it } from 'vitest'
import { parseAcquisitionScopeFeature } from '../../server/schemas/acquisition-scope.ts'
import { parseBuildingFeature } from '../../server/schemas/building.ts'
import { parseFeatureEnvelope } from '../../server/schemas/feature-envelope.ts'
import { parseGraveFeature } from '../../server/schemas/grave.ts'
import { parseParcelFeature } from '../../server/schemas/parcel-feature.ts'

const kinds = {
  parcel: parseParcelFeature,
  building: parseBuildingFeature,
  grave: parseGraveFeature,
  'acquisition scope': parseAcquisitionScopeFeature,
}

describe('parseFeatureEnvelope', () => {
  it('refuses a body that is not an object with that one issue and no envelope', () => {
    for (const body of [null, 'Feature', 42, [{ type: 'Feature' }]]) {
      expect(parseFeatureEnvelope(body)).toEqual({
        issues: [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a GeoJSON Feature object is expected' } }],
      })
    }
  })

  it('names unknown members, a crs, a wrong type, a bad reason and missing properties, in that order', () => {
    const { envelope, issues } = parseFeatureEnvelope({ type: 'FeatureCollection', crs: {}, style: 'red', reason: 7 })
    expect(issues).toEqual([
      { path: 'crs', code: 'CRS_NOT_SUPPORTED', params: { name: 'crs' } },
      { path: 'style', code: 'UNKNOWN_PROPERTY', params: { name: 'style' } },
      { path: 'type', code: 'FIELD_INVALID', params: { why: 'must be "Feature"' } },
      { path: 'reason', code: 'FIELD_INVALID', params: { why: 'text expected' } },
      { path: 'properties', code: 'FIELD_REQUIRED' },
    ])
    expect(envelope).toEqual({ properties: undefined, geometry: undefined, reason: null })
  })

  it('keeps id and bbox, and reads the reason as stored text: NFC, trimmed, empty as none, at most 500', () => {
    const geometry = { type: 'Point', coordinates: [110, 27.5] }
    const ok = parseFeatureEnvelope({ type: 'Feature', id: 3, bbox: [0, 0, 1, 1], geometry, properties: { a: 1 }, reason: '  Cafe\u0301 ' })
    expect(ok).toEqual({ envelope: { properties: { a: 1 }, geometry, reason: 'Café' }, issues: [] })
    expect(parseFeatureEnvelope({ type: 'Feature', properties: {}, reason: '   ' }).envelope!.reason).toBeNull()
    expect(parseFeatureEnvelope({ type: 'Feature', properties: {}, reason: '因'.repeat(500) }).issues).toEqual([])
    expect(parseFeatureEnvelope({ type: 'Feature', properties: {}, reason: '因'.repeat(501) }).issues).toEqual([
      { path: 'reason', code: 'FIELD_TOO_LONG', params: { max: 500 } },
    ])
  })

  for (const [kind, parse] of Object.entries(kinds)) {
    it(`gives a ${kind} Feature the same envelope issues, before those of its properties and geometry`, () => {
      const { value, issues } = parse({ type: 'Feature', crs: {}, reason: ['x'], properties: 'none', geometry: null })
      expect(value).toBeUndefined()
      expect(issues.slice(0, 3)).toEqual([
        { path: 'crs', code: 'CRS_NOT_SUPPORTED', params: { name: 'crs' } },
        { path: 'reason', code: 'FIELD_INVALID', params: { why: 'text expected' } },
        { path: 'properties', code: 'FIELD_REQUIRED' },
      ])
      expect(issues.slice(3)).toEqual([{ path: 'geometry', code: 'GEOM_EMPTY' }])
    })
  }
})
