import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld({ ZD_PII_KEY: Buffer.alloc(32, 42).toString('base64') })
const projects = loadQueries('projects', ['insert'])

// Real-format resident ID numbers (valid GB 11643 check characters) and phones of a canary household.
const HEAD_ID = '430102199003071234'
const MEMBER_ID = '11010519491231002X'
const OTHER_ID = '431202198506154017'
const PHONE = '13812345678'
const fullIdPattern = /\d{17}[\dX]/
const fullMobilePattern = /1[3-9]\d{9}/

async function parcel(code = 'T-001', ring = S, projectId = w.projectId) {
  const r = await (await w.api.as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), projectId, { code }) })
  expect(r.status).toBe(201)
  return r.body.id as number
}

function household(parcelIds: number[], extra: Record<string, unknown> = {}) {
  return {
    project_id: w.projectId, name: '张美玉', village_group: '板山村三组', id_number: HEAD_ID, phone: PHONE, notes: '常住',
    parcel_ids: parcelIds,
    members: [
      { name: '欧阳明华', relation: '配偶', id_number: MEMBER_ID, is_resettled: true },
      { name: '张三', relation: '子', birth_date: '2012-05-01' },
    ],
    ...extra,
  }
}

async function create(body: unknown, role: Role = 'planner') {
  return (await w.api.as(role)).request('POST', '/api/households', { json: body })
}

async function counts() {
  const [row] = await w.db.query<{ households: number; members: number; links: number; history: number }>(
    `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM household_members)::int AS members,
            (SELECT count(*) FROM household_parcels)::int AS links, (SELECT count(*) FROM household_history)::int AS history`)
  return row!
}

async function fullReads() {
  return w.db.query<{ username: string; target: string }>(`SELECT username, target FROM operation_log WHERE action = 'household.read_personal_data' ORDER BY id`)
}

