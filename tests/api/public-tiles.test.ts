import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { asPublic } from '../../server/db/public-reads.ts'
import { noticeTileByNode, noticeTileByPostgis } from '../../server/tiles/notice-tiles.ts'
import { ringArea2 } from '../../server/tiles/mvt-encode.ts'
import { square } from '../helpers/fixtures.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

/** The fractional tile coordinates of a lon/lat at zoom z (spherical Web Mercator, as EPSG:3857). */
function tileXY(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return [((lon + 180) / 360) * n, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n]
}

/** The tile pixel (extent 4096) of a lon/lat in tile z/x/y. */
function pixel(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
  const [fx, fy] = tileXY(lon, lat, z)
  return [(fx - x) * 4096, (fy - y) * 4096]
}

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes))
const tileUrl = (z: number, x: number, y: number) => `/api/public/tiles/notices/${z}/${x}/${y}.mvt`

interface DecodedFeature { id: number | undefined; properties: Record<string, unknown>; rings: [number, number][][] }
function features(bytes: Uint8Array): DecodedFeature[] {
  if (!bytes.length) return []
  const layer = decode(bytes).layers.notices
  if (!layer) return []
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i)
    return { id: f.id, properties: f.properties, rings: f.loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number])) }
  }).sort((a, b) => (a.id ?? 0) - (b.id ?? 0))
}

/** The vertices of a ring, without the closing repeat, as a set of "x,y" strings. */
const vertexSet = (ring: [number, number][]) => new Set(ring.slice(0, -1).map(([x, y]) => `${x},${y}`))

