import { beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../../server/db/database.ts'
import { S, square } from '../helpers/fixtures.ts'
import { asOwner, resetData, testDb } from '../helpers/test-db.ts'

// zd_invariant_violations (sql/functions): sound data gives no rows; each kind of damage, done past the triggers
// the way the tables' owner, a restore or a crashed half-write could, is reported under its own kind. Every damage is
// made in a transaction that is rolled back, so every test starts from the same sound data.
let db: Database
let project: number
/** Parcels: a with a grave and a household, b beside it (edited once: two versions), c a bare third. */
let a: number, b: number, c: number
let household: number, grave: number
/** A deposit of 1000.00, an executed disbursement of 300.00 and an approved, unexecuted one of 100.00. */
let deposit: number, approved: number

const ring = (coords: [number, number][]) => JSON.stringify({ type: 'MultiPolygon', coordinates: [[coords]] })
const actor = "SELECT set_config('zd.actor', 'tester', true)"

async function insertParcel(tx: Queryable, code: string, coords: [number, number][]) {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
     VALUES ($1, $2, '0101', '盈口乡炉天冲村三组', zd_geometry_from_geojson($3), 'tester') RETURNING id`, [project, code, ring(coords)])
  return row!.id
}

const violations = (q: Queryable) => q.query<{ kind: string; detail: string }>('SELECT kind, detail FROM zd_invariant_violations()')

class Rollback extends Error {}

/** The tables whose triggers the damage goes past (the owner's ALTER TABLE … DISABLE TRIGGER USER). */
const damaged = ['parcels', 'parcel_history', 'households', 'household_history', 'graves', 'record_history', 'fund_entries',
  'disbursement_requests', 'parcel_overview']

/** The kinds reported after `damage` (run as the tables' owner, in a transaction that is then rolled back). */
async function kindsAfter(damage: (tx: Queryable) => Promise<unknown>, bypassTriggers = true) {
  let found: { kind: string; detail: string }[] = []
  await asOwner(db, async (tx) => {
    if (bypassTriggers) for (const t of damaged) await tx.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`)
    await damage(tx)
    found = await violations(tx)
    throw new Rollback()
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err
  })
  return [...new Set(found.map((f) => f.kind))].sort()
}

// One sound world for the whole file: every test rolls its damage back or is refused.
beforeAll(async () => {
  db = await testDb()
  await resetData(db)
  const [p] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('INV', '不变量') RETURNING id")
  project = p!.id
  await db.transaction(async (tx) => {
    await tx.query(actor)
    a = await insertParcel(tx, 'A', S)
    b = await insertParcel(tx, 'B', square(110.001, 27.5))
    c = await insertParcel(tx, 'C', square(110.003, 27.5))
    await tx.query("UPDATE parcels SET owner = '改', version = version + 1 WHERE id = $1", [b])
    const [h] = await tx.query<{ id: number }>(
      "INSERT INTO households (project_id, head_name, updated_by) VALUES ($1, '张三', 'tester') RETURNING id", [project])
    household = h!.id
    await tx.query('INSERT INTO household_parcels (household_id, parcel_id) VALUES ($1, $2)', [household, a])
    const [g] = await tx.query<{ id: number }>(
      "INSERT INTO graves (project_id, parcel_id, code, location, coffins, updated_by) VALUES ($1, $2, 'G-1', ST_SetSRID(ST_MakePoint(110.0005, 27.5005), 4490), 1, 'tester') RETURNING id",
      [project, a])
    grave = g!.id
    await tx.query('SELECT zd_parcel_overview_refresh()')
  })
  const [d] = await db.query<{ id: number }>(
    "INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by) VALUES ($1, 'deposit', '1000.00', '用地单位', 'finance') RETURNING id", [project])
  deposit = d!.id
  const request = async (yuan: string) => {
    const [r] = await db.query<{ id: number }>(
      "INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by) VALUES ($1, 'acquisition', $2, 'finance') RETURNING id", [project, yuan])
    await db.query("UPDATE disbursement_requests SET status = 'approved', decided_by = 'auditor', decided_at = now() WHERE id = $1", [r!.id])
    return r!.id
  }
  await db.query("SELECT zd_funds_execute($1, 'finance', NULL)", [await request('300.00')])
  approved = await request('100.00')
})

