import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

async function planner() {
  return w.api.as('planner')
}

async function ok(r: Promise<{ status: number; text: string; body: any }>, status = 201) {
  const reply = await r
  if (reply.status !== status) throw new Error(`${reply.status} ${reply.text}`)
  return reply.body
}

/**
 * S with its records: a household tied to it, a building in the west 40 % (most of it west of 110.0004°E), a
 * grave in the east, an attachment and a manual compensation item on the parcel.
 */
async function parcelWithRecords() {
  const p = await planner()
  const parcel = await ok(p.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) }))
  const household = await ok(p.request('POST', '/api/households', { json: { project_id: w.projectId, name: '张美玉', parcel_ids: [parcel.id] } }))
  const building = await ok(p.request('POST', '/api/buildings', {
    json: { type: 'Feature', geometry: polygon(square(110.00032, 27.5002, 0.0001)), properties: { project_id: w.projectId, parcel_id: parcel.id, household_id: household.id, code: 'F-1', structure: 'brick_wood', floors: 1, floor_area_m2: '98.00', legal_status: 'licensed' } },
  }))
  const grave = await ok(p.request('POST', '/api/graves', {
    json: { type: 'Feature', geometry: { type: 'Point', coordinates: [110.0008, 27.5005] }, properties: { project_id: w.projectId, household_id: household.id, code: 'M-1', coffins: 1 } },
  }))
  const attachment = await ok(p.request('POST', '/api/attachments', { json: { project_id: w.projectId, parcel_id: parcel.id, kind: 'well', name: '水井', quantity: '1', unit: 'unit' } }))
  const item = await ok((await w.api.as('finance')).request('POST', '/api/compensation-items', {
    json: { project_id: w.projectId, item_type: 'attachments', parcel_id: parcel.id, quantity: '1', unit: 'unit', amount_yuan: '800' },
  }))
  expect(grave.properties.parcel_id).toBe(parcel.id)
  return { parcel, household, building, grave, attachment, item }
}

async function history(path: string) {
  return (await (await w.api.as('auditor')).request('GET', `${path}/history`)).body.items as any[]
}

