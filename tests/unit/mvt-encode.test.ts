import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { encodeMvt, ringArea2, zigzag, type TilePolygon } from '../../server/tiles/mvt-encode.ts'

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes))
const rings = (tile: VectorTile, layer: string, i: number) =>
  tile.layers[layer]!.feature(i).loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number]))

// A square 100…300 with a hole 150…250, given counter-clockwise on screen (negative area) with a clockwise hole:
// the opposite of what the spec wants, so the encoder must turn both.
const square: TilePolygon = [
  [[100, 100], [100, 300], [300, 300], [300, 100], [100, 100]],
  [[150, 150], [250, 150], [250, 250], [150, 250], [150, 150]],
]

describe('mvt-encode', () => {
  it('zigzag-encodes signed integers as the spec says', () => {
    expect([0, -1, 1, -2, 2, 2147483647, -2147483648].map(zigzag)).toEqual([0, 1, 2, 3, 4, 4294967294, 4294967295])
  })

  it('round-trips a polygon with a hole: id, properties, extent, vertices', () => {
    const bytes = encodeMvt([{ name: 'notices', features: [{ id: 42, properties: { kind: 'compensation_plan', status: 'published' }, geometry: { type: 'Polygon', coordinates: square } }] }])
    const tile = decode(bytes)
    const layer = tile.layers.notices!
    expect(layer.version).toBe(2)
    expect(layer.extent).toBe(4096)
    expect(layer.length).toBe(1)
    const f = layer.feature(0)
    expect(f.id).toBe(42)
    expect(f.type).toBe(3)
    expect(f.properties).toEqual({ kind: 'compensation_plan', status: 'published' })
    const [shell, hole] = rings(tile, 'notices', 0)
    // loadGeometry returns closed rings: the ClosePath repeats the first point.
    expect(new Set(shell!.slice(0, -1).map(String))).toEqual(new Set(['100,100', '100,300', '300,300', '300,100']))
    expect(new Set(hole!.slice(0, -1).map(String))).toEqual(new Set(['150,150', '250,150', '250,250', '150,250']))
  })

  it('writes exterior rings with a positive and holes with a negative surveyor area in tile coordinates', () => {
    for (const input of [square, square.map((r) => [...r].reverse())]) {
      const tile = decode(encodeMvt([{ name: 'l', features: [{ id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: input } }] }]))
      const [shell, hole] = rings(tile, 'l', 0)
      expect(ringArea2(shell!)).toBe(2 * 200 * 200)
      expect(ringArea2(hole!)).toBe(-2 * 100 * 100)
      // @mapbox/vector-tile classifies rings by that sign: one polygon with one hole.
      const gj = tile.layers.l!.feature(0).toGeoJSON(0, 0, 0)
      expect(gj.geometry.type).toBe('Polygon')
    }
  })

  it('encodes multipolygons, carries the cursor across parts, and shares keys and values', () => {
    const a: TilePolygon = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]
    const b: TilePolygon = [[[-50, 4100], [-40, 4100], [-40, 4140], [-50, 4140], [-50, 4100]]]
    const tile = decode(encodeMvt([{
      name: 'notices',
      features: [
        { id: 7, properties: { kind: 'acquisition', status: 'expired' }, geometry: { type: 'MultiPolygon', coordinates: [a, b] } },
        { id: 8, properties: { kind: 'acquisition', status: 'published', mu: 12.5, n: -3, big: 2 ** 40, ok: true }, geometry: { type: 'Polygon', coordinates: a } },
      ],
    }]))
    const layer = tile.layers.notices!
    expect(layer.length).toBe(2)
    const parts = rings(tile, 'notices', 0)
    expect(parts).toHaveLength(2)
    expect(new Set(parts[1]!.slice(0, -1).map(String))).toEqual(new Set(['-50,4100', '-40,4100', '-40,4140', '-50,4140']))
    expect(layer.feature(0).toGeoJSON(0, 0, 0).geometry.type).toBe('MultiPolygon')
    expect(layer.feature(1).properties).toEqual({ kind: 'acquisition', status: 'published', mu: 12.5, n: -3, big: 2 ** 40, ok: true })
    expect(layer.feature(1).id).toBe(8)
  })

  it('encodes points and multipoints beside polygons in one layer (type 1, rounded, deltas across points)', () => {
    const bytes = encodeMvt([{ name: 'parcels_overview', features: [
      { id: 1, properties: { kind: 'grid', parcels: 3 }, geometry: { type: 'Polygon', coordinates: [square[0]!] } },
      { id: 2, properties: { kind: 'village', name: '樟树湾村', area_mu: '1.500' }, geometry: { type: 'Point', coordinates: [2048.4, -10.6] } },
      { id: 3, properties: { kind: 'village' }, geometry: { type: 'MultiPoint', coordinates: [[10, 20], [4100, 4000]] } },
    ] }])
    const layer = decode(bytes).layers.parcels_overview!
    expect(layer.length).toBe(3)
    expect([0, 1, 2].map((i) => layer.feature(i).type)).toEqual([3, 1, 1])
    expect(layer.feature(1).properties).toEqual({ kind: 'village', name: '樟树湾村', area_mu: '1.500' })
    expect(layer.feature(1).loadGeometry()).toEqual([[{ x: 2048, y: -11 }]])
    expect(layer.feature(2).loadGeometry().flat().map((p) => [p.x, p.y])).toEqual([[10, 20], [4100, 4000]])
  })

  it('drops repeated points and rings without area, and leaves out a layer with nothing to draw', () => {
    const repeated: TilePolygon = [[[0, 0], [0, 0], [20, 0], [20, 0.2], [20, 20], [0, 20], [0, 0]]]
    const tile = decode(encodeMvt([{ name: 'l', features: [{ id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: repeated } }] }]))
    expect(rings(tile, 'l', 0)[0]!.slice(0, -1)).toHaveLength(4)
    const flat: TilePolygon = [[[0, 0], [10, 0], [20, 0], [0, 0]]]
    expect(encodeMvt([{ name: 'l', features: [{ id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: flat } }] }])).toHaveLength(0)
    expect(encodeMvt([{ name: 'l', features: [] }])).toHaveLength(0)
  })
})
