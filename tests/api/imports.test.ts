import fs from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { issueCodes, type IssueCode } from '../../server/domain/issue-codes.ts'
import { writeDbf, writeShpShx } from '../../server/exports/shapefile.ts'
import { TestApi } from '../helpers/api.ts'
import { parcelFeature, polygon } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// POST /api/imports/preview and /api/imports/commit. Fixtures as files (tests/fixtures/imports, made by
// make-fixtures.ts): every in/<case> previews to its golden out/<case>.json (REGEN=1 rewrites them; review the
// diff like code), every bad/<CODE>/<case> is refused with that code and writes nothing.
const w = useWorld()

const root = path.resolve('tests/fixtures/imports')
const params: Record<string, Record<string, string>> = JSON.parse(fs.readFileSync(path.join(root, 'params.json'), 'utf8'))
const listDir = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listDir(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort()
const inCases = listDir(path.join(root, 'in')).map((f) => path.relative(root, f))
const badCases = listDir(path.join(root, 'bad')).map((f) => path.relative(root, f))

async function preview(file: string | Uint8Array, query: Record<string, string> = {}, role: 'planner' | 'auditor' = 'planner', lang = 'zh-CN') {
  const bytes = typeof file === 'string' ? new Uint8Array(fs.readFileSync(path.join(root, file))) : file
  const qs = new URLSearchParams({ ...(typeof file === 'string' ? { filename: path.basename(file) } : {}), project: String(w.projectId), ...query })
  const user = await w.api.as(role)
  return user.request('POST', `/api/imports/preview?${qs}`, {
    raw: bytes, headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
  })
}

async function commit(body: unknown, headers: Record<string, string> = {}) {
  const planner = await w.api.as('planner')
  return planner.request('POST', '/api/imports/commit', { json: body, headers })
}

/** Numbers rounded so that goldens do not depend on the last bits of one PostGIS build: 10 decimals below 1000. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.abs(v) < 1000 ? Number(v.toFixed(10)) : Number(v.toPrecision(13))
  if (Array.isArray(v)) return v.map(rounded)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]))
  return v
}

/**
 * Deep equality with numbers equal within 1e-9 below 1000 (0.1 mm in degrees) and 1e-9 relative above
 * (0.01 mm² on 10 000 m²). Areas (`*_m2`, `*_mu`) may differ by 1e-8 relative and ppm figures by 0.01 ppm:
 * PGlite's PostGIS 3.6 and Debian's 3.3 agree on geodesic areas to about 1e-9, not to the last bit.
 */
function toleranceFor(where: string, expected: number): number {
  if (/_ppm$/.test(where)) return 0.01
  if (/_(m2|mu)$/.test(where)) return Math.max(1e-6, 1e-8 * Math.abs(expected))
  return Math.abs(expected) < 1000 ? 1e-9 : 1e-9 * Math.abs(expected)
}

function expectClose(actual: unknown, expected: unknown, where = '$') {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number')
    const tolerance = toleranceFor(where, expected)
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance)
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true)
    expect((actual as unknown[]).length, `${where}.length`).toBe(expected.length)
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`))
  } else if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', where).toBeTruthy()
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(expected).sort())
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${where}.${k}`)
  } else expect(actual, where).toEqual(expected)
}

async function importCounts() {
  const [row] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports')
  return { ...(await writeCounts(w.db)), imports: row!.n }
}

/** A commit body from a preview: each feature's geometry with the properties a planner would complete. */
function commitFrom(p: any, fill: (f: any, i: number) => Record<string, unknown> = () => ({})) {
  return {
    project_id: w.projectId,
    source: { format: p.format, filename: p.filename, source_crs: p.source_crs, encoding: p.encoding },
    features: p.features.map((f: any, i: number) => ({
      geometry: f.geometry,
      properties: {
        code: f.properties.code ?? `F-${i + 1}`,
        land_class: f.properties.land_class ?? '0101',
        owner: f.properties.owner ?? '盈口乡炉天冲村三组',
        ...(f.properties.survey_zone ? { survey_zone: f.properties.survey_zone } : {}),
        ...fill(f, i),
      },
    })),
  }
}

