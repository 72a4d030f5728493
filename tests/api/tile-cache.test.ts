import http from 'node:http'
import zlib from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { parcelVersionCheckMs, tileCoordinates } from '../../server/tiles/tile-versions.ts'
import { forgetTiles } from '../../server/tiles/tile-response.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

/** The z/x/y of the tile holding a lon/lat. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const [fx, fy] = tileCoordinates(lon, lat, z)
  return [z, Math.floor(fx), Math.floor(fy)]
}
const parcelTile = ([z, x, y]: [number, number, number]) => `/api/tiles/parcels/${z}/${x}/${y}.mvt`
const noticeTile = ([z, x, y]: [number, number, number]) => `/api/public/tiles/notices/${z}/${x}/${y}.mvt`

/** The feature ids of a layer of a tile. */
function ids(bytes: Uint8Array, layer: string): number[] {
  if (!bytes.length) return []
  const l = new VectorTile(new PbfReader(bytes)).layers[layer]
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i).id!).sort((a, b) => a - b) : []
}

/** The same database seen through a wrapper that records every statement the app sends it. */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = []
  const wrapped: Database = {
    kind: db.kind,
    query: (sql, params) => {
      statements.push(sql)
      return db.query(sql, params)
    },
    transaction: (fn) => {
      statements.push('BEGIN')
      return db.transaction((tx) => fn({
        query: (sql, params) => {
          statements.push(sql)
          return tx.query(sql, params)
        },
      }))
    },
    exec: (sql) => {
      statements.push(sql)
      return db.exec(sql)
    },
    close: () => db.close(),
  }
  return { db: wrapped, statements }
}

/** A GET through node:http, which (unlike fetch) hands over the body exactly as it came, compressed or not. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

/** Requests to `api` with the planner's session of the main app (the same database knows it). */
async function plannerOn(api: TestApi) {
  const s = await w.api.as('planner')
  return {
    request: (method: string, path: string, opts: { json?: unknown; headers?: Record<string, string> } = {}) =>
      api.request(method, path, { ...opts, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...opts.headers } }),
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** GETs `url` until the answer comes from the cache (a miss is sent first and gzipped for the cache afterwards). */
async function cached(get: () => Promise<Reply>): Promise<Reply> {
  for (let i = 0; i < 50; i++) {
    const r = await get()
    if (r.headers.get('x-tile-cache') === 'hit') return r
    await sleep(20)
  }
  throw new Error('the tile never reached the cache')
}

/** Creates a parcel through the API; returns its id. */
async function createParcel(ring: [number, number][], code: string): Promise<number> {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), w.projectId, { code }) })
  expect(r.status, r.text).toBe(201)
  return r.body.id as number
}

const near: [number, number] = [110.0002, 27.5002]
/** About 20 km east: another z14 region, and another z16 tile. */
const far: [number, number] = [110.2002, 27.5002]

