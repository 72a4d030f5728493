import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { fiveMu, parcelFeature, polygon, square, twoAndAHalfMu } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

async function as(role: Role) {
  return w.api.as(role)
}

async function parcel(ring: [number, number][] = twoAndAHalfMu, props: Record<string, unknown> = {}) {
  const r = await (await as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), w.projectId, props) })
  expect(r.status).toBe(201)
  return r.body as { id: number; properties: { version: number } }
}

const landRates = (yuan = '45000.00') => ({ name: '怀化市征地补偿标准', basis: '怀政发〔2018〕7号', effective_from: '2024-01-01', rates: [{ item_type: 'land', key: '0101', rate_yuan: yuan }] })

async function postRateSet(body: unknown, role: Role = 'finance', project = w.projectId) {
  return (await as(role)).request('POST', `/api/projects/${project}/rate-sets`, { json: body })
}

async function items() {
  return w.db.query<{ id: number; item_type: string; source_key: string; quantity: string; amount_yuan: string; parcel_id: number | null; version: number; paid_on: string | null }>(
    "SELECT id, item_type, source_key, quantity::text, amount_yuan::text, parcel_id, version, paid_on::text FROM compensation_items ORDER BY id")
}

async function counts() {
  const [row] = await w.db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM rate_sets)::int AS rate_sets, (SELECT count(*) FROM rates)::int AS rates,
            (SELECT count(*) FROM compensation_items)::int AS items, (SELECT count(*) FROM record_history)::int AS history,
            (SELECT count(*) FROM parcel_history)::int AS parcel_history, (SELECT coalesce(sum(version), 0) FROM parcels)::int AS parcel_versions`)
  return row!
}

const brief = (changes: { change: string; item_type: string; source_key: string; old_amount_yuan: string | null; new_amount_yuan: string | null }[]) =>
  changes.map((c) => `${c.change} ${c.item_type} ${c.source_key} ${c.old_amount_yuan ?? '-'} → ${c.new_amount_yuan ?? '-'}`)

describe('compensation item types', () => {
  it('lists the nine items with their names and units to every logged-in role', async () => {
    for (const role of ['planner', 'auditor', 'finance', 'legal', 'admin'] as const) {
      const r = await (await as(role)).request('GET', '/api/compensation-item-types')
      expect(r.status).toBe(200)
      expect(r.body.items.map((i: { code: string }) => i.code)).toEqual([
        'land', 'resettlement_subsidy', 'young_crops', 'attachments', 'house', 'relocation', 'transition', 'delayed_transition', 'grave_relocation',
      ])
    }
    const r = await (await as('legal')).request('GET', '/api/compensation-item-types')
    expect(r.body.items[0]).toEqual({ code: 'land', name_zh: '土地补偿费', name_en: 'Land compensation', unit: 'mu' })
    expect((await w.api.request('GET', '/api/compensation-item-types')).status).toBe(401)
  })
})

describe('rate sets', () => {
  it('adds versions, never changing an old one, and recomputes the project under the newest', async () => {
    const p = await parcel()
    const first = await postRateSet({ ...landRates(), note: '首版' })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      version_no: 1, name: '怀化市征地补偿标准', basis: '怀政发〔2018〕7号', effective_from: '2024-01-01', created_by: 'finance', note: '首版',
      current: true, rates: [{ item_type: 'land', key: '0101', rate_yuan: '45000.00' }], delta_yuan: '112500.00',
    })
    // 2.5000 mu × 45 000.00 = 112 500.00
    expect(brief(first.body.changes)).toEqual([`add land parcel:${p.id} - → 112500.00`])
    const second = await postRateSet({ name: '2025 标准', effective_from: '2025-01-01', rates: [{ item_type: 'land', rate_yuan: '46000' }, { item_type: 'young_crops', key: '01', rate_yuan: '0' }] })
    expect(second.status).toBe(201)
    // 2.5000 × 46 000.00 = 115 000.00 (key '*'); young crops at 0.00 per mu of 耕地: an item of 0.00.
    expect(brief(second.body.changes)).toEqual([
      `update land parcel:${p.id} 112500.00 → 115000.00`, `add young_crops parcel:${p.id} - → 0.00`,
    ])
    expect(second.body).toMatchObject({ version_no: 2, delta_yuan: '2500.00', rates: [{ item_type: 'land', key: '*', rate_yuan: '46000.00' }, { item_type: 'young_crops', key: '01', rate_yuan: '0.00' }] })
    const list = await (await as('legal')).request('GET', `/api/projects/${w.projectId}/rate-sets`)
    expect(list.status).toBe(200)
    expect(list.body.items.map((s: { version_no: number; current: boolean }) => [s.version_no, s.current])).toEqual([[2, true], [1, false]])
    expect(list.body.items[1].rates).toEqual([{ item_type: 'land', key: '0101', rate_yuan: '45000.00' }])
    const history = await (await as('auditor')).request('GET', `/api/compensation-items/${(await items())[0]!.id}/history`)
    if (history.status === 200) {
      expect(history.body.items.map((h: { version: number; reason: string }) => [h.version, h.reason])).toEqual([
        [1, 'rate set v1 (怀化市征地补偿标准): 首版'], [2, 'rate set v2 (2025 标准)'],
      ])
    }
  })

  it('lets only finance and admin write rate sets and recompute; everyone reads', async () => {
    for (const role of ['planner', 'auditor', 'legal'] as const) {
      expect((await postRateSet(landRates(), role)).status).toBe(403)
      expect((await (await as(role)).request('POST', `/api/projects/${w.projectId}/compensation/recompute`, { json: {} })).status).toBe(403)
      expect((await (await as(role)).request('GET', `/api/projects/${w.projectId}/rate-sets`)).status).toBe(200)
    }
    expect((await postRateSet(landRates(), 'admin')).status).toBe(201)
    expect((await postRateSet(landRates(), 'finance')).status).toBe(201)
    expect((await counts()).rate_sets).toBe(2)
    expect((await postRateSet(landRates(), 'finance', 999999)).status).toBe(404)
    expect((await (await as('finance')).request('GET', '/api/projects/999999/rate-sets')).status).toBe(404)
  })

  it.each([
    ['a JSON number', 45000, 'MONEY_NOT_A_STRING'],
    ['more than 2 decimals', '45000.005', 'MONEY_TOO_PRECISE'],
    ['a negative rate', '-1.00', 'MONEY_OUT_OF_RANGE'],
    ['an absurd rate', '1000000000.00', 'RATE_OUT_OF_RANGE'],
    ['a rate beyond 1e12', '99999999999999.00', 'MONEY_OUT_OF_RANGE'],
    ['an exponent', '4.5e4', 'MONEY_MALFORMED'],
  ])('refuses %s as rate_yuan with %s at its path, writing nothing', async (_what, rate, code) => {
    await parcel()
    const before = await counts()
    const r = await postRateSet({ ...landRates(), rates: [{ item_type: 'land', key: '0101', rate_yuan: rate }] })
    expect(r.status).toBe(422)
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(r.body.code).toBe(code)
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'rates[0].rate_yuan', code })])
    expect(r.body.messages['zh-CN']).toBeTruthy()
    expect(await counts()).toEqual(before)
  })

  it('refuses unknown item types, unknown land classes, keys the item cannot have, repeated rates and unknown fields', async () => {
    const before = await counts()
    const bad = async (rates: unknown[], extra: Record<string, unknown> = {}) => {
      const r = await postRateSet({ ...landRates(), rates, ...extra })
      expect(r.status).toBe(422)
      return r.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)
    }
    expect(await bad([{ item_type: 'bribe', rate_yuan: '1.00' }])).toEqual(['rates[0].item_type UNKNOWN_ITEM_TYPE'])
    expect(await bad([{ item_type: 'land', key: '0199', rate_yuan: '1.00' }])).toEqual(['rates[0].key UNKNOWN_LAND_CLASS'])
    expect(await bad([{ item_type: 'house', key: 'castle', rate_yuan: '1.00' }])).toEqual(['rates[0].key RATE_KEY_INVALID'])
    expect(await bad([{ item_type: 'relocation', key: 'frame', rate_yuan: '1.00' }])).toEqual(['rates[0].key RATE_KEY_INVALID'])
    expect(await bad([{ item_type: 'house', key: 'frame', rate_yuan: '1.00' }, { item_type: 'house', key: 'frame', rate_yuan: '2.00' }])).toEqual(['rates[1] RATE_REPEATED'])
    expect(await bad([{ item_type: 'land', rate_yuan: '1.00' }, { item_type: 'land', key: '*', rate_yuan: '2.00' }])).toEqual(['rates[1] RATE_REPEATED'])
    expect(await bad([{ item_type: 'land', rate_yuan: '1.00', per: 'mu' }], { version_no: 7 })).toEqual(['version_no UNKNOWN_PROPERTY', 'rates[0].per UNKNOWN_PROPERTY'])
    expect(await bad([])).toEqual(['rates FIELD_REQUIRED'])
    expect(await bad([{ item_type: 'land', rate_yuan: '1.00' }], { effective_from: '2024-02-30' })).toEqual(['effective_from FIELD_INVALID'])
    expect(await bad([{ item_type: 'land', rate_yuan: '1.00' }], { name: '' })).toEqual(['name FIELD_REQUIRED'])
    expect(await counts()).toEqual(before)
  })

  it('refuses a rate that would make an amount of 1e12 yuan or more, writing nothing', async () => {
    // 0.01° square: about 1 090 000 m², 1 636 mu; × 999 999 999.99 > 1e12.
    await parcel(square(110, 27.5, 0.01))
    const before = await counts()
    const r = await postRateSet({ ...landRates(), rates: [{ item_type: 'land', rate_yuan: '999999999.99' }] })
    expect(r.status).toBe(422)
    expect(r.body.code).toBe('COMPENSATION_TOO_LARGE')
    expect(await counts()).toEqual(before)
  })
})

describe('recompute', () => {
  it('previews with dry_run without writing, then applies the same changes once', async () => {
    const p = await parcel()
    await postRateSet(landRates())
    // A write that went around the hooks: the stored land item no longer matches the parcel.
    await w.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'fixer', true)")
      await tx.query(`UPDATE parcels SET geom = zd_geometry_from_geojson($2), version = version + 1, updated_by = 'fixer' WHERE id = $1`,
        [p.id, JSON.stringify(polygon(fiveMu))])
    })
    const before = await counts()
    const finance = await as('finance')
    const dry = await finance.request('POST', `/api/projects/${w.projectId}/compensation/recompute`, { json: { dry_run: true } })
    expect(dry.status).toBe(200)
    // 5.0000 mu × 45 000.00 = 225 000.00, was 2.5000 mu: 112 500.00.
    expect(dry.body).toMatchObject({ dry_run: true, delta_yuan: '112500.00', total_before_yuan: '112500.00', total_after_yuan: '225000.00' })
    expect(brief(dry.body.changes)).toEqual([`update land parcel:${p.id} 112500.00 → 225000.00`])
    expect(dry.body.changes[0]).toMatchObject({ old_quantity: '2.5000', new_quantity: '5.0000', new_rate_yuan: '45000.00' })
    expect(await counts()).toEqual(before)
    const real = await finance.request('POST', `/api/projects/${w.projectId}/compensation/recompute`)
    expect(real.status).toBe(200)
    expect(real.body).toMatchObject({ dry_run: false, delta_yuan: '112500.00', total_before_yuan: '112500.00', total_after_yuan: '225000.00' })
    expect((await items())[0]).toMatchObject({ quantity: '5.0000', amount_yuan: '225000.00', version: 2 })
    const again = await finance.request('POST', `/api/projects/${w.projectId}/compensation/recompute`, { json: {} })
    expect(again.body).toMatchObject({ changes: [], delta_yuan: '0.00', total_before_yuan: '225000.00', total_after_yuan: '225000.00' })
    const bad = await finance.request('POST', `/api/projects/${w.projectId}/compensation/recompute`, { json: { dry_run: 'yes' } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0]).toMatchObject({ path: 'dry_run', code: 'FIELD_INVALID' })
  })
})

describe('parcel writes recompute in their own transaction', () => {
  it('changes the land items when a parcel is edited, with the edit\'s reason in their history', async () => {
    const p = await parcel()
    await postRateSet(landRates())
    const planner = await as('planner')
    const r = await planner.request('PUT', `/api/parcels/${p.id}`, {
      json: { ...parcelFeature(polygon(fiveMu), w.projectId), reason: '复测' }, headers: { 'if-match': '"v1"' },
    })
    expect(r.status).toBe(200)
    expect((await items())[0]).toMatchObject({ quantity: '5.0000', amount_yuan: '225000.00', version: 2 })
    const [h] = await w.db.query<{ reason: string; changed_by: string }>(
      "SELECT reason, changed_by FROM record_history WHERE record_type = 'compensation_item' AND version = 2")
    expect(h).toEqual({ reason: 'rate set v1 (怀化市征地补偿标准): 复测', changed_by: 'planner' })
    // A land class without a rate: the item goes (0103 has no rate; only 0101 does).
    const again = await planner.request('PUT', `/api/parcels/${p.id}`, {
      json: parcelFeature(polygon(fiveMu), w.projectId, { land_class: '0103' }), headers: { 'if-match': '"v2"' },
    })
    expect(again.status).toBe(200)
    expect(await items()).toEqual([])
  })

  it('leaves the items alone when the edit is refused', async () => {
    const p = await parcel()
    await parcel(square(110.0005, 27.5, 0.001), { code: 'T-002' })
    await postRateSet({ ...landRates(), rates: [{ item_type: 'land', rate_yuan: '45000.00' }] })
    const before = await items()
    const r = await (await as('planner')).request('PUT', `/api/parcels/${p.id}`, {
      json: parcelFeature(polygon(square(110, 27.5, 0.002)), w.projectId), headers: { 'if-match': '"v1"' },
    })
    expect(r.status).toBe(409)
    expect(await items()).toEqual(before)
  })

  it('moves land items to the children of a split and removes the parent\'s', async () => {
    const p = await parcel(fiveMu)
    await postRateSet(landRates())
    const r = await (await as('planner')).request('POST', `/api/parcels/${p.id}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4999], [110.0004, 27.5005]] } }, headers: { 'if-match': '"v1"' },
    })
    expect(r.status).toBe(201)
    const children = r.body.children.features.map((f: { id: number }) => f.id) as number[]
    const rows = await items()
    expect(rows.map((i) => i.source_key).sort()).toEqual(children.map((c) => `parcel:${c}`).sort())
    // Each half is 0.0004° wide: 2.5000 mu × 45 000.00 = 112 500.00 each (up to the last ten-thousandth of a mu).
    for (const i of rows) expect(i.quantity).toMatch(/^2\.(4999|5000|5001)$/)
  })

  it('gives a merged parcel one land item for the whole, and a restored version its old item back', async () => {
    const west = await parcel(twoAndAHalfMu)
    // West's neighbour to the east, the same rectangle shifted by its width.
    const east = await parcel(twoAndAHalfMu.map(([x, y]) => [x + 0.0004, y] as [number, number]), { code: 'T-002' })
    await postRateSet(landRates())
    expect((await items()).map((i) => i.source_key)).toEqual([`parcel:${west.id}`, `parcel:${east.id}`])
    const planner = await as('planner')
    const merged = await planner.request('POST', '/api/parcels/merge', { json: { parcels: [{ id: west.id, version: 1 }, { id: east.id, version: 1 }] } })
    expect(merged.status).toBe(201)
    // One item: round(mu of the whole, 4) × 45 000.00, the halves' items gone (tombstones in the history).
    const rows = await items()
    expect(rows.map((i) => [i.source_key, i.parcel_id])).toEqual([[`parcel:${merged.body.id}`, merged.body.id]])
    expect(rows[0]!.quantity).toMatch(/^(4\.9999|5\.0000|5\.0001)$/)
    const [tombs] = await w.db.query<{ n: number }>("SELECT count(*)::int AS n FROM record_history WHERE record_type = 'compensation_item' AND operation = 'delete'")
    expect(tombs!.n).toBe(2)

    const p = await parcel(square(110.01, 27.5), { code: 'T-003' })
    const landOf = async () => (await items()).find((i) => i.source_key === `parcel:${p.id}`)!
    const v1Amount = (await landOf()).amount_yuan
    expect((await planner.request('PUT', `/api/parcels/${p.id}`, {
      json: parcelFeature(polygon(square(110.01, 27.5, 0.0005)), w.projectId, { code: 'T-003' }), headers: { 'if-match': '"v1"' },
    })).status).toBe(200)
    expect((await landOf()).amount_yuan).not.toBe(v1Amount)
    const restored = await planner.request('POST', `/api/parcels/${p.id}/restore`, { json: { version: 1 }, headers: { 'if-match': '"v2"' } })
    expect(restored.status).toBe(200)
    expect(await landOf()).toMatchObject({ amount_yuan: v1Amount, version: 3 })
  })

  it('adds the land items of an import commit in its transaction', async () => {
    await postRateSet(landRates())
    const r = await (await as('planner')).request('POST', '/api/imports/commit', {
      json: {
        project_id: w.projectId, source: { format: 'geojson', filename: 'parcels.geojson' },
        features: [{ geometry: polygon(twoAndAHalfMu), properties: { code: 'I-1', land_class: '0101', owner: '炉天冲村三组' } }],
      },
    })
    expect(r.status).toBe(201)
    // 2.5000 mu × 45 000.00 = 112 500.00
    expect((await items()).map((i) => [i.source_key, i.amount_yuan])).toEqual([[`parcel:${r.body.parcel_ids[0]}`, '112500.00']])
  })

  it('deletes a parcel with its unpaid computed items, and refuses when one is paid', async () => {
    const a = await parcel()
    const b = await parcel(square(110.002, 27.5), { code: 'T-002' })
    await postRateSet({ ...landRates(), rates: [{ item_type: 'land', rate_yuan: '45000.00' }] })
    const planner = await as('planner')
    expect((await planner.request('DELETE', `/api/parcels/${a.id}`, { headers: { 'if-match': '"v1"' } })).status).toBe(204)
    expect((await items()).map((i) => i.source_key)).toEqual([`parcel:${b.id}`])
    await w.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'finance', true)")
      await tx.query("UPDATE compensation_items SET paid_on = '2025-01-10', version = version + 1")
    })
    const refused = await planner.request('DELETE', `/api/parcels/${b.id}`, { headers: { 'if-match': '"v1"' } })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('PARCEL_HAS_RECORDS')
    expect((await w.db.query('SELECT id FROM parcels WHERE id = $1', [b.id])).length).toBe(1)
  })
})

