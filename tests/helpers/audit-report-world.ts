import { expect } from 'vitest'
import { projectFindings, recordDecision, signOff } from '../../server/db/audit.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S, square } from './fixtures.ts'
import type { World } from './world.ts'

const projects = loadQueries('projects', ['insert'])

/** A canary household: none of these strings may appear in any form of the audit report. */
export const canary = {
  head: '金丝雀张三丰',
  member: '欧阳金丝雀',
  headId: '430102199003071234',
  memberId: '11010519491231002X',
  phone: '13812345678',
  /** A lump sum paid to the household (its own money): withheld from the report. */
  householdYuan: '98765.43',
}

/** The 2021 figures of the report as the totals of a sign-off: 220014.67 m² = 330.022005 mu → 330.022. */
export const totals2021 = { parcels: 3, land_m2: '220014.67', land_mu: '330.0220', buildings: 5, houses_m2: '4699.13', households: 4, persons: 16 }

/** Beijing-time calendar date YYYY-MM-DD of an instant. */
export const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

export interface SignedWorld {
  /** P1: three parcels (over-claimed, without a claim, consistent; west to east), a building, the canary household; signed now. */
  a: number
  /** P2: signed (SQL insert) at 2021-07-01 00:30 Beijing time = 2021-06-30 16:30 UTC with totals2021. */
  b: number
  /** P3: never signed. */
  c: number
  parcels: number[]
  /** The current calendar year in Beijing time, whose period holds A's sign-off. */
  year: string
}

/**
 * Builds the report's world through the API and the audit engine: project A with parcels, a building, the canary
 * household with its resettlement, agreement and a lump-sum item; every error and warning of A accepted with a
 * reason that names the canary (the report must scrub it), then signed by signOff (server/db/audit.ts), after an
 * earlier sign-off of A with other totals that the report must not use. Project B signed in 2021 by SQL insert
 * (the audit engine signs only "now"); project C not signed.
 */
export async function buildSignedWorld(w: World): Promise<SignedWorld> {
  const a = w.projectId
  const [bRow] = await w.db.query<{ id: number }>(projects.insert, ['P2', '迎丰组团安置区', 'Yingfeng resettlement site', '鹤城区', null])
  const [cRow] = await w.db.query<{ id: number }>(projects.insert, ['P3', '未稽核项目', 'Not audited', '鹤城区', null])
  const b = bRow!.id
  const c = cRow!.id
  const planner = await w.api.as('planner')
  const parcel = async (code: string, ring: [number, number][], props: Record<string, unknown> = {}) => {
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), a, { code, ...props }) })
    expect(r.status, r.text).toBe(201)
    return r.body.id as number
  }
  // S is 10949.47 m² = 16.4242 mu: a claim of 18.000 mu exceeds any tolerance and any basis signature.
  const p1 = await parcel('A-001', S, { claimed_area_mu: '18.000' })
  const p2 = await parcel('A-002', square(110.003, 27.5))
  // The same square further east: 16.4242 mu, claimed to 3 decimals as 16.424: consistent.
  const p3 = await parcel('A-003', square(110.006, 27.5), { claimed_area_mu: '16.424' })
  const building = await planner.request('POST', '/api/buildings', {
    json: {
      type: 'Feature', geometry: polygon(square(110.0002, 27.5002, 0.0001)),
      properties: { project_id: a, parcel_id: p1, code: 'F-001', structure: 'brick_concrete', floors: 2, floor_area_m2: '218.50', legal_status: 'licensed' },
    },
  })
  expect(building.status, building.text).toBe(201)
  const household = await planner.request('POST', '/api/households', {
    json: {
      project_id: a, parcel_ids: [p1], name: canary.head, village_group: '板山村三组', id_number: canary.headId, phone: canary.phone,
      members: [
        { name: canary.head, relation: '户主', is_resettled: true },
        { name: canary.member, relation: '配偶', id_number: canary.memberId, is_resettled: true },
      ],
    },
  })
  expect(household.status, household.text).toBe(201)
  const h = household.body.id as number
  expect((await planner.request('POST', '/api/resettlements', { json: { project_id: a, household_id: h, persons: 2, method: 'cash' } })).status).toBe(201)
  expect((await planner.request('POST', '/api/agreements', { json: { project_id: a, household_id: h, number: 'A-2026-001', signed_on: '2026-01-05' } })).status).toBe(201)
  // Moving allowance paid as a lump sum: a rate-bound item without a rate, an error about the household's own money.
  const item = await (await w.api.as('finance')).request('POST', '/api/compensation-items', {
    json: { project_id: a, item_type: 'relocation', household_id: h, quantity: '1', unit: 'household', amount_yuan: canary.householdYuan },
  })
  expect(item.status, item.text).toBe(201)

  for (const f of await projectFindings(w.db, a)) {
    if (f.severity === 'info' || f.decision?.decision === 'accepted') continue
    await w.db.transaction((tx) => recordDecision(tx, { projectId: a }, {
      finding_key: f.key, decision: 'accepted', reason: `经核实：户主${canary.head}（电话 ${canary.phone}，身份证 ${canary.headId}）已说明`,
    }, 'auditor'))
  }
  // An earlier sign-off of A in the same period with other totals: the report takes the latest one.
  await w.db.query(`
    INSERT INTO audit_signoffs (project_id, signed_by, signed_at, parcel_history_max, household_history_max, record_history_max, totals, findings)
    VALUES ($1, 'auditor', now() - interval '1 minute', 0, 0, 0, $2::jsonb, '[]')`,
  [a, JSON.stringify({ ...totals2021, land_m2: '1.00', houses_m2: '1.00', persons: 1 })])
  await w.db.transaction((tx) => signOff(tx, a, 'auditor', '同意'))

  await w.db.query(`
    INSERT INTO audit_signoffs (project_id, signed_by, signed_at, parcel_history_max, household_history_max, record_history_max, totals, findings)
    VALUES ($1, 'auditor2', '2021-06-30T16:30:00Z', (SELECT coalesce(max(id), 0) FROM parcel_history), (SELECT coalesce(max(id), 0) FROM household_history),
            (SELECT coalesce(max(id), 0) FROM record_history), $2::jsonb, '[]')`,
  [b, JSON.stringify(totals2021)])
  return { a, b, c, parcels: [p1, p2, p3], year: beijingDate(new Date()).slice(0, 4) }
}