describe('GET /api/public/tiles/notices/{z}/{x}/{y}.mvt', () => {
  it('draws a public notice in its tile: layer notices, id, kind and status, vertices within 1 px', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    await plantNotice(w.db, { projectId: w.projectId, status: 'draft', ring: square(110.0002, 27.5002, 0.0005) })
    await plantNotice(w.db, { projectId: w.projectId, status: 'withdrawn', ring: square(110.0002, 27.5002, 0.0005) })
    const z = 14
    const [fx, fy] = tileXY(110.0005, 27.5005, z)
    const [x, y] = [Math.floor(fx), Math.floor(fy)]
    const r = await w.api.request('GET', tileUrl(z, x, y))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect(r.headers.get('etag')).toMatch(/^"notices-\d+-\d{8}"$/)
    expect(r.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    const layer = decode(r.bytes).layers.notices!
    expect(layer.extent).toBe(4096)
    const fs = features(r.bytes)
    expect(fs.map((f) => f.id)).toEqual([id])
    expect(fs[0]!.properties).toEqual({ kind: 'compensation_plan', status: 'published' })
    expect(fs[0]!.rings).toHaveLength(1)
    const ring = fs[0]!.rings[0]!
    expect(ringArea2(ring)).toBeGreaterThan(0) // exterior: clockwise on screen
    const expected = square(110.0, 27.5).slice(0, -1).map(([lon, lat]) => pixel(lon, lat, z, x, y))
    for (const [ex, ey] of expected) {
      expect(ring.some(([px, py]) => Math.abs(px - ex) <= 1 && Math.abs(py - ey) <= 1), `${ex},${ey}`).toBe(true)
    }

    const again = await w.api.request('GET', tileUrl(z, x, y), { headers: { 'if-none-match': r.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('clips a notice to the tile and its 64-px buffer at high zoom', async () => {
    await plantNotice(w.db, { projectId: w.projectId })
    const z = 21
    const [fx, fy] = tileXY(110.0005, 27.5005, z)
    const r = await w.api.request('GET', tileUrl(z, Math.floor(fx), Math.floor(fy)))
    expect(r.status).toBe(200)
    const [f] = features(r.bytes)
    // The square is about six tiles wide here: this tile lies inside it, so the feature is the buffered tile.
    for (const [px, py] of f!.rings.flat()) {
      expect(px).toBeGreaterThanOrEqual(-64)
      expect(px).toBeLessThanOrEqual(4096 + 64)
      expect(py).toBeGreaterThanOrEqual(-64)
      expect(py).toBeLessThanOrEqual(4096 + 64)
    }
    expect(ringArea2(f!.rings[0]!)).toBe(2 * (4096 + 128) * (4096 + 128))
  })

  it('answers 204 No Content for a tile that meets no public notice', async () => {
    await plantNotice(w.db, { projectId: w.projectId })
    const [fx, fy] = tileXY(113.0, 28.2, 14)
    const r = await w.api.request('GET', tileUrl(14, Math.floor(fx), Math.floor(fy)))
    expect(r.status).toBe(204)
    expect(r.bytes).toHaveLength(0)
    // A notice smaller than a pixel of its tile drops out, as with ST_AsMVTGeom: 0.001° is 0.01 px at z 0.
    expect((await w.api.request('GET', tileUrl(0, 0, 0))).status).toBe(204)
  })

  it('refuses tile addresses that do not exist with 404 INVALID_TILE', async () => {
    for (const [z, x, y] of [[23, 0, 0], [1, 2, 0], [1, 0, 2], [3, -1, 0]] as const) {
      const r = await w.api.request('GET', tileUrl(z, x, y))
      expect(r.status, `${z}/${x}/${y}`).toBe(404)
      expect(r.body.code).toBe('INVALID_TILE')
    }
    for (const path of ['/api/public/tiles/notices/1/0/0.png', '/api/public/tiles/notices/01/0/0.mvt', '/api/public/tiles/notices/a/0/0.mvt']) {
      expect((await w.api.request('GET', path)).status, path).toBe(404)
    }
  })

  it('gives the same rows from the Node encoder as the rows PostGIS reads (ids, properties, geometry within 1 px)', async () => {
    const a = await plantNotice(w.db, { projectId: w.projectId })
    const b = await plantNotice(w.db, { projectId: w.projectId, kind: 'acquisition', status: 'expired', ring: square(110.0012, 27.5, 0.0004) })
    const c = await plantNotice(w.db, { projectId: w.projectId, kind: 'pre_announcement', ring: [[110.0003, 27.5013], [110.0011, 27.5013], [110.0011, 27.5021], [110.0007, 27.5016], [110.0003, 27.5021], [110.0003, 27.5013]] })
    for (const z of [12, 16, 18]) {
      const [fx, fy] = tileXY(110.0008, 27.5008, z)
      const [x, y] = [Math.floor(fx), Math.floor(fy)]
      const node = features(await asPublic(w.db, (tx) => noticeTileByNode(tx, z, x, y)))
      expect(node.map((f) => f.id), `z${z}`).toEqual([a, b, c].slice(0, node.length))
      expect(node.length).toBeGreaterThan(0)
      for (const f of node) expect(ringArea2(f.rings[0]!)).toBeGreaterThan(0)
      if (testDbKind !== 'server') continue
      const postgis = features(await asPublic(w.db, (tx) => noticeTileByPostgis(tx, z, x, y)))
      expect(postgis.map((f) => [f.id, f.properties])).toEqual(node.map((f) => [f.id, f.properties]))
      for (let i = 0; i < node.length; i++) {
        const [pr, nr] = [postgis[i]!.rings, node[i]!.rings]
        expect(nr.length).toBe(pr.length)
        for (let k = 0; k < nr.length; k++) {
          expect(Math.abs(ringArea2(nr[k]!) - ringArea2(pr[k]!))).toBeLessThanOrEqual(2 * 4 * nr[k]!.length * 4096 / 64)
          const pv = [...vertexSet(pr[k]!)].map((s) => s.split(',').map(Number) as [number, number])
          for (const [x0, y0] of nr[k]!.slice(0, -1)) {
            expect(pv.some(([x1, y1]) => Math.abs(x1 - x0) <= 1 && Math.abs(y1 - y0) <= 1), `z${z} ${x0},${y0}`).toBe(true)
          }
        }
      }
    }
  })
})
