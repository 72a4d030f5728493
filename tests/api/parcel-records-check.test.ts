import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// A parcel's new geometry (PUT, restore, and the preview POST /api/parcels/check) must keep its buildings (more
// than 0.5 m² outside: BUILDING_OUTSIDE_PARCEL) and graves (GRAVE_OUTSIDE_PARCEL) inside it, as their own writes do.

const w = useWorld()

type Ring = [number, number][]

/** S with its west edge moved east to `west` (the building at 110.0002…110.0003 then sticks out to the west). */
const cutWest = (west: number): Ring => [[west, 27.5], [110.001, 27.5], [110.001, 27.501], [west, 27.501], [west, 27.5]]

async function planner() {
  return w.api.as('planner')
}

async function parcel(ring: Ring = S, code = 'T-001') {
  const r = await (await planner()).request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), w.projectId, { code }) })
  if (r.status !== 201) throw new Error(`parcel: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function building(parcelId: number, code: string, ring: Ring) {
  const r = await (await planner()).request('POST', '/api/buildings', {
    json: {
      type: 'Feature', geometry: polygon(ring),
      properties: { project_id: w.projectId, parcel_id: parcelId, code, structure: 'brick_concrete', floors: 2, floor_area_m2: '218.50', legal_status: 'licensed' },
    },
  })
  if (r.status !== 201) throw new Error(`building: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function grave(code: string, at: [number, number]) {
  const r = await (await planner()).request('POST', '/api/graves', {
    json: { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { project_id: w.projectId, code, coffins: 2 } },
  })
  if (r.status !== 201) throw new Error(`grave: ${r.status} ${r.text}`)
  return r.body
}

async function put(id: number, ring: Ring, version = 1, lang = 'zh-CN') {
  return (await planner()).request('PUT', `/api/parcels/${id}`, {
    json: parcelFeature(polygon(ring), w.projectId), headers: { 'if-match': `"v${version}"`, 'accept-language': lang },
  })
}

async function check(id: number, ring: Ring, lang = 'zh-CN') {
  return (await planner()).request('POST', '/api/parcels/check', {
    json: { geometry: polygon(ring), exclude_id: id }, headers: { 'accept-language': lang },
  })
}

/** Ellipsoidal m² of a lon/lat rectangle, 2 decimals, by PostGIS directly (the expected outside area). */
async function rectangleM2(west: number, south: number, east: number, north: number) {
  const [row] = await w.db.query<{ m2: number }>(
    'SELECT round(ST_Area(ST_MakeEnvelope($1, $2, $3, $4, 4490)::geography)::numeric, 2)::float8 AS m2', [west, south, east, north])
  return row!.m2
}

/** What a refused save must leave alone: parcels and their history, the records and their history, the items. */
async function snapshot(id: number) {
  const [row] = await w.db.query<Record<string, unknown>>(
    `SELECT p.version, ST_AsText(p.geom) AS geom, (SELECT count(*) FROM record_history)::int AS record_history,
            (SELECT count(*) FROM compensation_items)::int AS items,
            (SELECT coalesce(sum(amount_yuan), 0)::text FROM compensation_items) AS amount
     FROM parcels p WHERE p.id = $1`, [id])
  return { ...row, ...(await writeCounts(w.db)) }
}

describe('a parcel save keeps its buildings and graves inside it', () => {
  it('refuses a PUT that leaves a building 54 m² outside, naming the building and the area, and changes nothing', async () => {
    const p = await parcel()
    const b = await building(p, 'F-007', square(110.0002, 27.5002, 0.0001))
    const before = await snapshot(p)
    const r = await put(p, cutWest(110.00025))
    const expected = await rectangleM2(110.0002, 27.5002, 110.00025, 27.5003)
    expect(expected).toBeGreaterThan(50)
    expect([r.status, r.body.code]).toEqual([422, 'BUILDING_OUTSIDE_PARCEL'])
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(r.body.records_outside).toEqual([{ kind: 'building', id: b, code: 'F-007', outside_m2: expected }])
    expect(r.body.errors).toEqual([{ path: 'geometry', code: 'BUILDING_OUTSIDE_PARCEL', message: expect.stringContaining('F-007') }])
    expect(r.body.messages['zh-CN']).toBe(`房屋 F-007 占地有 ${expected} 平方米在所属地块之外（允许 0.5 平方米）。`)
    expect(r.body.messages.en).toBe(`${expected} m² of the building footprint of F-007 lie outside its parcel (0.5 m² is tolerated).`)
    expect(await snapshot(p)).toEqual(before)
  })

  it('tolerates 0.5 m² outside, as a building write does, and refuses 0.66 m²', async () => {
    const p = await parcel()
    await building(p, 'F-001', square(110.0002, 27.5002, 0.0001))
    // 0.0000006° of longitude × 0.0001° of latitude ≈ 0.0592 m × 11.09 m ≈ 0.66 m²; 0.0000004° ≈ 0.44 m².
    const refused = await put(p, cutWest(110.0002006))
    expect([refused.status, refused.body.code]).toEqual([422, 'BUILDING_OUTSIDE_PARCEL'])
    expect(refused.body.records_outside[0].outside_m2).toBe(await rectangleM2(110.0002, 27.5002, 110.0002006, 27.5003))
    const saved = await put(p, cutWest(110.0002004))
    expect(saved.status, saved.text).toBe(200)
    expect(saved.body.properties.version).toBe(2)
  })

  it('refuses a PUT that leaves a grave outside (GRAVE_OUTSIDE_PARCEL), and lists both kinds when both are left out', async () => {
    const p = await parcel()
    const g = await grave('M-003', [110.0009, 27.5009])
    expect(g.properties.parcel_id).toBe(p)
    const before = await snapshot(p)
    // S without its north-east corner, where the grave is.
    const noCorner: Ring = [[110, 27.5], [110.001, 27.5], [110.001, 27.5008], [110.0008, 27.5008], [110.0008, 27.501], [110, 27.501], [110, 27.5]]
    const r = await put(p, noCorner, 1, 'en')
    expect([r.status, r.body.code]).toEqual([422, 'GRAVE_OUTSIDE_PARCEL'])
    expect(r.body.records_outside).toEqual([{ kind: 'grave', id: g.id, code: 'M-003', outside_m2: null }])
    expect(r.body.title).toBe('Outside its parcel: grave M-003. Move the grave or tie it to another parcel first.')
    expect(await snapshot(p)).toEqual(before)

    const b = await building(p, 'F-002', square(110.0002, 27.5002, 0.0001))
    const both = await put(p, [[110.00025, 27.5], [110.001, 27.5], [110.001, 27.5008], [110.0008, 27.5008], [110.0008, 27.501], [110.00025, 27.501], [110.00025, 27.5]])
    expect([both.status, both.body.code]).toEqual([422, 'VALIDATION_FAILED'])
    expect(both.body.errors.map((e: { code: string }) => e.code)).toEqual(['BUILDING_OUTSIDE_PARCEL', 'GRAVE_OUTSIDE_PARCEL'])
    expect(both.body.records_outside.map((o: { kind: string; id: number }) => [o.kind, o.id])).toEqual([['building', b], ['grave', g.id]])
  })

  it('a grave on the new boundary still counts as inside; records of other parcels do not matter', async () => {
    const p = await parcel()
    const q = await parcel(square(110.002, 27.5), 'T-002')
    await grave('M-001', [110.0005, 27.5005])
    await building(q, 'F-009', square(110.0022, 27.5002, 0.0001))
    const r = await put(p, cutWest(110.0005))
    expect(r.status, r.text).toBe(200)
  })

  it('the check preview lists what a save would refuse, with the records, and then gives no compensation preview', async () => {
    const p = await parcel()
    const b = await building(p, 'F-007', square(110.0002, 27.5002, 0.0001))
    const g = await grave('M-004', [110.0001, 27.5001])
    const r = await check(p, cutWest(110.00025))
    expect(r.status, r.text).toBe(200)
    const expected = await rectangleM2(110.0002, 27.5002, 110.00025, 27.5003)
    expect(r.body.issues).toEqual([
      { code: 'BUILDING_OUTSIDE_PARCEL', message: `房屋 F-007 占地有 ${expected} 平方米在所属地块之外（允许 0.5 平方米）。`,
        records: [{ kind: 'building', id: b, code: 'F-007', outside_m2: expected }] },
      { code: 'GRAVE_OUTSIDE_PARCEL', message: '坟墓在所属地块之外：M-004。请先移动坟墓或改挂到其他地块。',
        records: [{ kind: 'grave', id: g.id, code: 'M-004', outside_m2: null }] },
    ])
    expect(r.body.compensation).toBeUndefined()
    // Several buildings: one issue naming each with its own area.
    await building(p, 'F-008', square(110.0002, 27.5005, 0.0001))
    const expected2 = await rectangleM2(110.0002, 27.5005, 110.00025, 27.5006)
    const en = await check(p, cutWest(110.00025), 'en')
    expect(en.body.issues[0].message).toBe(`${expected}, ${expected2} m² of the building footprint of F-007, F-008 lie outside its parcel (0.5 m² is tolerated).`)
    // A geometry that keeps them inside has no such issue, and the compensation preview comes back.
    const fine = await check(p, S)
    expect(fine.body.issues).toEqual([])
    expect(fine.body.compensation).toBeDefined()
  })

  it('refuses restoring a version that would leave a building added since outside it', async () => {
    const p = await parcel(cutWest(110.0004))
    expect((await put(p, S)).status).toBe(200)
    await building(p, 'F-010', square(110.0002, 27.5002, 0.0001))
    const before = await snapshot(p)
    const r = await (await planner()).request('POST', `/api/parcels/${p}/restore`, { json: { version: 1 }, headers: { 'if-match': '"v2"' } })
    expect([r.status, r.body.code]).toEqual([422, 'BUILDING_OUTSIDE_PARCEL'])
    expect(r.body.records_outside.map((o: { code: string }) => o.code)).toEqual(['F-010'])
    expect(await snapshot(p)).toEqual(before)
  })
})
