import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// hostile-inputs.md §3.1 (geometry) and §3.2 (text), as table-driven API tests: each bad input gets its
// status and stable code, as problem+json, and leaves parcels and their history exactly as they were.
const w = useWorld()

type Case = { id: string; what: string; geometry?: unknown; raw?: (pid: number) => string; props?: Record<string, unknown>; status: number; code: string }

const bowtie = [[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]]
const spike = [[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110.0005, 27.501], [110.0005, 27.51], [110.0005, 27.501], [110, 27.501], [110, 27.5]]
const rawFeature = (pid: number, geometryText: string, props = '') =>
  `{"type":"Feature","geometry":${geometryText},"properties":{"project_id":${pid},"code":"T-001","land_class":"0101","owner":"村组"${props}}}`
const sText = JSON.stringify(S)

const rejects: Case[] = [
  { id: 'G01', what: 'unclosed ring', geometry: polygon(S.slice(0, 4) as any), status: 422, code: 'GEOM_RING_NOT_CLOSED' },
  { id: 'G02', what: 'ring of 3 positions', geometry: polygon([[110, 27.5], [110.001, 27.5], [110, 27.5]]), status: 422, code: 'GEOM_TOO_FEW_POINTS' },
  { id: 'G03', what: 'ring of 1 position', geometry: polygon([[110, 27.5]]), status: 422, code: 'GEOM_TOO_FEW_POINTS' },
  { id: 'G04', what: 'bow-tie', geometry: polygon(bowtie as any), status: 422, code: 'GEOM_SELF_INTERSECTION' },
  { id: 'G05', what: 'hole outside shell', geometry: polygon(S, [[110.002, 27.5], [110.003, 27.5], [110.003, 27.501], [110.002, 27.5]]), status: 422, code: 'GEOM_HOLE_OUTSIDE_SHELL' },
  { id: 'G06', what: 'overlapping holes', geometry: polygon(square(110, 27.5, 0.01), square(110.002, 27.502, 0.003), square(110.003, 27.503, 0.003)), status: 422, code: 'GEOM_SELF_INTERSECTION' },
  { id: 'G08', what: 'spike', geometry: polygon(spike as any), status: 422, code: 'GEOM_RING_SELF_INTERSECTION' },
  { id: 'G10', what: 'lat/lon swapped', geometry: polygon(S.map(([x, y]) => [y, x]) as any), status: 422, code: 'GEOM_COORD_OUT_OF_RANGE' },
  { id: 'G11', what: 'longitude 190', geometry: polygon(square(190, 27.5)), status: 422, code: 'GEOM_COORD_OUT_OF_RANGE' },
  { id: 'G12', what: 'Beijing, outside the municipality', geometry: polygon(square(116.4, 39.9)), status: 422, code: 'OUTSIDE_JURISDICTION' },
  { id: 'G13', what: 'NaN literal (not JSON)', raw: (pid) => rawFeature(pid, `{"type":"Polygon","coordinates":[[[NaN,27.5],[110.001,27.5],[110.001,27.501],[NaN,27.5]]]}`), status: 400, code: 'MALFORMED_JSON' },
  { id: 'G14', what: '1e400 (Infinity)', raw: (pid) => rawFeature(pid, `{"type":"Polygon","coordinates":[[[1e400,27.5],[110.001,27.5],[110.001,27.501],[1e400,27.5]]]}`), status: 422, code: 'GEOM_COORD_NOT_FINITE' },
  { id: 'G15', what: 'coordinate as string', geometry: polygon([['110.0', 27.5], ...S.slice(1, 4), ['110.0', 27.5]] as any), status: 422, code: 'GEOM_COORD_NOT_NUMBER' },
  { id: 'G15', what: 'coordinate true', geometry: polygon([[true, 27.5], ...S.slice(1)] as any), status: 422, code: 'GEOM_COORD_NOT_NUMBER' },
  { id: 'G15', what: 'coordinate null', geometry: polygon([[null, 27.5], ...S.slice(1)] as any), status: 422, code: 'GEOM_COORD_NOT_NUMBER' },
  { id: 'G15', what: 'coordinate "abc"', geometry: polygon([['abc', 27.5], ...S.slice(1)] as any), status: 422, code: 'GEOM_COORD_NOT_NUMBER' },
  { id: 'G16', what: '3D positions (Z is refused, not dropped)', geometry: polygon(S.map(([x, y]) => [x, y, 100]) as any), status: 422, code: 'GEOM_DIMENSION' },
  { id: 'G17', what: '4D positions', geometry: polygon(S.map(([x, y]) => [x, y, 100, 7]) as any), status: 422, code: 'GEOM_DIMENSION' },
  { id: 'G17', what: 'mixed 2D/3D', geometry: polygon([S[0], [110.001, 27.5, 5], ...S.slice(2)] as any), status: 422, code: 'GEOM_DIMENSION' },
  { id: 'G18', what: 'GeometryCollection', geometry: { type: 'GeometryCollection', geometries: [polygon(S)] }, status: 422, code: 'GEOM_TYPE_NOT_ALLOWED' },
  { id: 'G18', what: 'Point', geometry: { type: 'Point', coordinates: [110, 27.5] }, status: 422, code: 'GEOM_TYPE_NOT_ALLOWED' },
  { id: 'G18', what: 'LineString', geometry: { type: 'LineString', coordinates: S }, status: 422, code: 'GEOM_TYPE_NOT_ALLOWED' },
  { id: 'G19', what: 'coordinates []', geometry: { type: 'Polygon', coordinates: [] }, status: 422, code: 'GEOM_EMPTY' },
  { id: 'G19', what: 'coordinates [[]]', geometry: { type: 'Polygon', coordinates: [[]] }, status: 422, code: 'GEOM_EMPTY' },
  { id: 'G19', what: 'geometry null', geometry: null, status: 422, code: 'GEOM_EMPTY' },
  { id: 'G20', what: 'collinear ring', geometry: polygon([[110, 27.5], [110.001, 27.5], [110.002, 27.5], [110, 27.5]]), status: 422, code: 'GEOM_DEGENERATE' },
  { id: 'G21', what: 'sliver under 1 m²', geometry: polygon([[110, 27.5], [110.001, 27.5], [110.0005, 27.5000000001], [110, 27.5]]), status: 422, code: 'GEOM_AREA_TOO_SMALL' },
  { id: 'G22', what: 'multipolygon parts sharing an edge', geometry: { type: 'MultiPolygon', coordinates: [[square(110, 27.5)], [square(110.001, 27.5)]] }, status: 422, code: 'GEOM_MULTIPART_TOUCHING' },
  { id: 'G23', what: 'one nesting level too many', geometry: { type: 'Polygon', coordinates: [[S]] }, status: 422, code: 'GEOM_BAD_NESTING' },
  { id: 'G24', what: 'type Polygonn', geometry: { type: 'Polygonn', coordinates: [S] }, status: 422, code: 'GEOM_BAD_TYPE' },
  { id: 'G24', what: 'a Feature where a geometry belongs', geometry: { type: 'Feature', geometry: polygon(S), properties: {} }, status: 422, code: 'GEOM_BAD_TYPE' },
  { id: 'G24', what: 'geometry without coordinates', geometry: { type: 'Polygon' }, status: 422, code: 'GEOM_BAD_TYPE' },
  { id: 'G28', what: '20,000 nested arrays (40 kB)', raw: (pid) => rawFeature(pid, `{"type":"Polygon","coordinates":${'['.repeat(20000)}${']'.repeat(20000)}}`), status: 400, code: 'NESTING_TOO_DEEP' },
  { id: 'G31', what: 'crs EPSG:3857', geometry: { type: 'Polygon', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, coordinates: [square(12245143, 3185473, 100)] }, status: 422, code: 'CRS_NOT_SUPPORTED' },
  { id: 'G32', what: 'crs EPSG:4490 (crs members are refused, whatever they say)', geometry: { type: 'Polygon', crs: { type: 'name', properties: { name: 'EPSG:4490' } }, coordinates: [S] }, status: 422, code: 'CRS_NOT_SUPPORTED' },
  { id: 'G34', what: 'antimeridian box', geometry: polygon([[179.9, 10], [-179.9, 10], [-179.9, 11], [179.9, 11], [179.9, 10]]), status: 422, code: 'OUTSIDE_JURISDICTION' },
  { id: 'U03', what: 'NUL in the owner', geometry: polygon(S), props: { owner: 'ab\u0000cd' }, status: 422, code: 'INVALID_CHARACTER' },
  { id: 'U04', what: 'lone surrogate in the owner', raw: (pid) => rawFeature(pid, `{"type":"Polygon","coordinates":[${sText}]}`).replace('"owner":"村组"', '"owner":"ab\\ud800cd"'), status: 422, code: 'INVALID_UNICODE' },
  { id: 'U05', what: 'a 1 MB owner name', geometry: polygon(S), props: { owner: '张'.repeat(350_000) }, status: 422, code: 'FIELD_TOO_LONG' },
  { id: 'U05', what: '10,000 properties', geometry: polygon(S), props: Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`p${i}`, i])), status: 422, code: 'TOO_MANY_PROPERTIES' },
  { id: 'I08', what: 'a property key that looks like SQL', geometry: polygon(S), props: { "name\" = 'x'; --": 1 }, status: 422, code: 'UNKNOWN_PROPERTY' },
  { id: 'A04', what: 'a read-only field (area)', geometry: polygon(S), props: { area: 1 }, status: 422, code: 'READ_ONLY_FIELD' },
  { id: 'A05', what: '__proto__ key', raw: (pid) => rawFeature(pid, `{"type":"Polygon","coordinates":[${sText}]}`, ',"__proto__":{"role":"admin"}'), status: 422, code: 'FORBIDDEN_KEY' },
]

