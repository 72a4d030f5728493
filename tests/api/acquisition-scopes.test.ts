import geographiclib from 'geographiclib-geodesic'
import { describe, expect, it } from 'vitest'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// Acquisition scopes (拟征收范围) through HTTP: one per project on the generic record flow, and the proposal made
// from the project's parcels, checked against distances from GeographicLib (GRS80), not against the server.

const w = useWorld()
const projects = loadQueries('projects', ['insert'])
const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

const rect = (lon: number, lat: number, wd: number, h: number): [number, number][] =>
  [[lon, lat], [lon + wd, lat], [lon + wd, lat + h], [lon, lat + h], [lon, lat]]
const distance = ([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]) => grs80.Inverse(lat1, lon1, lat2, lon2).s12!

async function ok(r: Promise<{ status: number; text: string; body: any }>, status = 201) {
  const reply = await r
  if (reply.status !== status) throw new Error(`${reply.status} ${reply.text}`)
  return reply.body
}

const scope = (ring: [number, number][], projectId = w.projectId, extra: Record<string, unknown> = {}) => ({
  type: 'Feature', geometry: polygon(ring), properties: { project_id: projectId, source: '预公告 2026-01', ...extra },
})

describe('acquisition scopes: the record flow', () => {
  it('creates one per project, refuses a second with 409, replaces with If-Match, keeps the history and deletes', async () => {
    const p = await w.api.as('planner')
    const created = await p.request('POST', '/api/acquisition-scopes', { json: scope(rect(110, 27.5, 0.002, 0.002)) })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"v1"')
    expect(created.body).toMatchObject({ type: 'Feature', properties: { project_id: w.projectId, source: '预公告 2026-01', version: 1 } })
    const expectedM2 = distance([110, 27.5], [110.002, 27.5]) * distance([110, 27.5], [110, 27.502])
    expect(Math.abs(Number(created.body.properties.area_m2) - expectedM2) / expectedM2).toBeLessThan(0.001)
    const id = created.body.id as number

    const second = await p.request('POST', '/api/acquisition-scopes', { json: scope(rect(110, 27.5, 0.001, 0.001)) })
    expect(second.status).toBe(409)
    expect(second.body.code).toBe('SCOPE_EXISTS')

    expect((await p.request('PUT', `/api/acquisition-scopes/${id}`, { json: scope(S) })).status).toBe(428)
    expect((await p.request('PUT', `/api/acquisition-scopes/${id}`, { json: scope(S), headers: { 'if-match': '"v9"' } })).status).toBe(412)
    const updated = await ok(p.request('PUT', `/api/acquisition-scopes/${id}`, { json: { ...scope(S), reason: '缩小范围' }, headers: { 'if-match': '"v1"' } }), 200)
    expect(updated.properties.version).toBe(2)
    expect(updated.geometry.type).toBe('MultiPolygon')

    const list = await ok(p.request('GET', `/api/acquisition-scopes?project=${w.projectId}`), 200)
    expect(list.features.map((f: any) => f.id)).toEqual([id])
    const history = await ok(p.request('GET', `/api/acquisition-scopes/${id}/history`), 200)
    expect(history.items.map((h: any) => [h.version, h.operation, h.reason])).toEqual([[1, 'create', null], [2, 'update', '缩小范围']])

    expect((await p.request('DELETE', `/api/acquisition-scopes/${id}`, { headers: { 'if-match': '"v2"' } })).status).toBe(204)
    await ok(p.request('POST', '/api/acquisition-scopes', { json: scope(S) }))
  })

  it('lets planner and admin write, everyone read', async () => {
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      expect((await (await w.api.as(role)).request('POST', '/api/acquisition-scopes', { json: scope(S) })).status, role).toBe(403)
      expect((await (await w.api.as(role)).request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 5 } })).status, role).toBe(403)
    }
    const id = (await ok((await w.api.as('admin')).request('POST', '/api/acquisition-scopes', { json: scope(S) }))).id
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      expect((await (await w.api.as(role)).request('GET', `/api/acquisition-scopes/${id}`)).status, role).toBe(200)
    }
  })

  it('refuses invalid outlines with the codes of the parcel validity rule, and writes nothing', async () => {
    const p = await w.api.as('planner')
    const bowtie: [number, number][] = [[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]]
    const r1 = await p.request('POST', '/api/acquisition-scopes', { json: scope(bowtie) })
    expect(r1.status).toBe(422)
    expect(r1.body.code).toMatch(/SELF_INTERSECTION/)
    const r2 = await p.request('POST', '/api/acquisition-scopes', { json: scope(rect(100, 20, 0.01, 0.01)) })
    expect(r2.body.code).toBe('OUTSIDE_JURISDICTION')
    const r3 = await p.request('POST', '/api/acquisition-scopes', { json: { ...scope(S), geometry: { type: 'Point', coordinates: [110, 27.5] } } })
    expect(r3.body.code).toBe('GEOM_TYPE_NOT_ALLOWED')
    const r4 = await p.request('POST', '/api/acquisition-scopes', { json: scope(S, 424242) })
    expect(r4.body.code).toBe('UNKNOWN_PROJECT')
    const r5 = await p.request('POST', '/api/acquisition-scopes', { json: scope(S, w.projectId, { area_m2: '1' }) })
    expect(r5.body.errors[0]).toMatchObject({ path: 'properties.area_m2', code: 'READ_ONLY_FIELD' })
    const [n] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM acquisition_scopes')
    expect(n!.n).toBe(0)
  })
})

