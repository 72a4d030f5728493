import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

const w = useWorld()

async function check(json: unknown, lang = 'zh-CN') {
  const planner = await w.api.as('planner')
  return planner.request('POST', '/api/parcels/check', { json, headers: { 'accept-language': lang } })
}

async function create(geometry: unknown, props: Record<string, unknown> = {}) {
  const planner = await w.api.as('planner')
  return planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, w.projectId, props) })
}

/** Operation-log rows too: a check must not even be logged as a write. */
async function allCounts() {
  const [row] = await w.db.query<{ log: number }>('SELECT count(*)::int AS log FROM operation_log')
  return { ...(await writeCounts(w.db)), log: row!.log }
}

describe('POST /api/parcels/check', () => {
  it('gives the areas of zd_area, no issues and no conflicts for a clean parcel, and writes nothing', async () => {
    await w.api.as('planner') // the login itself is logged
    const before = await allCounts()
    const r = await check({ geometry: polygon(S) })
    expect(r.status).toBe(200)
    expect(r.body.issues).toEqual([])
    expect(r.body.conflicts).toEqual([])
    expect(r.body.area.ellipsoidal_m2).toBeCloseTo(10949.466, 2)
    expect(r.body.area.ellipsoidal_mu).toBeCloseTo((r.body.area.ellipsoidal_m2 * 15) / 10000, 12)
    expect(r.body.area.planar_crs).toBe('EPSG:4525')
    const zoned = await check({ geometry: polygon(S), survey_zone: 36 })
    expect(zoned.body.area.planar_crs).toBe('EPSG:4524')
    expect(await allCounts()).toEqual(before)
  })

  it('lists a self-intersection with its code, a message in the caller\'s language and where it is', async () => {
    const bowtie = polygon([[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]])
    const zh = await check({ geometry: bowtie })
    expect(zh.status).toBe(200)
    expect(zh.body.issues).toHaveLength(1)
    const [issue] = zh.body.issues
    expect(issue.code).toBe('GEOM_SELF_INTERSECTION')
    expect(issue.message).toBe('图形自相交。')
    expect(issue.at[0]).toBeCloseTo(110.0005, 9)
    expect(issue.at[1]).toBeCloseTo(27.5005, 6)
    // An invalid shape cannot be intersected reliably, so no conflicts are claimed for it.
    expect(zh.body.conflicts).toEqual([])
    const en = await check({ geometry: bowtie }, 'en')
    expect(en.body.issues[0].message).toBe('The geometry intersects itself.')
  })

  it('lists the issues a save would refuse with: too small, outside the jurisdiction', async () => {
    const tiny = await check({ geometry: polygon(square(110, 27.5, 0.000005)) })
    expect(tiny.body.issues.map((i: any) => i.code)).toEqual(['GEOM_AREA_TOO_SMALL'])
    expect(tiny.body.issues[0].at).toHaveLength(2)
    const beijing = await check({ geometry: polygon(square(116.4, 39.9)) })
    expect(beijing.body.issues.map((i: any) => i.code)).toEqual(['OUTSIDE_JURISDICTION'])
    const saved = await create(polygon(square(116.4, 39.9)))
    expect([saved.status, saved.body.code]).toEqual([422, 'OUTSIDE_JURISDICTION'])
  })

  it('lists each overlap with the overlap itself as GeoJSON and its area in m² and mu', async () => {
    const first = await create(polygon(S))
    const r = await check({ geometry: polygon(square(110.0005, 27.5)) })
    expect(r.body.issues).toEqual([])
    expect(r.body.conflicts).toHaveLength(1)
    const c = r.body.conflicts[0]
    expect(c).toMatchObject({ id: first.body.id, code: 'T-001', project_id: w.projectId })
    expect(c.overlap_m2).toBeCloseTo(5474.73, 0)
    expect(c.overlap_mu).toBeCloseTo((c.overlap_m2 * 15) / 10000, 9)
    expect(c.geometry.type).toBe('MultiPolygon')
    const ring: number[][] = c.geometry.coordinates[0][0]
    const lons = ring.map((p) => p[0]!)
    const lats = ring.map((p) => p[1]!)
    expect([Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)])
      .toEqual([110.0005, 110.001, 27.5, 27.501])
    expect(c.geometry.crs).toBeUndefined()
    // RFC 7946 right-hand rule: the exterior ring runs counter-clockwise (positive shoelace sum).
    const shoelace = ring.slice(1).reduce((s, p, i) => s + (ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!), 0)
    expect(shoelace).toBeGreaterThan(0)
    // The overlap drawn is the overlap counted: its own area is the overlap's area.
    const area = await (await w.api.as('planner')).request('POST', '/api/area', { json: c.geometry })
    expect(area.body.ellipsoidal_m2).toBeCloseTo(c.overlap_m2, 3)
  })

  it('leaves out the parcel being edited (exclude_id), and ignores a neighbour that only shares an edge', async () => {
    const first = await create(polygon(S))
    const self = await check({ geometry: polygon(square(110.0001, 27.5)), exclude_id: first.body.id })
    expect(self.body.conflicts).toEqual([])
    const neighbour = await check({ geometry: polygon(square(110.001, 27.5)) })
    expect(neighbour.body.conflicts).toEqual([])
  })

  it('refuses malformed GeoJSON with 422 as POST /parcels does', async () => {
    const open = await check({ geometry: { type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.501]]] } })
    expect([open.status, open.body.code]).toEqual([422, 'GEOM_RING_NOT_CLOSED'])
    const saved = await create({ type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.501]]] })
    expect([saved.status, saved.body.code]).toEqual([422, 'GEOM_RING_NOT_CLOSED'])
    const line = await check({ geometry: { type: 'LineString', coordinates: [[110, 27.5], [110.001, 27.5]] } })
    expect([line.status, line.body.code]).toEqual([422, 'GEOM_TYPE_NOT_ALLOWED'])
    const missing = await check({})
    expect([missing.status, missing.body.code]).toEqual([422, 'GEOM_EMPTY'])
    const extra = await check({ geometry: polygon(S), project: 1 })
    expect([extra.status, extra.body.code]).toEqual([422, 'UNKNOWN_PROPERTY'])
    const zone = await check({ geometry: polygon(S), survey_zone: 99 })
    expect([zone.status, zone.body.errors[0].path]).toEqual([422, 'survey_zone'])
    const planner = await w.api.as('planner')
    const raw = await planner.request('POST', '/api/parcels/check', { raw: '{"geometry": NaN}' })
    expect([raw.status, raw.body.code]).toEqual([400, 'MALFORMED_JSON'])
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })

  it('is for planners and admins only', async () => {
    const a = await w.api.as('auditor')
    expect((await a.request('POST', '/api/parcels/check', { json: { geometry: polygon(S) } })).status).toBe(403)
    const admin = await w.api.as('admin')
    expect((await admin.request('POST', '/api/parcels/check', { json: { geometry: polygon(S) } })).status).toBe(200)
  })
})

describe('409 PARCEL_OVERLAP from POST and PUT /api/parcels', () => {
  it('carries each overlap as GeoJSON with its area in mu, as the check does', async () => {
    const first = await create(polygon(S))
    const r = await create(polygon(square(110.0005, 27.5)), { code: 'T-002' })
    expect([r.status, r.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
    const checked = await check({ geometry: polygon(square(110.0005, 27.5)) })
    expect(r.body.conflicts).toEqual(checked.body.conflicts)
    expect(r.body.conflicts[0].overlap_mu).toBeCloseTo(8.212, 3)

    const second = await create(polygon(square(110.002, 27.5)), { code: 'T-002' })
    const planner = await w.api.as('planner')
    const put = await planner.request('PUT', `/api/parcels/${second.body.id}`, {
      json: parcelFeature(polygon(square(110.0005, 27.5)), w.projectId, { code: 'T-002' }), headers: { 'if-match': '"v1"' },
    })
    expect([put.status, put.body.conflicts[0].id]).toEqual([409, first.body.id])
    expect(put.body.conflicts[0].geometry).toEqual(checked.body.conflicts[0].geometry)
  })
})
