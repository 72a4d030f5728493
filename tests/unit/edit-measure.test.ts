import { describe, expect, it } from 'vitest'
import { actionAddVertex } from '../../client/edit/actions/add-vertex.ts'
import { editMarks, formatLength } from '../../client/edit/marks.ts'
import { centroidLon, geodesicLengthM, gk3Crs, gk3ZoneOf, measureGeometry, segmentsOf, stateSegments } from '../../client/edit/measure.ts'
import { editStateOf } from '../../client/edit/state.ts'
import { square } from '../helpers/fixtures.ts'

// Segment lengths on the CGCS2000 ellipsoid, checked against the radii of curvature (independent of GeographicLib):
// for short segments along a parallel or a meridian the geodesic is N·cosφ·Δλ or M·Δφ to well under a millimetre.
const a = 6378137
const f = 1 / 298.257222101
const e2 = f * (2 - f)
const rad = Math.PI / 180
const radii = (lat: number) => {
  const w = 1 - e2 * Math.sin(lat * rad) ** 2
  return { m: (a * (1 - e2)) / w ** 1.5, n: a / Math.sqrt(w) }
}

describe('segment lengths', () => {
  it('are geodesics on the CGCS2000 ellipsoid', () => {
    const { n } = radii(27.55)
    expect(geodesicLengthM([110, 27.55], [110.001, 27.55])).toBeCloseTo(n * Math.cos(27.55 * rad) * 0.001 * rad, 4)
    const { m } = radii(27.5505)
    expect(geodesicLengthM([110, 27.55], [110, 27.551])).toBeCloseTo(m * 0.001 * rad, 4)
  })

  it('cover a closed ring, an open drawing and the split line', () => {
    expect(segmentsOf(square(110, 27.55).slice(0, -1), true)).toHaveLength(4)
    expect(segmentsOf([[110, 27.55], [110.001, 27.55]], true)).toHaveLength(1)
    let s = editStateOf({ type: 'Polygon', coordinates: [square(110, 27.55)] })
    s = actionAddVertex(actionAddVertex(s, [110.002, 27.55], { kind: 'ring', target: 'add' }), [110.003, 27.55])
    s = { ...s, line: [[109, 27], [109.001, 27], [109.002, 27]] }
    expect(stateSegments(s)).toHaveLength(4 + 1 + 2)
  })

  it('are labelled in metres with centimetres, or kilometres', () => {
    expect(formatLength(98.7654)).toBe('98.77 m')
    expect(formatLength(1234.5)).toBe('1.235 km')
  })
})

describe('measureGeometry', () => {
  it('gives the live area, the vertex count and, in survey mode, the GK area of the centroid zone', () => {
    const g = { type: 'Polygon' as const, coordinates: [square(110, 27.55, 0.01)] }
    const plain = measureGeometry(g)
    expect(plain.vertices).toBe(4)
    expect(plain.planar).toBeUndefined()
    expect(plain.areaMu).toBeCloseTo((plain.areaM2 * 15) / 10000, 12)
    const survey = measureGeometry(g, 'auto')
    expect(survey.planar?.zone).toBe(37)
    expect(survey.planar?.crs).toBe('EPSG:4525')
    // GK zone 37 at 110°E reads about 240 ppm above the ellipsoid (area.md).
    expect(survey.planar!.areaM2 / survey.areaM2 - 1).toBeGreaterThan(200e-6)
    expect(survey.planar!.areaM2 / survey.areaM2 - 1).toBeLessThan(280e-6)
    expect(measureGeometry(g, 36).planar?.crs).toBe('EPSG:4524')
  })

  it('picks the zone from the area-weighted centroid', () => {
    expect(gk3ZoneOf(111)).toBe(37)
    expect(gk3Crs(36)).toBe('EPSG:4524')
    const big = square(109.3, 27.5, 0.1) // 109.3–109.4: zone 36
    const small = square(109.6, 27.5, 0.01) // zone 37, but a tenth of the size
    const lon = centroidLon({ type: 'MultiPolygon', coordinates: [[big], [small]] })
    expect(lon).toBeGreaterThan(109.35)
    expect(lon).toBeLessThan(109.5)
    expect(centroidLon({ type: 'Polygon', coordinates: [square(110, 27.55, 0.002), square(110.0005, 27.5505, 0.001).reverse()] })).toBeCloseTo(110.001, 9)
  })
})

describe('editMarks', () => {
  it('marks segments, issues, the chosen vertex, holes and the split line', () => {
    const s = { ...editStateOf({ type: 'Polygon', coordinates: [square(110, 27.55, 0.003), square(110.001, 27.551).reverse()] }), line: [[110, 27.5], [110.01, 27.5]] }
    const marks = editMarks(s, [{ code: 'GEOM_SELF_INTERSECTION', at: [110.0005, 27.5505] }], { part: 0, ring: 0, index: 2 })
    const kinds = marks.features.map((f) => f.properties.kind)
    expect(kinds.filter((k) => k === 'segment')).toHaveLength(4 + 4 + 1)
    expect(kinds.filter((k) => k === 'hole')).toHaveLength(1)
    expect(kinds.filter((k) => k === 'line')).toHaveLength(1)
    expect(marks.features.find((f) => f.properties.kind === 'issue')?.geometry.coordinates).toEqual([110.0005, 27.5505])
    expect(marks.features.find((f) => f.properties.kind === 'vertex')?.geometry.coordinates).toEqual([110.003, 27.553])
  })
})
