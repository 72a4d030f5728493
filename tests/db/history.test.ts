import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { resetData, testDb } from '../helpers/test-db.ts'
import { S } from '../helpers/fixtures.ts'

let db: Database
beforeAll(async () => {
  db = await testDb()
})
beforeEach(async () => {
  await resetData(db)
})

async function insertParcel(tx: Pick<Database, 'query'>) {
  const [p] = await tx.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('H', '历史') RETURNING id")
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
     VALUES ($1, 'H-1', '0101', '组', zd_geometry_from_geojson($2), 'tester') RETURNING id`,
    [p!.id, JSON.stringify({ type: 'Polygon', coordinates: [S] })])
  return row!.id
}

describe('parcel history and the operation log are append-only', () => {
  it('refuses a parcel change made without an actor', async () => {
    await expect(insertParcel(db)).rejects.toThrow(/actor/)
  })

  it('writes one history row per change in the same transaction, with who and why', async () => {
    const id = await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'tester', true), set_config('zd.reason', '测试', true)")
      return insertParcel(tx)
    })
    const rows = await db.query<{ version: number; operation: string; changed_by: string; reason: string }>(
      'SELECT version, operation, changed_by, reason FROM parcel_history WHERE parcel_id = $1', [id])
    expect(rows).toEqual([{ version: 1, operation: 'create', changed_by: 'tester', reason: '测试' }])
  })

  it('refuses UPDATE and DELETE on parcel_history and operation_log', async () => {
    await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'tester', true)")
      await insertParcel(tx)
    })
    await db.query("INSERT INTO operation_log (action, result) VALUES ('test', 'ok')")
    await expect(db.query("UPDATE parcel_history SET changed_by = 'someone else'")).rejects.toThrow(/append-only/)
    await expect(db.query('DELETE FROM parcel_history')).rejects.toThrow(/append-only/)
    await expect(db.query("UPDATE operation_log SET result = 'failed'")).rejects.toThrow(/append-only/)
    await expect(db.query('DELETE FROM operation_log')).rejects.toThrow(/append-only/)
  })

  it('refuses to store an invalid or empty geometry even past the API (the CHECK constraint)', async () => {
    const bowtie = JSON.stringify({ type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]]] })
    await expect(db.transaction(async (tx) => {
      await tx.query("SELECT set_config('zd.actor', 'tester', true)")
      const [p] = await tx.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('H', '历史') RETURNING id")
      await tx.query(`INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
        VALUES ($1, 'H-1', '0101', '组', zd_geometry_from_geojson($2), 'tester')`, [p!.id, bowtie])
    })).rejects.toThrow(/check constraint/)
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM projects')
    expect(n!.n).toBe(0)
  })
})
