import fs from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { holidaysFile } from '../../server/db/holidays-seed.ts'
import { addDays, beijingToday, periodEnd, type DayKind } from '../../server/domain/notices/deadlines.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import type { RequestOpts } from '../helpers/api.ts'
import { asOwner } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

const calendar = new Map(
  (JSON.parse(fs.readFileSync(holidaysFile, 'utf8')) as { days: { day: string; kind: DayKind }[] }).days.map((d) => [d.day, d.kind]))

const sessions = new Map<string, ReturnType<typeof login>>()
beforeEach(() => sessions.clear())

/** A session of a named user (the helper's `as` names users after their role; the four-eyes rule needs two legal users). */
function session(username: string, role: Role) {
  let s = sessions.get(username)
  if (!s) sessions.set(username, (s = login(username, role)))
  return s
}

async function login(username: string, role: Role) {
  const password = await w.api.createUser(username, role)
  const r = await fetch(`${w.api.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })
  expect(r.status).toBe(200)
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!
  const { csrf } = (await r.json()) as { csrf: string }
  return {
    request: (method: string, path: string, opts: RequestOpts = {}) =>
      w.api.request(method, path, { ...opts, headers: { cookie, 'x-csrf-token': csrf, ...opts.headers } }),
  }
}

const as = (role: Role) => w.api.as(role)
const v = (n: number) => ({ 'if-match': `"v${n}"` })

/** Three parcels of two collectives and a rate set: the data a notice is generated from. */
async function projectData() {
  const planner = await as('planner')
  const ids: number[] = []
  for (const [code, lon, landClass, owner] of [
    ['N-001', 110.0, '0101', '石门乡板山村五组'], ['N-002', 110.002, '0103', '石门乡板山村五组'], ['N-003', 110.004, '0101', '盈口乡炉天冲村三组'],
  ] as const) {
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(lon, 27.5, 0.0012)), w.projectId, { code, land_class: landClass, owner }) })
    expect(r.status).toBe(201)
    ids.push(r.body.id)
  }
  const rates = await (await as('finance')).request('POST', `/api/projects/${w.projectId}/rate-sets`, {
    json: {
      name: '怀化市征地补偿标准', basis: '怀政发〔2018〕7号', effective_from: '2024-01-01',
      rates: [{ item_type: 'land', key: '0101', rate_yuan: '48000.00' }, { item_type: 'relocation', key: '*', rate_yuan: '3000.00' }],
    },
  })
  expect(rates.status).toBe(201)
  return ids
}

async function draft(kind = 'compensation_plan', who: Role = 'legal') {
  const r = await (await as(who)).request('POST', '/api/notices', { json: { project_id: w.projectId, kind } })
  expect(r.status, r.text).toBe(201)
  return r.body as { id: number; version: number; [k: string]: any }
}

/** Drafted by `legal`, approved by `legal2`: the notice at version 2. */
async function approved(kind = 'compensation_plan') {
  const n = await draft(kind)
  const legal2 = await session('legal2', 'legal')
  const r = await legal2.request('POST', `/api/notices/${n.id}/approve`, { headers: v(n.version) })
  expect(r.status, r.text).toBe(200)
  return { id: n.id, version: r.body.version as number, legal2 }
}

describe('drafting a notice', () => {
  it('generates title, body, figures and outline from the project; figures equal the parcels\' geodesic areas summed independently', async () => {
    await projectData()
    const n = await draft('compensation_plan')
    expect(n).toMatchObject({
      project_id: w.projectId, project_code: 'P1', kind: 'compensation_plan', status: 'draft', version: 1,
      title: '测试项目征地补偿安置方案公告', township: '盈口乡、石门乡', period_days: 30, period_unit: 'days',
      starts_on: null, ends_on: null, hearing_deadline: null, drafted_by: 'legal', approved_by: null,
      hearing: { invites: true, open: false, requests: 0 }, evidence: [],
    })
    expect(n.events).toEqual([expect.objectContaining({ action: 'created', from_status: null, to_status: 'draft', actor: 'legal' })])
    // Independent of zd_area: PostGIS's geodesic area of each parcel, summed and rounded here.
    const [exp] = await w.db.query<{ m2: string; mu: string; ha: string; mu_0101: string }>(`
      SELECT round(sum(a), 2)::text AS m2, round(sum(a) * 15 / 10000, 3)::text AS mu, round(sum(a) / 10000, 4)::text AS ha,
             round(sum(a) FILTER (WHERE land_class = '0101') * 15 / 10000, 3)::text AS mu_0101
      FROM (SELECT land_class, ST_Area(geom::geography)::numeric AS a FROM parcels WHERE project_id = $1) x`, [w.projectId])
    expect(n.figures).toMatchObject({ parcels: 3, area_m2: exp!.m2, area_mu: exp!.mu, area_ha: exp!.ha, scope_source: 'parcels' })
    expect(Number(exp!.mu)).toBeGreaterThan(20)
    expect(n.figures.land_classes).toEqual([
      { code: '0101', name: '水田', name_en: expect.any(String), parcels: 2, area_mu: exp!.mu_0101 },
      { code: '0103', name: '旱地', name_en: expect.any(String), parcels: 1, area_mu: expect.any(String) },
    ])
    expect(n.figures.collectives.map((c: { name: string; parcels: number }) => [c.name, c.parcels]))
      .toEqual([['盈口乡炉天冲村三组', 1], ['石门乡板山村五组', 2]].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)))
    expect(n.figures.rates).toEqual([
      expect.objectContaining({ item_type: 'land', name: '土地补偿费', land_class: '0101', land_class_name: '水田', unit: 'mu', rate_yuan: '48000.00' }),
      expect.objectContaining({ item_type: 'relocation', land_class: null, structure: null, unit: 'household', rate_yuan: '3000.00' }),
    ])
    expect(n.body).toContain(`${exp!.ha}公顷（合${exp!.mu}亩）`)
    expect(n.body).toContain('土地补偿费（水田）：48000.00元/亩')
    expect(n.contacts).toContain('示例')
    expect(n.geometry.type).toBe('MultiPolygon')
    expect(n.geometry.coordinates).toHaveLength(3)
  })

  it('refuses a project without parcels (422) and other roles than legal and admin (403)', async () => {
    const r = await (await as('legal')).request('POST', '/api/notices', { json: { project_id: w.projectId, kind: 'acquisition' } })
    expect([r.status, r.body.errors[0].code]).toEqual([422, 'NOTICE_NO_PARCELS'])
    await projectData()
    for (const role of ['planner', 'finance', 'auditor'] as const) {
      expect((await (await as(role)).request('POST', '/api/notices', { json: { project_id: w.projectId, kind: 'acquisition' } })).status).toBe(403)
    }
    const bad = await (await as('admin')).request('POST', '/api/notices', { json: { project_id: w.projectId, kind: 'notice', status: 'published' } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['FIELD_INVALID', 'READ_ONLY_FIELD'])
    expect((await w.db.query('SELECT 1 FROM notices')).length).toBe(0)
  })
})

describe('the workflow', () => {
  it('goes draft → edited → approved by another legal user → published, each step logged, with If-Match', async () => {
    await projectData()
    const n = await draft('pre_announcement')
    const legal = await as('legal')
    const text = { title: n.title, body: `${n.body}\n（修改稿）`, township: '石门乡', contacts: '政策法规科 0745-2381234', period_days: 12, period_unit: 'working_days' }
    expect((await legal.request('PUT', `/api/notices/${n.id}`, { json: text })).status).toBe(428)
    const edited = await legal.request('PUT', `/api/notices/${n.id}`, { json: text, headers: v(1) })
    expect([edited.status, edited.headers.get('etag'), edited.body.period_days, edited.body.township]).toEqual([200, '"v2"', 12, '石门乡'])

    const own = await legal.request('POST', `/api/notices/${n.id}/approve`, { headers: v(2) })
    expect([own.status, own.body.code]).toEqual([403, 'NOTICE_APPROVER_IS_DRAFTER'])
    const unapproved = await legal.request('POST', `/api/notices/${n.id}/publish`, { json: {}, headers: v(2) })
    expect([unapproved.status, unapproved.body.code]).toEqual([409, 'NOTICE_NOT_APPROVED'])

    const legal2 = await session('legal2', 'legal')
    const stale = await legal2.request('POST', `/api/notices/${n.id}/approve`, { headers: v(1) })
    expect([stale.status, stale.body.code]).toEqual([412, 'PRECONDITION_FAILED'])
    const ok = await legal2.request('POST', `/api/notices/${n.id}/approve`, { headers: v(2) })
    expect([ok.status, ok.body.status, ok.body.approved_by, ok.body.version]).toEqual([200, 'approved', 'legal2', 3])

    const today = beijingToday()
    const published = await legal.request('POST', `/api/notices/${n.id}/publish`, { headers: v(3) })
    expect(published.status, published.text).toBe(200)
    expect(published.body).toMatchObject({
      status: 'published', published_by: 'legal', starts_on: today, ends_on: periodEnd(today, 12, 'working_days', calendar),
      hearing_deadline: null, version: 4,
    })
    expect(published.body.events.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`))
      .toEqual(['created:legal', 'edited:legal', 'approved:legal2', 'published:legal'])
    const list = await (await as('auditor')).request('GET', `/api/notices?project_id=${w.projectId}&status=published`)
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([n.id])
  })

  it('refuses edits, regeneration, deletion and a second approval once approved or published (409), and the database refuses them too', async () => {
    await projectData()
    const a = await approved()
    const legal = await as('legal')
    const text = { title: '改', body: '改', period_days: 30, period_unit: 'days' }
    const put = await legal.request('PUT', `/api/notices/${a.id}`, { json: text, headers: v(a.version) })
    expect([put.status, put.body.code]).toEqual([409, 'NOTICE_NOT_DRAFT'])
    const regen = await legal.request('POST', `/api/notices/${a.id}/regenerate`, { headers: v(a.version) })
    expect([regen.status, regen.body.code]).toEqual([409, 'NOTICE_NOT_DRAFT'])
    const published = await legal.request('POST', `/api/notices/${a.id}/publish`, { json: { starts_on: beijingToday() }, headers: v(a.version) })
    expect(published.status).toBe(200)
    for (const [method, path, json] of [
      ['PUT', `/api/notices/${a.id}`, text], ['POST', `/api/notices/${a.id}/approve`, undefined], ['DELETE', `/api/notices/${a.id}`, undefined],
    ] as const) {
      const r = await a.legal2.request(method, path, { json, headers: v(published.body.version) })
      expect([method, r.status, r.body.code]).toEqual([method, 409, 'NOTICE_NOT_DRAFT'])
    }
    await expect(w.db.query(`UPDATE notices SET body = 'x' WHERE id = $1`, [a.id])).rejects.toThrow(/frozen/)
    await expect(w.db.query(`UPDATE notices SET ends_on = ends_on + 1 WHERE id = $1`, [a.id])).rejects.toThrow(/publication dates/)
    await expect(w.db.query(`UPDATE notices SET status = 'draft' WHERE id = $1`, [a.id])).rejects.toThrow(/cannot move/)
    await expect(w.db.query(`DELETE FROM notices WHERE id = $1`, [a.id])).rejects.toThrow(/only a draft/)
    // The events: the app's role may not delete them at all, and their owner is refused by the trigger.
    await expect(w.db.query(`DELETE FROM notice_events WHERE notice_id = $1`, [a.id])).rejects.toThrow(/permission denied/)
    await expect(asOwner(w.db, (tx) => tx.query(`DELETE FROM notice_events WHERE notice_id = $1`, [a.id]))).rejects.toThrow(/append-only/)
  })

  it('keeps the published figures and outline when a parcel changes afterwards; a draft regenerated takes the change', async () => {
    const [first] = await projectData()
    const a = await approved('acquisition')
    const legal = await as('legal')
    const published = await legal.request('POST', `/api/notices/${a.id}/publish`, { headers: v(a.version) })
    expect(published.status).toBe(200)
    const other = await draft('pre_announcement')

    const planner = await as('planner')
    const moved = await planner.request('PUT', `/api/parcels/${first}`, {
      json: { ...parcelFeature(polygon(square(110.0, 27.49, 0.002)), w.projectId, { code: 'N-001', owner: '石门乡板山村六组' }), reason: '界址复核' },
      headers: v(1),
    })
    expect(moved.status, moved.text).toBe(200)

    const after = await legal.request('GET', `/api/notices/${a.id}`)
    expect(after.body.figures).toEqual(published.body.figures)
    expect(after.body.geometry).toEqual(published.body.geometry)
    expect(after.body.body).toBe(published.body.body)
    expect(after.headers.get('etag')).toBe(published.headers.get('etag'))

    const regen = await legal.request('POST', `/api/notices/${other.id}/regenerate`, { headers: v(1) })
    expect(regen.status).toBe(200)
    expect(regen.body.figures.area_mu).not.toBe(other.figures.area_mu)
    expect(regen.body.figures.collectives.map((c: { name: string }) => c.name)).toContain('石门乡板山村六组')
    expect(regen.body.events.map((e: { action: string }) => e.action)).toEqual(['created', 'regenerated'])
  })

  it('refuses a period shorter than the kind\'s minimum (422) and leaves the draft as it was', async () => {
    await projectData()
    const n = await draft('compensation_plan')
    const legal = await as('legal')
    const r = await legal.request('PUT', `/api/notices/${n.id}`, {
      json: { title: n.title, body: n.body, period_days: 29, period_unit: 'days' }, headers: v(1),
    })
    expect([r.status, r.body.errors[0].code, r.body.errors[0].path]).toEqual([422, 'NOTICE_PERIOD_TOO_SHORT', 'period_days'])
    expect(r.body.messages['zh-CN']).toContain('30日')
    const pre = await draft('pre_announcement')
    const days = await legal.request('PUT', `/api/notices/${pre.id}`, {
      json: { title: pre.title, body: pre.body, period_days: 14, period_unit: 'days' }, headers: v(1),
    })
    expect([days.status, days.body.code]).toEqual([422, 'NOTICE_PERIOD_TOO_SHORT'])
    const [row] = await w.db.query<{ version: number; period_days: number }>('SELECT version, period_days FROM notices WHERE id = $1', [n.id])
    expect(row).toEqual({ version: 1, period_days: 30 })
  })

  it('refuses a text holding an ID number or a mobile number at save (422), without echoing it', async () => {
    await projectData()
    const n = await draft('compensation_plan')
    const legal = await as('legal')
    const id = '430011194501010037'
    const r = await legal.request('PUT', `/api/notices/${n.id}`, {
      json: { title: n.title, body: `${n.body}\n户主身份证号 ${id}，电话 138 0745 0000。`, period_days: 30, period_unit: 'days' }, headers: v(1),
    })
    expect(r.status).toBe(422)
    expect(r.body.errors.map((e: { code: string; path: string }) => `${e.path}:${e.code}`))
      .toEqual(['body:NOTICE_TEXT_PERSONAL_DATA', 'body:NOTICE_TEXT_PERSONAL_DATA'])
    expect(r.text).not.toContain(id)
    expect(r.text).not.toContain('0745 0000')
    expect((await w.db.query<{ version: number }>('SELECT version FROM notices WHERE id = $1', [n.id]))[0]!.version).toBe(1)
  })

  it('refuses at approval a text that reached the table with personal data past the API', async () => {
    await projectData()
    const n = await draft('acquisition')
    await w.db.query(`UPDATE notices SET body = body || ' 联系人手机 13907451234' WHERE id = $1`, [n.id])
    const legal2 = await session('legal2', 'legal')
    const r = await legal2.request('POST', `/api/notices/${n.id}/approve`, { headers: v(1) })
    expect([r.status, r.body.errors?.[0]?.code]).toEqual([422, 'NOTICE_TEXT_PERSONAL_DATA'])
    expect((await w.db.query<{ status: string }>('SELECT status FROM notices WHERE id = $1', [n.id]))[0]!.status).toBe('draft')
  })

  it('withdraws an approved or published notice with a reason, not a draft; deletes a draft with its events', async () => {
    await projectData()
    const legal = await as('legal')
    const d = await draft('acquisition')
    const notPublished = await legal.request('POST', `/api/notices/${d.id}/withdraw`, { json: { reason: '重复' }, headers: v(1) })
    expect([notPublished.status, notPublished.body.code]).toEqual([409, 'NOTICE_NOT_PUBLISHED'])
    expect((await legal.request('DELETE', `/api/notices/${d.id}`, { headers: v(1) })).status).toBe(204)
    expect((await legal.request('GET', `/api/notices/${d.id}`)).status).toBe(404)
    expect((await w.db.query('SELECT 1 FROM notice_events WHERE notice_id = $1', [d.id])).length).toBe(0)

    const a = await approved()
    const pub = await legal.request('POST', `/api/notices/${a.id}/publish`, { headers: v(a.version) })
    const noReason = await legal.request('POST', `/api/notices/${a.id}/withdraw`, { json: {}, headers: v(pub.body.version) })
    expect([noReason.status, noReason.body.errors[0].code]).toEqual([422, 'FIELD_REQUIRED'])
    const w1 = await legal.request('POST', `/api/notices/${a.id}/withdraw`, { json: { reason: '补偿标准调整，重新公告' }, headers: v(pub.body.version) })
    expect([w1.status, w1.body.status, w1.body.withdrawn_reason]).toEqual([200, 'withdrawn', '补偿标准调整，重新公告'])
    expect(w1.body.events.at(-1)).toMatchObject({ action: 'withdrawn', from_status: 'published', to_status: 'withdrawn', reason: '补偿标准调整，重新公告' })
    const again = await legal.request('POST', `/api/notices/${a.id}/withdraw`, { json: { reason: '再撤' }, headers: v(w1.body.version) })
    expect([again.status, again.body.code]).toEqual([409, 'NOTICE_NOT_PUBLISHED'])
  })

  it('expires a published notice whose period is over when the list is read, by the actor system; refuses a start in the future or over a year ago', async () => {
    await projectData()
    const a = await approved()
    const legal = await as('legal')
    const startsOn = addDays(beijingToday(), -60)
    const pub = await legal.request('POST', `/api/notices/${a.id}/publish`, { json: { starts_on: startsOn }, headers: v(a.version) })
    expect([pub.status, pub.body.starts_on, pub.body.hearing_deadline]).toEqual([200, startsOn, periodEnd(startsOn, 30, 'days', calendar)])
    const list = await (await as('planner')).request('GET', '/api/notices')
    expect(list.body.items[0]).toMatchObject({ id: a.id, status: 'expired', hearing: { invites: true, open: false, requests: 0 } })
    const one = await legal.request('GET', `/api/notices/${a.id}`)
    expect(one.body.events.at(-1)).toMatchObject({ action: 'expired', from_status: 'published', to_status: 'expired', actor: 'system' })
    const other = await approved('acquisition')
    for (const startsOn of ['2001-01-01', addDays(beijingToday(), 1), '2025-02-30']) {
      const r = await legal.request('POST', `/api/notices/${other.id}/publish`, { json: { starts_on: startsOn }, headers: v(other.version) })
      expect([startsOn, r.status, r.body.errors[0].path]).toEqual([startsOn, 422, 'starts_on'])
    }
  })
})

