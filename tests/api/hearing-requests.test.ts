import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { beijingToday, plantNotice } from '../helpers/public-notice-fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld({ ZD_PII_KEY: Buffer.alloc(32, 9).toString('base64') })

const NAME = '李秀英'
const PHONE = '13812345678'
const RED = '红星村集体经济组织'
const EAST = '东风村集体经济组织'

const request = (extra: Record<string, unknown> = {}) => ({ name: NAME, phone: '138 1234 5678', collective: RED, reason: '补偿标准偏低，申请听证。', ...extra })
const file = (noticeId: number | string, body: unknown) => w.api.request('POST', `/api/public/notices/${noticeId}/hearing-requests`, { json: body })
/** A distinct valid mobile number per i. */
const phone = (i: number) => `1390000${String(1000 + i).padStart(4, '0')}`

async function stored() {
  return w.db.query<{ id: number; name_enc: string; phone_enc: string; phone_index: string; client_key: string; collective: string }>('SELECT * FROM hearing_requests ORDER BY id')
}

/** A refusal must not carry the name or the phone that was sent, in any spelling. */
function expectNoEcho(text: string) {
  for (const s of [NAME, PHONE, '138 1234 5678', '1234 5678', '13812345678']) expect(text).not.toContain(s)
}

describe('POST /api/public/notices/:id/hearing-requests', () => {
  it('files a request without a login, storing name and phone only encrypted and the address only hashed', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    const r = await file(id, request())
    expect(r.status).toBe(201)
    expect(Object.keys(r.body).sort()).toEqual(['filed_at', 'id'])
    expectNoEcho(r.text)
    const [row] = await stored()
    expect(row!.collective).toBe(RED)
    for (const v of [row!.name_enc, row!.phone_enc, row!.phone_index, row!.client_key]) {
      expect(v).not.toContain(NAME)
      expect(v).not.toContain(PHONE)
      expect(v).not.toContain('127.0.0.1')
    }
    expect(row!.client_key).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses a request after the deadline with 409 HEARING_CLOSED', async () => {
    const closed = await plantNotice(w.db, { projectId: w.projectId, startsOn: await beijingToday(w.db, -45), periodDays: 30 })
    const r = await file(closed, request())
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('HEARING_CLOSED')
    expectNoEcho(r.text)
    // The last day is still open: published 30 days ago with a 30-day period, the deadline is today.
    const lastDay = await plantNotice(w.db, { projectId: w.projectId, startsOn: await beijingToday(w.db, -30), periodDays: 30 })
    expect((await file(lastDay, request())).status).toBe(201)
    const swept = await plantNotice(w.db, { projectId: w.projectId, status: 'expired' })
    expect((await file(swept, request({ phone: phone(1) }))).body.code).toBe('HEARING_CLOSED')
    expect(await stored()).toHaveLength(1)
  })

  it('refuses notices whose kind invites no hearing (409) and notices that are not public (404)', async () => {
    const acquisition = await plantNotice(w.db, { projectId: w.projectId, kind: 'acquisition' })
    const r = await file(acquisition, request())
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('HEARING_NOT_INVITED')
    for (const status of ['draft', 'approved', 'withdrawn'] as const) {
      const hidden = await plantNotice(w.db, { projectId: w.projectId, status })
      const miss = await file(hidden, request())
      expect(miss.status, status).toBe(404)
      expect(miss.body.code).toBe('NOT_FOUND')
    }
    expect((await file(999999, request())).status).toBe(404)
    expect((await file('x', request())).status).toBe(404)
    expect(await stored()).toHaveLength(0)
  })

  it('refuses a second request with the same phone on the same notice (409), in any spelling', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    const other = await plantNotice(w.db, { projectId: w.projectId })
    expect((await file(id, request())).status).toBe(201)
    const again = await file(id, request({ phone: '+86 138-1234-5678', name: '李秀英二', collective: EAST }))
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('HEARING_DUPLICATE')
    expectNoEcho(again.text)
    expect((await file(other, request())).status).toBe(201)
    expect(await stored()).toHaveLength(2)
  })

  it('refuses missing, malformed and unknown fields with 422, never echoing the name or phone', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    const cases: [unknown, string, string][] = [
      [{ phone: PHONE, collective: RED, reason: '补偿标准偏低。' }, 'name', 'FIELD_REQUIRED'],
      [request({ name: '李' }), 'name', 'FIELD_INVALID'],
      [request({ name: '李'.repeat(51) }), 'name', 'FIELD_TOO_LONG'],
      [request({ phone: '1381234567' }), 'phone', 'FIELD_INVALID'],
      [request({ phone: '12812345678' }), 'phone', 'FIELD_INVALID'],
      [request({ phone: 13812345678 }), 'phone', 'FIELD_INVALID'],
      [request({ reason: '太低' }), 'reason', 'FIELD_INVALID'],
      [request({ reason: '理'.repeat(2001) }), 'reason', 'FIELD_TOO_LONG'],
      [request({ collective: '' }), 'collective', 'FIELD_REQUIRED'],
      [request({ id_number: '430102199003071234' }), 'id_number', 'UNKNOWN_PROPERTY'],
      [request({ website: 'http://spam.example' }), 'website', 'HEARING_HONEYPOT'],
    ]
    for (const [body, path, code] of cases) {
      const r = await file(id, body)
      expect(r.status, `${path} ${code}`).toBe(422)
      expect(r.headers.get('content-type')).toMatch(/problem\+json/)
      const errors = r.body.errors as { path: string; code: string }[]
      expect(errors.some((e) => e.path === path && e.code === code), JSON.stringify(r.body)).toBe(true)
      expectNoEcho(r.text)
    }
    const unknown = await file(id, request({ collective: '不存在村集体经济组织' }))
    expect(unknown.status).toBe(422)
    expect(unknown.body.code).toBe('HEARING_UNKNOWN_COLLECTIVE')
    expectNoEcho(unknown.text)
    expect((await file(id, request({ website: '' }))).status).toBe(201)
    expect(await stored()).toHaveLength(1)
  })

  it('limits one address to 3 requests per notice a day and 10 an hour (429)', async () => {
    const notices = [] as number[]
    for (let i = 0; i < 4; i++) notices.push(await plantNotice(w.db, { projectId: w.projectId }))
    let n = 0
    for (let i = 0; i < 3; i++) expect((await file(notices[0]!, request({ phone: phone(n++) }))).status).toBe(201)
    const fourth = await file(notices[0]!, request({ phone: phone(n++) }))
    expect(fourth.status).toBe(429)
    expect(fourth.body.code).toBe('HEARING_RATE_LIMITED')
    expectNoEcho(fourth.text)
    for (const id of notices.slice(1)) {
      for (let i = 0; i < 3 && (await stored()).length < 10; i++) expect((await file(id, request({ phone: phone(n++) }))).status).toBe(201)
    }
    expect(await stored()).toHaveLength(10)
    const eleventh = await file(notices[3]!, request({ phone: phone(n++) }))
    expect(eleventh.status).toBe(429)
    expect(await stored()).toHaveLength(10)
  })

  it('counts a refused duplicate as an attempt, so after the limit a duplicate probe gets 429 like any other', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    expect((await file(id, request())).status).toBe(201)
    for (let i = 0; i < 2; i++) {
      const probe = await file(id, request({ name: '张三', phone: '+86 138 1234 5678' }))
      expect(probe.status).toBe(409)
      expect(probe.body.code).toBe('HEARING_DUPLICATE')
    }
    // Three attempts on this notice from this address: the phone that filed and one that did not answer alike.
    for (const p of ['138 1234 5678', phone(1)]) {
      const r = await file(id, request({ phone: p }))
      expect(r.status, p).toBe(429)
      expect(r.body.code).toBe('HEARING_RATE_LIMITED')
      expectNoEcho(r.text)
    }
    expect(await stored()).toHaveLength(1)
    const attempts = await w.db.query<{ notice_id: number; outcome: string; client_key: string }>('SELECT * FROM hearing_attempts ORDER BY id')
    expect(attempts.map((a) => a.outcome)).toEqual(['filed', 'duplicate', 'duplicate', 'rate_limited', 'rate_limited'])
    expect(attempts.every((a) => a.notice_id === id && a.client_key === attempts[0]!.client_key)).toBe(true)
  })

  it('counts duplicates on every notice against the hourly limit of 10 attempts', async () => {
    const first = await plantNotice(w.db, { projectId: w.projectId })
    expect((await file(first, request())).status).toBe(201)
    expect((await file(first, request())).status).toBe(409)
    expect((await file(first, request())).status).toBe(409)
    // 7 more attempts spread over other notices, each of them a duplicate after its first filing.
    const others = [] as number[]
    for (let i = 0; i < 4; i++) others.push(await plantNotice(w.db, { projectId: w.projectId }))
    const expected = [201, 409, 201, 409, 201, 409, 201]
    for (let i = 0; i < expected.length; i++) {
      expect((await file(others[Math.floor(i / 2)]!, request())).status, `attempt ${i + 4}`).toBe(expected[i])
    }
    const eleventh = await file(others[3]!, request())
    expect(eleventh.status).toBe(429)
    expect(eleventh.body.code).toBe('HEARING_RATE_LIMITED')
  })

  it('keeps no name, phone or address in the attempts', async () => {
    const columns = await w.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'hearing_attempts' ORDER BY ordinal_position`)
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'notice_id', 'client_key', 'at', 'outcome'])
  })
})

describe('hearing requests, the legal side', () => {
  async function filed() {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    expect((await file(id, request())).status).toBe(201)
    expect((await file(id, request({ name: '王建国', phone: '0745-2381234', reason: '安置方式不合理，申请听证。' }))).status).toBe(201)
    return id
  }

  it('lists the requests of a notice with names and phones decrypted and counts per collective, and logs the read', async () => {
    const id = await filed()
    const r = await (await w.api.as('legal')).request('GET', `/api/notices/${id}/hearing-requests`)
    expect(r.status).toBe(200)
    expect(r.body.items).toHaveLength(2)
    expect(r.body.items[0]).toMatchObject({ collective: RED, name: NAME, phone: PHONE, reason: '补偿标准偏低，申请听证。', status: 'received', answer: null, answered_by: null, answered_at: null })
    expect(r.body.items[1]).toMatchObject({ name: '王建国', phone: '0745-2381234' })
    expect(r.body.by_collective).toEqual([{ collective: RED, requests: 2 }, { collective: EAST, requests: 0 }])
    const logged = await w.db.query<{ username: string; target: string }>(`SELECT username, target FROM operation_log WHERE action = 'hearing_request.read_personal_data'`)
    expect(logged).toEqual([{ username: 'legal', target: `notice:${id}` }])
    expect((await (await w.api.as('admin')).request('GET', `/api/notices/${id}/hearing-requests`)).status).toBe(200)
    expect((await (await w.api.as('legal')).request('GET', '/api/notices/999999/hearing-requests')).status).toBe(404)
  })

  it('answers a request once (legal, admin); a second answer is 409', async () => {
    const id = await filed()
    const legal = await w.api.as('legal')
    const [first] = (await legal.request('GET', `/api/notices/${id}/hearing-requests`)).body.items
    const r = await legal.request('POST', `/api/hearing-requests/${first.id}/answer`, { json: { answer: '已受理，定于下月组织听证。' } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: first.id, status: 'answered', answer: '已受理，定于下月组织听证。', answered_by: 'legal', name: NAME })
    expect(r.body.answered_at).toBeTruthy()
    const again = await (await w.api.as('admin')).request('POST', `/api/hearing-requests/${first.id}/answer`, { json: { answer: '再次答复。' } })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('HEARING_ALREADY_ANSWERED')
    expect((await legal.request('POST', `/api/hearing-requests/${first.id + 1}/answer`, { json: { answer: ' ' } })).status).toBe(422)
    expect((await legal.request('POST', `/api/hearing-requests/${first.id + 1}/answer`, { json: { answer: 'ok', extra: 1 } })).status).toBe(422)
    expect((await legal.request('POST', '/api/hearing-requests/999999/answer', { json: { answer: '答复。' } })).status).toBe(404)
  })

  it('is refused to the other roles (403) and to the public (401)', async () => {
    const id = await filed()
    for (const role of ['planner', 'auditor', 'finance'] as Role[]) {
      const s = await w.api.as(role)
      expect((await s.request('GET', `/api/notices/${id}/hearing-requests`)).status, role).toBe(403)
      expect((await s.request('POST', '/api/hearing-requests/1/answer', { json: { answer: '答复。' } })).status, role).toBe(403)
    }
    expect((await w.api.request('GET', `/api/notices/${id}/hearing-requests`)).status).toBe(401)
    const [row] = await w.db.query<{ status: string }>('SELECT status FROM hearing_requests WHERE id = 1')
    expect(row!.status).toBe('received')
  })
})
