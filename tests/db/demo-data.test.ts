import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

let db: Database
beforeAll(async () => {
  db = await testDb()
  await resetData(db)
  expect(await loadDemo(db)).toBe(true)
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

  it('loads only into an empty database', async () => {
    expect(await loadDemo(db)).toBe(false)
  })
})