describe('households API', () => {
  it('creates, reads, updates with If-Match and deletes, with a history of every version', async () => {
    const p = await parcel()
    const created = await create(household([p]))
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"v1"')
    expect(created.body).toMatchObject({
      project_id: w.projectId, parcel_ids: [p], name: '张美玉', village_group: '板山村三组', id_number: HEAD_ID, phone: PHONE,
      persons: 2, persons_resettled: 1, version: 1, updated_by: 'planner', personal_data: 'full',
    })
    expect(created.body.members).toMatchObject([
      { name: '欧阳明华', relation: '配偶', id_number: MEMBER_ID, birth_date: '1949-12-31', birth_year: 1949, is_resettled: true },
      { name: '张三', relation: '子', id_number: null, birth_date: '2012-05-01', birth_year: 2012, is_resettled: false },
    ])
    const id = created.body.id
    const planner = await w.api.as('planner')

    const body = { ...household([p]), name: '张美玉', phone: '0745-2381234', members: [{ id: created.body.members[0].id, name: '欧阳明华', relation: '配偶', is_resettled: true }] }
    const missing = await planner.request('PUT', `/api/households/${id}`, { json: body })
    expect([missing.status, missing.body.code]).toEqual([428, 'PRECONDITION_REQUIRED'])
    const ok = await planner.request('PUT', `/api/households/${id}`, { json: { ...body, reason: '入户复核' }, headers: { 'if-match': '"v1"' } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('etag')).toBe('"v2"')
    // The member kept his stored ID number and birth date: they were not sent again.
    expect(ok.body).toMatchObject({ phone: '0745-2381234', version: 2, persons: 1, members: [{ name: '欧阳明华', id_number: MEMBER_ID, birth_date: '1949-12-31' }] })
    const stale = await planner.request('PUT', `/api/households/${id}`, { json: body, headers: { 'if-match': '"v1"' } })
    expect([stale.status, stale.body.code, stale.body.current_version]).toEqual([412, 'PRECONDITION_FAILED', 2])

    const got = await planner.request('GET', `/api/households/${id}`)
    expect([got.status, got.headers.get('etag')]).toEqual([200, '"v2"'])

    const del412 = await planner.request('DELETE', `/api/households/${id}`, { headers: { 'if-match': '"v1"' } })
    expect(del412.status).toBe(412)
    const del = await planner.request('DELETE', `/api/households/${id}`, { json: { reason: '重复登记' }, headers: { 'if-match': '"v2"' } })
    expect(del.status).toBe(204)
    expect((await planner.request('GET', `/api/households/${id}`)).status).toBe(404)

    const history = await planner.request('GET', `/api/households/${id}/history`)
    expect(history.status).toBe(200)
    expect(history.body.items.map((h: any) => [h.version, h.operation, h.changed_by, h.reason])).toEqual([
      [1, 'create', 'planner', null], [2, 'update', 'planner', '入户复核'], [3, 'delete', 'planner', '重复登记'],
    ])
    expect(history.body.items[0]).toMatchObject({ id_number: '4301**********1234', phone: '138****5678', parcel_ids: [p], name: '张美玉' })
    expect(history.body.items[0].members.map((m: any) => m.id_number)).toEqual(['1101**********002X', null])
    expect(history.body.items[2].members).toEqual([{ name: '欧阳明华', relation: '配偶', id_number: '1101**********002X', birth_year: 1949, is_resettled: true }])
    expect(history.text).not.toMatch(fullIdPattern)
    expect(history.text).not.toContain(PHONE)
  })

  it('masks by role: the auditor, legal and admin never receive a full ID number or phone, anywhere', async () => {
    const p = await parcel()
    const id = (await create(household([p]))).body.id
    for (const role of ['auditor', 'legal', 'admin'] as const) {
      const s = await w.api.as(role)
      const one = await s.request('GET', `/api/households/${id}`)
      expect(one.status, role).toBe(200)
      expect(one.body, role).toMatchObject({ name: '张*玉', id_number: '4301**********1234', phone: '138****5678', personal_data: 'masked' })
      expect(one.body.members.map((m: any) => [m.name, m.id_number, m.birth_date, m.birth_year])).toEqual([
        ['欧阳*华', '1101**********002X', null, 1949], ['张*', null, null, 2012],
      ])
      for (const path of [`/api/households/${id}`, `/api/households?project=${w.projectId}`, `/api/parcels/${p}/records`, `/api/households/${id}/history`]) {
        const r = await s.request('GET', path)
        expect(r.status, `${role} ${path}`).toBe(200)
        expect(r.text, `${role} ${path}`).not.toMatch(fullIdPattern)
        expect(r.text, `${role} ${path}`).not.toMatch(fullMobilePattern)
        expect(r.text, `${role} ${path}`).not.toContain('张美玉')
      }
    }
    const finance = await (await w.api.as('finance')).request('GET', `/api/households/${id}`)
    expect(finance.body).toMatchObject({ name: '张美玉', id_number: HEAD_ID, phone: PHONE, personal_data: 'full' })
    // Lists mask ID numbers and phones for every role; planner and finance see names.
    const list = await (await w.api.as('planner')).request('GET', `/api/households?project=${w.projectId}&parcel=${p}`)
    expect(list.body).toMatchObject({ numberReturned: 1, truncated: false })
    expect(list.body.items[0]).toMatchObject({ name: '张美玉', id_number: '4301**********1234', phone: '138****5678', personal_data: 'masked' })
    expect(list.text).not.toMatch(fullIdPattern)
    // Nothing about households is public.
    for (const path of [`/api/households`, `/api/households/${id}`, `/api/parcels/${p}/records`, `/api/households/${id}/history`]) {
      const r = await w.api.request('GET', path)
      expect([r.status, r.body.code], path).toEqual([401, 'UNAUTHENTICATED'])
    }
  })

  it('writes an operation_log row for every full read and none for masked ones', async () => {
    const p = await parcel()
    const id = (await create(household([p]))).body.id
    expect(await fullReads()).toEqual([{ username: 'planner', target: `household:${id}` }]) // the POST answer
    await (await w.api.as('finance')).request('GET', `/api/households/${id}`)
    await (await w.api.as('auditor')).request('GET', `/api/households/${id}`)
    await (await w.api.as('planner')).request('GET', `/api/households?project=${w.projectId}`)
    await (await w.api.as('admin')).request('GET', `/api/parcels/${p}/records`)
    expect(await fullReads()).toEqual([{ username: 'planner', target: `household:${id}` }, { username: 'finance', target: `household:${id}` }])
  })

  it('stores no plaintext ID number or phone: not in the rows, the members or the history', async () => {
    const p = await parcel()
    const id = (await create(household([p]))).body.id
    await (await w.api.as('planner')).request('PUT', `/api/households/${id}`, { json: household([p], { phone: '13987654321' }), headers: { 'if-match': '"v1"' } })
    const dump = await w.db.query<{ t: string }>(
      `SELECT row_to_json(h)::text AS t FROM households h UNION ALL SELECT row_to_json(m)::text FROM household_members m
       UNION ALL SELECT row_to_json(x)::text FROM household_history x`)
    expect(dump.length).toBe(1 + 2 + 2)
    const text = dump.map((d) => d.t).join('\n')
    for (const secret of [HEAD_ID, MEMBER_ID, PHONE, '13987654321', '199003071234', '12345678', '87654321']) expect(text).not.toContain(secret)
    expect(text).not.toMatch(fullIdPattern)
    expect(text).toContain('4301**********1234')
    expect(text).toMatch(/"id_number_enc":"v1:[0-9a-f]{12}:/)
  })

  it('refuses a household in two projects at once, and an ID number twice in one project, writing nothing', async () => {
    const p = await parcel()
    await create(household([p]))
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '第二项目', 'Second', '鹤城区', null])
    const before = await counts()
    const planner = await w.api.as('planner')
    // The same head in another project.
    const r1 = await planner.request('POST', '/api/households', { json: { project_id: other!.id, name: '张美玉', id_number: HEAD_ID } })
    expect([r1.status, r1.body.code, r1.body.project_id]).toEqual([409, 'HOUSEHOLD_IN_OTHER_PROJECT', w.projectId])
    expect(r1.body.title).toContain('4301**********1234')
    expect(r1.text).not.toContain(HEAD_ID)
    // A member of the first household registered as the head in another project, ID number typed in lower case.
    const r2 = await planner.request('POST', '/api/households', { json: { project_id: other!.id, name: '欧阳明华', id_number: MEMBER_ID.toLowerCase() } })
    expect([r2.status, r2.body.code]).toEqual([409, 'HOUSEHOLD_IN_OTHER_PROJECT'])
    // Someone's ID number as a member in another project.
    const r3 = await planner.request('POST', '/api/households', { json: { project_id: other!.id, name: '李四', members: [{ name: '张美玉', relation: '母', id_number: HEAD_ID }] } })
    expect([r3.status, r3.body.code]).toEqual([409, 'HOUSEHOLD_IN_OTHER_PROJECT'])
    // The same ID number in a second household of the same project.
    const r4 = await planner.request('POST', '/api/households', { json: { project_id: w.projectId, name: '张美玉', id_number: HEAD_ID } })
    expect([r4.status, r4.body.code]).toEqual([409, 'HOUSEHOLD_ID_NUMBER_TAKEN'])
    expect(await counts()).toEqual(before)
    // A different person is fine in the other project.
    const ok = await planner.request('POST', '/api/households', { json: { project_id: other!.id, name: '王五', id_number: OTHER_ID } })
    expect(ok.status).toBe(201)
  })

  it('refuses bad inputs with their codes and writes nothing', async () => {
    const p = await parcel()
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '第二项目', 'Second', '鹤城区', null])
    const foreign = await parcel('X-1', square(110.01, 27.51), other!.id)
    const before = await counts()
    const cases: [unknown, number, string, string?][] = [
      [household([p], { id_number: '430102199003071235' }), 422, 'ID_NUMBER_INVALID', 'id_number'],
      [household([p], { id_number: '43010219900307123' }), 422, 'ID_NUMBER_INVALID', 'id_number'],
      [household([p], { phone: '12812345678' }), 422, 'PHONE_INVALID', 'phone'],
      [household([p], { members: [{ name: '张三', relation: '子', id_number: '11010519491231002Y' }] }), 422, 'ID_NUMBER_INVALID', 'members[0].id_number'],
      [household([p], { members: [{ name: '张三', relation: '子', id_number: MEMBER_ID, birth_date: '1950-01-01' }] }), 422, 'BIRTH_DATE_MISMATCH', 'members[0].birth_date'],
      [household([p], { members: [{ name: '张三', relation: '子', id_number: HEAD_ID }] }), 422, 'ID_NUMBER_REPEATED', 'members[0].id_number'],
      [household([foreign]), 422, 'PARCEL_NOT_IN_PROJECT', 'parcel_ids[0]'],
      [household([999999]), 422, 'PARCEL_NOT_IN_PROJECT', 'parcel_ids[0]'],
      [household([p], { project_id: 999999, parcel_ids: [] }), 422, 'UNKNOWN_PROJECT', 'project_id'],
      [household([p], { name: '' }), 422, 'FIELD_REQUIRED', 'name'],
      [household([p], { name: '名'.repeat(51) }), 422, 'FIELD_TOO_LONG', 'name'],
      [household([p], { version: 7 }), 422, 'READ_ONLY_FIELD', 'version'],
      [household([p], { id_number_enc: 'v1:000000000000:AAAA' }), 422, 'UNKNOWN_PROPERTY', 'id_number_enc'],
      [household([p], { members: Array.from({ length: 31 }, () => ({ name: '张三', relation: '子' })) }), 422, 'FIELD_TOO_LONG', 'members'],
      [household([p], { id_number: 430102199003071234 }), 422, 'FIELD_INVALID', 'id_number'],
      [[], 422, 'FIELD_INVALID'],
    ]
    for (const [body, status, code, path] of cases) {
      const r = await create(body)
      expect([r.status, r.body.code], JSON.stringify(body).slice(0, 120)).toEqual([status, code])
      expect(r.headers.get('content-type')).toContain('application/problem+json')
      if (path) expect(r.body.errors?.[0]?.path ?? path).toBe(path)
      expect(r.body.messages['zh-CN'].length).toBeGreaterThan(0)
      expect(r.text).not.toContain(HEAD_ID)
    }
    // Roles that do not record households.
    for (const role of ['auditor', 'finance', 'legal'] as const) expect((await create(household([p]), role)).status).toBe(403)
    expect(await counts()).toEqual(before)
    // A bad PUT leaves the household as it was.
    const id = (await create(household([p]))).body.id
    const after = await counts()
    const bad = await (await w.api.as('planner')).request('PUT', `/api/households/${id}`, { json: household([p], { phone: 'abc' }), headers: { 'if-match': '"v1"' } })
    expect([bad.status, bad.body.code]).toEqual([422, 'PHONE_INVALID'])
    expect(await counts()).toEqual(after)
    const unknown = await (await w.api.as('planner')).request('PUT', '/api/households/999999', { json: household([p]), headers: { 'if-match': '"v1"' } })
    expect(unknown.status).toBe(404)
  })

  it('lets a role that sees masked values save by sending them back', async () => {
    const p = await parcel()
    const created = await create(household([p]))
    const admin = await w.api.as('admin')
    const seen = (await admin.request('GET', `/api/households/${created.body.id}`)).body
    expect(seen.id_number).toBe('4301**********1234')
    const body = {
      project_id: seen.project_id, name: '张美玉', village_group: '板山村四组', id_number: seen.id_number, phone: seen.phone, parcel_ids: seen.parcel_ids,
      members: seen.members.map((m: any) => ({ id: m.id, name: m.id === seen.members[0].id ? '欧阳明华' : '张三', relation: m.relation, id_number: m.id_number, is_resettled: m.is_resettled })),
    }
    const r = await admin.request('PUT', `/api/households/${created.body.id}`, { json: body, headers: { 'if-match': '"v1"' } })
    expect(r.status).toBe(200)
    const full = await (await w.api.as('finance')).request('GET', `/api/households/${created.body.id}`)
    expect(full.body).toMatchObject({ village_group: '板山村四组', id_number: HEAD_ID, phone: PHONE, members: [{ id_number: MEMBER_ID }, { id_number: null }] })
  })

  it('answers the records of a parcel, and keeps a parcel with households from being deleted', async () => {
    const p = await parcel()
    const q = await parcel('T-002', square(110.01, 27.51))
    const id = (await create(household([p, q]))).body.id
    const auditor = await w.api.as('auditor')
    const r = await auditor.request('GET', `/api/parcels/${q}/records`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ parcel_id: q, buildings: [], compensation: [], resettlement: [], graves: [], attachments: [] })
    expect(r.body.households.map((h: any) => [h.id, h.name, h.id_number, h.parcel_ids])).toEqual([[id, '张*玉', '4301**********1234', [p, q]]])
    expect((await auditor.request('GET', '/api/parcels/999999/records')).status).toBe(404)
    const planner = await w.api.as('planner')
    const del = await planner.request('DELETE', `/api/parcels/${p}`, { headers: { 'if-match': '"v1"' } })
    expect([del.status, del.body.code]).toEqual([409, 'PARCEL_HAS_HOUSEHOLDS'])
    expect((await planner.request('GET', `/api/parcels/${p}`)).status).toBe(200)
    // Unlinked, it can go.
    await planner.request('PUT', `/api/households/${id}`, { json: household([q]), headers: { 'if-match': '"v1"' } })
    expect((await planner.request('DELETE', `/api/parcels/${p}`, { headers: { 'if-match': '"v1"' } })).status).toBe(204)
  })

  it('answers PERSONAL_DATA_UNREADABLE, not a full value or a bare 500, when a stored ciphertext was altered', async () => {
    const id = (await create(household([await parcel()]))).body.id
    const [row] = await w.db.query<{ enc: string }>('SELECT id_number_enc AS enc FROM households WHERE id = $1', [id])
    const [, kid, body] = row!.enc.split(':')
    const bytes = Buffer.from(body!, 'base64')
    bytes[bytes.length - 1]! ^= 1
    // An attacker with write access to the database; the history trigger still wants an actor and a new version.
    await w.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'intruder', true)")
      await tx.query('UPDATE households SET id_number_enc = $2, version = version + 1 WHERE id = $1', [id, `v1:${kid}:${bytes.toString('base64')}`])
    })
    const r = await (await w.api.as('planner')).request('GET', `/api/households/${id}`)
    expect([r.status, r.body.code]).toEqual([500, 'PERSONAL_DATA_UNREADABLE'])
    expect(r.text).not.toMatch(fullIdPattern)
    // Masked views do not decrypt, so they still answer.
    expect((await (await w.api.as('auditor')).request('GET', `/api/households/${id}`)).status).toBe(200)
  })

  it('lets only one of two concurrent registrations of one person in two projects through', async () => {
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '第二项目', 'Second', '鹤城区', null])
    const planner = await w.api.as('planner')
    const results = await Promise.all([w.projectId, other!.id, w.projectId, other!.id].map((projectId) =>
      planner.request('POST', '/api/households', { json: { project_id: projectId, name: '张美玉', id_number: HEAD_ID } })))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409])
    expect((await counts()).households).toBe(1)
  })

  it('validates list parameters', async () => {
    const a = await w.api.as('auditor')
    expect((await a.request('GET', '/api/households?project=abc')).body.code).toBe('INVALID_PARAMETER')
    expect((await a.request('GET', '/api/households?parcel=1&parcel=2')).body.code).toBe('INVALID_PARAMETER_TYPE')
    expect((await a.request('GET', '/api/households/abc')).status).toBe(404)
    expect((await a.request('GET', '/api/households')).body).toEqual({ items: [], numberReturned: 0, truncated: false })
  })
})