describe('a scope proposed from the parcels', () => {
  it('contains every parcel, grows each side by the buffer and stores nothing', async () => {
    const p = await w.api.as('planner')
    const a = rect(110, 27.5, 0.001, 0.001)
    const b = rect(110.003, 27.5, 0.001, 0.0008)
    for (const [ring, code] of [[a, 'A'], [b, 'B']] as const) {
      await ok(p.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), w.projectId, { code }) }))
    }
    const proposal = await ok(p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 10, reason: '起草' } }), 200)
    expect(proposal).toMatchObject({ type: 'Feature', properties: { project_id: w.projectId, buffer_m: 10, parcels: 2, issues: [] } })

    // Two rectangles 0.002° (≈ 198 m) apart, each grown by 10 m on every side (mitred corners): (W + 20)(H + 20).
    const grown = (ring: [number, number][]) =>
      (distance(ring[0]!, ring[1]!) + 20) * (distance(ring[1]!, ring[2]!) + 20)
    const expected = grown(a) + grown(b)
    expect(Math.abs(Number(proposal.properties.area_m2) - expected) / expected).toBeLessThan(0.02)

    const [covers] = await w.db.query<{ all: boolean }>(
      'SELECT bool_and(ST_Covers(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4490), p.geom)) AS all FROM parcels p WHERE p.project_id = $2::int',
      [JSON.stringify(proposal.geometry), w.projectId])
    expect(covers!.all).toBe(true)
    const [n] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM acquisition_scopes')
    expect(n!.n).toBe(0)

    // With no buffer the proposal is the parcels themselves, and it can be saved as the scope.
    const tight = await ok(p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 0 } }), 200)
    const parcelsM2 = distance(a[0]!, a[1]!) * distance(a[1]!, a[2]!) + distance(b[0]!, b[1]!) * distance(b[1]!, b[2]!)
    expect(Math.abs(Number(tight.properties.area_m2) - parcelsM2) / parcelsM2).toBeLessThan(0.002)
    await ok(p.request('POST', '/api/acquisition-scopes', { json: { type: 'Feature', geometry: tight.geometry, properties: { project_id: w.projectId } } }))
  })

  it('refuses a buffer out of range, a project without parcels and an unknown project', async () => {
    const p = await w.api.as('planner')
    for (const buffer_m of [-1, 100.5, '5']) {
      const r = await p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m } })
      expect(r.status, String(buffer_m)).toBe(422)
    }
    const r = await p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 101 } })
    expect(r.body.code).toBe('SCOPE_BUFFER_OUT_OF_RANGE')
    const empty = await p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 5 } })
    expect(empty.status).toBe(422)
    expect(empty.body.code).toBe('SCOPE_NO_PARCELS')
    expect((await p.request('POST', '/api/projects/424242/acquisition-scope/from-parcels', { json: { buffer_m: 5 } })).status).toBe(404)
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '别的项目', 'Other', '鹤城区', null])
    await ok(p.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), other!.id) }))
    expect((await p.request('POST', `/api/projects/${w.projectId}/acquisition-scope/from-parcels`, { json: { buffer_m: 5 } })).body.code).toBe('SCOPE_NO_PARCELS')
  })
})
