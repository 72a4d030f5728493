import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { ringArea2 } from '../../server/tiles/mvt-encode.ts'
import {
  parcelTile, parcelTileByNode, parcelTileByPostgis, parcelTileFeatureCap, parcelTileHeaders, tileCappedHeader,
} from '../../server/tiles/parcel-tiles.ts'
import { tileSessionOptions, withTileSettings } from '../../server/tiles/tiles.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

const half = 20037508.342789244
/** A lon/lat (CGCS2000 = WGS84 at map scale) in EPSG:3857 metres, by proj4, independently of PostGIS. */
const mercator = (lon: number, lat: number) => proj4('EPSG:4326', 'EPSG:3857', [lon, lat]) as [number, number]

/** The tile z/x/y that holds a lon/lat. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const [mx, my] = mercator(lon, lat)
  const size = (2 * half) / 2 ** z
  return [z, Math.floor((mx + half) / size), Math.floor((half - my) / size)]
}

/** The tile pixel (extent 4096, y down) of a lon/lat in tile z/x/y. */
function pixel(lon: number, lat: number, [z, x, y]: [number, number, number]): [number, number] {
  const [mx, my] = mercator(lon, lat)
  const size = (2 * half) / 2 ** z
  return [((mx - (-half + x * size)) / size) * 4096, (((half - y * size) - my) / size) * 4096]
}

const tileUrl = ([z, x, y]: [number, number, number]) => `/api/tiles/parcels/${z}/${x}/${y}.mvt`

interface Decoded { id: number | undefined; type: number; properties: Record<string, unknown>; rings: [number, number][][] }
function features(bytes: Uint8Array, layerName: string): Decoded[] {
  if (!bytes.length) return []
  const layer = new VectorTile(new PbfReader(bytes)).layers[layerName]
  if (!layer) return []
  expect(layer.extent).toBe(4096)
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i)
    return { id: f.id, type: f.type, properties: f.properties, rings: f.loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number])) }
  }).sort((a, b) => (a.id ?? 0) - (b.id ?? 0))
}

/** Creates a parcel through the API as the planner; returns its id. */
async function createParcel(ring: [number, number][], props: Record<string, unknown>) {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), w.projectId, props) })
  expect(r.status, r.text).toBe(201)
  return r.body.id as number
}

/** Σ ellipsoidal mu of zd_area over the parcels whose owner starts with `prefix`, 3 decimals: computed apart. */
async function expectedMu(prefix = '') {
  const [row] = await w.db.query<{ mu: string; n: number }>(
    `SELECT round(coalesce(sum((zd_area(geom, survey_zone)->>'ellipsoidal_m2')::numeric), 0) * 15 / 10000, 3)::text AS mu,
            count(*)::int AS n
     FROM parcels WHERE starts_with(owner, $1::text)`, [prefix])
  return row!
}

const A = square(110.0, 27.5, 0.0008)
const B = square(110.0010, 27.5, 0.0006)
const C = square(110.0010, 27.5010, 0.0009)

async function plantThree() {
  const a = await createParcel(A, { code: 'A', owner: '城东街道樟树湾村一组', land_class: '0101', status: 'surveyed' })
  const b = await createParcel(B, { code: 'B', owner: '城东街道樟树湾村二组', land_class: '0103', status: 'approved' })
  const c = await createParcel(C, { code: 'C', owner: '盈口乡炉天冲村三组', land_class: '0301', status: 'draft' })
  return { a, b, c }
}

/** Vertices of a decoded ring each within 1 px of an expected pixel, and each expected pixel met. */
function expectRingNear(ring: [number, number][], expected: [number, number][], what: string) {
  for (const [ex, ey] of expected) {
    expect(ring.some(([px, py]) => Math.abs(px - ex) <= 1 && Math.abs(py - ey) <= 1), `${what}: ${ex},${ey}`).toBe(true)
  }
  for (const [px, py] of ring) {
    expect(expected.some(([ex, ey]) => Math.abs(px - ex) <= 1 && Math.abs(py - ey) <= 1), `${what}: stray ${px},${py}`).toBe(true)
  }
}

