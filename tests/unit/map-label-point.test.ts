import { describe, expect, it } from 'vitest'
import type { Polygon, Position } from 'geojson'
import { interiorPoint, largestPolygon, polygonLabelPoint } from '../../client/map/geometry.ts'
import { overlayLabelPoints, type OverlayFeature } from '../../client/map/overlays.ts'
import { labelPointFixtures, locateLabel } from '../helpers/label-point-fixtures.ts'

const fixtures = labelPointFixtures()
const fixture = (name: string) => fixtures.find((f) => f.name === name)!

/** The label point the overlay layer gets for one labelled feature. */
function overlayPoint(geometry: OverlayFeature['geometry']): [number, number] {
  const [point] = overlayLabelPoints([{ type: 'Feature', geometry, properties: { kind: 'preview', label: 'x' } }])
  expect(point, 'one label point').toBeDefined()
  return point!.geometry.coordinates as [number, number]
}

describe('overlay label points', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('puts the label of %s inside it', (_name, f) => {
    const at = overlayPoint(f.geometry)
    const where = locateLabel(f.geometry, at)
    expect(where.part, f.description).toBe(f.part ?? 0)
    if (f.clearanceDeg !== undefined) expect(where.clearanceDeg).toBeGreaterThanOrEqual(f.clearanceDeg)
  })

  it('puts the label of a square with a hole beside the hole, where the vertex average used to put it', () => {
    const f = fixture('hole-centroid-in-hole')
    const exterior = (f.geometry as Polygon).coordinates[0]!.slice(0, -1)
    const average = [0, 1].map((k) => exterior.reduce((s, p) => s + p[k]!, 0) / exterior.length) as [number, number]
    expect(locateLabel(f.geometry, average).part).toBeNull()
    expect(locateLabel(f.geometry, overlayPoint(f.geometry)).part).toBe(0)
  })

  it('labels a plain square at its centre (to 1/1000 of its size)', () => {
    const [x, y] = overlayPoint({ type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.501], [110, 27.5]]] })
    expect(Math.abs(x - 110.0005)).toBeLessThan(1e-6)
    expect(Math.abs(y - 27.5005)).toBeLessThan(1e-6)
  })

  it('labels the largest polygon of a collection, and skips features without a label', () => {
    const small: Position[][] = [[[110, 27.5], [110.0001, 27.5], [110.0001, 27.5001], [110, 27.5001], [110, 27.5]]]
    const big: Position[][] = [[[110.01, 27.5], [110.012, 27.5], [110.012, 27.502], [110.01, 27.502], [110.01, 27.5]]]
    const points = overlayLabelPoints([
      { type: 'Feature', geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: small }, { type: 'MultiPolygon', coordinates: [big] }] }, properties: { kind: 'conflict', label: '1 m²' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: big }, properties: { kind: 'preview' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [110.5, 27.5] }, properties: { kind: 'preview', label: 'p' } },
    ])
    expect(points.map((p) => p.properties.label)).toEqual(['1 m²', 'p'])
    expect(locateLabel({ type: 'Polygon', coordinates: big }, points[0]!.geometry.coordinates as [number, number]).part).toBe(0)
    expect(points[1]!.geometry.coordinates).toEqual([110.5, 27.5])
  })

  it('ranks the parts of a MultiPolygon by area, not by the size of their bounding box', () => {
    const f = fixture('multipolygon-largest-by-area')
    const parts = (f.geometry as import('geojson').MultiPolygon).coordinates
    expect(largestPolygon(parts)).toBe(parts[1])
  })

  it('labels a 10 km × 0.1 mm sliver at once, inside it, through the scan line (the pole search would need 10⁸ cells)', () => {
    const f = fixture('sliver-10km-by-0.1mm')
    const started = performance.now()
    const at = polygonLabelPoint((f.geometry as Polygon).coordinates)!
    expect(performance.now() - started).toBeLessThan(50)
    expect(at).toEqual(interiorPoint((f.geometry as Polygon).coordinates))
    expect(locateLabel(f.geometry, at).part).toBe(0)
  })

  it('finds the scan-line interior point of a C in its back, between vertex latitudes', () => {
    const f = fixture('c-shape-centroid-in-gap')
    const [x, y] = interiorPoint((f.geometry as Polygon).coordinates)!
    // Vertices lie at 27.5, 27.50025, 27.50075 and 27.501: the line runs halfway between the middle two.
    expect(y).toBeCloseTo(27.5005, 12)
    expect(x).toBeCloseTo(110.00215, 12)
  })

  it('gives no label point for a polygon without area', () => {
    expect(polygonLabelPoint([[[110, 27.5], [110, 27.5], [110, 27.5], [110, 27.5]]])).toBeNull()
    expect(interiorPoint([[[110, 27.5], [110.001, 27.5], [110.002, 27.5], [110, 27.5]]])).toBeNull()
    expect(polygonLabelPoint([])).toBeNull()
  })
})
