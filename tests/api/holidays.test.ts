import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const as = (role: Parameters<typeof w.api.as>[0]) => w.api.as(role)

describe('the holiday calendar', () => {
  it('is seeded from data/calendar/cn-holidays.json: 2025 lists 国庆节、中秋节 10-01…10-08 and the make-up workdays', async () => {
    const r = await (await as('planner')).request('GET', '/api/holidays?year=2025')
    expect(r.status).toBe(200)
    const days = new Map(r.body.items.map((d: { day: string; kind: string; name: string }) => [d.day, `${d.kind} ${d.name}`]))
    expect(days.get('2025-10-01')).toBe('holiday 国庆节、中秋节')
    expect(days.get('2025-10-08')).toBe('holiday 国庆节、中秋节')
    expect(days.get('2025-09-28')).toBe('workday 国庆节、中秋节调休上班')
    expect(days.get('2025-01-28')).toBe('holiday 春节')
    expect(r.body.items.every((d: { day: string }) => d.day.startsWith('2025-'))).toBe(true)
    expect((await (await as('legal')).request('GET', '/api/holidays?year=25')).status).toBe(400)
    expect((await w.api.request('GET', '/api/holidays?year=2025')).status).toBe(401)
  })

  it('is edited by legal and admin only; an edit moves the deadlines computed afterwards', async () => {
    const planner = await as('planner')
    const created = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110, 27.5)), w.projectId) })
    expect(created.status).toBe(201)
    const legal = await as('legal')
    const notice = await legal.request('POST', '/api/notices', { json: { project_id: w.projectId, kind: 'pre_announcement' } })
    expect(notice.status).toBe(201)
    const preview = () => legal.request('GET', `/api/notices/${notice.body.id}/deadline-preview?starts_on=2027-03-05`)
    // 2027 is not in the file: weekends only. 10 working days from Fri 2027-03-05: 03-08…03-12, 03-15…03-19.
    expect((await preview()).body.ends_on).toBe('2027-03-19')

    expect((await planner.request('PUT', '/api/holidays/2027-03-08', { json: { kind: 'holiday', name: '测试' } })).status).toBe(403)
    const put = await legal.request('PUT', '/api/holidays/2027-03-08', { json: { kind: 'holiday', name: '  临时休假  ' } })
    expect([put.status, put.body.day, put.body.kind, put.body.name, put.body.updated_by]).toEqual([200, '2027-03-08', 'holiday', '临时休假', 'legal'])
    // Monday 03-08 is off now: the tenth working day is Monday 03-22.
    expect((await preview()).body.ends_on).toBe('2027-03-22')
    const workday = await (await as('admin')).request('PUT', '/api/holidays/2027-03-13', { json: { kind: 'workday', name: '调休上班' } })
    expect(workday.status).toBe(200)
    // Saturday 03-13 is worked: back to Friday 03-19.
    expect((await preview()).body.ends_on).toBe('2027-03-19')

    expect((await legal.request('DELETE', '/api/holidays/2027-03-08')).status).toBe(204)
    expect((await legal.request('DELETE', '/api/holidays/2027-03-08')).status).toBe(404)
    expect((await preview()).body.ends_on).toBe('2027-03-18')
  })

  it('refuses a bad day (404) and a bad body (422) and writes nothing', async () => {
    const legal = await as('legal')
    expect((await legal.request('PUT', '/api/holidays/2027-02-30', { json: { kind: 'holiday', name: 'x' } })).status).toBe(404)
    expect((await legal.request('PUT', '/api/holidays/tomorrow', { json: { kind: 'holiday', name: 'x' } })).status).toBe(404)
    const bad = await legal.request('PUT', '/api/holidays/2027-01-04', { json: { kind: 'rest', name: '', extra: 1 } })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'kind', 'name'])
    expect((await w.db.query(`SELECT 1 FROM holidays WHERE day >= '2027-01-01'`)).length).toBe(0)
  })
})
