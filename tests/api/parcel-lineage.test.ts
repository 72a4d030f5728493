import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

const w = useWorld()

async function create(geometry: unknown, props: Record<string, unknown> = {}) {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, w.projectId, props) })
  if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text}`)
  return r.body
}

async function post(path: string, json: unknown, headers: Record<string, string> = {}) {
  const planner = await w.api.as('planner')
  return planner.request('POST', path, { json, headers })
}

async function history(id: number) {
  const a = await w.api.as('auditor')
  const r = await a.request('GET', `/api/parcels/${id}/history`)
  return r.body.items as any[]
}

/** A line from south to north across S at lon, reaching 50 m beyond its edges. */
const northSouth = (lon: number) => ({ type: 'LineString', coordinates: [[lon, 27.4995], [lon, 27.5015]] })

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('POST /api/parcels/:id/split', () => {
  it('splits a parcel into two children, largest first, each inheriting the attributes, with the areas conserved', async () => {
    const parent = await create(polygon(S), { claimed_area_mu: '16.42', status: 'approved', survey_zone: 36 })
    const r = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), reason: '道路分割' }, { 'if-match': '"v1"' })
    expect(r.status).toBe(201)
    expect(r.body.parent_id).toBe(parent.id)
    const children = r.body.children.features
    expect(r.body.children.type).toBe('FeatureCollection')
    expect(children).toHaveLength(2)
    expect(children.map((f: any) => f.properties.code)).toEqual(['T-001-1', 'T-001-2'])
    for (const c of children) {
      expect(c.properties).toMatchObject({
        project_id: w.projectId, land_class: '0101', owner: '盈口乡炉天冲村三组', status: 'approved', survey_zone: 36,
        claimed_area_mu: null, version: 1, updated_by: 'planner',
      })
      expect(c.properties.area.planar_crs).toBe('EPSG:4524')
    }
    // 60 % east of the line, 40 % west: the larger piece comes first.
    const [big, small] = children.map((f: any) => f.properties.area.ellipsoidal_mu)
    expect(big / parent.properties.area.ellipsoidal_mu).toBeCloseTo(0.6, 3)
    expect(small / parent.properties.area.ellipsoidal_mu).toBeCloseTo(0.4, 3)
    expect(Math.abs(big + small - parent.properties.area.ellipsoidal_mu)).toBeLessThan(0.001)
    // Together the children are the parent exactly: no gap, no overlap.
    const [geo] = await w.db.query<{ same: boolean; shared: number }>(
      `SELECT ST_Equals((SELECT ST_Union(geom) FROM parcels WHERE id = ANY ($2::int[])),
                        (SELECT geom FROM parcel_history WHERE parcel_id = $1 AND version = 1)) AS same,
              (SELECT ST_Area(ST_Intersection(a.geom, b.geom)) FROM parcels a JOIN parcels b ON a.id < b.id
               WHERE a.id = ANY ($2::int[]) AND b.id = ANY ($2::int[])) AS shared`,
      [parent.id, children.map((f: any) => f.id)])
    expect(geo).toEqual({ same: true, shared: 0 })
  })

  it('records the lineage in both histories and keeps the parent readable there', async () => {
    const parent = await create(polygon(S))
    const r = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), reason: '道路分割' }, { 'if-match': '"v1"' })
    const childIds = r.body.children.features.map((f: any) => f.id)
    const auditor = await w.api.as('auditor')
    expect((await auditor.request('GET', `/api/parcels/${parent.id}`)).status).toBe(404)
    const ph = await history(parent.id)
    expect(ph.map((h) => [h.version, h.operation, h.parent_ids, h.child_ids, h.reason])).toEqual([
      [1, 'create', [], [], null],
      [2, 'split', [], childIds, '道路分割'],
    ])
    for (const id of childIds) {
      const ch = await history(id)
      expect(ch.map((h) => [h.version, h.operation, h.parent_ids, h.child_ids, h.changed_by])).toEqual([[1, 'create', [parent.id], [], 'planner']])
    }
    const tomb = await auditor.request('GET', `/api/parcels/${parent.id}/history/2`)
    expect(tomb.status).toBe(200)
    expect(tomb.body.properties).toMatchObject({ operation: 'split', child_ids: childIds, version: 2 })
  })

  it('names the children with the given codes, largest first, and refuses a wrong number of codes', async () => {
    const parent = await create(polygon(S))
    const wrong = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), codes: ['A', 'B', 'C'] }, { 'if-match': '"v1"' })
    expect([wrong.status, wrong.body.code, wrong.body.errors[0].path]).toEqual([422, 'SPLIT_CODES_COUNT', 'codes'])
    const dup = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), codes: ['A', 'A'] }, { 'if-match': '"v1"' })
    expect([dup.status, dup.body.errors[0].path]).toEqual([422, 'codes'])
    const r = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), codes: ['东块', '西块'] }, { 'if-match': '"v1"' })
    expect(r.status).toBe(201)
    const [east, west] = r.body.children.features
    expect([east.properties.code, west.properties.code]).toEqual(['东块', '西块'])
    expect(east.properties.area.ellipsoidal_m2).toBeGreaterThan(west.properties.area.ellipsoidal_m2)
    expect(Math.min(...east.geometry.coordinates[0][0].map((p: number[]) => p[0]))).toBeCloseTo(110.0004, 12)
  })

  it('lets a child take the parent\'s code, since the parent is gone by then', async () => {
    const parent = await create(polygon(S))
    const r = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), codes: ['T-001', 'T-001a'] }, { 'if-match': '"v1"' })
    expect(r.status).toBe(201)
    expect(r.body.children.features.map((f: any) => f.properties.code)).toEqual(['T-001', 'T-001a'])
  })

  it('needs If-Match: 428 without it, 412 when stale, and nothing changes', async () => {
    const parent = await create(polygon(S))
    const before = await writeCounts(w.db)
    const missing = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004) })
    expect([missing.status, missing.body.code]).toEqual([428, 'PRECONDITION_REQUIRED'])
    const stale = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004) }, { 'if-match': '"v2"' })
    expect([stale.status, stale.body.code, stale.body.current_version]).toEqual([412, 'PRECONDITION_FAILED', 1])
    expect(await writeCounts(w.db)).toEqual(before)
    const gone = await post('/api/parcels/999/split', { line: northSouth(110.0004) }, { 'if-match': '"v1"' })
    expect(gone.status).toBe(404)
  })

  it('refuses a line that does not cut the parcel with 422 SPLIT_LINE_MISSES saying why, and writes nothing', async () => {
    const parent = await create(polygon(S))
    const planner = await w.api.as('planner')
    const before = await writeCounts(w.db)
    const cases: [unknown, RegExp][] = [
      [{ type: 'LineString', coordinates: [[110.002, 27.4995], [110.002, 27.5015]] }, /does not reach/],
      [{ type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5005]] }, /ends inside/],
      [{ type: 'LineString', coordinates: [[110.0, 27.4995], [110.0, 27.5015]] }, /only touches/],
    ]
    for (const [line, why] of cases) {
      const r = await planner.request('POST', `/api/parcels/${parent.id}/split`, {
        json: { line }, headers: { 'if-match': '"v1"', 'accept-language': 'en' },
      })
      expect([r.status, r.body.code, r.body.errors[0].path]).toEqual([422, 'SPLIT_LINE_MISSES', 'line'])
      expect(r.body.errors[0].message).toMatch(why)
      expect(r.body.messages['zh-CN']).toMatch(/^分割线没有把地块分成两块或以上：.+/)
    }
    expect(await writeCounts(w.db)).toEqual(before)
    expect((await planner.request('GET', `/api/parcels/${parent.id}`)).body.properties.version).toBe(1)
  })

  it('refuses a line that is not a usable LineString with 422 before touching the database', async () => {
    const parent = await create(polygon(S))
    const bad: [unknown, string][] = [
      [polygon(S), 'SPLIT_LINE_INVALID'],
      [{ type: 'LineString', coordinates: [[110.0004, 27.4995]] }, 'SPLIT_LINE_INVALID'],
      [{ type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.4995]] }, 'SPLIT_LINE_INVALID'],
      [{ type: 'LineString', coordinates: [[110.0004, 27.4995, 3], [110.0004, 27.5015, 3]] }, 'GEOM_DIMENSION'],
      [{ type: 'LineString', coordinates: [[27.4995, 110.0004], [27.5015, 110.0004]] }, 'GEOM_COORD_OUT_OF_RANGE'],
      [{ type: 'LineString', coordinates: [[10, 27.4995], [10, 27.5015]] }, 'OUTSIDE_JURISDICTION'],
    ]
    for (const [line, code] of bad) {
      const r = await post(`/api/parcels/${parent.id}/split`, { line }, { 'if-match': '"v1"' })
      expect([r.status, r.body.code], JSON.stringify(line)).toEqual([422, code])
    }
    const extra = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), colour: 'red' }, { 'if-match': '"v1"' })
    expect([extra.status, extra.body.code, extra.body.errors[0].path]).toEqual([422, 'UNKNOWN_PROPERTY', 'colour'])
    const computed = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.0004), area: 1 }, { 'if-match': '"v1"' })
    expect([computed.status, computed.body.code]).toEqual([422, 'READ_ONLY_FIELD'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 1, history: 1 })
  })

  it('refuses a split whose child fails the checks of a new parcel (a sliver under 1 m²), writing nothing', async () => {
    const parent = await create(polygon(S))
    const before = await writeCounts(w.db)
    // 5e-8° of longitude is about 5 mm: the western sliver is about 0.55 m².
    const r = await post(`/api/parcels/${parent.id}/split`, { line: northSouth(110.00000005) }, { 'if-match': '"v1"' })
    expect([r.status, r.body.code]).toEqual([422, 'GEOM_AREA_TOO_SMALL'])
    expect(r.body.errors[0].path).toBe('children[1].geometry')
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('R01: of a split and a merge of the same parcel at the same moment, exactly one happens', async () => {
    const a = await create(polygon(S))
    const b = await create(polygon(square(110.001, 27.5)), { code: 'T-002' })
    const results = await Promise.all([
      post(`/api/parcels/${a.id}/split`, { line: northSouth(110.0004) }, { 'if-match': '"v1"' }),
      post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.id, version: 1 }] }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([201, 404])
    const counts = await writeCounts(w.db)
    // Split won: 3 parcels (b and two children); merge won: 1. History: 2 creates + 1 last row per parent + creates.
    expect([{ parcels: 3, history: 5 }, { parcels: 1, history: 5 }]).toContainEqual(counts)
    expect((await history(a.id)).map((h) => h.operation)).toEqual(['create', results[0]!.status === 201 ? 'split' : 'merge'])
  })

  it('is for planners and admins only', async () => {
    const parent = await create(polygon(S))
    const a = await w.api.as('auditor')
    const r = await a.request('POST', `/api/parcels/${parent.id}/split`, { json: { line: northSouth(110.0004) }, headers: { 'if-match': '"v1"' } })
    expect(r.status).toBe(403)
  })
})

describe('POST /api/parcels/merge', () => {
  it('merges two parcels sharing an edge into one, with the first one\'s attributes and the areas conserved', async () => {
    const a = await create(polygon(S), { owner: '甲组', survey_zone: 37 })
    const b = await create(polygon(square(110.001, 27.5)), { code: 'T-002', owner: '乙组', land_class: '0103' })
    const r = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.id, version: 1 }], reason: '合并' })
    expect(r.status).toBe(201)
    expect(r.headers.get('etag')).toBe('"v1"')
    expect(r.body.properties).toMatchObject({ code: 'T-001', owner: '甲组', land_class: '0101', survey_zone: 37, claimed_area_mu: null, version: 1 })
    expect(r.body.geometry.type).toBe('MultiPolygon')
    expect(r.body.geometry.coordinates).toHaveLength(1)
    const parents = a.properties.area.ellipsoidal_mu + b.properties.area.ellipsoidal_mu
    expect(Math.abs(r.body.properties.area.ellipsoidal_mu - parents)).toBeLessThan(0.001)
    expect(await writeCounts(w.db)).toEqual({ parcels: 1, history: 5 })
  })

  it('records the lineage: each parent ends with a merge row naming the child, whose create row names both', async () => {
    const a = await create(polygon(S))
    const b = await create(polygon(square(110.001, 27.5)), { code: 'T-002' })
    const r = await post('/api/parcels/merge', {
      parcels: [{ id: b.id, version: 1 }, { id: a.id, version: 1 }], code: 'M-1', owner: '合并后集体', land_class: '0102', reason: '合并',
    })
    expect(r.status).toBe(201)
    expect(r.body.properties).toMatchObject({ code: 'M-1', owner: '合并后集体', land_class: '0102' })
    const child = r.body.id
    for (const p of [a, b]) {
      expect((await history(p.id)).map((h) => [h.operation, h.child_ids, h.reason])).toEqual([['create', [], null], ['merge', [child], '合并']])
    }
    expect((await history(child)).map((h) => [h.operation, h.parent_ids])).toEqual([['create', [b.id, a.id]]])
  })

  it('refuses parcels that only touch at a corner, or not at all, with 422 MERGE_NOT_ADJACENT and writes nothing', async () => {
    const a = await create(polygon(S))
    const corner = await create(polygon(square(110.001, 27.501)), { code: 'T-002' })
    const far = await create(polygon(square(110.01, 27.51)), { code: 'T-003' })
    const before = await writeCounts(w.db)
    for (const other of [corner, far]) {
      const r = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: other.id, version: 1 }] })
      expect([r.status, r.body.code]).toEqual([422, 'MERGE_NOT_ADJACENT'])
    }
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('answers 412 for a stale version and 404 for a parcel that is gone, changing nothing', async () => {
    const a = await create(polygon(S))
    const b = await create(polygon(square(110.001, 27.5)), { code: 'T-002' })
    const before = await writeCounts(w.db)
    const stale = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.id, version: 2 }] })
    expect([stale.status, stale.body.code, stale.body.stale]).toEqual([412, 'PRECONDITION_FAILED', [{ id: b.id, version: 1 }]])
    const gone = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: 999, version: 1 }] })
    expect([gone.status, gone.body.missing]).toEqual([404, [999]])
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('refuses parcels of different projects with 422 MERGE_MIXED_PROJECTS', async () => {
    const a = await create(polygon(S))
    const planner = await w.api.as('planner')
    const other = await planner.request('POST', '/api/projects', { json: { code: 'P2', name: '另一个项目' } })
    const b = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.001, 27.5)), other.body.id, { code: 'X-1' }) })
    const r = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.body.id, version: 1 }] })
    expect([r.status, r.body.code]).toEqual([422, 'MERGE_MIXED_PROJECTS'])
  })

  it('refuses a merge that would not conserve the area (parents overlapping by under 1 m²) with 422 AREA_NOT_CONSERVED', async () => {
    const a = await create(polygon(S))
    // 7.3e-8° of longitude is about 7.2 mm: the two overlap by about 0.8 m², allowed, but 0.0012 mu > 0.001 mu.
    const b = await create(polygon(square(110.001 - 7.3e-8, 27.5)), { code: 'T-002' })
    const before = await writeCounts(w.db)
    const r = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.id, version: 1 }] })
    expect([r.status, r.body.code]).toEqual([422, 'AREA_NOT_CONSERVED'])
    expect(r.body.before_mu - r.body.after_mu).toBeGreaterThan(0.001)
    expect(r.body.before_mu - r.body.after_mu).toBeLessThan(0.0015)
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('checks the body: at least two distinct parcels, a known land class', async () => {
    const a = await create(polygon(S))
    const b = await create(polygon(square(110.001, 27.5)), { code: 'T-002' })
    const one = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }] })
    expect([one.status, one.body.errors[0].path]).toEqual([422, 'parcels'])
    const twice = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: a.id, version: 1 }] })
    expect([twice.status, twice.body.errors[0].path]).toEqual([422, 'parcels'])
    const noVersion = await post('/api/parcels/merge', { parcels: [{ id: a.id }, { id: b.id, version: 1 }] })
    expect([noVersion.status, noVersion.body.errors[0].code, noVersion.body.errors[0].path]).toEqual([422, 'FIELD_REQUIRED', 'parcels[0].version'])
    const landClass = await post('/api/parcels/merge', { parcels: [{ id: a.id, version: 1 }, { id: b.id, version: 1 }], land_class: '9999' })
    expect([landClass.status, landClass.body.code, landClass.body.errors[0].path]).toEqual([422, 'UNKNOWN_LAND_CLASS', 'land_class'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 2, history: 2 })
  })
})

describe('history versions and restore', () => {
  async function twoVersions() {
    const p = await create(polygon(S), { claimed_area_mu: '16.42' })
    const planner = await w.api.as('planner')
    const v2 = await planner.request('PUT', `/api/parcels/${p.id}`, {
      json: { ...parcelFeature(polygon(square(110.002, 27.5)), w.projectId, { owner: '新集体' }), reason: '界址更正' },
      headers: { 'if-match': '"v1"' },
    })
    expect(v2.status).toBe(200)
    return { v1: p, v2: v2.body }
  }

  it('GET /parcels/:id/history/:version gives that version as a Feature, also after the parcel is deleted', async () => {
    const { v1 } = await twoVersions()
    const a = await w.api.as('auditor')
    const r = await a.request('GET', `/api/parcels/${v1.id}/history/1`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/application\/geo\+json/)
    expect(r.body).toMatchObject({ type: 'Feature', id: v1.id, geometry: v1.geometry })
    expect(r.body.properties).toMatchObject({
      parcel_id: v1.id, version: 1, operation: 'create', owner: '盈口乡炉天冲村三组', claimed_area_mu: '16.4200',
      land_class_zh: '水田', changed_by: 'planner', reason: null, parent_ids: [], child_ids: [], restored_from: null,
    })
    expect(r.body.properties.area.ellipsoidal_m2).toBeCloseTo(v1.properties.area.ellipsoidal_m2, 6)
    const v2 = await a.request('GET', `/api/parcels/${v1.id}/history/2`)
    expect([v2.body.properties.operation, v2.body.properties.owner, v2.body.properties.reason]).toEqual(['update', '新集体', '界址更正'])
    for (const missing of ['3', '0', 'x']) {
      expect((await a.request('GET', `/api/parcels/${v1.id}/history/${missing}`)).status).toBe(404)
    }
    const planner = await w.api.as('planner')
    expect((await planner.request('DELETE', `/api/parcels/${v1.id}`, { headers: { 'if-match': '"v2"' } })).status).toBe(204)
    const tomb = await a.request('GET', `/api/parcels/${v1.id}/history/3`)
    expect(tomb.body.properties.operation).toBe('delete')
    expect((await a.request('GET', `/api/parcels/${v1.id}/history/1`)).status).toBe(200)
  })

  it('restores an old version as a new version with the old geometry and attributes', async () => {
    const { v1 } = await twoVersions()
    const r = await post(`/api/parcels/${v1.id}/restore`, { version: 1, reason: '恢复原界址' }, { 'if-match': '"v2"' })
    expect(r.status).toBe(200)
    expect(r.headers.get('etag')).toBe('"v3"')
    expect(r.body.geometry).toEqual(v1.geometry)
    expect(r.body.properties).toMatchObject({ version: 3, owner: '盈口乡炉天冲村三组', claimed_area_mu: '16.4200' })
    expect(r.body.properties.area).toEqual(v1.properties.area)
    expect((await history(v1.id)).map((h) => [h.version, h.operation, h.restored_from, h.reason])).toEqual([
      [1, 'create', null, null],
      [2, 'update', null, '界址更正'],
      [3, 'restore', 1, '恢复原界址'],
    ])
  })

  it('refuses a restore whose old shape now overlaps another parcel with 409 and the overlap, changing nothing', async () => {
    const { v1 } = await twoVersions()
    const other = await create(polygon(square(110.0005, 27.5)), { code: 'T-002' })
    const before = await writeCounts(w.db)
    const r = await post(`/api/parcels/${v1.id}/restore`, { version: 1 }, { 'if-match': '"v2"' })
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
    expect(r.body.conflicts).toHaveLength(1)
    expect(r.body.conflicts[0]).toMatchObject({ id: other.id, code: 'T-002' })
    expect(r.body.conflicts[0].overlap_m2).toBeCloseTo(5474.73, 0)
    expect(r.body.conflicts[0].geometry.type).toBe('MultiPolygon')
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('needs If-Match, an existing parcel and an earlier version that exists', async () => {
    const { v1 } = await twoVersions()
    const noMatch = await post(`/api/parcels/${v1.id}/restore`, { version: 1 })
    expect(noMatch.status).toBe(428)
    const stale = await post(`/api/parcels/${v1.id}/restore`, { version: 1 }, { 'if-match': '"v1"' })
    expect(stale.status).toBe(412)
    const unknown = await post(`/api/parcels/${v1.id}/restore`, { version: 7 }, { 'if-match': '"v2"' })
    expect([unknown.status, unknown.body.code, unknown.body.errors[0].path]).toEqual([422, 'HISTORY_VERSION_UNKNOWN', 'version'])
    const same = await post(`/api/parcels/${v1.id}/restore`, { version: 2 }, { 'if-match': '"v2"' })
    expect([same.status, same.body.code]).toEqual([422, 'RESTORE_SAME_VERSION'])
    const planner = await w.api.as('planner')
    await planner.request('DELETE', `/api/parcels/${v1.id}`, { headers: { 'if-match': '"v2"' } })
    const gone = await post(`/api/parcels/${v1.id}/restore`, { version: 1 }, { 'if-match': '"v3"' })
    expect(gone.status).toBe(404)
    expect((await history(v1.id)).map((h) => h.operation)).toEqual(['create', 'update', 'delete'])
  })
})
