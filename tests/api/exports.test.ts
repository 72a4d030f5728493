import fs from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// GET /api/exports/parcels: every format carries the attributes and areas, and exporting then importing gives
// back the same geometry within 1 mm (vertex by vertex, in zone 37 metres) and the same attributes.
const w = useWorld()
const root = path.resolve('tests/fixtures/imports')

interface Stored {
  id: number
  code: string
  land_class: string
  owner: string
  claimed_area_mu: string | null
  status: string
  survey_zone: number | null
  area: { ellipsoidal_m2: number; planar_m2: number; planar_zone: number }
}

/** Parcels with a hole, two parts, zone 36 and 37, with and without a survey zone, a claimed area and statuses. */
async function seed(): Promise<Stored[]> {
  const planner = await w.api.as('planner')
  const previewOf = async (file: string) => {
    const r = await planner.request('POST', `/api/imports/preview?filename=${file}`, {
      raw: new Uint8Array(fs.readFileSync(path.join(root, 'in', file))), headers: { 'content-type': 'application/octet-stream' },
    })
    expect(r.status, r.text).toBe(200)
    return r.body.features
  }
  const features = [...(await previewOf('shp-4525.zip')), ...(await previewOf('shp-gbk-cpg-4490.zip')), ...(await previewOf('points-zone36.txt'))]
  const extra: Record<string, unknown>[] = [
    { claimed_area_mu: '17.0640', status: 'approved' },
    { status: 'draft' },
    { claimed_area_mu: '10.5', status: 'acquired' },
    {},
    { code: 'Z36-001', owner: '芦坪乡大坪村一组, 二组' },
  ]
  const r = await planner.request('POST', '/api/imports/commit', {
    json: {
      project_id: w.projectId,
      features: features.map((f: any, i: number) => ({
        geometry: f.geometry,
        properties: {
          code: f.properties.code, land_class: f.properties.land_class ?? '0101', owner: f.properties.owner,
          ...(f.properties.survey_zone && i !== 1 ? { survey_zone: f.properties.survey_zone } : {}), ...extra[i],
        },
      })),
    },
  })
  expect(r.status, r.text).toBe(201)
  const list = await planner.request('GET', `/api/parcels?project=${w.projectId}`)
  return list.body.features.map((f: any) => ({ id: f.id, ...f.properties }))
}

async function download(query: string, role: 'planner' | 'auditor' = 'auditor') {
  const user = await w.api.as(role)
  return user.request('GET', `/api/exports/parcels?${query}`)
}

async function reimport(bytes: Uint8Array, format: string) {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', `/api/imports/preview?format=${format}&project=${w.projectId}`, {
    raw: bytes, headers: { 'content-type': 'application/octet-stream' },
  })
  expect(r.status, r.text).toBe(200)
  return r.body
}

/** Vertex-by-vertex distance in metres (zone 37 plane) between a stored parcel and a geometry, and unmatched vertices. */
async function vertexDistance(id: number, geometry: unknown) {
  const [row] = await w.db.query<{ unmatched: number; max_m: number }>(`
    WITH a AS (SELECT (ST_DumpPoints(ST_Transform(geom, 4525))).* FROM parcels WHERE id = $1),
         b AS (SELECT (ST_DumpPoints(ST_Transform(zd_geometry_from_geojson($2), 4525))).*)
    SELECT count(*) FILTER (WHERE a.path IS NULL OR b.path IS NULL)::int AS unmatched, max(ST_Distance(a.geom, b.geom)) AS max_m
    FROM a FULL JOIN b ON a.path = b.path`, [id, JSON.stringify(geometry)])
  return row!
}

async function expectSameGeometry(stored: Stored[], features: any[]) {
  expect(features).toHaveLength(stored.length)
  for (const [i, s] of stored.entries()) {
    const d = await vertexDistance(s.id, features[i].geometry)
    expect(d.unmatched, s.code).toBe(0)
    expect(d.max_m, s.code).toBeLessThan(0.001)
    // GK formats round coordinates to 0.1 mm, which moves a 100 m parcel's area by up to a few cm².
    expect(Math.abs(features[i].area.ellipsoidal_m2 - s.area.ellipsoidal_m2), s.code).toBeLessThan(0.05)
  }
}

const mu = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v))

