import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// A grave placed on a named parcel must lie in it (the grave form sends the parcel it was opened from); a parcel
// save re-checks the same rule (tests/api/parcel-records-check.test.ts).

const w = useWorld()

function grave(parcelId: number | null | undefined, at: [number, number], code = 'M-001') {
  const properties: Record<string, unknown> = { project_id: w.projectId, code, coffins: 2 }
  if (parcelId !== undefined) properties.parcel_id = parcelId
  return { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties }
}

async function setup() {
  const planner = await w.api.as('planner')
  const a = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'T-001' }) })
  const b = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.002, 27.5)), w.projectId, { code: 'T-002' }) })
  expect([a.status, b.status]).toEqual([201, 201])
  return { planner, a: a.body.id as number, b: b.body.id as number }
}

const graveCount = async () => (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM graves'))[0]!.n

describe('a grave on a named parcel', () => {
  it('refuses a point outside the named parcel with 422 GRAVE_OUTSIDE_PARCEL at geometry, and writes nothing', async () => {
    const { planner, a } = await setup()
    const r = await planner.request('POST', '/api/graves', { json: grave(a, [110.0025, 27.5005]) })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('GRAVE_OUTSIDE_PARCEL')
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'geometry', code: 'GRAVE_OUTSIDE_PARCEL', at: [110.0025, 27.5005] })])
    expect(r.body.messages.en).toBe('Outside its parcel: grave M-001. Move the grave or tie it to another parcel first.')
    expect(r.body.messages['zh-CN']).toBe('坟墓在所属地块之外：M-001。请先移动坟墓或改挂到其他地块。')
    expect(await graveCount()).toBe(0)
  })

  it('takes a point inside or on the boundary of the named parcel', async () => {
    const { planner, a } = await setup()
    const inside = await planner.request('POST', '/api/graves', { json: grave(a, [110.0005, 27.5005]) })
    expect([inside.status, inside.body.properties.parcel_id]).toEqual([201, a])
    const edge = await planner.request('POST', '/api/graves', { json: grave(a, [110.001, 27.5005], 'M-002') })
    expect([edge.status, edge.body.properties.parcel_id]).toEqual([201, a])
  })

  it('refuses a move (PUT) out of the named parcel and keeps the stored version', async () => {
    const { planner, a, b } = await setup()
    const created = await planner.request('POST', '/api/graves', { json: grave(a, [110.0005, 27.5005]) })
    const id = created.body.id
    const moved = await planner.request('PUT', `/api/graves/${id}`, { json: grave(a, [110.0025, 27.5005]), headers: { 'if-match': '"v1"' } })
    expect([moved.status, moved.body.code]).toEqual([422, 'GRAVE_OUTSIDE_PARCEL'])
    const stored = await planner.request('GET', `/api/graves/${id}`)
    expect([stored.body.properties.version, stored.body.geometry.coordinates]).toEqual([1, [110.0005, 27.5005]])
    // Moved together with its parcel: fine.
    const retied = await planner.request('PUT', `/api/graves/${id}`, { json: grave(b, [110.0025, 27.5005]), headers: { 'if-match': '"v1"' } })
    expect([retied.status, retied.body.properties.parcel_id]).toEqual([200, b])
  })

  it('still places a grave without parcel_id on the parcel containing it, and keeps parcel_id null as none', async () => {
    const { planner, b } = await setup()
    const found = await planner.request('POST', '/api/graves', { json: grave(undefined, [110.0025, 27.5005]) })
    expect([found.status, found.body.properties.parcel_id]).toEqual([201, b])
    const none = await planner.request('POST', '/api/graves', { json: grave(null, [110.0025, 27.5005], 'M-002') })
    expect([none.status, none.body.properties.parcel_id]).toEqual([201, null])
  })
})
