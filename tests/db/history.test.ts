import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { asOwner, resetData, testDb } from '../helpers/test-db.ts'
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
    // The triggers hold even for the tables' owner (the app's role is refused before them: tests/db/grants.test.ts).
    const asTheOwner = (sql: string) => asOwner(db, (tx) => tx.query(sql))
    await expect(asTheOwner("UPDATE parcel_history SET changed_by = 'someone else'")).rejects.toThrow(/append-only/)
    await expect(asTheOwner('DELETE FROM parcel_history')).rejects.toThrow(/append-only/)
    await expect(asTheOwner("UPDATE operation_log SET result = 'failed'")).rejects.toThrow(/append-only/)
    await expect(asTheOwner('DELETE FROM operation_log')).rejects.toThrow(/append-only/)
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

describe('parcel lineage in the history (split, merge, restore)', () => {
  const actor = "SELECT set_config('zd.actor', 'tester', true)"
  const lineage = (op: string, parents: number[] | null, children: number[] | null, restored: number | null = null): [string, unknown[]] =>
    ["SELECT set_config('zd.operation', $1, true), set_config('zd.parents', coalesce($2::int[]::text, ''), true), " +
      "set_config('zd.children', coalesce($3::int[]::text, ''), true), set_config('zd.restored_from', coalesce($4::int::text, ''), true)",
    [op, parents, children, restored]]
  const reserve = 'SELECT nextval(pg_get_serial_sequence(\'parcels\', \'id\'))::int AS id'
  const insertWithId = `INSERT INTO parcels (id, project_id, code, land_class, owner, geom, updated_by) OVERRIDING SYSTEM VALUE
    SELECT $1, project_id, $2, land_class, owner, geom, 'tester' FROM parcel_history WHERE parcel_id = $3 ORDER BY version LIMIT 1`

  async function rows(id: number) {
    return db.query<{ version: number; operation: string; parent_ids: number[]; child_ids: number[]; restored_from: number | null }>(
      'SELECT version, operation, parent_ids, child_ids, restored_from FROM parcel_history WHERE parcel_id = $1 ORDER BY version', [id])
  }

  it('records a split: the parent\'s last row names its children, each child\'s create row names the parent', async () => {
    const parent = await db.transaction(async (tx) => {
      await tx.query(actor)
      return insertParcel(tx)
    })
    const child = await db.transaction(async (tx) => {
      await tx.query(actor)
      const [c] = await tx.query<{ id: number }>(reserve)
      await tx.query(...lineage('split', null, [c!.id]))
      await tx.query('DELETE FROM parcels WHERE id = $1', [parent])
      await tx.query(...lineage('split', [parent], null))
      await tx.query(insertWithId, [c!.id, 'H-1a', parent])
      return c!.id
    })
    expect(await rows(parent)).toEqual([
      { version: 1, operation: 'create', parent_ids: [], child_ids: [], restored_from: null },
      { version: 2, operation: 'split', parent_ids: [], child_ids: [child], restored_from: null },
    ])
    expect(await rows(child)).toEqual([{ version: 1, operation: 'create', parent_ids: [parent], child_ids: [], restored_from: null }])
  })

  it('refuses a child naming a parent whose history does not name it, and a split without children', async () => {
    const parent = await db.transaction(async (tx) => {
      await tx.query(actor)
      return insertParcel(tx)
    })
    await expect(db.transaction(async (tx) => {
      await tx.query(actor)
      const [c] = await tx.query<{ id: number }>(reserve)
      await tx.query(...lineage('merge', [parent], null))
      await tx.query(insertWithId, [c!.id, 'H-2', parent])
    })).rejects.toThrow(/whose history has no merge row/)
    await expect(db.transaction(async (tx) => {
      await tx.query(actor)
      await tx.query(...lineage('split', null, null))
      await tx.query('DELETE FROM parcels WHERE id = $1', [parent])
    })).rejects.toThrow(/child parcel ids/)
    await expect(db.transaction(async (tx) => {
      await tx.query(actor)
      await tx.query("SELECT set_config('zd.operation', 'rename', true)")
      await tx.query("UPDATE parcels SET owner = '改', version = version + 1 WHERE id = $1", [parent])
    })).rejects.toThrow(/unknown zd.operation/)
    expect((await rows(parent)).map((r) => r.operation)).toEqual(['create'])
  })

  it('records a restore with the version it brings back, and refuses one naming a version that never existed', async () => {
    const id = await db.transaction(async (tx) => {
      await tx.query(actor)
      return insertParcel(tx)
    })
    await db.transaction(async (tx) => {
      await tx.query(actor)
      await tx.query("UPDATE parcels SET owner = '新', version = version + 1 WHERE id = $1", [id])
    })
    await expect(db.transaction(async (tx) => {
      await tx.query(actor)
      await tx.query(...lineage('restore', null, null, 5))
      await tx.query("UPDATE parcels SET owner = '组', version = version + 1 WHERE id = $1", [id])
    })).rejects.toThrow(/earlier version/)
    await db.transaction(async (tx) => {
      await tx.query(actor)
      await tx.query(...lineage('restore', null, null, 1))
      await tx.query("UPDATE parcels SET owner = '组', version = version + 1 WHERE id = $1", [id])
    })
    expect((await rows(id)).map((r) => [r.version, r.operation, r.restored_from])).toEqual([[1, 'create', null], [2, 'update', null], [3, 'restore', 1]])
  })

  it('keeps the lineage columns consistent with the operation even for rows written past the trigger', async () => {
    const row = (op: string, parents: string, children: string, restored: number | null) => db.query(
      `INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner, status, geom, changed_by,
         parent_ids, child_ids, restored_from)
       VALUES (99, 2, $1, 1, 'X', '0101', '组', 'surveyed', zd_geometry_from_geojson($2), 'tester', $3::int[], $4::int[], $5)`,
      [op, JSON.stringify({ type: 'Polygon', coordinates: [S] }), parents, children, restored])
    await expect(row('split', '{}', '{}', null)).rejects.toThrow(/parcel_history_children_check/)
    await expect(row('update', '{}', '{7}', null)).rejects.toThrow(/parcel_history_children_check/)
    await expect(row('update', '{7}', '{}', null)).rejects.toThrow(/parcel_history_parents_check/)
    await expect(row('restore', '{}', '{}', null)).rejects.toThrow(/parcel_history_restore_check/)
    await expect(row('restore', '{}', '{}', 2)).rejects.toThrow(/parcel_history_restore_check/)
    await expect(row('rename', '{}', '{}', null)).rejects.toThrow(/parcel_history_operation_check/)
  })
})
