import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon } from '../helpers/fixtures.ts'
import { importRequests } from '../helpers/import-requests.ts'
import { useWorld } from '../helpers/world.ts'

// POST /api/imports/commit: a previewed batch saved in one transaction with its history and imports row, or
// refused whole (a bad feature named by path, overlaps, codes taken, another project or role), and a repeated
// Idempotency-Key.
const w = useWorld()
const { preview, commit, commitFrom, importCounts } = importRequests(w)

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