describe('tile caching: ETags from data versions, 304 before database work, gzip', () => {
  const extraApis: TestApi[] = []
  afterEach(async () => {
    for (const a of extraApis.splice(0)) await a.stop()
  })

  it('answers a held ETag of a public notices tile 304 without a single database statement', async () => {
    await plantNotice(w.db, { projectId: w.projectId })
    const rec = recording(w.db)
    const api = await new TestApi(rec.db).start()
    extraApis.push(api)
    // plantNotice bumped the public version, which is read from the database for 2 s after a bump.
    await sleep(2100)
    const url = noticeTile(tileAt(110.0005, 27.5005, 14))
    const first = await api.request('GET', url)
    expect(first.status).toBe(200)
    expect(first.headers.get('etag')).toMatch(/^"notices-\d+-\d{8}"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    expect(first.headers.get('x-tile-cache')).toBe('miss')
    rec.statements.length = 0
    const again = await api.request('GET', url, { headers: { 'if-none-match': first.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    const hit = await cached(() => api.request('GET', url))
    expect(hit.status).toBe(200)
    expect(hit.bytes).toEqual(first.bytes)
    expect(rec.statements).toEqual([])
    forgetTiles(rec.db)
  })

  it('answers a held ETag of a parcels tile 304 with no statement: the session was checked seconds ago', async () => {
    const id = await createParcel(square(...near, 0.0005), 'C-1')
    const rec = recording(w.db)
    const api = await new TestApi(rec.db).start()
    extraApis.push(api)
    const planner = await plannerOn(api)
    const url = parcelTile(tileAt(110.0004, 27.5004, 16))
    const first = await planner.request('GET', url)
    expect(first.status, first.text).toBe(200)
    expect(ids(first.bytes, 'parcels')).toEqual([id])
    expect(first.headers.get('etag')).toMatch(/^"parcels-[0-9a-z]+\.\d+"$/)
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    rec.statements.length = 0
    const again = await planner.request('GET', url, { headers: { 'if-none-match': first.headers.get('etag')! } })
    expect(again.status).toBe(304)
    // The first request checked the session against the database; for a few seconds tiles take it from the
    // session cache (server/auth/session-cache.ts).
    expect(rec.statements).toEqual([])
    const hit = await cached(() => planner.request('GET', url))
    expect(hit.bytes).toEqual(first.bytes)
    // A hit, like a 304, reads nothing but, once the few seconds are over, the session.
    expect(rec.statements.every((s) => /\bsessions\b/.test(s))).toBe(true)
    forgetTiles(rec.db)
  })

  it('changes the ETags of the edited region and keeps a far region\'s, also after a delete and a split', async () => {
    const a = await createParcel(square(...near, 0.0005), 'A-1')
    const b = await createParcel(square(...far, 0.0005), 'B-1')
    const planner = await w.api.as('planner')
    const nearTile = parcelTile(tileAt(110.0004, 27.5004, 16))
    const nearZ14 = parcelTile(tileAt(110.0004, 27.5004, 14))
    const farTile = parcelTile(tileAt(110.2004, 27.5004, 16))
    const etags = async () => Promise.all([nearTile, nearZ14, farTile].map(async (u) => (await planner.request('GET', u)).headers.get('etag')))
    const [n0, nz0, f0] = await etags()
    expect(ids((await planner.request('GET', farTile)).bytes, 'parcels')).toEqual([b])
    const shapeBefore = (await planner.request('GET', nearTile)).bytes

    const moved = parcelFeature(polygon(square(110.0003, 27.5003, 0.0004)), w.projectId, { code: 'A-1' })
    const put = await planner.request('PUT', `/api/parcels/${a}`, { json: { ...moved, reason: '界址复核' }, headers: { 'if-match': '"v1"' } })
    expect(put.status, put.text).toBe(200)
    const [n1, nz1, f1] = await etags()
    expect(n1).not.toBe(n0)
    expect(nz1).not.toBe(nz0)
    expect(f1).toBe(f0)
    const after = await planner.request('GET', nearTile)
    expect(ids(after.bytes, 'parcels')).toEqual([a])
    expect(Buffer.compare(Buffer.from(after.bytes), Buffer.from(shapeBefore))).not.toBe(0) // the new shape, not the cached one

    const del = await planner.request('DELETE', `/api/parcels/${b}`, { headers: { 'if-match': '"v1"' } })
    expect(del.status, del.text).toBe(204)
    const [n2, , f2] = await etags()
    expect(n2).toBe(n1)
    expect(f2).not.toBe(f1)
    expect((await planner.request('GET', farTile)).status).toBe(204)

    const split = await planner.request('POST', `/api/parcels/${a}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0005, 27.5], [110.0005, 27.501]] }, reason: '道路分割' },
      headers: { 'if-match': '"v2"' },
    })
    expect(split.status, split.text).toBe(201)
    const [n3, , f3] = await etags()
    expect(n3).not.toBe(n2)
    expect(f3).toBe(f2)
    const children = (split.body.children.features as { id: number }[]).map((f) => f.id).sort((x, y) => x - y)
    expect(ids((await planner.request('GET', nearTile)).bytes, 'parcels')).toEqual(children)
  })

  it('bumps the region of an import', async () => {
    const planner = await w.api.as('planner')
    const url = parcelTile(tileAt(110.0004, 27.5004, 16))
    const before = await planner.request('GET', url)
    expect(before.status).toBe(204)
    const r = await planner.request('POST', '/api/imports/commit', {
      json: { project_id: w.projectId, features: [{ geometry: polygon(square(...near, 0.0005)), properties: { code: 'I-1', land_class: '0101', owner: '盈口乡炉天冲村三组' } }] },
    })
    expect(r.status, r.text).toBe(201)
    const after = await planner.request('GET', url)
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(ids(after.bytes, 'parcels')).toEqual(r.body.parcel_ids)
  })

  it('sees a write made by another process within the check interval', async () => {
    // Another server process: its own app over its own connection object, so its versions are its own and its
    // write reaches this process only through parcel_history.
    const other = await new TestApi(recording(w.db).db).start()
    extraApis.push(other)
    const elsewhere = await plannerOn(other)
    const planner = await w.api.as('planner')
    const url = parcelTile(tileAt(110.0004, 27.5004, 16))
    const before = await planner.request('GET', url)
    const lookedAt = Date.now()
    expect(before.status).toBe(204)
    const r = await elsewhere.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(...near, 0.0005)), w.projectId, { code: 'O-1' }) })
    expect(r.status, r.text).toBe(201)
    const soon = await planner.request('GET', url)
    // Within the interval this process answers from what it knows, without reading parcel_history.
    if (Date.now() - lookedAt < parcelVersionCheckMs - 500) expect(soon.headers.get('etag')).toBe(before.headers.get('etag'))
    await sleep(parcelVersionCheckMs + 100)
    const later = await planner.request('GET', url)
    expect(later.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(ids(later.bytes, 'parcels')).toEqual([r.body.id])
    forgetTiles(other.db)
  })

  it('sends the cached gzip bytes as they are, and they decode to the same tile as the identity answer', async () => {
    const id = await createParcel(square(...near, 0.0005), 'G-1')
    const planner = await w.api.as('planner')
    const url = parcelTile(tileAt(110.0004, 27.5004, 16))
    const miss = await rawGet(w.api.base, url, { cookie: planner.cookie, 'accept-encoding': 'gzip, deflate, br' })
    expect(miss.headers['x-tile-cache']).toBe('miss')
    expect(miss.headers['content-encoding']).toBeUndefined() // sent as rendered; gzipped for the cache afterwards
    await cached(() => planner.request('GET', url))
    const zipped = await rawGet(w.api.base, url, { cookie: planner.cookie, 'accept-encoding': 'gzip, deflate, br' })
    expect(zipped.status).toBe(200)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/)
    const plain = await rawGet(w.api.base, url, { cookie: planner.cookie, 'accept-encoding': 'identity' })
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['x-tile-cache']).toBe('hit')
    expect(zipped.headers['x-tile-cache']).toBe('hit')
    const unzipped = zlib.gunzipSync(zipped.body)
    expect(Buffer.compare(unzipped, plain.body)).toBe(0)
    expect(Buffer.compare(unzipped, miss.body)).toBe(0)
    expect(ids(new Uint8Array(unzipped), 'parcels')).toEqual([id])
  })
})