describe('zd_invariant_violations', () => {
  it('finds nothing wrong with data written through the triggers', async () => {
    expect(await violations(db)).toEqual([])
  })

  it('reports invalid and empty parcel geometry (CHECK dropped), each also as history that no longer matches', async () => {
    const bowtie = 'MULTIPOLYGON(((110 27.5,110.001 27.501,110.001 27.5,110 27.501,110 27.5)))'
    expect(await kindsAfter(async (tx) => {
      await tx.query('ALTER TABLE parcels DROP CONSTRAINT parcels_geom_check')
      await tx.query('UPDATE parcels SET geom = ST_GeomFromText($2, 4490) WHERE id = $1', [c, bowtie])
    })).toEqual(['parcel_geometry_invalid', 'parcel_history_mismatch'])
    expect(await kindsAfter(async (tx) => {
      await tx.query('ALTER TABLE parcels DROP CONSTRAINT parcels_geom_check')
      await tx.query("UPDATE parcels SET geom = 'SRID=4490;MULTIPOLYGON EMPTY' WHERE id = $1", [c])
    })).toEqual(['parcel_geometry_empty', 'parcel_history_mismatch'])
  })

  it('reports a parcel that is not a 2D MultiPolygon in EPSG:4490 once the column is no longer typed', async () => {
    expect(await kindsAfter(async (tx) => {
      // The typed column refuses such a geometry: untype it for this transaction, without the views and triggers
      // that name the column (a type change is refused while they do).
      await tx.query(`DO $$
        DECLARE t record;
        BEGIN
          FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = 'parcels'::regclass AND NOT tgisinternal LOOP
            EXECUTE format('DROP TRIGGER %I ON parcels', t.tgname);
          END LOOP;
        END $$`)
      await tx.query('DROP VIEW IF EXISTS parcel_features CASCADE')
      await tx.query('ALTER TABLE parcels ALTER COLUMN geom TYPE geometry')
      await tx.query("UPDATE parcels SET geom = ST_GeomFromText('POLYGON Z((110.003 27.5 1,110.004 27.5 1,110.004 27.501 1,110.003 27.501 1,110.003 27.5 1))', 4490) WHERE id = $1", [c])
    })).toEqual(['parcel_geometry_type', 'parcel_history_mismatch'])
  })

  it('reports parcels outside the jurisdiction', async () => {
    expect(await kindsAfter((tx) =>
      tx.query("UPDATE jurisdictions SET geom = ST_Multi(ST_MakeEnvelope(116.2, 39.7, 116.6, 40.1, 4490))"), false))
      .toEqual(['parcel_outside_jurisdiction'])
  })

  it('reports two active parcels overlapping by more than 1 m², an identical one too (never ST_Overlaps)', async () => {
    const found: string[] = []
    await db.transaction(async (tx) => {
      await tx.query(actor)
      await insertParcel(tx, 'A-copy', S)
      await insertParcel(tx, 'C-inside', square(110.0032, 27.5002, 0.0005))
      await insertParcel(tx, 'B-touching', square(110.002, 27.5))
      await insertParcel(tx, 'A-sliver', [[110.00099995, 27.5], [110.001, 27.5], [110.001, 27.501], [110.00099995, 27.501], [110.00099995, 27.5]])
      await tx.query('SELECT zd_parcel_overview_refresh()')
      found.push(...(await violations(tx)).map((v) => `${v.kind}: ${v.detail.replace(/\d+(\.\d+)? m²/, 'N m²')}`))
      throw new Rollback()
    }).catch((err) => {
      if (!(err instanceof Rollback)) throw err
    })
    // B-touching shares an edge with C, and A-sliver (0.00000005° wide: about 0.55 m²) lies inside A and A-copy:
    // within the 1 m² tolerance, no overlap.
    expect(found).toEqual([`parcel_overlap: parcels ${a} and ${c + 1} overlap by N m²`, `parcel_overlap: parcels ${c} and ${c + 2} overlap by N m²`])
  })

  it('reports stored figures that differ from zd_parcel_stored', async () => {
    expect(await kindsAfter((tx) => tx.query(`UPDATE parcels SET area = jsonb_set(area, '{ellipsoidal_m2}', '1') WHERE id = $1`, [a])))
      .toEqual(['parcel_stored_stale'])
    expect(await kindsAfter((tx) => tx.query('UPDATE parcels SET geom_3857 = ST_Translate(geom_3857, 1, 0) WHERE id = $1', [a])))
      .toEqual(['parcel_stored_stale'])
  })

  it('reports a parcel change without its history row, a delete without its tombstone, and a gap in the versions', async () => {
    expect(await kindsAfter((tx) => tx.query("UPDATE parcels SET owner = '未记录' WHERE id = $1", [a])))
      .toEqual(['parcel_history_mismatch'])
    expect(await kindsAfter((tx) => tx.query('UPDATE parcels SET version = version + 1 WHERE id = $1', [a])))
      .toEqual(['parcel_history_mismatch'])
    // The statement trigger of the overview stands aside too, so its sums drift.
    expect(await kindsAfter((tx) => tx.query('DELETE FROM parcels WHERE id = $1', [c])))
      .toEqual(['parcel_missing', 'parcel_overview_drift'])
    expect(await kindsAfter((tx) => tx.query('DELETE FROM parcel_history WHERE parcel_id = $1 AND version = 1', [b])))
      .toEqual(['parcel_history_gap'])
  })

  it('reports the same for households and records', async () => {
    expect(await kindsAfter((tx) => tx.query('UPDATE households SET version = 2 WHERE id = $1', [household])))
      .toEqual(['household_history_mismatch'])
    expect(await kindsAfter(async (tx) => {
      await tx.query('DELETE FROM household_parcels WHERE household_id = $1', [household])
      await tx.query('DELETE FROM households WHERE id = $1', [household])
    })).toEqual(['household_missing'])
    expect(await kindsAfter((tx) => tx.query('UPDATE household_history SET version = 3 WHERE household_id = $1', [household])))
      .toEqual(['household_history_gap', 'household_history_mismatch'])
    expect(await kindsAfter((tx) => tx.query('UPDATE graves SET version = 2 WHERE id = $1', [grave])))
      .toEqual(['record_history_mismatch'])
    expect(await kindsAfter((tx) => tx.query('DELETE FROM graves WHERE id = $1', [grave])))
      .toEqual(['record_missing'])
    expect(await kindsAfter((tx) => tx.query("UPDATE record_history SET version = 2 WHERE record_type = 'grave' AND record_id = $1", [grave])))
      .toEqual(['record_history_gap', 'record_history_mismatch'])
  })

  it('reports a negative balance, an entry corrected below zero and a disbursement without its executed request', async () => {
    expect(await kindsAfter((tx) => tx.query(
      "INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by) VALUES ($1, 'disbursement', 'acquisition', '900.00', $2, 'finance')",
      [project, approved]))).toEqual(['disbursement_unmatched', 'fund_balance_negative'])
    expect(await kindsAfter((tx) => tx.query(
      "INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', '-1100.00', $2, 'finance', '冲正')",
      [project, deposit]))).toEqual(['fund_balance_negative', 'fund_entry_negative'])
    expect(await kindsAfter((tx) => tx.query(
      "UPDATE disbursement_requests SET status = 'executed', executed_by = 'finance', executed_at = now() WHERE id = $1", [approved])))
      .toEqual(['disbursement_unmatched'])
  })

  it('reports overview sums that no longer count the parcels', async () => {
    expect(await kindsAfter((tx) => tx.query(
      "UPDATE parcel_overview SET parcels = parcels + 1 WHERE id = (SELECT min(id) FROM parcel_overview WHERE kind = 'grid' AND cell_zoom = 16)")))
      .toEqual(['parcel_overview_drift'])
  })
})

