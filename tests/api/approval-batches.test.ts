import geographiclib from 'geographiclib-geodesic'
import { describe, expect, it } from 'vitest'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// Approval batches (报批批次) through HTTP: the generic record flow, the parcels of a batch, and the Art. 46 figures
// computed live. Areas are checked against GeographicLib on the CGCS2000 (GRS80) ellipsoid, not against the server.

const w = useWorld()
const projects = loadQueries('projects', ['insert'])
const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

function geographicLibArea(ring: [number, number][]): number {
  const poly = new geographiclib.PolygonArea.PolygonArea(grs80, false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}

const rect = (lon: number, lat: number, wd: number, h: number): [number, number][] =>
  [[lon, lat], [lon + wd, lat], [lon + wd, lat + h], [lon, lat + h], [lon, lat]]
const mu = (m2: number) => (m2 * 15) / 10000

async function ok(r: Promise<{ status: number; text: string; body: any; headers?: any }>, status = 201) {
  const reply = await r
  if (reply.status !== status) throw new Error(`${reply.status} ${reply.text}`)
  return reply.body
}

async function parcel(ring: [number, number][], code: string, landClass = '0103', projectId = w.projectId): Promise<number> {
  const p = await w.api.as('planner')
  return (await ok(p.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), projectId, { code, land_class: landClass }) }))).id
}

const batchBody = (parcelIds: number[], extra: Record<string, unknown> = {}) => ({
  project_id: w.projectId, code: '鹤城2026-01', name: '测试批次', declared_authority: 'province', submitted_on: '2026-03-01',
  parcel_ids: parcelIds, ...extra,
})

describe('approval batches: the record flow', () => {
  it('creates, reads with an ETag, replaces with If-Match, keeps the history and deletes', async () => {
    const a = await parcel(S, 'A')
    const b = await parcel(rect(110.002, 27.5, 0.001, 0.001), 'B')
    const p = await w.api.as('planner')
    const created = await p.request('POST', '/api/approval-batches', { json: batchBody([b, a, a]) })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"v1"')
    expect(created.body).toMatchObject({ project_id: w.projectId, code: '鹤城2026-01', declared_authority: 'province', submitted_on: '2026-03-01', parcel_ids: [a, b].sort((x, y) => x - y), version: 1 })
    const id = created.body.id as number

    expect((await p.request('PUT', `/api/approval-batches/${id}`, { json: batchBody([a]) })).body.code).toBe('PRECONDITION_REQUIRED')
    expect((await p.request('PUT', `/api/approval-batches/${id}`, { json: batchBody([a]), headers: { 'if-match': '"v7"' } })).status).toBe(412)
    const updated = await ok(p.request('PUT', `/api/approval-batches/${id}`, { json: batchBody([a], { name: '改名', reason: '拆出 B' }), headers: { 'if-match': '"v1"' } }), 200)
    expect(updated).toMatchObject({ name: '改名', parcel_ids: [a], version: 2 })

    const list = await ok(p.request('GET', `/api/approval-batches?project=${w.projectId}`), 200)
    expect(list.items.map((x: any) => x.id)).toEqual([id])
    expect((await ok(p.request('GET', `/api/approval-batches?parcel=${b}`), 200)).items).toEqual([])

    const history = await ok(p.request('GET', `/api/approval-batches/${id}/history`), 200)
    expect(history.items.map((h: any) => [h.version, h.operation, h.reason])).toEqual([[1, 'create', null], [2, 'update', '拆出 B']])

    expect((await p.request('DELETE', `/api/approval-batches/${id}`, { headers: { 'if-match': '"v2"' } })).status).toBe(204)
    expect((await p.request('GET', `/api/approval-batches/${id}`)).status).toBe(404)
    const [rows] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM approval_batch_parcels')
    expect(rows!.n).toBe(0)
  })

  it('lets planner and admin write, everyone read, and refuses the others', async () => {
    const a = await parcel(S, 'A')
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      const r = await (await w.api.as(role)).request('POST', '/api/approval-batches', { json: batchBody([a]) })
      expect(r.status, role).toBe(403)
    }
    const id = (await ok((await w.api.as('admin')).request('POST', '/api/approval-batches', { json: batchBody([a]) }))).id
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      expect((await (await w.api.as(role)).request('GET', `/api/approval-batches/${id}`)).status, role).toBe(200)
    }
  })

  it('refuses bad bodies with codes and writes nothing', async () => {
    const a = await parcel(S, 'A')
    const p = await w.api.as('planner')
    const bad = await p.request('POST', '/api/approval-batches', {
      json: { ...batchBody([a]), declared_authority: 'county', submitted_on: '2026-02-30', code: '', extra: 1 },
    })
    expect(bad.status).toBe(422)
    const codes = Object.fromEntries(bad.body.errors.map((e: any) => [e.path, e.code]))
    expect(codes).toMatchObject({ code: 'FIELD_REQUIRED', extra: 'UNKNOWN_PROPERTY', submitted_on: 'FIELD_INVALID' })
    expect(codes.declared_authority).toBeDefined()
    expect((await p.request('POST', '/api/approval-batches', { json: { ...batchBody([a]), parcel_ids: ['1'] } })).status).toBe(422)
    const [n] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM approval_batches')
    expect(n!.n).toBe(0)
  })

  it('refuses parcels of another project, unknown parcels and a parcel already in another batch; a taken code is 409', async () => {
    const a = await parcel(S, 'A')
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '别的项目', 'Other', '鹤城区', null])
    const foreign = await parcel(rect(110.004, 27.5, 0.001, 0.001), 'X', '0103', other!.id)
    const p = await w.api.as('planner')
    const r = await p.request('POST', '/api/approval-batches', { json: batchBody([a, foreign, 99999]) })
    expect(r.status).toBe(422)
    expect(r.body.errors).toEqual([
      { path: 'parcel_ids[1]', code: 'PARCEL_NOT_IN_PROJECT', message: expect.stringContaining(`地块 ${foreign} `) },
      { path: 'parcel_ids[2]', code: 'PARCEL_NOT_IN_PROJECT', message: expect.stringContaining('地块 99999 ') },
    ])
    await ok(p.request('POST', '/api/approval-batches', { json: batchBody([a]) }))
    const twice = await p.request('POST', '/api/approval-batches', { json: batchBody([a], { code: '鹤城2026-02' }) })
    expect(twice.status).toBe(422)
    expect(twice.body).toMatchObject({ code: 'PARCEL_IN_OTHER_BATCH', errors: [{ path: 'parcel_ids[0]', code: 'PARCEL_IN_OTHER_BATCH' }] })
    expect(twice.body.messages.en).toBe(`Parcel ${a} is already in approval batch 鹤城2026-01 of this project; a parcel is submitted for approval once.`)
    const taken = await p.request('POST', '/api/approval-batches', { json: batchBody([], { name: '重名' }) })
    expect(taken.status).toBe(409)
    expect(taken.body.code).toBe('BATCH_CODE_TAKEN')
    expect(taken.body.title).toContain('鹤城2026-01')
    const unknownProject = await p.request('POST', '/api/approval-batches', { json: batchBody([], { project_id: 424242, code: 'Z' }) })
    expect(unknownProject.body.code).toBe('UNKNOWN_PROJECT')
  })
})