describe('import preview: fixture files', () => {
  for (const file of inCases) {
    it(`previews ${file} as recorded in out/`, async () => {
      const r = await preview(file, params[file])
      expect(r.status, r.text).toBe(200)
      const golden = path.join(root, 'out', `${path.basename(file).replace(/\.[^.]+$/, '')}.json`)
      if (process.env.REGEN === '1' || !fs.existsSync(golden)) {
        fs.mkdirSync(path.dirname(golden), { recursive: true })
        fs.writeFileSync(golden, JSON.stringify(rounded(r.body), null, 1) + '\n')
      }
      expectClose(r.body, JSON.parse(fs.readFileSync(golden, 'utf8')))
      expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
    })
  }

  /** The hostile-inputs.md catalogue case each kind of bad file stands for, named in its test's title. */
  const catalogueId: Partial<Record<IssueCode, string>> = {
    ARCHIVE_UNSAFE_PATH: 'F02', ARCHIVE_SYMLINK: 'F03', ARCHIVE_TOO_LARGE: 'F04', ARCHIVE_NESTED: 'F04',
    ARCHIVE_TOO_MANY_ENTRIES: 'F04', SHAPEFILE_CORRUPT: 'F05', SHAPEFILE_INCOMPLETE: 'F05', CRS_REQUIRED: 'F06',
    GEOM_COORD_OUT_OF_RANGE: 'F08', IMPORT_FORMAT_MISMATCH: 'F12', XML_DOCTYPE_NOT_ALLOWED: 'I12',
  }
  for (const file of badCases) {
    const code = file.split(path.sep)[1] as IssueCode
    const id = catalogueId[code] ? `${catalogueId[code]}: ` : ''
    it(`${id}refuses ${file} with ${issueCodes[code].status} ${code} and writes nothing`, async () => {
      const r = await preview(file, params[file])
      expect([r.status, r.body?.code], r.text).toEqual([issueCodes[code].status, code])
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
    })
  }
})

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

describe('imports: external entities and addresses (hostile-inputs I12, I13)', () => {
  /** What /etc/passwd would put into an answer if an entity were expanded. */
  const passwdLine = /root:[^:\n]*:0:0:/

  it('I12: refuses a KML with an external entity (UTF-8, UTF-16, KMZ, parameter entity) with 422 XML_DOCTYPE_NOT_ALLOWED; no file content in any answer', async () => {
    const xxe = fs.readFileSync(path.join(root, 'bad/XML_DOCTYPE_NOT_ALLOWED/xxe.kml'), 'utf8')
    const parameterEntity = xxe.replace(/<!DOCTYPE[^\n]*>/, '<!DOCTYPE kml [<!ENTITY % p SYSTEM "http://169.254.169.254/latest/meta-data/"> %p;]>')
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(xxe, 'utf16le')])
    const files: [string, Uint8Array, Record<string, string>][] = [
      ['utf-8', new TextEncoder().encode(xxe), { filename: 'xxe.kml' }],
      ['utf-16', utf16, { filename: 'xxe.kml' }],
      ['kmz', zipSync({ 'doc.kml': new TextEncoder().encode(xxe) }), { filename: 'xxe.kmz' }],
      ['parameter entity', new TextEncoder().encode(parameterEntity), { format: 'kml' }],
    ]
    for (const [what, bytes, query] of files) {
      const r = await preview(bytes, query)
      expect([what, r.status, r.body?.code]).toEqual([what, 422, 'XML_DOCTYPE_NOT_ALLOWED'])
      expect(r.text).not.toMatch(passwdLine)
    }
    // The streamed bulk import reads GeoJSON only: XML is refused by its media type before a byte is parsed.
    const planner = await w.api.as('planner')
    const bulk = await planner.request('POST', `/api/imports/bulk?project=${w.projectId}`, { raw: xxe, headers: { 'content-type': 'application/vnd.google-earth.kml+xml' } })
    expect(bulk.status).toBe(415)
    expect(bulk.text).not.toMatch(passwdLine)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  it('I13: has no import from a URL: a url parameter or field is refused, and an address sent as the file is read as text, never fetched', async () => {
    // Nothing in server/ fetches a user-supplied address (tests/unit/no-outbound-requests.test.ts), so there is no
    // allow-list to get past: the three import routes refuse the name itself.
    const planner = await w.api.as('planner')
    const addresses = ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:5432', 'file:///etc/passwd']
    for (const url of addresses) {
      const q = `project=${w.projectId}&url=${encodeURIComponent(url)}`
      const previewUrl = await planner.request('POST', `/api/imports/preview?${q}`, { raw: url, headers: { 'content-type': 'text/plain' } })
      expect([previewUrl.status, previewUrl.body.code]).toEqual([400, 'UNKNOWN_PARAMETER'])
      const bulk = await planner.request('POST', `/api/imports/bulk?${q}`, { raw: '{"type":"FeatureCollection","features":[]}', headers: { 'content-type': 'application/geo+json' } })
      expect([bulk.status, bulk.body.code]).toEqual([400, 'UNKNOWN_PARAMETER'])
      const commitUrl = await commit({ project_id: w.projectId, url, features: [] })
      expect([commitUrl.status, commitUrl.body.code]).toEqual([422, 'VALIDATION_FAILED'])
      expect(commitUrl.body.errors).toContainEqual(expect.objectContaining({ path: 'url', code: 'UNKNOWN_PROPERTY' }))
      const asText = await planner.request('POST', `/api/imports/preview?project=${w.projectId}`, { raw: url, headers: { 'content-type': 'text/plain' } })
      expect(asText.status).toBe(422)
      expect(asText.text).not.toMatch(passwdLine)
    }
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })
})

