import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

const w = useWorld()

async function create(geometry: unknown, props: Record<string, unknown> = {}) {
  const planner = await w.api.as('planner')
  return planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, w.projectId, props) })
}

describe('parcels API', () => {
  it('creates a parcel and answers with its server-computed areas and an ETag', async () => {
    const r = await create(polygon(S), { claimed_area_mu: '16.424', reason: undefined })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"v1"')
    const p = r.body.properties
    expect(p).toMatchObject({ code: 'T-001', land_class: '0101', land_class_zh: '水田', claimed_area_mu: '16.4240', version: 1, updated_by: 'planner' })
    expect(p.area.ellipsoidal_m2).toBeCloseTo(10949.466, 2)
    expect(p.area.ellipsoidal_mu).toBeCloseTo((p.area.ellipsoidal_m2 * 15) / 10000, 12)
    expect(p.area.planar_crs).toBe('EPSG:4525')
    expect(p.area.planar_m2).toBeCloseTo(10952.10, 2)
  })

  it('lists parcels by bbox and by project', async () => {
    await create(polygon(S))
    await create(polygon(square(110.01, 27.51)), { code: 'T-002' })
    const planner = await w.api.as('auditor')
    const all = await planner.request('GET', '/api/parcels')
    expect(all.body.features.map((f: any) => f.properties.code)).toEqual(['T-001', 'T-002'])
    const box = await planner.request('GET', '/api/parcels?bbox=109.999,27.499,110.002,27.502')
    expect(box.body.features.map((f: any) => f.properties.code)).toEqual(['T-001'])
    const other = await planner.request('GET', '/api/parcels?project=999')
    expect(other.body.features).toEqual([])
  })

  it('refuses malformed bbox, repeated and non-numeric parameters with 400', async () => {
    const a = await w.api.as('auditor')
    for (const q of ['bbox=110,27,111', 'bbox=NaN,NaN,NaN,NaN', 'bbox=-Infinity,0,Infinity,1', 'bbox=1e309,0,1,1', 'bbox=0x6E,27,111,28', 'bbox=111,28,110,27']) {
      const r = await a.request('GET', `/api/parcels?${q}`)
      expect([r.status, r.body.code]).toEqual([400, 'INVALID_BBOX'])
    }
    const rep = await a.request('GET', '/api/parcels?project=1&project=2')
    expect([rep.status, rep.body.code]).toEqual([400, 'INVALID_PARAMETER_TYPE'])
    const lim = await a.request('GET', '/api/parcels?limit=-1')
    expect([lim.status, lim.body.code]).toEqual([400, 'INVALID_PARAMETER'])
  })

  it('updates with If-Match: 200 and a new version; 412 when stale; 428 without If-Match', async () => {
    const created = await create(polygon(S))
    const planner = await w.api.as('planner')
    const body = parcelFeature(polygon(square(110, 27.5, 0.0011)), w.projectId, { owner: '新集体' })
    const missing = await planner.request('PUT', `/api/parcels/${created.body.id}`, { json: body })
    expect([missing.status, missing.body.code]).toEqual([428, 'PRECONDITION_REQUIRED'])
    const ok = await planner.request('PUT', `/api/parcels/${created.body.id}`, { json: { ...body, reason: '界址复核' }, headers: { 'if-match': '"v1"' } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe('"v2"')
    expect(ok.body.properties.owner).toBe('新集体')
    const stale = await planner.request('PUT', `/api/parcels/${created.body.id}`, { json: body, headers: { 'if-match': '"v1"' } })
    expect([stale.status, stale.body.code, stale.body.current_version]).toEqual([412, 'PRECONDITION_FAILED', 2])
    const weak = await planner.request('PUT', `/api/parcels/${created.body.id}`, { json: body, headers: { 'if-match': 'W/"v2"' } })
    expect(weak.status).toBe(412)
    const history = await planner.request('GET', `/api/parcels/${created.body.id}/history`)
    expect(history.body.items.map((h: any) => [h.version, h.operation, h.changed_by, h.reason])).toEqual([
      [1, 'create', 'planner', null],
      [2, 'update', 'planner', '界址复核'],
    ])
  })

  it('R01: of two planners editing the same version, the second gets 412 and the first edit stays', async () => {
    const created = await create(polygon(S))
    const planner = await w.api.as('planner')
    const edit = (owner: string) => planner.request('PUT', `/api/parcels/${created.body.id}`, {
      json: parcelFeature(polygon(S), w.projectId, { owner }), headers: { 'if-match': '"v1"' },
    })
    const results = await Promise.all([edit('甲'), edit('乙')])
    expect(results.map((r) => r.status).sort()).toEqual([200, 412])
    const winner = results.find((r) => r.status === 200)!.body.properties.owner
    const now = await planner.request('GET', `/api/parcels/${created.body.id}`)
    expect([now.body.properties.owner, now.body.properties.version]).toEqual([winner, 2])
    expect((await writeCounts(w.db)).history).toBe(2)
  })

  it('R04: a DELETE with a stale ETag is 412 and the parcel stays; with the current one 204, then 404, and the history keeps every version plus a tombstone', async () => {
    const created = await create(polygon(S))
    const planner = await w.api.as('planner')
    const url = `/api/parcels/${created.body.id}`
    const edited = await planner.request('PUT', url, { json: parcelFeature(polygon(S), w.projectId, { owner: '乙' }), headers: { 'if-match': '"v1"' } })
    expect(edited.status).toBe(200)
    const stale = await planner.request('DELETE', url, { headers: { 'if-match': '"v1"' } })
    expect([stale.status, stale.body.code]).toEqual([412, 'PRECONDITION_FAILED'])
    const still = await planner.request('GET', url)
    expect([still.status, still.headers.get('etag'), still.body.properties.owner]).toEqual([200, '"v2"', '乙'])
    const gone = await planner.request('DELETE', url, { headers: { 'if-match': '"v2"' } })
    expect(gone.status).toBe(204)
    expect((await planner.request('GET', url)).status).toBe(404)
    const history = await planner.request('GET', `${url}/history`)
    expect(history.body.items.map((h: any) => [h.version, h.operation])).toEqual([[1, 'create'], [2, 'update'], [3, 'delete']])
  })

  it('G35: refuses a parcel overlapping another by half with 409 and the overlap area', async () => {
    const first = await create(polygon(S))
    const r = await create(polygon(square(110.0005, 27.5)), { code: 'T-002' })
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('PARCEL_OVERLAP')
    expect(r.body.conflicts).toHaveLength(1)
    expect(r.body.conflicts[0]).toMatchObject({ id: first.body.id, code: 'T-001' })
    expect(r.body.conflicts[0].overlap_m2).toBeCloseTo(5474.73, 0)
  })

  it('G36: refuses identical and contained parcels, which ST_Overlaps would miss', async () => {
    await create(polygon(S))
    expect((await create(polygon(S), { code: 'T-002' })).status).toBe(409)
    expect((await create(polygon(square(110.0002, 27.5002, 0.0005)), { code: 'T-003' })).status).toBe(409)
    expect((await create(polygon(square(109.9995, 27.4995, 0.002)), { code: 'T-004' })).status).toBe(409)
    expect((await writeCounts(w.db)).parcels).toBe(1)
  })

  it('G37/G38: accepts a neighbour sharing an edge, and one overlapping by 1e-9° (under 1 m²)', async () => {
    await create(polygon(S))
    expect((await create(polygon(square(110.001, 27.5)), { code: 'T-002' })).status).toBe(201)
    expect((await create(polygon(square(110.0, 27.501 - 1e-9)), { code: 'T-003' })).status).toBe(201)
  })

  it('G39: refuses an overlap with a parcel of another project', async () => {
    await create(polygon(S))
    const planner = await w.api.as('planner')
    const other = await planner.request('POST', '/api/projects', { json: { code: 'P2', name: '另一个项目' } })
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), other.body.id, { code: 'X-1' }) })
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
  })

  it('R06: of two overlapping parcels created at the same moment, exactly one gets in', async () => {
    const results = await Promise.all([create(polygon(S), { code: 'A' }), create(polygon(square(110.0005, 27.5)), { code: 'B' })])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect((await writeCounts(w.db)).parcels).toBe(1)
  })

  it('refuses a second parcel with the same code in a project with 409', async () => {
    await create(polygon(S))
    const r = await create(polygon(square(110.01, 27.51)))
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_CODE_TAKEN'])
  })

  it('refuses unknown projects and land classes with 422 and writes nothing', async () => {
    const r = await create(polygon(S), { project_id: 999, land_class: '9999' })
    expect(r.status).toBe(422)
    expect(r.body.errors.map((e: any) => e.code).sort()).toEqual(['UNKNOWN_LAND_CLASS', 'UNKNOWN_PROJECT'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })

  it('answers 404 problem+json for a missing parcel or a non-numeric id', async () => {
    const a = await w.api.as('auditor')
    for (const id of ['999', 'abc', '1e3', '-1', '99999999999']) {
      const r = await a.request('GET', `/api/parcels/${id}`)
      expect([r.status, r.body.code]).toEqual([404, 'NOT_FOUND'])
    }
  })
})