describe('exports', () => {
  it('GeoJSON: attributes and both areas, and back within 1 mm with the same attributes', async () => {
    const stored = await seed()
    const r = await download(`format=geojson&project=${w.projectId}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="P1-__-\d{8}\.geojson"; filename\*=UTF-8''P1-%E5%9C%B0%E5%9D%97-\d{8}\.geojson$/)
    const fc = JSON.parse(r.text)
    expect(fc.features[0].properties).toMatchObject({
      id: stored[0]!.id, code: 'Z37-001', land_class: '0101', land_class_zh: '水田', land_class_en: expect.any(String),
      owner: '盈口乡炉天冲村三组', claimed_area_mu: '17.0640', status: 'approved', survey_zone: 37, project_code: 'P1', planar_zone: 37,
    })
    expect(fc.features[0].properties.ellipsoidal_m2).toBeCloseTo(stored[0]!.area.ellipsoidal_m2, 6)
    const back = await reimport(r.bytes, 'auto')
    await expectSameGeometry(stored, back.features)
    for (const [i, s] of stored.entries()) {
      const p = back.features[i].properties
      expect([p.code, p.land_class, p.owner, mu(p.claimed_area_mu), p.status, p.survey_zone ?? null])
        .toEqual([s.code, s.land_class, s.owner, mu(s.claimed_area_mu), s.status, s.survey_zone])
    }
  })

  it('KML: the same, through ExtendedData', async () => {
    const stored = await seed()
    const r = await download(`format=kml&project=${w.projectId}`)
    expect(r.headers.get('content-type')).toMatch(/^application\/vnd\.google-earth\.kml\+xml/)
    const back = await reimport(r.bytes, 'auto')
    expect(back.format).toBe('kml')
    await expectSameGeometry(stored, back.features)
    for (const [i, s] of stored.entries()) {
      const p = back.features[i].properties
      expect([p.code, p.land_class, p.owner, mu(p.claimed_area_mu), p.status, p.survey_zone ?? null])
        .toEqual([s.code, s.land_class, s.owner, mu(s.claimed_area_mu), s.status, s.survey_zone])
    }
  })

  for (const encoding of ['utf-8', 'gbk']) {
    it(`Shapefile (${encoding}): .shp/.shx/.dbf/.prj/.cpg and fields.csv, clockwise outer rings, and back`, async () => {
      const stored = await seed()
      const r = await download(`format=shp&project=${w.projectId}&encoding=${encoding}`)
      expect(r.headers.get('content-type')).toBe('application/zip')
      const files = unzipSync(r.bytes)
      expect(Object.keys(files).sort()).toEqual(['fields.csv', 'parcels.cpg', 'parcels.dbf', 'parcels.prj', 'parcels.shp', 'parcels.shx'])
      expect(new TextDecoder().decode(files['parcels.cpg'])).toBe(encoding === 'gbk' ? 'GBK' : 'UTF-8')
      expect(new TextDecoder().decode(files['parcels.prj'])).toContain('China_2000')
      const sidecar = new TextDecoder().decode(files['fields.csv'])
      expect(sidecar).toContain('CLAIM_MU,claimed_area_mu,申报面积（亩）,"Claimed area (mu)"')
      // The first ring of the first record runs clockwise (negative shoelace).
      const shp = new DataView(files['parcels.shp']!.buffer, files['parcels.shp']!.byteOffset)
      const n = shp.getInt32(100 + 8 + 40, true)
      const parts = shp.getInt32(100 + 8 + 36, true)
      const end = parts > 1 ? shp.getInt32(100 + 8 + 48, true) : n
      let s2 = 0
      for (let j = 0; j < end - 1; j++) {
        const p = 100 + 8 + 44 + 4 * parts + 16 * j
        s2 += shp.getFloat64(p, true) * shp.getFloat64(p + 24, true) - shp.getFloat64(p + 16, true) * shp.getFloat64(p + 8, true)
      }
      expect(s2).toBeLessThan(0)
      const back = await reimport(r.bytes, 'shp')
      expect(back.encoding).toBe(encoding)
      await expectSameGeometry(stored, back.features)
      for (const [i, s] of stored.entries()) {
        const p = back.features[i].properties
        expect([p.code, p.land_class, p.owner, mu(p.claimed_area_mu), p.status, p.survey_zone ?? null])
          .toEqual([s.code, s.land_class, s.owner, mu(s.claimed_area_mu), s.status, s.survey_zone])
        expect(back.features[i].attributes.LC_ZH).toBe((await w.db.query<{ n: string }>('SELECT name_zh AS n FROM land_classes WHERE code = $1', [s.land_class]))[0]!.n)
      }
    })
  }

  for (const encoding of ['utf-8', 'gbk']) {
    it(`报盘 TXT (${encoding}): GK coordinates of each parcel's zone, 公顷 of the planar area, and back`, async () => {
      const stored = await seed()
      const r = await download(`format=baopan&project=${w.projectId}&encoding=${encoding}`)
      expect(r.headers.get('content-type')).toBe(`text/plain; charset=${encoding === 'gbk' ? 'GBK' : 'utf-8'}`)
      const text = new TextDecoder(encoding).decode(r.bytes)
      expect(text).toContain('\r\n[地块坐标]\r\n')
      expect(text).toMatch(/带号=37\r\n/)
      // The zone-36 parcel keeps its own prefix; 4 decimals.
      expect(text).toMatch(/\r\nJ1,1,\d{7}\.\d{4},36\d{6}\.\d{4}\r\n/)
      expect(text).toMatch(/^\d+,\d+\.\d{4},Z37-002,盈口乡炉天冲村四组,面,,旱地,0103,@\r$/m)
      const back = await reimport(r.bytes, 'auto')
      expect([back.format, back.encoding]).toEqual(['baopan', encoding])
      await expectSameGeometry(stored, back.features)
      for (const [i, s] of stored.entries()) {
        const f = back.features[i]
        // 报盘 carries code, 地块名称 (the owner; an ASCII comma becomes a full-width one) and the land class.
        expect([f.properties.code, f.properties.land_class, f.properties.owner]).toEqual([s.code, s.land_class, s.owner.replace(/,/g, '，')])
        expect(f.properties.survey_zone).toBe(s.area.planar_zone)
        expect(f.stated_area.consistent).toBe(true)
        expect(Math.abs(f.stated_area.diff_m2)).toBeLessThanOrEqual(0.5)
        expect(Math.abs(f.area.planar_m2 - s.area.planar_m2)).toBeLessThan(0.05)
      }
    })
  }

  it('boundary-point CSV: code, ring, J1…, X north, Y east with prefix, zone, lon, lat; and back', async () => {
    const stored = await seed()
    const r = await download(`format=csv&project=${w.projectId}`)
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = r.text.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('地块编号,圈号,点号,X(北),Y(东),带号,经度,纬度')
    expect(lines[1]).toMatch(/^Z37-001,1,J1,30\d{5}\.\d{4},37\d{6}\.\d{4},37,110\.\d{9},27\.\d{9}$/)
    expect(lines.some((l) => l.startsWith('"Z36-001"') || l.startsWith('Z36-001,'))).toBe(true)
    const back = await reimport(r.bytes, 'auto')
    expect(back.format).toBe('points')
    await expectSameGeometry(stored, back.features)
    expect(back.features.map((f: any) => [f.properties.code, f.properties.survey_zone])).toEqual(stored.map((s) => [s.code, s.area.planar_zone]))
  })

  it('exports a selection by ids, to any logged-in role, and refuses bad requests', async () => {
    const stored = await seed()
    const one = await download(`format=geojson&ids=${stored[2]!.id}`)
    expect(JSON.parse(one.text).features.map((f: any) => f.id)).toEqual([stored[2]!.id])
    expect(one.headers.get('content-disposition')).toContain(`filename*=UTF-8''P1-SH-001-`)
    const two = await download(`format=geojson&ids=${stored[0]!.id},${stored[4]!.id}`)
    expect(JSON.parse(two.text).features).toHaveLength(2)
    expect((await download(`format=geojson&ids=${stored[0]!.id},99999`)).status).toBe(404)
    expect((await download('format=geojson&project=999')).status).toBe(404)
    for (const q of ['format=pdf&project=1', `project=${w.projectId}`, 'format=geojson', `format=geojson&project=${w.projectId}&ids=1`,
      `format=kml&project=${w.projectId}&encoding=gbk`, 'format=csv&ids=a,b', `format=csv&project=${w.projectId}&project=2`]) {
      const r = await download(q)
      expect(r.status, q).toBe(400)
    }
    const anonymous = await w.api.request('GET', `/api/exports/parcels?format=geojson&project=${w.projectId}`)
    expect(anonymous.status).toBe(401)
    const log = await w.db.query<{ action: string; detail: any }>("SELECT action, detail FROM operation_log WHERE action = 'export.parcels' ORDER BY id")
    expect(log[0]!.detail).toMatchObject({ format: 'geojson', parcels: 1 })
  })

  it('refuses GBK for a name GBK cannot hold, and keeps it in UTF-8', async () => {
    const planner = await w.api.as('planner')
    const created = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.05, 27.6)), w.projectId, { owner: '𠀀家组' }) })
    expect(created.status).toBe(201)
    const gbk = await download(`format=baopan&project=${w.projectId}&encoding=gbk`)
    expect([gbk.status, gbk.body.code]).toEqual([422, 'EXPORT_NOT_ENCODABLE'])
    const utf8 = await download(`format=baopan&project=${w.projectId}`)
    const back = await reimport(utf8.bytes, 'baopan')
    expect(back.features[0].properties.owner).toBe('𠀀家组')
  })

  it('exports an empty project as valid empty files', async () => {
    for (const format of ['geojson', 'kml', 'shp', 'baopan', 'csv']) {
      const r = await download(`format=${format}&project=${w.projectId}`)
      expect(r.status, format).toBe(200)
    }
    const shp = unzipSync((await download(`format=shp&project=${w.projectId}`)).bytes)
    expect(shp['parcels.shp']!.length).toBe(100)
  })
})