describe('approval batches: the Art. 46 authority, computed live', () => {
  // 0.005976° × 0.0054° at 110.01°E 27.5°N ≈ 530 mu of 旱地; 0.005908° ≈ 524 mu.
  const big = rect(110.01, 27.5, 0.005976, 0.0054)
  const small = rect(110.01, 27.5, 0.005908, 0.0054)

  it('530 mu of 旱地 needs the State Council (item 2); a batch declared for the province is flagged', async () => {
    const expected = geographicLibArea(big)
    expect(mu(expected)).toBeGreaterThan(529.9)
    expect(mu(expected)).toBeLessThan(530.1)
    const id = await parcel(big, 'BIG', '0103')
    const b = await ok((await w.api.as('planner')).request('POST', '/api/approval-batches', { json: batchBody([id]) }))
    expect(Math.abs(Number(b.cultivated_m2) - expected)).toBeLessThan(0.01)
    expect(b).toMatchObject({ basic_farmland_m2: '0.00', other_m2: '0.00', required_authority: 'state_council', authority_agrees: false })
    expect(b.authority_reasons).toEqual([expect.objectContaining({ clause: 'cultivated_over_35ha', area_m2: b.cultivated_m2, limit_m2: '350000' })])
    expect(b.authority_finding).toMatchObject({ code: 'APPROVAL_AUTHORITY_MISMATCH', severity: 'error', key: `APPROVAL_AUTHORITY_MISMATCH:batch:${b.id}` })
    expect(b.authority_finding.message.zh).toContain('国务院')
    expect(b.authority_finding.message.en).toContain(b.cultivated_m2)
    expect(Number(b.cultivated_mu)).toBeCloseTo(mu(expected), 3)
  })

  it('524 mu of 旱地 stays with the province; declaring the State Council is only a note', async () => {
    const expected = geographicLibArea(small)
    expect(mu(expected)).toBeGreaterThan(523.9)
    expect(mu(expected)).toBeLessThan(524.1)
    const id = await parcel(small, 'SMALL', '0103')
    const p = await w.api.as('planner')
    const b = await ok(p.request('POST', '/api/approval-batches', { json: batchBody([id]) }))
    expect(Math.abs(Number(b.cultivated_m2) - expected)).toBeLessThan(0.01)
    expect(b).toMatchObject({ required_authority: 'province', authority_reasons: [], authority_agrees: true, authority_finding: null })
    const higher = await ok(p.request('PUT', `/api/approval-batches/${b.id}`, { json: batchBody([id], { declared_authority: 'state_council' }), headers: { 'if-match': '"v1"' } }), 200)
    expect(higher).toMatchObject({ required_authority: 'province', authority_agrees: false })
    expect(higher.authority_finding).toMatchObject({ code: 'APPROVAL_AUTHORITY_HIGHER_THAN_NEEDED', severity: 'info' })
  })

  it('a parcel reaching 1 m² into basic farmland needs the State Council (item 1), with the farmland part drawn', async () => {
    // A 1 m × 1 m corner of the parcel lies in the farmland: the farmland starts 1 m (in longitude and latitude)
    // inside the parcel's north-east corner.
    const ring = rect(110.02, 27.5, 0.001, 0.001)
    const dLon = 1 / (111319.49 * Math.cos((27.501 * Math.PI) / 180)) * 1.0
    const dLat = 1 / 110800
    const farm = rect(110.021 - dLon, 27.501 - dLat, 0.001, 0.001)
    const expected = geographicLibArea(rect(110.021 - dLon, 27.501 - dLat, dLon, dLat))
    await w.db.query("INSERT INTO basic_farmland (name, geom) VALUES ('测试基本农田', ST_Multi(ST_GeomFromGeoJSON($1::text)))",
      [JSON.stringify({ type: 'Polygon', coordinates: [farm], crs: { type: 'name', properties: { name: 'EPSG:4490' } } })])
    const id = await parcel(ring, 'EDGE', '0103')
    const b = await ok((await w.api.as('planner')).request('POST', '/api/approval-batches', { json: batchBody([id]) }))
    expect(Math.abs(Number(b.basic_farmland_m2) - expected)).toBeLessThan(0.02)
    expect(Number(b.basic_farmland_m2)).toBeGreaterThan(0.9)
    expect(b).toMatchObject({ required_authority: 'state_council', authority_agrees: false })
    expect(b.authority_reasons.map((r: any) => r.clause)).toEqual(['basic_farmland'])
    expect(b.basic_farmland_geometry.type).toMatch(/Polygon/)

    const layer = await ok((await w.api.as('legal')).request('GET', '/api/basic-farmland?bbox=110.0,27.4,110.1,27.6'), 200)
    expect(layer.features).toHaveLength(1)
    expect(Object.keys(layer.features[0].properties).sort()).toEqual(['area_m2', 'area_mu', 'id', 'name'])
    expect((await ok((await w.api.as('legal')).request('GET', '/api/basic-farmland?bbox=100,20,100.1,20.1'), 200)).features).toEqual([])
    expect((await (await w.api.as('legal')).request('GET', '/api/basic-farmland?bbox=1,2,3')).status).toBe(400)
  })
})