describe('bad geometry and text never get in (hostile-inputs.md 3.1, 3.2)', () => {
  for (const c of rejects) {
    it(`${c.id}: refuses ${c.what} with ${c.status} ${c.code} and writes nothing`, async () => {
      const planner = await w.api.as('planner')
      const before = await writeCounts(w.db)
      const r = c.raw
        ? await planner.request('POST', '/api/parcels', { raw: c.raw(w.projectId) })
        : await planner.request('POST', '/api/parcels', { json: parcelFeature(c.geometry, w.projectId, c.props) })
      expect(r.status).toBe(c.status)
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(r.body.code).toBe(c.code)
      expect(r.body.messages['zh-CN']).toBeTruthy()
      expect(r.body.messages.en).toBeTruthy()
      expect(await writeCounts(w.db)).toEqual(before)
    })
  }

  it('G04: reports where the bow-tie crosses itself', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(bowtie as any), w.projectId) })
    const [lon, lat] = r.body.errors[0].at
    expect(lon).toBeCloseTo(110.0005, 9)
    expect(lat).toBeCloseTo(27.5005, 9)
  })

  it('G10: hints that the axes look swapped', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S.map(([x, y]) => [y, x]) as any), w.projectId), headers: { 'accept-language': 'en' } })
    expect(r.body.title).toMatch(/axes look swapped/)
    expect(r.headers.get('content-language')).toBe('en')
  })

  it('G26/G30: refuses a body over the limit with 413 before parsing it', async () => {
    const planner = await w.api.as('planner')
    const huge = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[${'[110.0001,27.5001],'.repeat(200_000)}[110,27.5]]]},"properties":{}}`
    const r = await planner.request('POST', '/api/parcels', { raw: huge })
    expect(r.status).toBe(413)
    expect(r.body.code).toBe('BODY_TOO_LARGE')
  })

  it('G27: refuses more than 20,000 vertices under the body limit', async () => {
    const planner = await w.api.as('planner')
    const ring = Array.from({ length: 25_000 }, (_, i) => [110 + (i % 100) * 1e-6, 27.5 + Math.floor(i / 100) * 1e-6])
    ring.push(ring[0]!)
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring as any), w.projectId) })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('GEOM_TOO_MANY_VERTICES')
  })

  it('W04: refuses a text/plain body (the cross-site form path) with 415', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/parcels', { raw: JSON.stringify(parcelFeature(polygon(S), w.projectId)), headers: { 'content-type': 'text/plain' } })
    expect(r.status).toBe(415)
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })
})

describe('G33: a parcel traced on a GCJ-02 basemap', () => {
  it('G33: S shifted by GCJ-02 (+0.004680°, −0.003314°, ≈ 591 m) lies wholly outside the project\'s acquisition scope: 422 OUTSIDE_PROJECT_BOUNDARY on POST, PUT and the import commit, nothing written; the true parcel is 201; a partly outside one is stored and the audit flags it PARCEL_OUTSIDE_SCOPE, as one stored before the scope (whose attributes stay editable)', async () => {
    // A pure translation passes every validity check; only the project's 拟征收范围 tells it is in the wrong place.
    // The basemap that would cause the shift is refused at start (tests/unit/basemap-datum.test.ts).
    const planner = await w.api.as('planner')
    // Stored before the scope was drawn, and wholly outside it: its attributes can still be edited afterwards.
    const legacy = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.005, 27.5)), w.projectId, { code: 'G33-OLD' }) })
    expect(legacy.status).toBe(201)
    const scope = { type: 'Feature', geometry: polygon(square(109.9995, 27.4995, 0.002)), properties: { project_id: w.projectId, source: '预公告 2026-01' } }
    expect((await planner.request('POST', '/api/acquisition-scopes', { json: scope })).status).toBe(201)
    const renamed = await planner.request('PUT', `/api/parcels/${legacy.body.id}`, {
      json: parcelFeature(legacy.body.geometry, w.projectId, { code: 'G33-OLD', owner: '炉天冲村四组' }), headers: { 'if-match': '"v1"' },
    })
    expect(renamed.status).toBe(200)
    const truth = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'G33-TRUE' }) })
    expect(truth.status).toBe(201)

    const gcj = polygon(S.map(([x, y]) => [x + 0.00468, y - 0.003314]) as any)
    const before = await dbFingerprint(w.db)
    const shifted = await planner.request('POST', '/api/parcels', { json: parcelFeature(gcj, w.projectId, { code: 'G33-GCJ' }) })
    expect([shifted.status, shifted.body.code, shifted.body.errors[0].path]).toEqual([422, 'OUTSIDE_PROJECT_BOUNDARY', 'geometry'])
    // The nearest corners are 0.00318° of longitude and 0.001814° of latitude apart: 373 m on the ellipsoid.
    expect(shifted.body.messages['zh-CN']).toContain('最近处相距 373 米')
    expect(shifted.body.messages.en).toContain('acquisition scope of project P1 (373 m from it')
    const moved = await planner.request('PUT', `/api/parcels/${truth.body.id}`, {
      json: parcelFeature(gcj, w.projectId, { code: 'G33-TRUE' }), headers: { 'if-match': '"v1"' },
    })
    expect([moved.status, moved.body.code]).toEqual([422, 'OUTSIDE_PROJECT_BOUNDARY'])
    const commit = await planner.request('POST', '/api/imports/commit', {
      json: { project_id: w.projectId, features: [{ geometry: gcj, properties: { code: 'G33-IMP', land_class: '0101', owner: '炉天冲村三组' } }] },
    })
    expect([commit.status, commit.body.code, commit.body.errors[0].path]).toEqual([422, 'OUTSIDE_PROJECT_BOUNDARY', 'features[0].geometry'])
    expect(await dbFingerprint(w.db)).toBe(before)

    // Partly outside (0.0003° of its 0.001° inside): stored, an audit finding that stops sign-off, as the legacy one.
    const partly = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.0012, 27.5)), w.projectId, { code: 'G33-EDGE' }) })
    expect(partly.status).toBe(201)
    const auditor = await w.api.as('auditor')
    const audit = await auditor.request('GET', `/api/projects/${w.projectId}/audit`)
    const outside = audit.body.findings.filter((f: { code: string }) => f.code === 'PARCEL_OUTSIDE_SCOPE')
    expect(outside.map((f: { key: string; severity: string }) => [f.key, f.severity])).toEqual([
      [`PARCEL_OUTSIDE_SCOPE:parcel:${legacy.body.id}`, 'error'], [`PARCEL_OUTSIDE_SCOPE:parcel:${partly.body.id}`, 'error'],
    ])
    const signoff = await auditor.request('POST', `/api/projects/${w.projectId}/audit/signoffs`, { json: { note: '同意' } })
    expect([signoff.status, signoff.body.code]).toEqual([409, 'AUDIT_OPEN_FINDINGS'])
  })

  it('G33: in a bulk import the shifted feature is a problem row OUTSIDE_PROJECT_BOUNDARY, and with skip_invalid only the true one is stored', async () => {
    const planner = await w.api.as('planner')
    const scope = { type: 'Feature', geometry: polygon(square(109.9995, 27.4995, 0.002)), properties: { project_id: w.projectId } }
    expect((await planner.request('POST', '/api/acquisition-scopes', { json: scope })).status).toBe(201)
    const feature = (code: string, ring: number[][]) => ({ type: 'Feature', geometry: polygon(ring as any), properties: { code, land_class: '0101', owner: '炉天冲村三组' } })
    const file = JSON.stringify({ type: 'FeatureCollection', features: [feature('B-TRUE', S), feature('B-GCJ', S.map(([x, y]) => [x + 0.00468, y - 0.003314]))] })
    const r = await planner.request('POST', `/api/imports/bulk?project=${w.projectId}&skip_invalid=true`, { raw: file, headers: { 'content-type': 'application/geo+json', 'accept-language': 'en' } })
    expect(r.status).toBe(202)
    let job = r.body
    while (job.phase !== 'done' && job.phase !== 'failed') {
      await new Promise((ok) => setTimeout(ok, 50))
      job = (await planner.request('GET', `/api/imports/bulk/${r.body.id}`, { headers: { 'accept-language': 'en' } })).body
    }
    expect(job).toMatchObject({ phase: 'done', valid: 1, invalid: 1, inserted: 1 })
    expect(job.problem_list.map((p: { index: number; issue: string; path: string }) => [p.index, p.issue, p.path])).toEqual([[1, 'OUTSIDE_PROJECT_BOUNDARY', 'geometry']])
    expect(job.problem_list[0].message).toContain('(373 m from it at the nearest point)')
  })
})

describe('odd but valid input is stored as documented', () => {
  it('G07: drops a repeated consecutive vertex and keeps the area', async () => {
    const planner = await w.api.as('planner')
    const ring = [S[0], S[1], S[1], S[2], S[3], S[4]]
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring as any), w.projectId) })
    expect(r.status).toBe(201)
    expect(r.body.geometry.coordinates[0][0]).toHaveLength(5)
    expect(r.body.properties.area.ellipsoidal_m2).toBeCloseTo(10949.47, 2)
  })

  it('G09: stores a clockwise ring counter-clockwise with the same area', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon([...S].reverse()), w.projectId) })
    expect(r.status).toBe(201)
    expect(r.body.geometry.coordinates[0][0]).toEqual(S)
    expect(r.body.properties.area.ellipsoidal_m2).toBeCloseTo(10949.47, 2)
  })

  it('G25: with duplicate "coordinates" keys, stores exactly the geometry that was validated (the last)', async () => {
    const planner = await w.api.as('planner')
    const other = JSON.stringify(square(110.01, 27.51))
    const r = await planner.request('POST', '/api/parcels', { raw: rawFeature(w.projectId, `{"type":"Polygon","coordinates":[${other}],"coordinates":[${sText}]}`) })
    expect(r.status).toBe(201)
    const back = await planner.request('GET', `/api/parcels/${r.body.id}`)
    expect(back.body.geometry.coordinates[0][0]).toEqual(S)
  })

  it('U01/U02: stores RTL overrides, emoji and rare CJK characters byte-exact', async () => {
    const planner = await w.api.as('planner')
    const owner = '张\u202E玉🏠 𠀀𪚥䶮'
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { owner }) })
    expect(r.status).toBe(201)
    expect((await planner.request('GET', `/api/parcels/${r.body.id}`)).body.properties.owner).toBe(owner)
  })

  it('U06: stores names in Unicode NFC', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { owner: 'Cafe\u0301 村' }) })
    expect(r.body.properties.owner).toBe('Caf\u00e9 村')
  })

  it("I09: stores an owner name that looks like SQL literally", async () => {
    const planner = await w.api.as('planner')
    const owner = "'); DROP TABLE parcels; --"
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { owner }) })
    expect(r.status).toBe(201)
    expect(r.body.properties.owner).toBe(owner)
    expect((await writeCounts(w.db)).parcels).toBe(1)
  })
})