/** The same features (ids, types, properties) and every vertex of one within 1 px of a vertex of the other. */
function expectSameFeatures(node: Decoded[], postgis: Decoded[], what: string) {
  expect(postgis.map((f) => [f.id, f.type, f.properties]), what).toEqual(node.map((f) => [f.id, f.type, f.properties]))
  for (let i = 0; i < node.length; i++) {
    const [nr, pr] = [node[i]!.rings, postgis[i]!.rings]
    expect(nr.length, what).toBe(pr.length)
    for (let k = 0; k < nr.length; k++) {
      for (const [x0, y0] of nr[k]!) {
        expect(pr[k]!.some(([x1, y1]) => Math.abs(x1 - x0) <= 1 && Math.abs(y1 - y0) <= 1), `${what} ${x0},${y0}`).toBe(true)
      }
    }
  }
}

describe('GET /api/tiles/parcels/{z}/{x}/{y}.mvt', () => {
  it('draws every parcel from z14 in layer parcels: id, project_id, status, land_class, code, vertices within 1 px of proj4', async () => {
    const { a, b, c } = await plantThree()
    for (const z of [14, 15]) {
      const t = tileAt(110.0009, 27.5009, z)
      const r = await (await w.api.as('legal')).request('GET', tileUrl(t))
      expect(r.status, `z${z}`).toBe(200)
      expect(r.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      expect(r.headers.get(tileCappedHeader)).toBeNull()
      const fs = features(r.bytes, 'parcels')
      expect(fs.map((f) => f.id)).toEqual([a, b, c])
      expect(fs.map((f) => f.properties)).toEqual([
        { project_id: w.projectId, status: 'surveyed', land_class: '0101', code: 'A' },
        { project_id: w.projectId, status: 'approved', land_class: '0103', code: 'B' },
        { project_id: w.projectId, status: 'draft', land_class: '0301', code: 'C' },
      ])
      expect(features(r.bytes, 'parcel_labels'), `z${z}: labels from z16 only`).toEqual([])
      for (const [f, ring] of [[fs[0]!, A], [fs[1]!, B], [fs[2]!, C]] as const) {
        expect(f.type).toBe(3)
        expect(f.rings).toHaveLength(1)
        expect(ringArea2(f.rings[0]!)).toBeGreaterThan(0) // exterior: clockwise on screen
        expectRingNear(f.rings[0]!, ring.map(([lon, lat]) => pixel(lon, lat, t)), `z${z} parcel ${f.id}`)
      }
    }
  })

  it('adds from z16 layer parcel_labels: one point a parcel at its stored label point (zd_label_point), id and code', async () => {
    const { a, b, c } = await plantThree()
    const labels = await w.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT id, ST_X(zd_label_point(geom)) AS lon, ST_Y(zd_label_point(geom)) AS lat FROM parcels ORDER BY id`)
    for (const z of [16, 18]) {
      // The tile that holds parcel A's label: B's and C's labels are drawn too when they lie in it or its buffer.
      const t = tileAt(labels[0]!.lon, labels[0]!.lat, z)
      const r = await (await w.api.as('legal')).request('GET', tileUrl(t))
      expect(r.status, `z${z}`).toBe(200)
      const shapes = features(r.bytes, 'parcels')
      const points = features(r.bytes, 'parcel_labels')
      const inBuffer = labels.filter((l) => pixel(l.lon, l.lat, t).every((v) => v >= -64 && v <= 4096 + 64))
      expect(points.map((p) => p.id), `z${z}`).toEqual(inBuffer.map((l) => l.id))
      expect(points.length).toBeGreaterThan(0)
      const codes = new Map([[a, 'A'], [b, 'B'], [c, 'C']])
      for (const p of points) {
        expect(p.type).toBe(1)
        expect(p.properties).toEqual({ code: codes.get(p.id!) })
        const l = labels.find((x) => x.id === p.id)!
        const [ex, ey] = pixel(l.lon, l.lat, t)
        expect(p.rings).toHaveLength(1)
        expect(Math.abs(p.rings[0]![0]![0] - ex), `z${z} label ${p.id}`).toBeLessThanOrEqual(1)
        expect(Math.abs(p.rings[0]![0]![1] - ey), `z${z} label ${p.id}`).toBeLessThanOrEqual(1)
        expect(shapes.some((s) => s.id === p.id), 'a label only for a drawn parcel').toBe(true)
      }
    }
  })

  it('answers 401 without a session and 404 INVALID_TILE for addresses that do not exist', async () => {
    const anonymous = await w.api.request('GET', tileUrl([14, 13198, 6936]))
    expect(anonymous.status).toBe(401)
    const planner = await w.api.as('planner')
    for (const [z, x, y] of [[23, 0, 0], [1, 2, 0], [1, 0, 2], [14, 16384, 0]] as const) {
      const r = await planner.request('GET', tileUrl([z, x, y]))
      expect(r.status, `${z}/${x}/${y}`).toBe(404)
      expect(r.body.code).toBe('INVALID_TILE')
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    }
    for (const path of ['/api/tiles/parcels/1/0/0.png', '/api/tiles/parcels/01/0/0.mvt', '/api/tiles/parcels/a/0/0.mvt', '/api/tiles/parcels/1/-1/0.mvt']) {
      expect((await planner.request('GET', path)).status, path).toBe(404)
    }
  })

  it('answers 204 for a tile that meets no parcel', async () => {
    await plantThree()
    const r = await (await w.api.as('auditor')).request('GET', tileUrl(tileAt(113.0, 28.2, 15)))
    expect(r.status).toBe(204)
    expect(r.bytes).toHaveLength(0)
  })

  it('gives the same features from the Node encoder as from ST_AsMVT (ids, properties, geometry within 1 px)', async () => {
    await plantThree()
    // A parcel with a notch, for rings beyond squares.
    await createParcel([[110.0030, 27.5000], [110.0040, 27.5000], [110.0040, 27.5010], [110.0035, 27.5004], [110.0030, 27.5010], [110.0030, 27.5000]],
      { code: 'D', owner: '城东街道樟树湾村一组' })
    for (const z of [5, 8, 10, 12, 13, 14, 16, 18, 20]) {
      const [, x, y] = tileAt(110.0013, 27.5003, z)
      const layer = z >= 14 ? 'parcels' : 'parcels_overview'
      const node = await w.db.transaction((tx) => parcelTileByNode(tx, z, x, y))
      const nodeFs = features(node.bytes, layer)
      expect(nodeFs.length, `z${z}`).toBeGreaterThan(0)
      if (z < 16) expect(features(node.bytes, 'parcel_labels'), `z${z}: labels from z16 only`).toEqual([])
      expect(node.capped).toBe(false)
      // The route's function gives the Node tile on the embedded database, the PostGIS one on a server.
      const routed = await parcelTile(w.db, z, x, y)
      if (testDbKind !== 'server') {
        expect(routed.bytes).toEqual(node.bytes)
        continue
      }
      const postgis = await w.db.transaction((tx) => parcelTileByPostgis(tx, z, x, y))
      expect(routed.bytes).toEqual(postgis.bytes)
      expectSameFeatures(nodeFs, features(postgis.bytes, layer), `z${z}`)
      expectSameFeatures(features(node.bytes, 'parcel_labels'), features(postgis.bytes, 'parcel_labels'), `z${z} labels`)
    }
  })

  it('reads tiles under the tile settings: no JIT, no parallel workers, a 5 s statement timeout', async () => {
    expect(tileSessionOptions).toBe('-c jit=off -c max_parallel_workers_per_gather=0 -c statement_timeout=5000')
    if (testDbKind !== 'server') return // the embedded database has neither JIT, workers nor a timer
    // On a server through the tile pool, whose sessions start with those settings: one round trip, no transaction.
    expect(w.db.sessionPool).toBeTypeOf('function')
    const settings = await withTileSettings(w.db, async (q) => ({
      jit: (await q.query<{ jit: string }>('SHOW jit'))[0]!.jit,
      workers: (await q.query<{ max_parallel_workers_per_gather: string }>('SHOW max_parallel_workers_per_gather'))[0]!.max_parallel_workers_per_gather,
      timeout: (await q.query<{ statement_timeout: string }>('SHOW statement_timeout'))[0]!.statement_timeout,
    }))
    expect(settings).toMatchObject({ jit: 'off', workers: '0', timeout: '5s' })
    // The main pool keeps PostgreSQL's defaults.
    const [main] = await w.db.query<{ max_parallel_workers_per_gather: string }>('SHOW max_parallel_workers_per_gather')
    expect(main!.max_parallel_workers_per_gather).not.toBe('0')
  })

  it('caps the features of a tile: the lowest ids drawn, the tile marked capped and the header set', async () => {
    const { a, b } = await plantThree()
    const [z, x, y] = tileAt(110.0009, 27.5009, 15)
    const byNode = await w.db.transaction((tx) => parcelTileByNode(tx, z, x, y, { cap: 2 }))
    expect(byNode.capped).toBe(true)
    expect(features(byNode.bytes, 'parcels').map((f) => f.id)).toEqual([a, b])
    expect(parcelTileHeaders(byNode, 2)).toEqual({ [tileCappedHeader]: '2' })
    const all = await parcelTile(w.db, z, x, y, { cap: 3 })
    expect(all.capped).toBe(false)
    expect(parcelTileHeaders(all)).toEqual({})
    if (testDbKind === 'server') {
      const byPostgis = await w.db.transaction((tx) => parcelTileByPostgis(tx, z, x, y, { cap: 2 }))
      expect(byPostgis.capped).toBe(true)
      expect(features(byPostgis.bytes, 'parcels').map((f) => f.id)).toEqual([a, b])
    }
    expect(parcelTileFeatureCap).toBe(10_000)
  })
})

describe('the overview layer below z14', () => {
  /** The overview features of the tile holding the parcels at zoom z, as the route answers them. */
  async function overview(z: number) {
    const r = await (await w.api.as('finance')).request('GET', tileUrl(tileAt(110.0009, 27.5009, z)))
    expect(r.status, `z${z}`).toBe(200)
    expect(features(r.bytes, 'parcels')).toEqual([])
    return features(r.bytes, 'parcels_overview').map((f) => ({ type: f.type, ...f.properties }) as Record<string, unknown>)
  }
  const grid = (fs: Record<string, unknown>[]) => fs.filter((f) => f.kind === 'grid')
  const places = (fs: Record<string, unknown>[], kind: string) =>
    fs.filter((f) => f.kind === kind).map(({ name, parcels, area_mu, type }) => ({ name, parcels, area_mu, type }))
      .sort((p, q) => (String(p.name) < String(q.name) ? -1 : 1))

  it('counts the parcels and their zd_area in grid cells, townships (z8–10) and villages (z11–13)', async () => {
    await plantThree()
    const all = await expectedMu()
    const zhangshuwan = await expectedMu('城东街道樟树湾村')
    const lutianchong = await expectedMu('盈口乡炉天冲村')
    const chengdong = await expectedMu('城东街道')
    const yingkou = await expectedMu('盈口乡')
    expect(all.n).toBe(3)
    for (const z of [0, 5, 7, 8, 9, 10, 11]) {
      const fs = await overview(z)
      // 0.002° of parcels lie in one cell of zoom ≤ 14 here (cells of zoom 10, 12 or 14: 1.8 to 0.02° wide).
      expect(grid(fs).map(({ type, parcels, area_mu, name }) => ({ type, parcels, area_mu, name })), `z${z}`)
        .toEqual([{ type: 3, parcels: 3, area_mu: all.mu, name: undefined }])
      expect(places(fs, 'township'), `z${z}`).toEqual(z >= 8 && z <= 10 ? [
        { name: '城东街道', parcels: chengdong.n, area_mu: chengdong.mu, type: 1 },
        { name: '盈口乡', parcels: yingkou.n, area_mu: yingkou.mu, type: 1 },
      ] : [])
      expect(places(fs, 'village'), `z${z}`).toEqual(z >= 11 ? [
        { name: '城东街道樟树湾村', parcels: 2, area_mu: zhangshuwan.mu, type: 1 },
        { name: '盈口乡炉天冲村', parcels: 1, area_mu: lutianchong.mu, type: 1 },
      ] : [])
    }
    // Cells of zoom 16 (about 0.0055° wide) at z12–13: the parcels may fall in two; the counts still add up.
    for (const z of [12, 13]) {
      const cells = grid(await overview(z))
      expect(cells.reduce((n, c) => n + (c.parcels as number), 0), `z${z}`).toBe(3)
      const sum = cells.reduce((s, c) => s + Number(c.area_mu), 0)
      expect(Math.abs(sum - Number(all.mu))).toBeLessThanOrEqual(0.0005 * cells.length + 1e-9)
      expect(places(await overview(z), 'village').map((v) => v.parcels)).toEqual([2, 1])
    }
  })

  it('follows edits, splits of ownership and deletes at once, and equals a rebuild from scratch', async () => {
    const { a, b } = await plantThree()
    const planner = await w.api.as('planner')
    // A grows and moves to another village; B is deleted.
    const grown = square(110.0, 27.5, 0.00085)
    const put = await planner.request('PUT', `/api/parcels/${a}`, {
      json: { ...parcelFeature(polygon(grown), w.projectId, { code: 'A', owner: '盈口乡炉天冲村四组', land_class: '0101' }), reason: '界址复核' },
      headers: { 'if-match': '"v1"' },
    })
    expect(put.status, put.text).toBe(200)
    const del = await planner.request('DELETE', `/api/parcels/${b}`, { headers: { 'if-match': '"v1"' } })
    expect(del.status, del.text).toBe(204)

    const all = await expectedMu()
    expect(all.n).toBe(2)
    const fs = await overview(10)
    expect(grid(fs).map((c) => [c.parcels, c.area_mu])).toEqual([[2, all.mu]])
    const yingkou = await expectedMu('盈口乡')
    expect(places(fs, 'township')).toEqual([{ name: '盈口乡', parcels: 2, area_mu: yingkou.mu, type: 1 }])
    // 城东街道 has no parcel left: its township and village are gone, not drawn with 0.
    expect(places(await overview(11), 'village').map((v) => [v.name, v.parcels])).toEqual([['盈口乡炉天冲村', 2]])

    // What the differences built equals what a build from every parcel gives, to the last digit.
    const snapshot = () => w.db.query(`SELECT kind, cell_zoom, cell_x, cell_y, name, parcels, trim_scale(area_m2)::text AS area_m2,
      trim_scale(sum_x)::text AS sum_x, trim_scale(sum_y)::text AS sum_y,
      ST_AsText(geom_3857) AS geom FROM parcel_overview ORDER BY kind, cell_zoom, cell_x, cell_y, name`)
    const incremental = await snapshot()
    expect(await w.db.query('SELECT 1 FROM parcel_overview_pending')).toEqual([])
    await w.db.transaction(async (tx) => {
      await tx.query('UPDATE parcel_overview_state SET built = false')
      await tx.query('SELECT zd_parcel_overview_refresh()')
    })
    expect(await snapshot()).toEqual(incremental)
  })

  it('counts the parcels of an import commit', async () => {
    await plantThree()
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/imports/commit', {
      json: {
        project_id: w.projectId,
        features: [
          { geometry: polygon(square(110.0030, 27.5020, 0.0005)), properties: { code: 'I-1', land_class: '0101', owner: '石门乡板山村三组' } },
          { geometry: polygon(square(110.0040, 27.5020, 0.0005)), properties: { code: 'I-2', land_class: '0101', owner: '石门乡板山村五组' } },
        ],
      },
    })
    expect(r.status, r.text).toBe(201)
    const banshan = await expectedMu('石门乡板山村')
    expect(places(await overview(12), 'village').find((v) => v.name === '石门乡板山村'))
      .toEqual({ name: '石门乡板山村', parcels: 2, area_mu: banshan.mu, type: 1 })
    const all = await expectedMu()
    expect(grid(await overview(9)).map((c) => [c.parcels, c.area_mu])).toEqual([[5, all.mu]])
  })
})
