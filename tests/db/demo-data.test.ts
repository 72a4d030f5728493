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
  it('holds the three projects of the 2021 report', async () => {
    const rows = await db.query<{ name: string }>('SELECT name FROM projects ORDER BY id')
    expect(rows.map((r) => r.name)).toEqual(['正清路延长线', '怀南水产品市场', '迎丰组团10#安置区二期'])
  })

  it('gives 迎丰组团10#安置区二期 33.288 mu, the figure of the report, from the parcel geometry', async () => {
    const [row] = await db.query<{ mu: string }>(`
      SELECT round(sum((zd_area(p.geom, p.survey_zone) ->> 'ellipsoidal_m2')::numeric) * 15 / 10000, 3)::text AS mu
      FROM parcels p JOIN projects pr ON pr.id = p.project_id WHERE pr.code = 'YF10-2021'`)
    expect(row!.mu).toBe('33.288')
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
