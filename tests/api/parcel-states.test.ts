import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const projects = loadQueries('projects', ['insert'])

async function as(role: Role) {
  return w.api.as(role)
}

async function parcel(code: string, lon: number, projectId = w.projectId) {
  const r = await (await as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(square(lon, 27.5)), projectId, { code }) })
  if (r.status !== 201) throw new Error(`parcel: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function household(parcelIds: number[], name: string) {
  const r = await (await as('planner')).request('POST', '/api/households', { json: { project_id: w.projectId, name, parcel_ids: parcelIds } })
  if (r.status !== 201) throw new Error(`household: ${r.status} ${r.text}`)
  return r.body.id as number
}

async function agreement(householdId: number, number: string, signedOn: string | null) {
  const r = await (await as('planner')).request('POST', '/api/agreements', {
    json: { project_id: w.projectId, household_id: householdId, number, signed_on: signedOn },
  })
  if (r.status !== 201) throw new Error(`agreement: ${r.status} ${r.text}`)
}

async function item(target: { household_id?: number; parcel_id?: number }, paidOn: string | null) {
  const r = await (await as('finance')).request('POST', '/api/compensation-items', {
    json: { project_id: w.projectId, item_type: 'relocation', quantity: '1', unit: 'household', amount_yuan: '1000', paid_on: paidOn, ...target },
  })
  if (r.status !== 201) throw new Error(`item: ${r.status} ${r.text}`)
}

describe('GET /api/projects/:id/parcel-states', () => {
  it("answers each parcel's agreement and payment status, by id, exactly as the parcel itself reports them", async () => {
    const bare = await parcel('S-001', 110.0)
    const partly = await parcel('S-002', 110.002)
    const done = await parcel('S-003', 110.004)
    const open = await parcel('S-004', 110.006)
    // Two households on one parcel, one signed: partly signed; a paid item on the parcel, an unpaid one of a household.
    const signedHere = await household([partly], '张美玉')
    const unsignedHere = await household([partly], '李四')
    await agreement(signedHere, '状态-001', '2021-03-01')
    await agreement(unsignedHere, '状态-002', null)
    await item({ parcel_id: partly }, '2021-04-01')
    await item({ household_id: unsignedHere }, null)
    // Every household signed and every item paid.
    const allSigned = await household([done], '王五')
    await agreement(allSigned, '状态-003', '2021-03-02')
    await item({ household_id: allSigned, parcel_id: done }, '2021-04-02')
    // A household without an agreement counts as not signed; its item is unpaid.
    const noAgreement = await household([open], '赵六')
    await item({ household_id: noAgreement }, null)
    // Another project's parcel is not listed.
    const [other] = await w.db.query<{ id: number }>(projects.insert, ['P2', '另一项目', 'Other project', '鹤城区', null])
    await parcel('O-001', 110.008, other!.id)

    const r = await (await as('legal')).request('GET', `/api/projects/${w.projectId}/parcel-states`)
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(r.body).toEqual({
      project_id: w.projectId,
      parcels: [
        [bare, 'no_households', 'no_items'],
        [partly, 'partly_signed', 'partly_paid'],
        [done, 'all_signed', 'paid'],
        [open, 'none_signed', 'unpaid'],
      ],
    })
    // The same statuses as GET /api/parcels/:id (the view parcel_features) reports.
    for (const [id, agreementStatus, paymentStatus] of r.body.parcels as [number, string, string][]) {
      const p = await (await as('legal')).request('GET', `/api/parcels/${id}`)
      expect([p.body.properties.agreement_status, p.body.properties.payment_status]).toEqual([agreementStatus, paymentStatus])
    }
  })

  it('follows a signature at once', async () => {
    const id = await parcel('S-010', 110.0)
    const h = await household([id], '张美玉')
    const before = await (await as('planner')).request('GET', `/api/projects/${w.projectId}/parcel-states`)
    expect(before.body.parcels).toEqual([[id, 'none_signed', 'no_items']])
    await agreement(h, '状态-010', '2021-05-01')
    const after = await (await as('planner')).request('GET', `/api/projects/${w.projectId}/parcel-states`)
    expect(after.body.parcels).toEqual([[id, 'all_signed', 'no_items']])
  })

  it('answers an empty list for a project without parcels', async () => {
    const r = await (await as('auditor')).request('GET', `/api/projects/${w.projectId}/parcel-states`)
    expect([r.status, r.body]).toEqual([200, { project_id: w.projectId, parcels: [] }])
  })

  it('is read by every role that reads parcels, and by nobody without a session', async () => {
    await parcel('S-020', 110.0)
    for (const role of ['planner', 'auditor', 'finance', 'legal', 'admin'] as const) {
      const r = await (await as(role)).request('GET', `/api/projects/${w.projectId}/parcel-states`)
      expect([role, r.status, r.body.parcels.length]).toEqual([role, 200, 1])
    }
    const anonymous = await w.api.request('GET', `/api/projects/${w.projectId}/parcel-states`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(anonymous.body.parcels).toBeUndefined()
  })

  it('answers 404 problem+json for a project that does not exist, and a problem for an id that is no id', async () => {
    const missing = await (await as('planner')).request('GET', `/api/projects/${w.projectId + 1000}/parcel-states`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(missing.body.code).toBe('NOT_FOUND')
    for (const bad of ['abc', '-1', '1.5', '99999999999999999999']) {
      const r = await (await as('planner')).request('GET', `/api/projects/${bad}/parcel-states`)
      expect([bad, r.status >= 400 && r.status < 500]).toEqual([bad, true])
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    }
  })
})