describe('the database refuses what the API refuses, past the API', () => {
  /** What a direct INSERT of `ewkt` into parcels does: the error, or the type it was stored as (then rolled back). */
  async function attempt(ewkt: string) {
    let outcome = ''
    await db.transaction(async (tx) => {
      await tx.query(actor)
      const [row] = await tx.query<{ type: string }>(
        `INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by) VALUES ($1, 'BAD', '0101', '组', ST_GeomFromEWKT($2), 'tester')
         RETURNING GeometryType(geom) AS type`, [project, ewkt])
      outcome = `stored as ${row!.type}`
      throw new Rollback()
    }).catch((err: Error) => {
      if (!(err instanceof Rollback)) outcome = err.message
    })
    return outcome
  }

  it('refuses a direct INSERT of invalid, empty, 3D or wrongly referenced geometry, and stores no single Polygon', async () => {
    expect(await attempt('SRID=4490;MULTIPOLYGON(((110 27.5,110.001 27.501,110.001 27.5,110 27.501,110 27.5)))')).toMatch(/parcels_geom_check/)
    // An empty one fails earlier still: it has no label point (the stored-figures trigger runs before the CHECK).
    expect(await attempt('SRID=4490;MULTIPOLYGON EMPTY')).toMatch(/parcels_geom_check|"label_point" .* violates not-null/)
    expect(await attempt('SRID=4490;MULTIPOLYGON(((110 27.5 1,110.001 27.5 1,110.001 27.501 1,110 27.5 1)))')).toMatch(/Z dimension/)
    expect(await attempt('SRID=4326;MULTIPOLYGON(((110 27.5,110.001 27.5,110.001 27.501,110 27.5)))')).toMatch(/SRID \(4326\) does not match column SRID \(4490\)/)
    // PostGIS 3.3 (Debian's) refuses a Polygon in the MultiPolygon column; 3.6 (the embedded database's) promotes it.
    expect(await attempt('SRID=4490;POLYGON((110 27.5,110.001 27.5,110.001 27.501,110 27.5))'))
      .toMatch(/^(Geometry type \(Polygon\) does not match column type \(MultiPolygon\)|stored as MULTIPOLYGON)$/)
  })

  it('refuses a history row with invalid geometry written past the trigger', async () => {
    await expect(db.query(
      `INSERT INTO parcel_history (parcel_id, version, operation, project_id, code, land_class, owner, status, geom, changed_by)
       VALUES (999, 1, 'create', $1, 'X', '0101', '组', 'surveyed', ST_GeomFromEWKT('SRID=4490;MULTIPOLYGON EMPTY'), 'tester')`, [project]))
      .rejects.toThrow(/parcel_history_geom_check/)
  })
})