describe('POST /api/area', () => {
  it('gives the stored-parcel areas for the same geometry, plus what plain Turf says', async () => {
    const a = await w.api.as('finance')
    const r = await a.request('POST', '/api/area', { json: polygon(S) })
    expect(r.status).toBe(200)
    expect(r.body.ellipsoidal_m2).toBeCloseTo(10949.466, 2)
    expect(r.body.planar_crs).toBe('EPSG:4525')
    // Turf's sphere (R = 6371008.8 m) reads about 1600 ppm high at this latitude (area.md).
    const ppm = (r.body.spherical_m2 / r.body.ellipsoidal_m2 - 1) * 1e6
    expect(ppm).toBeGreaterThan(1500)
    expect(ppm).toBeLessThan(1750)
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })

  it('uses a declared survey zone when a Feature names one', async () => {
    const a = await w.api.as('planner')
    const r = await a.request('POST', '/api/area', { json: { type: 'Feature', geometry: polygon(S), properties: { survey_zone: 36 } } })
    expect(r.body.planar_crs).toBe('EPSG:4524')
  })

  it('refuses an invalid geometry with its code instead of an area', async () => {
    const a = await w.api.as('planner')
    const r = await a.request('POST', '/api/area', { json: polygon([[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]]) })
    expect([r.status, r.body.code]).toEqual([422, 'GEOM_SELF_INTERSECTION'])
  })
})