describe('split and merge carry the records of a parcel to the parcels that replace it', () => {
  it('split: links to every piece, the building and grave to the piece holding them, the rest to the largest, each with a history row', async () => {
    const r = await parcelWithRecords()
    const p = await planner()
    const split = await ok(p.request('POST', `/api/parcels/${r.parcel.id}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] }, reason: '道路分割' }, headers: { 'if-match': '"v1"' },
    }))
    // Largest first: the east piece (60 %), then the west one.
    const [east, west] = split.children.features.map((f: any) => f.id as number)

    const hh = (await p.request('GET', `/api/households/${r.household.id}`)).body
    expect(hh.parcel_ids).toEqual([east, west].sort((a, b) => a - b))
    expect((await p.request('GET', `/api/buildings/${r.building.id}`)).body.properties.parcel_id).toBe(west)
    expect((await p.request('GET', `/api/graves/${r.grave.id}`)).body.properties.parcel_id).toBe(east)
    expect((await p.request('GET', `/api/attachments/${r.attachment.id}`)).body.parcel_id).toBe(east)
    expect((await p.request('GET', `/api/compensation-items/${r.item.id}`)).body.parcel_id).toBe(east)

    const reason = '地块分割 T-001 → T-001-1、T-001-2：道路分割'
    for (const path of [`/api/buildings/${r.building.id}`, `/api/graves/${r.grave.id}`, `/api/attachments/${r.attachment.id}`, `/api/compensation-items/${r.item.id}`]) {
      const last = (await history(path)).at(-1)
      expect([last.operation, last.changed_by, last.reason], path).toEqual(['update', 'planner', reason])
    }
    const hhHistory = await history(`/api/households/${r.household.id}`)
    expect(hhHistory.at(-1)).toMatchObject({ version: 2, operation: 'update', reason, parcel_ids: [east, west].sort((a, b) => a - b) })

    // The records view of each piece.
    const westRecords = (await p.request('GET', `/api/parcels/${west}/records`)).body
    expect(westRecords.buildings.map((f: any) => f.id)).toEqual([r.building.id])
    expect(westRecords.graves).toEqual([])
    const eastRecords = (await p.request('GET', `/api/parcels/${east}/records`)).body
    expect(eastRecords.graves.map((f: any) => f.id)).toEqual([r.grave.id])
    expect(eastRecords.attachments.map((a: any) => a.id)).toEqual([r.attachment.id])

    // Merge the pieces back: everything goes to the merged parcel.
    const merged = await ok(p.request('POST', '/api/parcels/merge', {
      json: { parcels: [{ id: east, version: 1 }, { id: west, version: 1 }], code: 'T-009', reason: '恢复整宗' },
    }))
    const m = merged.id as number
    expect((await p.request('GET', `/api/households/${r.household.id}`)).body.parcel_ids).toEqual([m])
    expect((await p.request('GET', `/api/buildings/${r.building.id}`)).body.properties.parcel_id).toBe(m)
    expect((await p.request('GET', `/api/graves/${r.grave.id}`)).body.properties.parcel_id).toBe(m)
    expect((await p.request('GET', `/api/attachments/${r.attachment.id}`)).body.parcel_id).toBe(m)
    expect((await p.request('GET', `/api/compensation-items/${r.item.id}`)).body.parcel_id).toBe(m)
    const last = (await history(`/api/buildings/${r.building.id}`)).at(-1)
    expect(last.reason).toBe('地块合并 T-001-1、T-001-2 → T-009：恢复整宗')
    expect(last.data.parcel_id).toBe(m)
    const [left] = await w.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM household_parcels WHERE parcel_id <> $1) + (SELECT count(*) FROM buildings WHERE parcel_id <> $1)
            + (SELECT count(*) FROM graves WHERE parcel_id <> $1) + (SELECT count(*) FROM attachments WHERE parcel_id <> $1) AS n`, [m])
    expect(Number(left!.n)).toBe(0)
  })

  it('computed items follow their source record; the land items are recomputed for the pieces', async () => {
    const finance = await w.api.as('finance')
    await ok(finance.request('POST', `/api/projects/${w.projectId}/rate-sets`, {
      json: { name: '2019 标准', effective_from: '2019-01-01', rates: [{ item_type: 'house', rate_yuan: '1000.00' }, { item_type: 'land', rate_yuan: '30000.00' }] },
    }))
    const r = await parcelWithRecords()
    const items = async () => (await finance.request('GET', `/api/compensation-items?project=${w.projectId}`)).body.items as any[]
    const before = await items()
    expect(before.filter((i) => i.origin === 'computed').map((i) => [i.source_key, i.parcel_id]).sort()).toEqual([
      [`building:${r.building.id}`, r.parcel.id], [`parcel:${r.parcel.id}`, r.parcel.id],
    ])
    const p = await planner()
    const split = await ok(p.request('POST', `/api/parcels/${r.parcel.id}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] } }, headers: { 'if-match': '"v1"' },
    }))
    const [east, west] = split.children.features.map((f: any) => f.id as number)
    const after = await items()
    expect(after.filter((i) => i.origin === 'computed').map((i) => [i.source_key, i.parcel_id]).sort()).toEqual([
      [`building:${r.building.id}`, west], [`parcel:${east}`, east], [`parcel:${west}`, west],
    ].sort())
    expect(after.find((i) => i.id === r.item.id).parcel_id).toBe(east)
  })

  it('a split that fails moves nothing; a plain delete of a parcel with records is refused', async () => {
    const r = await parcelWithRecords()
    const p = await planner()
    const bad = await p.request('POST', `/api/parcels/${r.parcel.id}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] }, codes: ['A', 'B', 'C'] }, headers: { 'if-match': '"v1"' },
    })
    expect([bad.status, bad.body.code]).toEqual([422, 'SPLIT_CODES_COUNT'])
    expect((await p.request('GET', `/api/buildings/${r.building.id}`)).body.properties).toMatchObject({ parcel_id: r.parcel.id, version: 1 })

    const del = await p.request('DELETE', `/api/parcels/${r.parcel.id}`, { headers: { 'if-match': '"v1"' } })
    expect(del.status).toBe(409)
    expect(['PARCEL_HAS_HOUSEHOLDS', 'PARCEL_HAS_RECORDS']).toContain(del.body.code)
    await ok(p.request('PUT', `/api/households/${r.household.id}`, { json: { project_id: w.projectId, name: '张美玉', parcel_ids: [] }, headers: { 'if-match': '"v1"' } }), 200)
    const del2 = await p.request('DELETE', `/api/parcels/${r.parcel.id}`, { headers: { 'if-match': '"v1"' } })
    expect([del2.status, del2.body.code]).toEqual([409, 'PARCEL_HAS_RECORDS'])
    expect((await p.request('GET', `/api/parcels/${r.parcel.id}`)).status).toBe(200)

    const delHousehold = await p.request('DELETE', `/api/households/${r.household.id}`, { headers: { 'if-match': '"v2"' } })
    expect([delHousehold.status, delHousehold.body.code]).toEqual([409, 'HOUSEHOLD_HAS_RECORDS'])
  })
})
