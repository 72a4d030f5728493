import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const projects = loadQueries('projects', ['insert'])

async function as(role: Role) {
  return w.api.as(role)
}

async function parcel(code = 'T-001', ring = S, projectId = w.projectId) {
  const r = await (await as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), projectId, { code }) })
  if (r.status !== 201) throw new Error(`parcel: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function household(parcelIds: number[], projectId = w.projectId, name = '张美玉') {
  const r = await (await as('planner')).request('POST', '/api/households', { json: { project_id: projectId, name, village_group: '板山村三组', parcel_ids: parcelIds } })
  if (r.status !== 201) throw new Error(`household: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function otherProject() {
  const [row] = await w.db.query<{ id: number }>(projects.insert, ['P2', '另一项目', 'Other project', '鹤城区', null])
  return row!.id
}

/** A building Feature inside S (about 10 m × 11 m at its south-west). */
function building(parcelId: number, props: Record<string, unknown> = {}, ring = square(110.0002, 27.5002, 0.0001)) {
  return {
    type: 'Feature',
    geometry: polygon(ring),
    properties: {
      project_id: w.projectId, parcel_id: parcelId, code: 'F-001', structure: 'brick_concrete', floors: 2,
      floor_area_m2: '218.50', legal_status: 'licensed', ...props,
    },
  }
}

function grave(props: Record<string, unknown> = {}, at: [number, number] = [110.0005, 27.5005]) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { project_id: w.projectId, code: 'M-001', coffins: 2, ...props } }
}

function attachment(parcelId: number, extra: Record<string, unknown> = {}) {
  return { project_id: w.projectId, parcel_id: parcelId, kind: 'tree', name: '柑橘', quantity: '12', unit: 'plant', ...extra }
}

