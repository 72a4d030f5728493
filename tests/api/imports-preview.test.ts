import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parcelFeature } from '../helpers/fixtures.ts'
import { importFixtureParams as params, importFixturesDir as root, importRequests } from '../helpers/import-requests.ts'
import { useWorld } from '../helpers/world.ts'

// POST /api/imports/preview: what a preview finds in a file (encodings, zones, stated areas, overlaps with stored
// parcels), how it keeps the file name, and the requests it refuses.
const w = useWorld()
const { preview, commit, commitFrom } = importRequests(w)

describe('import preview: what it finds', () => {
  it('reads a GBK 报盘 file with a hole and two parts, and compares the stated 公顷 with the GK area', async () => {
    const r = await preview('in/baopan-gbk.txt')
    expect(r.status).toBe(200)
    expect([r.body.format, r.body.encoding, r.body.source_crs, r.body.zone]).toEqual(['baopan', 'gbk', 'EPSG:4525', 37])
    const [a, b] = r.body.features
    // The stated 1.1376 公顷 is offered as the claimed area, 17.0640 mu exactly, with its claim: GK planar, 公顷 to 4
    // decimals (0.0015 mu) recorded as 2 mu decimals, m_j from 精度=0.01.
    expect(a.properties).toEqual({ code: 'HC-2024-001', name: '盈口乡炉天冲村三组', owner: '盈口乡炉天冲村三组', land_class: '0101', survey_zone: 37, claimed_area_mu: '17.0640' })
    expect(a.area_claim).toEqual({ basis: 'gk3', decimals: 2, point_error_m: '0.010', source: 'baopan-gbk.txt' })
    expect(a.geometry.coordinates).toHaveLength(1)
    expect(a.geometry.coordinates[0]).toHaveLength(2)
    expect(b.geometry.coordinates).toHaveLength(2)
    expect(a.area.planar_crs).toBe('EPSG:4525')
    // The stated 1.1376 公顷 is the plane area rounded to 4 decimals: consistent within half a unit (0.5 m²).
    expect(a.stated_area.stated_m2).toBeCloseTo(11376, 6)
    expect(Math.abs(a.stated_area.diff_m2)).toBeLessThanOrEqual(0.5)
    expect(a.stated_area.consistent).toBe(true)
    expect(b.stated_area.diff_m2).toBeCloseTo(100, 0)
    expect(b.stated_area.consistent).toBe(false)
    expect(r.body.warnings.map((x: any) => x.code)).toContain('STATED_AREA_DIFFERS')
  })

  it('answers in English when asked, with the same codes', async () => {
    const r = await preview('in/points-swapped.txt', {}, 'planner', 'en')
    expect(r.body.warnings.find((x: any) => x.code === 'COORDS_SWAPPED').message).toMatch(/swapped/)
  })

  it('infers the only zone that puts unprefixed coordinates inside the jurisdiction, and asks when several fit', async () => {
    const inferred = await preview('in/points-inferred-zone.txt')
    expect(inferred.body.zone).toBe(37)
    expect(inferred.body.warnings.map((x: any) => x.code)).toContain('ZONE_INFERRED')
    const [original] = await w.db.query<{ ewkt: string }>('SELECT ST_AsEWKT(geom) AS ewkt FROM jurisdictions WHERE id = 1')
    try {
      await w.db.query('UPDATE jurisdictions SET geom = ST_Multi(ST_MakeEnvelope(104, 20, 116, 32, 4490)) WHERE id = 1')
      const open = await preview('in/points-inferred-zone.txt')
      expect([open.status, open.body.code]).toEqual([422, 'ZONE_REQUIRED'])
      const given = await preview('in/points-inferred-zone.txt', { zone: '37' })
      expect([given.status, given.body.zone]).toEqual([200, 37])
    } finally {
      await w.db.query('UPDATE jurisdictions SET geom = ST_GeomFromEWKT($1) WHERE id = 1', [original!.ewkt])
    }
  })

  it('gives the same parcel from the zone-37 prefixed table, the EPSG:4525 and EPSG:4546 Shapefiles and the 报盘 file', async () => {
    const shapes = await Promise.all([
      preview('in/points-rings-zone-param.txt', params['in/points-rings-zone-param.txt']),
      preview('in/shp-4525.zip'),
      preview('in/shp-4546-gbk-no-cpg.zip'),
      preview('in/baopan-gbk.txt'),
    ])
    const areas = shapes.map((s) => s.body.features[0].area.planar_m2)
    for (const a of areas) expect(a).toBeCloseTo(areas[0], 6)
    const gbk = shapes[2]!.body
    expect(gbk.features[0].properties.owner).toBe('盈口乡炉天冲村三组')
    expect(gbk.warnings.map((x: any) => x.code)).toContain('ENCODING_GUESSED')
  })

  it('lists overlaps with stored parcels, with the overlap drawn', async () => {
    const first = await preview('in/geojson-overlap-in-file.geojson')
    const stored = await (await w.api.as('planner')).request('POST', '/api/parcels', {
      json: parcelFeature(first.body.features[0].geometry, w.projectId, { code: 'S-1' }),
    })
    expect(stored.status).toBe(201)
    const again = await preview('in/geojson-overlap-in-file.geojson')
    const c = again.body.features[0].conflicts.find((x: any) => x.id === stored.body.id)
    expect(c).toMatchObject({ code: 'S-1', project_id: w.projectId })
    expect(c.overlap_m2).toBeCloseTo(stored.body.properties.area.ellipsoidal_m2, 3)
    expect(c.geometry.type).toBe('MultiPolygon')
    expect(again.body.features[0].conflicts.find((x: any) => x.index === 1).overlap_m2).toBeGreaterThan(1)
  })

  it('refuses bodies over 50 MB with 413, forms with 415, other roles with 403, bad parameters with 400', async () => {
    const big = await preview(new Uint8Array(50 * 1024 * 1024 + 1))
    expect([big.status, big.body.code]).toEqual([413, 'BODY_TOO_LARGE'])
    const planner = await w.api.as('planner')
    const form = await planner.request('POST', '/api/imports/preview', {
      raw: '--x\r\nContent-Disposition: form-data; name="f"\r\n\r\n1\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' },
    })
    expect([form.status, form.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE_RAW'])
    const auditor = await preview('in/points-prefixed.txt', {}, 'auditor')
    expect([auditor.status, auditor.body.code]).toEqual([403, 'FORBIDDEN'])
    for (const query of [{ zone: '99' }, { format: 'gpkg' }, { encoding: 'latin9' }] as Record<string, string>[]) {
      const r = await preview('in/points-prefixed.txt', query)
      expect([r.status, r.body.code]).toEqual([400, 'INVALID_PARAMETER'])
    }
    const unknown = await preview('in/points-prefixed.txt', { project: '999' })
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_PROJECT'])
    const empty = await preview(new Uint8Array(0))
    expect([empty.status, empty.body.code]).toEqual([422, 'IMPORT_EMPTY'])
  })

  it('F01: keeps the file name only as sanitised metadata (uploads are read in memory, never written to disk)', async () => {
    const r = await preview('in/points-prefixed.txt', { filename: '../../etc/\u0000passwd.txt' })
    expect(r.body.filename).toBe('passwd.txt')
    const names: [string, string][] = [
      ['..\\..\\web.config', 'web.config'], ['/var/www/a.shp', 'a.shp'], ['C:\\a.shp', 'a.shp'], ['a.shp\u0000.png', 'a.shp.png'],
    ]
    for (const [name, kept] of names) expect((await preview('in/points-prefixed.txt', { filename: name })).body.filename, name).toBe(kept)
    const long = await preview('in/points-prefixed.txt', { filename: `${'名'.repeat(300)}.txt` })
    expect([...long.body.filename].length).toBe(255)
    const stored = await commit({ ...commitFrom(r.body), source: { ...commitFrom(r.body).source, filename: '../../etc/passwd.shp' } })
    expect(stored.status, stored.text).toBe(201)
    const [row] = await w.db.query<{ filename: string }>('SELECT filename FROM imports')
    expect(row!.filename).toBe('passwd.shp')
  })

  it('accepts pasted text as text/plain', async () => {
    const planner = await w.api.as('planner')
    const text = fs.readFileSync(path.join(root, 'in/lonlat-pairs.txt'), 'utf8')
    const r = await planner.request('POST', '/api/imports/preview?format=lonlat', { raw: text, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect([r.status, r.body.format]).toEqual([200, 'lonlat'])
  })
})
