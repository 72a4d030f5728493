import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// The shared zod edge (zodIssues in server/schemas/parcel-feature.ts) over several resources: a field that is
// absent is FIELD_REQUIRED, a field sent with a value of the wrong type is FIELD_INVALID and says which type is
// expected. zod 4 keeps no input in its issues, so the two used to read alike.

const w = useWorld({ ZD_PII_KEY: Buffer.alloc(32, 7).toString('base64') })

interface Case {
  /** What the case sends, as the test name. */
  name: string
  role: Role | null
  method: 'POST' | 'PUT'
  path: () => string
  body: () => Record<string, unknown>
  /** The field the issue must name, and its code. */
  field: string
  code: 'FIELD_REQUIRED' | 'FIELD_INVALID'
  /** For FIELD_INVALID: words of the English message (what was expected). */
  says?: string
}

const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))

const household = () => ({ project_id: w.projectId, name: '张美玉', village_group: '板山村三组', notes: '常住' })
const parcel = (props: Record<string, unknown> = {}) => parcelFeature(polygon(S), w.projectId, props)
const parcelWithout = (key: string) => {
  const f = parcel()
  return { ...f, properties: without(f.properties, key) }
}
const noticeText = () => ({ title: '征地补偿安置方案公告', body: '正文', period_days: 30, period_unit: 'days' })
const hearing = () => ({ name: '李秀英', phone: '13812345678', collective: '红星村集体经济组织', reason: '补偿标准偏低，申请听证。' })

const households = (name: string, body: () => Record<string, unknown>, field: string, code: Case['code'], says?: string): Case =>
  ({ name: `household: ${name}`, role: 'planner', method: 'POST', path: () => '/api/households', body, field, code, says })
const parcels = (name: string, body: () => Record<string, unknown>, field: string, code: Case['code'], says?: string): Case =>
  ({ name: `parcel: ${name}`, role: 'planner', method: 'POST', path: () => '/api/parcels', body, field, code, says })
const notices = (name: string, method: Case['method'], body: () => Record<string, unknown>, field: string, code: Case['code'], says?: string): Case =>
  ({ name: `notice: ${name}`, role: 'legal', method, path: () => (method === 'POST' ? '/api/notices' : '/api/notices/1'), body, field, code, says })
// The body is checked before the notice is looked up, so no notice is needed.
const hearings = (name: string, body: () => Record<string, unknown>, field: string, code: Case['code'], says?: string): Case =>
  ({ name: `hearing request: ${name}`, role: null, method: 'POST', path: () => '/api/public/notices/1/hearing-requests', body, field, code, says })