describe('deadline preview and posting evidence', () => {
  it('previews the deadlines of a draft for any start day on the stored calendar: 10 working days from 2025-09-26 end 2025-10-16', async () => {
    await projectData()
    const n = await draft('pre_announcement')
    const r = await (await as('auditor')).request('GET', `/api/notices/${n.id}/deadline-preview?starts_on=2025-09-26`)
    expect(r.body).toEqual({ starts_on: '2025-09-26', ends_on: '2025-10-16', hearing_deadline: null })
    const c = await draft('compensation_plan')
    const plan = await (await as('auditor')).request('GET', `/api/notices/${c.id}/deadline-preview?starts_on=2025-09-03`)
    expect(plan.body).toEqual({ starts_on: '2025-09-03', ends_on: '2025-10-09', hearing_deadline: '2025-10-09' })
    expect((await (await as('auditor')).request('GET', `/api/notices/${c.id}/deadline-preview?starts_on=2025-02-30`)).status).toBe(400)
  })

  it('keeps photos of a published notice, typed by their bytes; refuses them on a draft', async () => {
    await projectData()
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
    const legal = await as('legal')
    const d = await draft('acquisition')
    const onDraft = await legal.request('POST', `/api/notices/${d.id}/evidence`, { raw: png, headers: { 'content-type': 'image/png' } })
    expect([onDraft.status, onDraft.body.code]).toEqual([409, 'NOTICE_NOT_PUBLISHED'])
    const a = await approved('acquisition')
    await legal.request('POST', `/api/notices/${a.id}/publish`, { headers: v(a.version) })
    const path = `/api/notices/${a.id}/evidence?place=${encodeURIComponent('板山村村部公告栏')}&taken_on=${beijingToday()}&caption=${encodeURIComponent('张贴现场')}`
    const up = await legal.request('POST', path, { raw: png, headers: { 'content-type': 'application/octet-stream' } })
    expect(up.status, up.text).toBe(201)
    expect(up.body).toMatchObject({ content_type: 'image/png', place: '板山村村部公告栏', caption: '张贴现场', size_bytes: 12, uploaded_by: 'legal' })
    expect((await legal.request('POST', path, { raw: png, headers: { 'content-type': 'image/png' } })).status).toBe(200)
    const text = await legal.request('POST', path, { raw: 'not an image', headers: { 'content-type': 'text/plain' } })
    expect([text.status, text.body.code]).toEqual([422, 'PHOTO_TYPE_UNSUPPORTED'])
    const bytes = await (await as('auditor')).request('GET', up.body.url)
    expect([bytes.status, bytes.headers.get('content-type'), [...bytes.bytes]]).toEqual([200, 'image/png', [...png]])
    expect([bytes.headers.get('content-disposition'), bytes.headers.get('x-content-type-options')]).toEqual(['attachment', 'nosniff'])
    const one = await legal.request('GET', `/api/notices/${a.id}`)
    expect(one.body.evidence).toHaveLength(1)
    expect((await (await as('planner')).request('POST', path, { raw: png, headers: { 'content-type': 'image/png' } })).status).toBe(403)
  })
})
