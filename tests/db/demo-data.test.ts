import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { piiKeysFrom } from '../../server/auth/pii-cipher.ts'
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

  it('loads only into an empty database', async () => {
    expect(await loadDemo(db, keys)).toBe(false)
  })
})
