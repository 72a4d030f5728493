import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { decryptPii, piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

let db: Database
const keys = piiKeysFrom(Buffer.alloc(32, 3).toString('base64'))
beforeAll(async () => {
  db = await testDb()
  await resetData(db)
  expect(await loadDemo(db, keys)).toBe(true)
})

describe('the illustrative demo data', () => {
  it('holds the three projects of the 2021 report and the invented project its audit signed off', async () => {
    const rows = await db.query<{ name: string }>('SELECT name FROM projects ORDER BY id')
    expect(rows.map((r) => r.name)).toEqual(['正清路延长线', '怀南水产品市场', '迎丰组团10#安置区二期', '城东物流园一期'])
  })

  it('gives 迎丰组团10#安置区二期 33.288 mu, the figure of the report, from the parcel geometry', async () => {
    const [row] = await db.query<{ mu: string }>(`
      SELECT round(sum((zd_area(p.geom, p.survey_zone) ->> 'ellipsoidal_m2')::numeric) * 15 / 10000, 3)::text AS mu
      FROM parcels p JOIN projects pr ON pr.id = p.project_id WHERE pr.code = 'YF10-2021'`)
    expect(row!.mu).toBe('33.288')
  })

  it('gives 城东物流园一期 the 330.022 mu audited in 2021, in the middle of the rounding interval', async () => {
    const [row] = await db.query<{ mu: string }>(`
      SELECT round(sum((zd_area(p.geom, p.survey_zone) ->> 'ellipsoidal_m2')::numeric) * 15 / 10000, 5)::text AS mu
      FROM parcels p JOIN projects pr ON pr.id = p.project_id WHERE pr.code = 'CDWL-2021'`)
    expect(Math.abs(Number(row!.mu) - 330.022)).toBeLessThanOrEqual(0.0001)
  })

  it('loads the audit data of audit.json: a claim for every parcel, a scope per project, 15 batches holding every parcel once, the office figures of 2021', async () => {
    const file = JSON.parse(fs.readFileSync(new URL('../../data/demo/audit.json', import.meta.url), 'utf8')) as Record<string, unknown[]>
    const [row] = await db.query<Record<string, number>>(`
      SELECT (SELECT count(*) FROM parcels)::int AS parcels, (SELECT count(*) FROM area_claims)::int AS claims,
             (SELECT count(*) FROM area_claims c JOIN parcels p ON p.id = c.parcel_id WHERE c.project_id <> p.project_id)::int AS claims_elsewhere,
             (SELECT count(*) FROM acquisition_scopes)::int AS scopes, (SELECT count(*) FROM projects)::int AS projects,
             (SELECT count(*) FROM approval_batches)::int AS batches,
             (SELECT count(DISTINCT parcel_id) FROM approval_batch_parcels)::int AS batched, (SELECT count(*) FROM approval_batch_parcels)::int AS links,
             (SELECT count(*) FROM approval_batch_parcels bp JOIN approval_batches b ON b.id = bp.batch_id JOIN parcels p ON p.id = bp.parcel_id
              WHERE p.project_id <> b.project_id)::int AS batched_elsewhere,
             (SELECT count(*) FROM basic_farmland)::int AS farmland,
             (SELECT count(*) FROM reported_figures WHERE project_id IS NULL)::int AS office_figures,
             (SELECT count(*) FROM audit_signoffs)::int AS signoffs`)
    expect(row).toEqual({
      parcels: row!.parcels, claims: row!.parcels, claims_elsewhere: 0, scopes: 4, projects: 4, batches: 15, batched: row!.parcels, links: row!.parcels,
      batched_elsewhere: 0, farmland: file.basic_farmland!.length, office_figures: 5, signoffs: 1,
    })
  })

  it('keeps every parcel inside its scope but ZQL-018, and basic farmland off every parcel but ZQL-001 (both planted)', async () => {
    const outside = await db.query<{ code: string; m2: string }>(`
      SELECT p.code, round(ST_Area(ST_Difference(p.geom, s.geom)::geography)::numeric, 0)::text AS m2
      FROM parcels p JOIN acquisition_scopes s ON s.project_id = p.project_id
      WHERE NOT ST_Covers(s.geom, p.geom) ORDER BY p.code`)
    expect(outside).toEqual([{ code: 'ZQL-018', m2: '500' }])
    const farmland = await db.query<{ code: string; m2: string }>(`
      SELECT p.code, round(ST_Area(ST_Intersection(p.geom, f.geom)::geography)::numeric, 0)::text AS m2
      FROM parcels p JOIN basic_farmland f ON ST_Intersects(p.geom, f.geom) ORDER BY p.code`)
    expect(farmland).toEqual([{ code: 'ZQL-001', m2: '240' }])
    // The other blocks lie 40 m or more from any parcel.
    const [near] = await db.query<{ blocks: number; near: number }>(`
      SELECT count(*)::int AS blocks,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM parcels p WHERE ST_DWithin(p.geom::geography, f.geom::geography, 39)))::int AS near
      FROM basic_farmland f WHERE NOT EXISTS (SELECT 1 FROM parcels z WHERE z.code = 'ZQL-001' AND ST_Intersects(z.geom, f.geom))`)
    expect(near).toEqual({ blocks: 4, near: 0 })
  })

  it('has no invalid or overlapping parcels', async () => {
    const [row] = await db.query<{ bad: number }>(`
      SELECT (SELECT count(*) FROM parcels p, zd_geometry_issues(p.geom))::int
           + (SELECT count(*) FROM parcels a JOIN parcels b ON a.id < b.id
              WHERE ST_Relate(a.geom, b.geom, 'T********'))::int AS bad`)
    expect(row!.bad).toBe(0)
  })

  it('loads every record of records.json with the parcels, and no building outside its parcel or on another', async () => {
    const file = JSON.parse(fs.readFileSync(new URL('../../data/demo/records.json', import.meta.url), 'utf8')) as Record<string, unknown[]>
    const [row] = await db.query<{ households: number; buildings: number; graves: number; attachments: number; agreements: number; outside: number; overlapping: number }>(`
      SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM buildings)::int AS buildings,
             (SELECT count(*) FROM graves)::int AS graves, (SELECT count(*) FROM attachments)::int AS attachments,
             (SELECT count(*) FROM agreements)::int AS agreements,
             (SELECT count(*) FROM buildings b JOIN parcels p ON p.id = b.parcel_id WHERE NOT ST_Within(b.footprint, p.geom))::int AS outside,
             (SELECT count(*) FROM buildings a JOIN buildings b ON a.id < b.id WHERE ST_Intersects(a.footprint, b.footprint))::int AS overlapping`)
    expect(row).toEqual({
      households: file.households!.length, buildings: file.buildings!.length, graves: file.graves!.length,
      attachments: file.attachments!.length, agreements: file.agreements!.length, outside: 0, overlapping: 0,
    })
  })

  it('publishes every kind of notice on the demo projects, dated back from today: the compensation plan open for hearings, one expired, one draft, one approved', async () => {
    const notices = await db.query<{ project: string; kind: string; status: string; public_status: string | null; hearing_open: boolean | null; drafted_by: string; approved_by: string | null }>(`
      SELECT p.code AS project, n.kind, n.status, pn.status AS public_status, pn.hearing_open, n.drafted_by, n.approved_by
      FROM notices n JOIN projects p ON p.id = n.project_id LEFT JOIN public_notices pn ON pn.id = n.id ORDER BY n.id`)
    const file = JSON.parse(fs.readFileSync(new URL('../../data/demo/notices.json', import.meta.url), 'utf8')) as { notices: unknown[]; hearing_requests: unknown[] }
    expect(notices).toHaveLength(file.notices.length)
    const current = notices.filter((n) => n.public_status === 'published')
    expect(new Set(current.map((n) => n.kind))).toEqual(new Set(['pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan']))
    expect(current.filter((n) => n.hearing_open).map((n) => `${n.project} ${n.kind}`)).toEqual(['CDWL-2021 compensation_plan'])
    expect(notices.filter((n) => n.status === 'expired').map((n) => [n.project, n.kind, n.public_status])).toEqual([['ZQL-2021', 'legacy_notification', 'expired']])
    expect(notices.filter((n) => n.status === 'draft').map((n) => [n.project, n.kind, n.public_status])).toEqual([['CDWL-2021', 'acquisition', null]])
    expect(notices.filter((n) => n.status === 'approved').map((n) => [n.project, n.kind, n.public_status])).toEqual([['HNSC-2021', 'legacy_plan', null]])
    // Legacy kinds only on the report's older projects, the new law's on 迎丰 and 城东物流园; never approved by the drafter.
    expect(notices.filter((n) => n.kind.startsWith('legacy_')).every((n) => ['ZQL-2021', 'HNSC-2021'].includes(n.project))).toBe(true)
    expect(notices.filter((n) => !n.kind.startsWith('legacy_')).every((n) => ['YF10-2021', 'CDWL-2021'].includes(n.project))).toBe(true)
    expect(notices.every((n) => n.approved_by === null || (n.approved_by !== n.drafted_by && ['legal', 'legal2'].includes(n.approved_by)))).toBe(true)
    const [users] = await db.query<{ legal: string[] }>(`SELECT array_agg(username ORDER BY username) AS legal FROM users WHERE role = 'legal' AND is_demo`)
    expect(users!.legal).toEqual(['legal', 'legal2'])
    // The hearing requests: encrypted, on the open plan, one answered.
    const requests = await db.query<{ name_enc: string; phone_enc: string; status: string; kind: string }>(`
      SELECT h.name_enc, h.phone_enc, h.status, n.kind FROM hearing_requests h JOIN notices n ON n.id = h.notice_id ORDER BY h.id`)
    expect(requests).toHaveLength(file.hearing_requests.length)
    expect(requests.map((r) => [r.kind, r.status])).toEqual([['compensation_plan', 'answered'], ['compensation_plan', 'received'], ['compensation_plan', 'received']])
    expect(requests.map((r) => decryptPii(keys, 'hearing_request.name', r.name_enc))).toEqual(['舒桂兰', '向明亮', '杨德华'])
    expect(JSON.stringify(requests)).not.toMatch(/舒桂兰|1330745|0745-2716620/)
  })

  it('loads only into an empty database', async () => {
    expect(await loadDemo(db, keys)).toBe(false)
  })
})