describe('import commit', () => {
  it('saves every feature in one transaction, with history rows naming the import and an imports row', async () => {
    const p = (await preview('in/baopan-gbk.txt')).body
    const r = await commit(commitFrom(p, (_f, i) => ({ claimed_area_mu: i === 0 ? '17.064' : null })))
    expect(r.status, r.text).toBe(201)
    expect(r.body.parcel_ids).toHaveLength(2)
    const [row] = await w.db.query<any>('SELECT * FROM imports WHERE id = $1', [r.body.import_id])
    expect(row).toMatchObject({ project_id: w.projectId, format: 'baopan', filename: 'baopan-gbk.txt', source_crs: 'EPSG:4525', encoding: 'gbk', feature_count: 2, created_by: 'planner' })
    expect(row.parcel_ids).toEqual(r.body.parcel_ids)
    const planner = await w.api.as('planner')
    for (const [i, id] of r.body.parcel_ids.entries()) {
      const parcel = await planner.request('GET', `/api/parcels/${id}`)
      expect(parcel.body.properties).toMatchObject({ code: p.features[i].properties.code, survey_zone: 37, owner: p.features[i].properties.owner })
      expect(parcel.body.properties.area.planar_m2).toBeCloseTo(p.features[i].area.planar_m2, 6)
      const history = await planner.request('GET', `/api/parcels/${id}/history`)
      expect(history.body.items.map((h: any) => [h.operation, h.changed_by, h.reason])).toEqual([['create', 'planner', `import ${r.body.import_id}: baopan-gbk.txt`]])
    }
    const log = await w.db.query<{ action: string }>("SELECT action FROM operation_log WHERE action = 'import.commit'")
    expect(log).toHaveLength(1)
  })

  it('writes nothing when one feature is bad, and names it by path', async () => {
    const p = (await preview('in/shp-4525.zip')).body
    const body = commitFrom(p, (_f, i) => (i === 1 ? { land_class: '9999' } : {}))
    const r = await commit(body)
    expect([r.status, r.body.code]).toEqual([422, 'UNKNOWN_LAND_CLASS'])
    expect(r.body.errors[0].path).toBe('features[1].properties.land_class')
    const bad = commitFrom(p)
    bad.features[0].geometry = { type: 'Polygon', coordinates: [[[110.03, 27.56], [110.031, 27.561], [110.031, 27.56], [110.03, 27.561], [110.03, 27.56]]] }
    delete (bad.features[1].properties as any).owner
    const r2 = await commit(bad)
    expect([r2.status, r2.body.code]).toEqual([422, 'FIELD_REQUIRED'])
    expect(r2.body.errors.map((e: any) => [e.path, e.code])).toEqual([['features[1].properties.owner', 'FIELD_REQUIRED']])
    const r3 = await commit({ ...bad, features: [bad.features[0]] })
    expect([r3.status, r3.body.errors[0].path]).toEqual([422, 'features[0].geometry'])
    expect(r3.body.errors[0].at).toHaveLength(2)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  it('refuses a batch overlapping a stored parcel with 409, naming the feature by index', async () => {
    const p = (await preview('in/shp-4525.zip')).body
    const planner = await w.api.as('planner')
    const stored = await planner.request('POST', '/api/parcels', { json: parcelFeature(p.features[1].geometry, w.projectId, { code: 'OLD-1' }) })
    expect(stored.status).toBe(201)
    const before = await importCounts()
    const r = await commit(commitFrom(p))
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
    expect(r.body.conflicts).toHaveLength(1)
    expect(r.body.conflicts[0]).toMatchObject({ index: 1, id: stored.body.id, code: 'OLD-1' })
    expect(await importCounts()).toEqual(before)
  })

  it('refuses features of one batch that overlap each other', async () => {
    const p = (await preview('in/geojson-overlap-in-file.geojson')).body
    const r = await commit(commitFrom(p))
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
    expect(r.body.conflicts.map((c: any) => [c.index, c.other_index])).toEqual([[0, 1], [1, 0]])
    expect(r.body.conflicts[0].overlap_m2).toBeGreaterThan(1)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  it('refuses codes already used in the project or repeated in the batch with 409', async () => {
    const p = (await preview('in/shp-4525.zip')).body
    const planner = await w.api.as('planner')
    await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon([[110.05, 27.6], [110.051, 27.6], [110.051, 27.601], [110.05, 27.6]]), w.projectId, { code: 'Z37-001' }) })
    const r = await commit(commitFrom(p))
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_CODE_TAKEN'])
    expect(r.body.errors.map((e: any) => e.path)).toEqual(['features[0].properties.code'])
    const twice = await commit(commitFrom(p, () => ({ code: 'SAME' })))
    expect([twice.status, twice.body.errors.map((e: any) => e.path)]).toEqual([409, ['features[1].properties.code']])
    expect((await importCounts()).imports).toBe(0)
  })

  it('F11: answers a repeated Idempotency-Key with the first import, and refuses it for a different body', async () => {
    const p = (await preview('in/points-prefixed.txt')).body
    const body = commitFrom(p)
    const key = { 'idempotency-key': 'import-7f3c' }
    const [a, b] = await Promise.all([commit(body, key), commit(body, key)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.body).toEqual(a.body)
    const c = await commit(body, key)
    expect(c.body).toEqual(a.body)
    expect(await importCounts()).toEqual({ parcels: 1, history: 1, imports: 1 })
    const other = await commit({ ...body, reason: '另一批' }, key)
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED'])
    const badKey = await commit(body, { 'idempotency-key': 'a b' })
    expect([badKey.status, badKey.body.code]).toEqual([400, 'INVALID_PARAMETER'])
  })

  it('refuses an unknown project, a feature naming its own project_id, and other roles', async () => {
    const p = (await preview('in/points-prefixed.txt')).body
    const unknown = await commit({ ...commitFrom(p), project_id: 999 })
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_PROJECT'])
    const own = commitFrom(p, () => ({ project_id: 999 }))
    const r = await commit(own)
    expect([r.status, r.body.errors[0].path]).toEqual([422, 'features[0].properties.project_id'])
    const auditor = await w.api.as('auditor')
    const denied = await auditor.request('POST', '/api/imports/commit', { json: commitFrom(p) })
    expect(denied.status).toBe(403)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })
})

/** A KML whose Folders nest `depth` levels (17 MB for a million): slow to read and huge once read. */
const deepFolders = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${'<Folder>'.repeat(depth)}${'</Folder>'.repeat(depth)}</Document></kml>`)
/** A KML whose MultiGeometry nests `depth` levels: read recursively, deeper than a parser's stack. */
const deepMultiGeometry = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>${'<MultiGeometry>'.repeat(depth)}${'</MultiGeometry>'.repeat(depth)}</Placemark></kml>`)

describe('import preview: the parser runs in a child process with time and memory limits (hostile-inputs F05)', () => {
  // Apps over the same database with short limits, so that a test waits 2 s rather than the default 20 s.
  let timed: TestApi
  let small: TestApi
  beforeAll(async () => {
    timed = await new TestApi(w.db, { ZD_IMPORT_PARSE_TIMEOUT_MS: '2000', ZD_IMPORT_PARSE_WORKERS: '1' }).start()
    small = await new TestApi(w.db, { ZD_IMPORT_PARSE_MEMORY_MB: '64', ZD_IMPORT_PARSE_WORKERS: '1' }).start()
  })
  afterAll(async () => {
    await timed.stop()
    await small.stop()
  })
  beforeEach(() => {
    timed.forget()
    small.forget()
  })

  async function previewOn(api: TestApi, bytes: Uint8Array, lang = 'zh-CN') {
    const planner = await api.as('planner')
    return planner.request('POST', `/api/imports/preview?project=${w.projectId}`, {
      raw: bytes, headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
    })
  }
  const fixture = (file: string) => new Uint8Array(fs.readFileSync(path.join(root, file)))

  it('answers 422 IMPORT_PARSE_TIMEOUT for a KML nested a million levels deep, while /api/health answers at once', async () => {
    const fine = await previewOn(timed, fixture('in/points-prefixed.txt'))
    expect(fine.status, fine.text).toBe(200)

    const started = Date.now()
    let answeredAt = 0
    const slow = previewOn(timed, deepFolders(1_000_000)).then((r) => ((answeredAt = Date.now()), r))
    // Well inside the parse (the upload over loopback takes a few ms, the limit is 2 s): the event loop is free.
    await new Promise((r) => setTimeout(r, 700))
    const healthMs: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = Date.now()
      const health = await timed.request('GET', '/api/health')
      expect(health.status).toBe(200)
      healthMs.push(Date.now() - t)
    }
    const healthDoneAt = Date.now()
    const r = await slow
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_TIMEOUT'])
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(r.body.messages['zh-CN']).toContain('上限 2 秒')
    expect(r.body.messages.en).toContain('the allowed 2 s')
    expect(Math.max(...healthMs), healthMs.join(', ')).toBeLessThan(1000)
    expect(healthDoneAt).toBeLessThan(answeredAt)
    expect(answeredAt - started).toBeGreaterThanOrEqual(2000)
    expect(answeredAt - started).toBeLessThan(6000)

    // The process was killed; a fresh one reads the next file the same as before.
    const after = await previewOn(timed, fixture('in/points-prefixed.txt'))
    expect(after.status, after.text).toBe(200)
    expect(after.body).toEqual(fine.body)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  // A parser that reaches its heap limit aborts; only that process ends, never the server (as a worker thread could).
  it('answers 422 IMPORT_PARSE_RESOURCES when the parser process runs out of heap, and previews the next file', async () => {
    const r = await previewOn(small, deepFolders(1_000_000), 'en')
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_RESOURCES'])
    expect(r.body.title).toContain('64 MB of memory')
    expect(r.body.messages['zh-CN']).toContain('内存 64 MB')
    const after = await previewOn(small, fixture('in/kml-placemarks.kml'))
    expect([after.status, after.body.format], after.text).toEqual([200, 'kml'])
  })

  it('answers 422 IMPORT_PARSE_RESOURCES, not 500, for a KML nested deeper than the parser process stack', async () => {
    const r = await previewOn(w.api, deepMultiGeometry(100_000), 'en')
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_RESOURCES'])
    expect(r.body.detail).toContain('4 MB of stack')
    const after = await previewOn(w.api, fixture('in/points-prefixed.txt'))
    expect(after.status, after.text).toBe(200)
  })

  it('carries a parser Problem across the process boundary intact: code, params and both languages', async () => {
    const r = await previewOn(w.api, fixture('bad/IMPORT_SYNTAX_ERROR/points-bad-number.txt'), 'en')
    expect([r.status, r.body.code]).toEqual([422, 'IMPORT_SYNTAX_ERROR'])
    expect(r.body.title).toMatch(/^Line \d+ cannot be read: /)
    expect(r.body.messages['zh-CN']).toMatch(/^第 \d+ 行无法解析：/)
  })
})

describe('imports: the source CRS and OGC validity of a Shapefile (hostile-inputs F07, F10)', () => {
  const prj4546 = 'PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  /** A zipped Shapefile in EPSG:4546 (metres east of CM 111°E with 500 km false easting), one ring per record as given. */
  function shp4546(rings: [number, number][][]) {
    const { shp, shx } = writeShpShx(rings.map((ring, i) => ({ parts: [[ring]], values: [`F-${i + 1}`] })))
    const dbf = writeDbf([{ name: 'DKBH', type: 'C' }], rings.map((_r, i) => [`F-${i + 1}`]), 'utf-8')
    return zipSync({ 'a.shp': shp, 'a.shx': shx, 'a.dbf': dbf, 'a.prj': new TextEncoder().encode(prj4546), 'a.cpg': new TextEncoder().encode('UTF-8') })
  }
  /** A clockwise square of `side` metres at easting e, northing n (a Shapefile outer ring). */
  const square = (e: number, n: number, side: number): [number, number][] => [[e, n], [e, n + side], [e + side, n + side], [e + side, n], [e, n]]

  it('F07: reprojects a CM 111°E (EPSG:4546) file from metres, records the source CRS, and gives areas within 0.01 % of the independent figures', async () => {
    const p = await preview(shp4546([square(405000, 3051000, 100)]), { filename: 'cm111.zip' })
    expect([p.status, p.body.source_crs], p.text).toEqual([200, 'EPSG:4546'])
    const area = p.body.features[0].area
    // Planar: the square is 100 m × 100 m in this very projection (zone 37 is CM 111°E too).
    expect(area.planar_crs).toBe('EPSG:4525')
    expect(Math.abs(area.planar_m2 - 10000) / 10000).toBeLessThan(1e-4)
    // Ellipsoidal: the Gauss-Krüger scale k = 1 + x²/2R² + x⁴/24R⁴ at x = 94 950 m west of the central meridian
    // (R² = M·N at 27.5°N on the CGCS2000 ellipsoid); the projection is conformal, so the area shrinks by k².
    const a = 6378137
    const f = 1 / 298.257222101
    const e2 = f * (2 - f)
    const s2 = Math.sin((27.5 * Math.PI) / 180) ** 2
    const r2 = ((a * (1 - e2)) / (1 - e2 * s2) ** 1.5) * (a / Math.sqrt(1 - e2 * s2))
    const x = 405050 - 500000
    const k = 1 + (x * x) / (2 * r2) + x ** 4 / (24 * r2 * r2)
    expect(Math.abs(area.ellipsoidal_m2 - 10000 / (k * k)) / (10000 / (k * k))).toBeLessThan(1e-4)
    const r = await commit(commitFrom(p.body))
    expect(r.status, r.text).toBe(201)
    const [row] = await w.db.query<{ source_crs: string; filename: string }>('SELECT source_crs, filename FROM imports')
    expect(row).toEqual({ source_crs: 'EPSG:4546', filename: 'cm111.zip' })
  })

  it('F10: lists a ring valid under the ESRI rule but not OGC (self-touching, an inverted hole) with its PostGIS reason and place; the commit is all or nothing; never repaired', async () => {
    // One clockwise ring that comes back to its corner to cut out a diamond: one ring for ESRI, a self-touching ring
    // for OGC (PostGIS isvaliddetail.sql cases 5 and 6).
    const [e, n] = [405300, 3051300]
    const inverted: [number, number][] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0], [5, 2], [8, 5], [5, 8], [2, 5], [0, 0]]
      .map(([dx, dy]) => [e + dx! * 10, n + dy! * 10])
    const p = await preview(shp4546([square(405000, 3051000, 100), inverted]), { filename: 'esri.zip' })
    expect(p.status, p.text).toBe(200)
    expect(p.body.features[0].issues).toEqual([])
    const [issue] = p.body.features[1].issues
    expect(issue.code).toBe('GEOM_RING_SELF_INTERSECTION')
    expect(issue.message).toBe(issueCodes.GEOM_RING_SELF_INTERSECTION.zh)
    expect(issue.at).toHaveLength(2)
    // The place is the corner the ring touches twice: the first vertex of the ring as previewed.
    const corner = p.body.features[1].geometry.coordinates[0][0][0]
    expect(issue.at[0]).toBeCloseTo(corner[0], 9)
    expect(issue.at[1]).toBeCloseTo(corner[1], 9)
    // Not repaired: the ten vertices as sent.
    expect(p.body.features[1].geometry.coordinates[0][0]).toHaveLength(10)
    const r = await commit(commitFrom(p.body))
    expect([r.status, r.body.code]).toEqual([422, 'GEOM_RING_SELF_INTERSECTION'])
    expect(r.body.errors.map((x: any) => [x.path, x.code])).toEqual([['features[1].geometry', 'GEOM_RING_SELF_INTERSECTION']])
    expect(r.body.errors[0].at).toEqual(issue.at)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })
})