/** Row counts of every record table and the history: a refused write leaves them all alone. */
async function counts() {
  const [row] = await w.db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM buildings)::int AS buildings, (SELECT count(*) FROM graves)::int AS graves,
            (SELECT count(*) FROM attachments)::int AS attachments, (SELECT count(*) FROM attachment_photos)::int AS photos,
            (SELECT count(*) FROM resettlements)::int AS resettlements, (SELECT count(*) FROM agreements)::int AS agreements,
            (SELECT count(*) FROM compensation_items)::int AS items, (SELECT count(*) FROM record_history)::int AS history`)
  return row!
}

async function expectRefused(role: Role, method: string, path: string, json: unknown, status: number, code: string, errorPath?: string) {
  const before = await counts()
  const r = await (await as(role)).request(method, path, { json, headers: method === 'PUT' ? { 'if-match': '"v1"' } : {} })
  expect([r.status, r.body?.code], `${method} ${path} ${JSON.stringify(json).slice(0, 200)}`).toEqual([status, code])
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  if (errorPath) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(errorPath)
  expect(await counts()).toEqual(before)
  return r
}

// The smallest valid images of each type (magic bytes then a little body).
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 9, 9])
const webp = new Uint8Array([...new TextEncoder().encode('RIFF'), 20, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8 '), 1, 2, 3, 4])

describe('record flow: create, read, replace with If-Match, delete, history', () => {
  it('buildings: a Feature with exact floor area and ellipsoidal footprint area, versioned, with a tombstone in the history', async () => {
    const p = await parcel()
    const h = await household([p])
    const planner = await as('planner')
    const created = await planner.request('POST', '/api/buildings', { json: building(p, { household_id: h, use: 'commercial', demolished_on: '2019-07-01', notes: '临街' }) })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"v1"')
    expect(created.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    expect(created.body).toMatchObject({ type: 'Feature', id: created.body.properties.id, geometry: { type: 'MultiPolygon' } })
    expect(created.body.properties).toMatchObject({
      project_id: w.projectId, parcel_id: p, household_id: h, code: 'F-001', structure: 'brick_concrete', floors: 2,
      floor_area_m2: '218.50', use: 'commercial', legal_status: 'licensed', demolished_on: '2019-07-01', notes: '临街',
      version: 1, updated_by: 'planner',
    })
    // 0.0001° × 0.0001° at 27.5°N: about 9.88 m × 11.09 m on the ellipsoid.
    expect(created.body.properties.footprint_area_m2).toBeGreaterThan(108)
    expect(created.body.properties.footprint_area_m2).toBeLessThan(111)
    expect(created.body.properties).not.toHaveProperty('name')
    const id = created.body.id

    const body = building(p, { floors: 3, floor_area_m2: '300', structure: 'frame', reason: '复测' })
    const missing = await planner.request('PUT', `/api/buildings/${id}`, { json: body })
    expect([missing.status, missing.body.code]).toEqual([428, 'PRECONDITION_REQUIRED'])
    const ok = await planner.request('PUT', `/api/buildings/${id}`, { json: body, headers: { 'if-match': '"v1"' } })
    expect([ok.status, ok.headers.get('etag')]).toEqual([200, '"v2"'])
    // Whole record replaced: the household, use and notes not sent are gone.
    expect(ok.body.properties).toMatchObject({ floors: 3, floor_area_m2: '300.00', structure: 'frame', household_id: null, use: 'residential', notes: null, version: 2 })
    const stale = await planner.request('PUT', `/api/buildings/${id}`, { json: body, headers: { 'if-match': '"v1"' } })
    expect([stale.status, stale.body.code, stale.body.current_version]).toEqual([412, 'PRECONDITION_FAILED', 2])

    const auditor = await as('auditor')
    const got = await auditor.request('GET', `/api/buildings/${id}`)
    expect([got.status, got.headers.get('etag')]).toEqual([200, '"v2"'])
    const list = await auditor.request('GET', `/api/buildings?project=${w.projectId}&parcel=${p}`)
    expect(list.body).toMatchObject({ type: 'FeatureCollection', numberReturned: 1, truncated: false })
    expect((await auditor.request('GET', '/api/buildings?bbox=110.0001,27.5001,110.0004,27.5004')).body.numberReturned).toBe(1)
    expect((await auditor.request('GET', '/api/buildings?bbox=110.0006,27.5006,110.0009,27.5009')).body.numberReturned).toBe(0)
    expect((await auditor.request('GET', `/api/buildings?household=${h}`)).body.numberReturned).toBe(0)
    expect((await auditor.request('GET', '/api/buildings?bbox=1,2,3')).status).toBe(400)

    const noMatch = await planner.request('DELETE', `/api/buildings/${id}`)
    expect(noMatch.status).toBe(428)
    const del = await planner.request('DELETE', `/api/buildings/${id}`, { json: { reason: '已拆除' }, headers: { 'if-match': '"v2"' } })
    expect(del.status).toBe(204)
    expect((await auditor.request('GET', `/api/buildings/${id}`)).status).toBe(404)
    const history = await auditor.request('GET', `/api/buildings/${id}/history`)
    expect(history.body.items.map((i: any) => [i.version, i.operation, i.changed_by, i.reason])).toEqual([
      [1, 'create', 'planner', null], [2, 'update', 'planner', '复测'], [3, 'delete', 'planner', '已拆除'],
    ])
    expect(history.body.items[0].data).toMatchObject({ code: 'F-001', floors: 2, floor_area_m2: 218.5, footprint: { type: 'MultiPolygon' } })
    const ops = await w.db.query<{ action: string }>(`SELECT action FROM operation_log WHERE target = $1 ORDER BY id`, [`building:${id}`])
    expect(ops.map((o) => o.action)).toEqual(['building.create', 'building.update', 'building.delete'])
  })

  it('graves: a Point placed on the parcel that contains it unless one is named; none outside every parcel', async () => {
    const p = await parcel()
    const planner = await as('planner')
    const inside = await planner.request('POST', '/api/graves', { json: grave({ relocated_on: '2020-03-01' }) })
    expect(inside.status).toBe(201)
    expect(inside.body).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [110.0005, 27.5005] } })
    expect(inside.body.properties).toMatchObject({ parcel_id: p, household_id: null, code: 'M-001', coffins: 2, relocated_on: '2020-03-01', version: 1 })
    const outside = await planner.request('POST', '/api/graves', { json: grave({ code: 'M-002' }, [110.01, 27.51]) })
    expect([outside.status, outside.body.properties.parcel_id]).toEqual([201, null])

    const id = inside.body.id
    const moved = await planner.request('PUT', `/api/graves/${id}`, { json: grave({ coffins: 3, parcel_id: null }), headers: { 'if-match': '"v1"' } })
    expect([moved.status, moved.body.properties.parcel_id, moved.body.properties.coffins, moved.body.properties.relocated_on]).toEqual([200, null, 3, null])
    const list = await (await as('legal')).request('GET', `/api/graves?project=${w.projectId}`)
    expect(list.body.features.map((f: any) => f.properties.code)).toEqual(['M-001', 'M-002'])
    expect((await planner.request('DELETE', `/api/graves/${id}`, { headers: { 'if-match': '"v2"' } })).status).toBe(204)
    const history = await planner.request('GET', `/api/graves/${id}/history`)
    expect(history.body.items.map((i: any) => i.operation)).toEqual(['create', 'update', 'delete'])
  })

  it('F12: attachments: exact quantities, photos judged by their bytes and stored once, served as a sandboxed download', async () => {
    const p = await parcel()
    const planner = await as('planner')
    const created = await planner.request('POST', '/api/attachments', { json: attachment(p) })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ parcel_id: p, household_id: null, kind: 'tree', name: '柑橘', quantity: '12.00', unit: 'plant', photos: [], version: 1 })
    const id = created.body.id

    const up = await planner.request('POST', `/api/attachments/${id}/photos?caption=${encodeURIComponent('东侧')}`, { raw: png, headers: { 'content-type': 'application/octet-stream' } })
    expect(up.status).toBe(201)
    expect(up.body).toMatchObject({ content_type: 'image/png', caption: '东侧', size_bytes: png.length, uploaded_by: 'planner', url: `/api/attachments/${id}/photos/${up.body.id}` })
    const again = await planner.request('POST', `/api/attachments/${id}/photos`, { raw: png, headers: { 'content-type': 'application/octet-stream' } })
    expect([again.status, again.body.id]).toEqual([200, up.body.id])
    for (const [bytes, type] of [[jpeg, 'image/jpeg'], [webp, 'image/webp']] as const) {
      const r = await planner.request('POST', `/api/attachments/${id}/photos`, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } })
      expect([r.status, r.body.content_type]).toEqual([201, type])
    }

    const legal = await as('legal')
    const bytes = await legal.request('GET', up.body.url)
    expect(bytes.status).toBe(200)
    expect(bytes.headers.get('content-type')).toBe('image/png')
    expect(bytes.headers.get('x-content-type-options')).toBe('nosniff')
    // F12: an upload is never a page of the app's origin: a download, sandboxed, its type never sniffed.
    expect(bytes.headers.get('content-disposition')).toBe('attachment')
    expect(bytes.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect([...bytes.bytes]).toEqual([...png])
    const read = await legal.request('GET', `/api/attachments/${id}`)
    expect(read.body.photos.map((ph: any) => ph.content_type)).toEqual(['image/png', 'image/jpeg', 'image/webp'])

    expect((await legal.request('DELETE', up.body.url)).status).toBe(403)
    expect((await planner.request('DELETE', up.body.url)).status).toBe(204)
    expect((await legal.request('GET', up.body.url)).status).toBe(404)

    const put = await planner.request('PUT', `/api/attachments/${id}`, { json: attachment(p, { quantity: '12.5', unit: 'm', kind: 'fence', name: '围墙' }), headers: { 'if-match': '"v1"' } })
    expect([put.status, put.body.quantity, put.body.version]).toEqual([200, '12.50', 2])
    // Deleting the attachment takes its photos along; its history keeps the record.
    expect((await planner.request('DELETE', `/api/attachments/${id}`, { headers: { 'if-match': '"v2"' } })).status).toBe(204)
    expect((await counts()).photos).toBe(0)
    expect((await planner.request('GET', `/api/attachments/${id}/history`)).body.items.map((i: any) => i.operation)).toEqual(['create', 'update', 'delete'])
  })

  it('resettlements and agreements: one per household, dates as text, signed derived from the date', async () => {
    const p = await parcel()
    const h = await household([p])
    const planner = await as('planner')
    const r = await planner.request('POST', '/api/resettlements', {
      json: { project_id: w.projectId, household_id: h, persons: 4, method: 'property_swap', site: '迎丰组团10#安置区', transition_start: '2019-01-01', transition_end: '2020-06-30', delay_months: 7 },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ household_id: h, persons: 4, method: 'property_swap', site: '迎丰组团10#安置区', transition_start: '2019-01-01', transition_end: '2020-06-30', delay_months: 7, version: 1 })
    const cash = await planner.request('PUT', `/api/resettlements/${r.body.id}`, { json: { project_id: w.projectId, household_id: h, persons: 4, method: 'cash' }, headers: { 'if-match': '"v1"' } })
    expect(cash.body).toMatchObject({ method: 'cash', transition_start: null, transition_end: null, delay_months: 0, version: 2 })

    const a = await planner.request('POST', '/api/agreements', { json: { project_id: w.projectId, household_id: h, number: '正清-2019-001' } })
    expect(a.body).toMatchObject({ number: '正清-2019-001', signed: false, signed_on: null, version: 1 })
    const signed = await planner.request('PUT', `/api/agreements/${a.body.id}`, { json: { project_id: w.projectId, household_id: h, number: '正清-2019-001', signed_on: '2019-05-20' }, headers: { 'if-match': '"v1"' } })
    expect(signed.body).toMatchObject({ signed: true, signed_on: '2019-05-20', version: 2 })
    expect((await planner.request('GET', `/api/agreements?parcel=${p}`)).body.items).toHaveLength(1)
    expect((await planner.request('GET', `/api/resettlements?household=${h}`)).body.items).toHaveLength(1)
    expect((await planner.request('GET', `/api/agreements/${a.body.id}/history`)).body.items.map((i: any) => i.data.signed_on)).toEqual([null, '2019-05-20'])
  })

  it('manual compensation items: amount = round(quantity × rate, 2) computed by the server, or a lump sum', async () => {
    const p = await parcel()
    const h = await household([p])
    const finance = await as('finance')
    const item = { project_id: w.projectId, item_type: 'young_crops', household_id: h, parcel_id: p, quantity: '2.3455', unit: 'mu', rate_yuan: '1500.01' }
    const r = await finance.request('POST', '/api/compensation-items', { json: item })
    expect(r.status).toBe(201)
    // 2.3455 × 1500.01 = 3518.273455 → 3518.27
    expect(r.body).toMatchObject({ origin: 'manual', source_key: null, quantity: '2.3455', rate_yuan: '1500.01', amount_yuan: '3518.27', rate_set_id: null, item_type_zh: '青苗补偿费', version: 1 })
    const free = await finance.request('POST', '/api/compensation-items', { json: { ...item, quantity: '1', rate_yuan: '0', amount_yuan: '0.00' } })
    expect([free.status, free.body.amount_yuan]).toEqual([201, '0.00'])
    const lump = await finance.request('POST', '/api/compensation-items', { json: { project_id: w.projectId, item_type: 'relocation', household_id: h, quantity: '1', unit: 'household', amount_yuan: '2000', paid_on: '2020-01-15' } })
    expect(lump.body).toMatchObject({ rate_yuan: null, amount_yuan: '2000.00', paid_on: '2020-01-15', parcel_id: null })
    const put = await finance.request('PUT', `/api/compensation-items/${r.body.id}`, { json: { ...item, paid_on: '2020-02-01', amount_yuan: '3518.27' }, headers: { 'if-match': '"v1"' } })
    expect([put.status, put.body.paid_on, put.body.version]).toEqual([200, '2020-02-01', 2])
    const list = await (await as('auditor')).request('GET', `/api/compensation-items?project=${w.projectId}`)
    expect(list.body.items.map((i: any) => i.item_type)).toEqual(['young_crops', 'young_crops', 'relocation'])
    expect((await finance.request('DELETE', `/api/compensation-items/${lump.body.id}`, { headers: { 'if-match': '"v1"' } })).status).toBe(204)
  })
})

describe('computed compensation items', () => {
  it('only take paid_on and notes, cannot be deleted, and follow building writes in the same transaction', async () => {
    const p = await parcel()
    const h = await household([p])
    const finance = await as('finance')
    const rates = await finance.request('POST', `/api/projects/${w.projectId}/rate-sets`, {
      json: { name: '2019 标准', effective_from: '2019-01-01', rates: [{ item_type: 'house', key: 'brick_concrete', rate_yuan: '1200.00' }, { item_type: 'house', key: '*', rate_yuan: '800.00' }] },
    })
    expect(rates.status).toBe(201)
    const planner = await as('planner')
    const b = await planner.request('POST', '/api/buildings', { json: building(p, { household_id: h }) })
    const items = await finance.request('GET', `/api/compensation-items?household=${h}`)
    const house = items.body.items.find((i: any) => i.item_type === 'house')
    expect(house).toMatchObject({ origin: 'computed', source_key: `building:${b.body.id}`, quantity: '218.5000', rate_yuan: '1200.00', amount_yuan: '262200.00', parcel_id: p, household_id: h })

    // The building's structure changes: the item follows at once.
    await planner.request('PUT', `/api/buildings/${b.body.id}`, { json: building(p, { household_id: h, structure: 'simple' }), headers: { 'if-match': '"v1"' } })
    const after = (await finance.request('GET', `/api/compensation-items/${house.id}`)).body
    expect([after.rate_yuan, after.amount_yuan]).toEqual(['800.00', '174800.00'])

    const v = `"v${after.version}"`
    const readOnly = await finance.request('PUT', `/api/compensation-items/${house.id}`, { json: { amount_yuan: '1.00', paid_on: '2020-01-01' }, headers: { 'if-match': v } })
    expect([readOnly.status, readOnly.body.code, readOnly.body.errors[0].path]).toEqual([422, 'READ_ONLY_FIELD', 'amount_yuan'])
    const paid = await finance.request('PUT', `/api/compensation-items/${house.id}`, {
      json: { project_id: w.projectId, item_type: 'house', quantity: '218.5', amount_yuan: '174800', paid_on: '2020-01-01', notes: '已付' }, headers: { 'if-match': v },
    })
    expect([paid.status, paid.body.paid_on, paid.body.notes, paid.body.amount_yuan]).toEqual([200, '2020-01-01', '已付', '174800.00'])
    const del = await finance.request('DELETE', `/api/compensation-items/${house.id}`, { headers: { 'if-match': `"v${paid.body.version}"` } })
    expect([del.status, del.body.code]).toEqual([409, 'COMPUTED_ITEM_READ_ONLY'])
  })
})

describe('roles', () => {
  it('auditor and legal read but never write; finance writes no survey record; planner writes no money', async () => {
    const p = await parcel()
    const h = await household([p])
    const bodies: [string, unknown][] = [
      ['/api/buildings', building(p)], ['/api/graves', grave()], ['/api/attachments', attachment(p)],
      ['/api/resettlements', { project_id: w.projectId, household_id: h, persons: 1, method: 'cash' }],
      ['/api/agreements', { project_id: w.projectId, household_id: h }],
    ]
    for (const [path, body] of bodies) {
      for (const role of ['auditor', 'legal', 'finance'] as const) await expectRefused(role, 'POST', path, body, 403, 'FORBIDDEN')
      expect((await (await as('legal')).request('GET', path)).status).toBe(200)
    }
    const money = { project_id: w.projectId, item_type: 'relocation', quantity: '1', unit: 'household', amount_yuan: '100' }
    for (const role of ['planner', 'auditor', 'legal'] as const) await expectRefused(role, 'POST', '/api/compensation-items', money, 403, 'FORBIDDEN')
    expect((await (await as('admin')).request('POST', '/api/compensation-items', { json: money })).status).toBe(201)
    expect((await (await as('admin')).request('POST', '/api/buildings', { json: building(p) })).status).toBe(201)
    const anonymous = await w.api.request('GET', '/api/buildings')
    expect(anonymous.status).toBe(401)
  })
})

describe('bad input: a problem+json with its code, and nothing written', () => {
  it('buildings: floor areas, floors, footprints outside the parcel, references to another project', async () => {
    const p = await parcel()
    const p2project = await otherProject()
    const foreignParcel = await parcel('X-001', square(110.01, 27.51), p2project)
    const foreignHousehold = await household([], p2project, '李四')
    const post = (json: unknown, code: string, path?: string, status = 422) => expectRefused('planner', 'POST', '/api/buildings', json, status, code, path)
    await post(building(p, { floor_area_m2: '12.345' }), 'DECIMAL_TOO_PRECISE', 'properties.floor_area_m2')
    await post(building(p, { floor_area_m2: 12.5 }), 'DECIMAL_NOT_A_STRING', 'properties.floor_area_m2')
    await post(building(p, { floor_area_m2: '-5' }), 'DECIMAL_OUT_OF_RANGE', 'properties.floor_area_m2')
    await post(building(p, { floor_area_m2: '0' }), 'DECIMAL_OUT_OF_RANGE')
    await post(building(p, { floor_area_m2: '1000000' }), 'DECIMAL_OUT_OF_RANGE')
    await post(building(p, { floor_area_m2: '1e3' }), 'DECIMAL_MALFORMED')
    await post(building(p, { floors: 0 }), 'FIELD_INVALID', 'properties.floors')
    await post(building(p, { floors: 1000 }), 'FIELD_INVALID', 'properties.floors')
    await post(building(p, { structure: '砖混' }), 'FIELD_INVALID', 'properties.structure')
    await post(building(p, { demolished_on: '2019-02-30' }), 'FIELD_INVALID', 'properties.demolished_on')
    await post(building(p, { version: 3 }), 'READ_ONLY_FIELD', 'properties.version')
    await post(building(p, { parcel_id: foreignParcel }), 'PARCEL_NOT_IN_PROJECT', 'properties.parcel_id')
    await post(building(p, { household_id: foreignHousehold }), 'HOUSEHOLD_NOT_IN_PROJECT', 'properties.household_id')
    await post(building(p, { project_id: 999 }), 'UNKNOWN_PROJECT')
    // 0.0003° square straddling the east edge of S: a third of it (0.0001° × 0.0003°, about 328 m²) outside.
    const out = await post(building(p, {}, square(110.0008, 27.5002, 0.0003)), 'BUILDING_OUTSIDE_PARCEL', 'geometry')
    expect(out.body.outside_m2).toBeGreaterThan(325)
    expect(out.body.outside_m2).toBeLessThan(332)
    await post(building(p, {}, [[110.0002, 27.5002], [110.0003, 27.5003], [110.0003, 27.5002], [110.0002, 27.5003], [110.0002, 27.5002]]), 'GEOM_SELF_INTERSECTION')
    await post({ ...building(p), geometry: { type: 'Point', coordinates: [110.0002, 27.5002] } }, 'GEOM_TYPE_NOT_ALLOWED')
    // A footprint a hair (well under 0.5 m²) over the edge is digitising noise and accepted.
    const edge = square(110.0009, 27.5002, 0.0001).map(([x, y]) => [x === 110.001 ? 110.0010000004 : x, y] as [number, number])
    expect((await (await as('planner')).request('POST', '/api/buildings', { json: building(p, {}, edge) })).status).toBe(201)
    await post(building(p, {}, square(110.0002, 27.5005, 0.0001)), 'BUILDING_CODE_TAKEN', undefined, 409)
  })

  it('graves, attachments, resettlements, agreements and money', async () => {
    const p = await parcel()
    const h = await household([p])
    const p2project = await otherProject()
    const foreignHousehold = await household([], p2project, '李四')
    const planner = 'planner' as const
    await expectRefused(planner, 'POST', '/api/graves', grave({}, [116.4, 39.9]), 422, 'OUTSIDE_JURISDICTION')
    await expectRefused(planner, 'POST', '/api/graves', grave({}, [-74, 40.7]), 422, 'OUTSIDE_JURISDICTION')
    await expectRefused(planner, 'POST', '/api/graves', grave({}, [27.5, 110.0]), 422, 'GEOM_COORD_OUT_OF_RANGE')
    await expectRefused(planner, 'POST', '/api/graves', { ...grave(), geometry: { type: 'LineString', coordinates: [[110, 27.5], [110.001, 27.5]] } }, 422, 'GEOM_POINT_EXPECTED')
    await expectRefused(planner, 'POST', '/api/graves', grave({ coffins: 0 }), 422, 'FIELD_INVALID', 'properties.coffins')
    await expectRefused(planner, 'POST', '/api/graves', grave({ household_id: foreignHousehold }), 422, 'HOUSEHOLD_NOT_IN_PROJECT')

    await expectRefused(planner, 'POST', '/api/attachments', attachment(p, { quantity: '-3' }), 422, 'DECIMAL_OUT_OF_RANGE', 'quantity')
    await expectRefused(planner, 'POST', '/api/attachments', attachment(p, { quantity: '99999999' }), 422, 'DECIMAL_OUT_OF_RANGE', 'quantity')
    await expectRefused(planner, 'POST', '/api/attachments', attachment(p, { quantity: 3 }), 422, 'DECIMAL_NOT_A_STRING', 'quantity')
    await expectRefused(planner, 'POST', '/api/attachments', attachment(p, { unit: '株' }), 422, 'FIELD_INVALID', 'unit')
    await expectRefused(planner, 'POST', '/api/attachments', attachment(p, { household_id: foreignHousehold }), 422, 'HOUSEHOLD_NOT_IN_PROJECT', 'household_id')

    const res = { project_id: w.projectId, household_id: h, persons: 3, method: 'homestead' }
    await expectRefused(planner, 'POST', '/api/resettlements', { ...res, persons: 51 }, 422, 'FIELD_INVALID', 'persons')
    await expectRefused(planner, 'POST', '/api/resettlements', { ...res, persons: -1 }, 422, 'FIELD_INVALID', 'persons')
    await expectRefused(planner, 'POST', '/api/resettlements', { ...res, method: 'cash', delay_months: 3 }, 422, 'RESETTLEMENT_CASH_TRANSITION')
    await expectRefused(planner, 'POST', '/api/resettlements', { ...res, transition_start: '2020-01-01', transition_end: '2019-01-01' }, 422, 'DATE_RANGE_INVALID')
    await expectRefused(planner, 'POST', '/api/resettlements', { ...res, household_id: foreignHousehold }, 422, 'HOUSEHOLD_NOT_IN_PROJECT')
    expect((await (await as(planner)).request('POST', '/api/resettlements', { json: res })).status).toBe(201)
    const second = await expectRefused(planner, 'POST', '/api/resettlements', res, 409, 'RESETTLEMENT_EXISTS')
    expect(second.body.existing_id).toBeGreaterThan(0)

    const ag = { project_id: w.projectId, household_id: h, number: 'A-1' }
    expect((await (await as(planner)).request('POST', '/api/agreements', { json: ag })).status).toBe(201)
    await expectRefused(planner, 'POST', '/api/agreements', ag, 409, 'AGREEMENT_EXISTS')
    const h2 = await household([p], w.projectId, '王五')
    await expectRefused(planner, 'POST', '/api/agreements', { ...ag, household_id: h2 }, 409, 'AGREEMENT_NUMBER_TAKEN')
    await expectRefused(planner, 'POST', '/api/agreements', { ...ag, household_id: h2, signed_on: '1989-12-31' }, 422, 'FIELD_INVALID', 'signed_on')

    const item = { project_id: w.projectId, item_type: 'transition', household_id: h, quantity: '12', unit: 'person_month', rate_yuan: '300.00' }
    const money = (json: unknown, code: string, path?: string) => expectRefused('finance', 'POST', '/api/compensation-items', json, 422, code, path)
    await money({ ...item, rate_yuan: 300 }, 'MONEY_NOT_A_STRING', 'rate_yuan')
    await money({ ...item, rate_yuan: '300.001' }, 'MONEY_TOO_PRECISE', 'rate_yuan')
    await money({ ...item, rate_yuan: '-300' }, 'MONEY_OUT_OF_RANGE', 'rate_yuan')
    await money({ ...item, rate_yuan: '1000000000' }, 'MONEY_OUT_OF_RANGE', 'rate_yuan')
    await money({ ...item, amount_yuan: '3600.01' }, 'COMPENSATION_AMOUNT_MISMATCH', 'amount_yuan')
    await money({ ...item, rate_yuan: undefined }, 'FIELD_REQUIRED', 'amount_yuan')
    await money({ ...item, quantity: '-1' }, 'DECIMAL_OUT_OF_RANGE', 'quantity')
    await money({ ...item, quantity: '1.00001' }, 'DECIMAL_TOO_PRECISE', 'quantity')
    await money({ ...item, quantity: '9999999999', rate_yuan: '999999999' }, 'MONEY_OUT_OF_RANGE', 'amount_yuan')
    await money({ ...item, item_type: 'bribe' }, 'FIELD_INVALID', 'item_type')
    await money({ ...item, origin: 'computed' }, 'READ_ONLY_FIELD', 'origin')
    await money({ ...item, household_id: foreignHousehold }, 'HOUSEHOLD_NOT_IN_PROJECT', 'household_id')
  })

  it('F12: photos judged by their bytes: an SVG with script, labelled image/svg+xml or not, bytes that are no image, an empty body, more than 5 MB, a form upload', async () => {
    const p = await parcel()
    const planner = await as('planner')
    const a = await planner.request('POST', '/api/attachments', { json: attachment(p) })
    const upload = async (raw: Uint8Array | string, contentType = 'application/octet-stream') => {
      const before = await counts()
      const r = await planner.request('POST', `/api/attachments/${a.body.id}/photos`, { raw, headers: { 'content-type': contentType } })
      expect(await counts()).toEqual(before)
      return [r.status, r.body?.code]
    }
    expect(await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual([422, 'PHOTO_TYPE_UNSUPPORTED'])
    expect(await upload(new TextEncoder().encode('GIF89a......'))).toEqual([422, 'PHOTO_TYPE_UNSUPPORTED'])
    expect(await upload(new Uint8Array(0))).toEqual([422, 'PHOTO_TYPE_UNSUPPORTED'])
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set(png)
    expect(await upload(big)).toEqual([413, 'BODY_TOO_LARGE'])
    expect(await upload(png, 'multipart/form-data; boundary=x')).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE_RAW'])
    expect(await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml')).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE_RAW'])
    // An image labelled image/* (as a browser labels a File) is read by its bytes: an SVG called image/png is refused.
    expect(await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')).toEqual([422, 'PHOTO_TYPE_UNSUPPORTED'])
    const labelled = await planner.request('POST', `/api/attachments/${a.body.id}/photos`, { raw: png, headers: { 'content-type': 'image/png' } })
    expect([labelled.status, labelled.body.content_type], labelled.text).toEqual([201, 'image/png'])
    const missing = await planner.request('POST', '/api/attachments/999999/photos', { raw: png, headers: { 'content-type': 'application/octet-stream' } })
    expect(missing.status).toBe(404)
  })
})

describe('concurrent writes', () => {
  it('lets only one of two simultaneous resettlements or agreements of one household through, the other a 409', async () => {
    const h = await household([await parcel()])
    const planner = await as('planner')
    const both = async (path: string, json: unknown) =>
      (await Promise.all([planner.request('POST', path, { json }), planner.request('POST', path, { json })])).map((r) => [r.status, r.body.code ?? null]).sort()
    expect(await both('/api/resettlements', { project_id: w.projectId, household_id: h, persons: 2, method: 'cash' })).toEqual([[201, null], [409, 'RESETTLEMENT_EXISTS']])
    expect(await both('/api/agreements', { project_id: w.projectId, household_id: h })).toEqual([[201, null], [409, 'AGREEMENT_EXISTS']])
    expect(await counts()).toMatchObject({ resettlements: 1, agreements: 1 })
  })
})

describe('GET /api/parcels/:id/records', () => {
  it('lists every record tied to the parcel, households by id only in the records', async () => {
    const p = await parcel()
    const other = await parcel('T-002', square(110.002, 27.5))
    const h = await household([p])
    const planner = await as('planner')
    const b = await planner.request('POST', '/api/buildings', { json: building(p, { household_id: h }) })
    await planner.request('POST', '/api/graves', { json: grave() })
    await planner.request('POST', '/api/attachments', { json: attachment(p) })
    await planner.request('POST', '/api/attachments', { json: attachment(other) })
    await planner.request('POST', '/api/resettlements', { json: { project_id: w.projectId, household_id: h, persons: 2, method: 'cash' } })
    await planner.request('POST', '/api/agreements', { json: { project_id: w.projectId, household_id: h, signed_on: '2019-03-01' } })
    await (await as('finance')).request('POST', '/api/compensation-items', { json: { project_id: w.projectId, item_type: 'relocation', household_id: h, quantity: '1', unit: 'household', amount_yuan: '500' } })
    const r = await (await as('legal')).request('GET', `/api/parcels/${p}/records`)
    expect(r.status).toBe(200)
    expect(r.body.parcel_id).toBe(p)
    expect(r.body.households.map((x: any) => x.id)).toEqual([h])
    expect(r.body.buildings.map((f: any) => [f.type, f.id])).toEqual([['Feature', b.body.id]])
    expect(r.body.graves).toHaveLength(1)
    expect(r.body.attachments).toHaveLength(1)
    expect(r.body.resettlement.map((x: any) => x.household_id)).toEqual([h])
    expect(r.body.agreements.map((x: any) => x.signed)).toEqual([true])
    expect(r.body.compensation.map((x: any) => x.amount_yuan)).toEqual(['500.00'])
    // No name of any household in any record.
    const { households: _h, ...records } = r.body
    expect(JSON.stringify(records)).not.toContain('张')
  })
})