describe('the live check previews the compensation change', () => {
  it('answers what saving the candidate geometry would change, and writes nothing', async () => {
    const p = await parcel()
    await postRateSet(landRates())
    const before = await counts()
    const r = await (await as('planner')).request('POST', '/api/parcels/check', { json: { geometry: polygon(fiveMu), exclude_id: p.id } })
    expect(r.status).toBe(200)
    expect(r.body.compensation).toMatchObject({ delta_yuan: '112500.00' })
    expect(brief(r.body.compensation.changes)).toEqual([`update land parcel:${p.id} 112500.00 → 225000.00`])
    expect(await counts()).toEqual(before)
    expect((await items())[0]).toMatchObject({ quantity: '2.5000', version: 1 })
    // No parcel named, or an invalid geometry: no preview.
    const plain = await (await as('planner')).request('POST', '/api/parcels/check', { json: { geometry: polygon(fiveMu) } })
    expect(plain.body.compensation).toBeUndefined()
    const bowtie = polygon([[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]])
    const invalidOne = await (await as('planner')).request('POST', '/api/parcels/check', { json: { geometry: bowtie, exclude_id: p.id } })
    expect(invalidOne.status).toBe(200)
    expect(invalidOne.body.compensation).toBeUndefined()
    expect(await counts()).toEqual(before)
  })
})