describe('split and merge keep a parcel in its batch', () => {
  it('the pieces of a split parcel take its batch, and the batch gets a new version naming the split', async () => {
    const a = await parcel(S, 'T-001')
    const p = await w.api.as('planner')
    const batch = await ok(p.request('POST', '/api/approval-batches', { json: batchBody([a]) }))
    const split = await ok(p.request('POST', `/api/parcels/${a}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] }, reason: '道路分割' }, headers: { 'if-match': '"v1"' },
    }))
    const pieces = split.children.features.map((f: any) => f.id as number).sort((x: number, y: number) => x - y)
    const after = await ok(p.request('GET', `/api/approval-batches/${batch.id}`), 200)
    expect(after.parcel_ids).toEqual(pieces)
    expect(after.version).toBe(2)
    expect(Number(after.cultivated_m2)).toBeCloseTo(Number(batch.cultivated_m2), 1)
    const last = (await ok(p.request('GET', `/api/approval-batches/${batch.id}/history`), 200)).items.at(-1)
    expect(last).toMatchObject({ operation: 'update', changed_by: 'planner' })
    expect(last.reason).toContain('道路分割')

    const merged = await ok(p.request('POST', '/api/parcels/merge', {
      json: { parcels: pieces.map((id: number) => ({ id, version: 1 })), code: 'T-009', reason: '恢复整宗' },
    }))
    expect((await ok(p.request('GET', `/api/approval-batches/${batch.id}`), 200)).parcel_ids).toEqual([merged.id])
  })

  it('a parcel outside any batch stays outside after a split', async () => {
    const a = await parcel(S, 'T-001')
    const p = await w.api.as('planner')
    await ok(p.request('POST', `/api/parcels/${a}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] } }, headers: { 'if-match': '"v1"' },
    }))
    const [n] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM approval_batch_parcels')
    expect(n!.n).toBe(0)
  })
})