describe('history, ledger and operation log are append-only for the application (P3)', () => {
  const appendOnly = ['parcel_history', 'household_history', 'record_history', 'operation_log', 'project_budgets', 'fund_entries',
    'task_letters', 'disbursement_request_events', 'reported_figures', 'audit_decisions', 'audit_signoffs', 'notice_events', 'notice_evidence']

  it('refuses UPDATE, DELETE and TRUNCATE on every append-only table, even to their owner', async () => {
    await db.query("INSERT INTO operation_log (action, result) VALUES ('test', 'ok')")
    const refusals: string[] = []
    for (const table of appendOnly) {
      const [column] = await db.query<{ name: string }>(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND is_identity = 'NO' ORDER BY ordinal_position LIMIT 1", [table])
      for (const statement of [`UPDATE ${table} SET ${column!.name} = ${column!.name}`, `DELETE FROM ${table}`, `TRUNCATE ${table} CASCADE`]) {
        // UPDATE and DELETE are refused row by row: only a table with a row can show it.
        const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
        if (!statement.startsWith('TRUNCATE') && rows[0]!.n === 0) continue
        // As the owner: the application's role is refused by privilege first (tests/db/grants.test.ts).
        await asOwner(db, (tx) => tx.query(statement)).then(() => refusals.push(`${statement}: allowed`), (err: Error) => {
          if (!/append-only/.test(err.message)) refusals.push(`${statement}: ${err.message}`)
        })
      }
    }
    expect(refusals).toEqual([])
    // The rows beforeAll wrote are all still there.
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel_history'))[0]!.n).toBe(4)
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fund_entries'))[0]!.n).toBe(2)
  })

  it('gives the public role no right to change them', async () => {
    const granted = await db.query<{ t: string }>(
      "SELECT t FROM unnest($1::text[]) t WHERE has_table_privilege('zd_public', t, 'INSERT, UPDATE, DELETE, TRUNCATE')", [appendOnly])
    expect(granted).toEqual([])
  })
})