const cases: Case[] = [
  households('name missing', () => without(household(), 'name'), 'name', 'FIELD_REQUIRED'),
  households('name null', () => ({ ...household(), name: null }), 'name', 'FIELD_REQUIRED'),
  households('name a number', () => ({ ...household(), name: 123 }), 'name', 'FIELD_INVALID', 'text expected'),
  households('project_id missing', () => without(household(), 'project_id'), 'project_id', 'FIELD_REQUIRED'),
  households('project_id as text', () => ({ ...household(), project_id: String(w.projectId) }), 'project_id', 'FIELD_INVALID', 'a number expected'),
  households('project_id not whole', () => ({ ...household(), project_id: 1.5 }), 'project_id', 'FIELD_INVALID', 'a whole number expected'),
  households('parcel_ids a text', () => ({ ...household(), parcel_ids: '1,2' }), 'parcel_ids', 'FIELD_INVALID', 'a list expected'),
  households('a member without a name', () => ({ ...household(), members: [{ relation: '子' }] }), 'members[0].name', 'FIELD_REQUIRED'),
  households('a member name a number', () => ({ ...household(), members: [{ name: 7, relation: '子' }] }), 'members[0].name', 'FIELD_INVALID', 'text expected'),
  households('is_resettled as text', () => ({ ...household(), members: [{ name: '张三', relation: '子', is_resettled: 'yes' }] }), 'members[0].is_resettled', 'FIELD_INVALID', 'true or false expected'),

  parcels('code missing', () => parcelWithout('code'), 'properties.code', 'FIELD_REQUIRED'),
  parcels('code a number', () => parcel({ code: 17 }), 'properties.code', 'FIELD_INVALID', 'text expected'),
  parcels('land_class missing', () => parcelWithout('land_class'), 'properties.land_class', 'FIELD_REQUIRED'),
  parcels('land_class a number', () => parcel({ land_class: 101 }), 'properties.land_class', 'FIELD_INVALID', 'text expected'),
  parcels('project_id as text', () => parcel({ project_id: String(w.projectId) }), 'properties.project_id', 'FIELD_INVALID', 'a number expected'),
  parcels('survey_zone as text', () => parcel({ survey_zone: '37' }), 'properties.survey_zone', 'FIELD_INVALID', 'a number expected'),
  parcels('status a number', () => parcel({ status: 2 }), 'properties.status', 'FIELD_INVALID', 'one of draft, surveyed, approved, acquired'),

  notices('kind missing', 'POST', () => ({ project_id: w.projectId }), 'kind', 'FIELD_REQUIRED'),
  notices('kind a number', 'POST', () => ({ project_id: w.projectId, kind: 2 }), 'kind', 'FIELD_INVALID', 'one of pre_announcement'),
  notices('project_id as text', 'POST', () => ({ project_id: String(w.projectId), kind: 'compensation_plan' }), 'project_id', 'FIELD_INVALID', 'a number expected'),
  notices('title missing', 'PUT', () => without(noticeText(), 'title'), 'title', 'FIELD_REQUIRED'),
  notices('title a list', 'PUT', () => ({ ...noticeText(), title: ['公告'] }), 'title', 'FIELD_INVALID', 'text expected'),
  notices('period_days missing', 'PUT', () => without(noticeText(), 'period_days'), 'period_days', 'FIELD_REQUIRED'),
  notices('period_days as text', 'PUT', () => ({ ...noticeText(), period_days: '30' }), 'period_days', 'FIELD_INVALID', 'a number expected'),
  notices('period_unit missing', 'PUT', () => without(noticeText(), 'period_unit'), 'period_unit', 'FIELD_REQUIRED'),

  hearings('name missing', () => without(hearing(), 'name'), 'name', 'FIELD_REQUIRED'),
  hearings('name a number', () => ({ ...hearing(), name: 42 }), 'name', 'FIELD_INVALID', 'text expected'),
  hearings('phone a number', () => ({ ...hearing(), phone: 13812345678 }), 'phone', 'FIELD_INVALID', 'text expected'),
  hearings('reason missing', () => without(hearing(), 'reason'), 'reason', 'FIELD_REQUIRED'),
  hearings('collective an object', () => ({ ...hearing(), collective: { name: '红星村' } }), 'collective', 'FIELD_INVALID', 'text expected'),
  hearings('website a boolean', () => ({ ...hearing(), website: true }), 'website', 'FIELD_INVALID', 'text expected'),
]

describe('field issues of wrong types and missing fields, the same for every resource', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const client = c.role ? await w.api.as(c.role) : w.api
    const r = await client.request(c.method, c.path(), { json: c.body(), headers: { 'accept-language': 'en' } })
    expect(r.status, JSON.stringify(r.body)).toBe(422)
    expect(r.headers.get('content-type')).toMatch(/problem\+json/)
    const errors = r.body.errors as { path: string; code: string; message: string }[]
    const issue = errors.find((e) => e.path === c.field)
    expect(issue, JSON.stringify(errors)).toBeDefined()
    expect(issue!.code).toBe(c.code)
    if (c.says) expect(issue!.message).toContain(c.says)
    // Nothing else is reported about a body whose only fault is this field, and nothing is written.
    expect(errors.map((e) => e.path)).toEqual([c.field])
    const [row] = await w.db.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM households) + (SELECT count(*) FROM parcels) + (SELECT count(*) FROM notices) + (SELECT count(*) FROM hearing_requests))::int AS n`)
    expect(row!.n).toBe(0)
  })
})
