import { beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../../server/db/database.ts'
import { openReplicaRouter } from '../../server/db/replica.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { asOwner, testDb, testDbKind } from '../helpers/test-db.ts'

// The application's database role (sql/migrations/022_app_role.sql) as the server uses it: `db` is the app's own
// connection, which runs as zd_app after testDb()'s start-up, exactly as server/main.ts does after its own.

/** The append-only tables (migrations/020): history, the operation log, the ledger, the audit's and the notices' records. */
const appendOnly = ['parcel_history', 'household_history', 'record_history', 'operation_log', 'project_budgets',
  'fund_entries', 'task_letters', 'disbursement_request_events', 'reported_figures', 'audit_decisions',
  'audit_signoffs', 'notice_events', 'notice_evidence']

let db: Database

beforeAll(async () => {
  db = await testDb()
})

/** The SQLSTATE and message a statement fails with (it must fail). */
async function failure(sql: string, tx: Queryable = db): Promise<{ code: string; message: string }> {
  try {
    await tx.query(sql)
  } catch (err) {
    const e = err as { code?: string; message?: string }
    return { code: e.code ?? '', message: e.message ?? '' }
  }
  throw new Error(`expected to fail: ${sql}`)
}

/** A column that an UPDATE may set (not an identity or generated one, which fail for reasons of their own). */
const plainColumn = async (table: string) =>
  (await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
       AND attidentity = '' AND attgenerated = '' ORDER BY attnum LIMIT 1`, [table]))[0]!.name

/** Runs fn as the tables' owner in a transaction that is always rolled back. */
async function asOwnerRolledBack(fn: (tx: Queryable) => Promise<void>) {
  const rollback = new Error('roll back')
  await asOwner(db, async (tx) => {
    await fn(tx)
    throw rollback
  }).catch((err) => {
    if (err !== rollback) throw err
  })
}

describe('the application runs as zd_app (P3)', () => {
  it('A11: the app connection is zd_app, and may still become zd_public for a public read', async () => {
    const [who] = await db.query<{ role: string }>('SELECT current_user::text AS role')
    expect(who!.role).toBe('zd_app')
    const inside = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE zd_public')
      return (await tx.query<{ role: string }>('SELECT current_user::text AS role'))[0]!.role
    })
    expect(inside).toBe('zd_public')
    const [after] = await db.query<{ role: string }>('SELECT current_user::text AS role')
    expect(after!.role).toBe('zd_app')
  })

  it('A11: UPDATE, DELETE and TRUNCATE of every append-only table are refused by privilege (42501), not by a trigger', async () => {
    const [listed] = await db.query<{ tables: string[] }>(
      `SELECT array_agg(c.relname::text ORDER BY c.relname) AS tables FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE t.tgname = c.relname || '_no_truncate'`)
    expect(listed!.tables).toEqual([...appendOnly].sort())
    for (const table of appendOnly) {
      const column = await plainColumn(table)
      for (const sql of [`UPDATE ${table} SET ${column} = ${column}`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        const e = await failure(sql)
        expect({ sql, code: e.code, message: e.message }).toEqual({ sql, code: '42501', message: `permission denied for table ${table}` })
      }
    }
  })

  it('A11: no DDL: DROP, ALTER (lifting a guard), CREATE in the schema and the guards function are refused (42501)', async () => {
    for (const sql of ['DROP TABLE parcel_history', 'ALTER TABLE operation_log DISABLE TRIGGER operation_log_no_truncate',
      'CREATE TABLE zd_probe (x integer)', 'SELECT zd_append_only_guards(false)', 'DROP INDEX parcels_geom_gist']) {
      expect({ sql, code: (await failure(sql)).code }).toEqual({ sql, code: '42501' })
    }
  })

  it('P3: zd_app may read and append to the append-only tables, and read and write the others, never TRUNCATE', async () => {
    const rows = await db.query<{ table: string; append_only: boolean; s: boolean; i: boolean; u: boolean; d: boolean; t: boolean }>(
      `SELECT c.relname::text AS table, c.relname = ANY ($1::text[]) AS append_only,
              has_table_privilege('zd_app', c.oid, 'SELECT') AS s, has_table_privilege('zd_app', c.oid, 'INSERT') AS i,
              has_table_privilege('zd_app', c.oid, 'UPDATE') AS u, has_table_privilege('zd_app', c.oid, 'DELETE') AS d,
              has_table_privilege('zd_app', c.oid, 'TRUNCATE') AS t
       FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
         AND c.relname NOT IN ('schema_migrations', 'schema_sql_digest')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       ORDER BY 1`, [appendOnly])
    expect(rows.filter((r) => r.append_only)).toHaveLength(appendOnly.length)
    for (const r of rows) {
      const expected = r.append_only ? { s: true, i: true, u: false, d: false, t: false } : { s: true, i: true, u: true, d: true, t: false }
      expect({ table: r.table, s: r.s, i: r.i, u: r.u, d: r.d, t: r.t }).toEqual({ table: r.table, ...expected })
    }
    const [schema] = await db.query<{ create: boolean; owns: number }>(
      `SELECT has_schema_privilege('zd_app', 'public', 'CREATE') AS create,
              (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner = 'zd_app'::regrole) AS owns`)
    expect(schema).toEqual({ create: false, owns: 0 })
  })

  it('P3: the owner\'s few rights lent to zd_app are SECURITY DEFINER functions that zd_app alone may call', async () => {
    const rows = await db.query<{ fn: string; definer: boolean; app: boolean; public_role: boolean }>(
      `SELECT p.oid::regprocedure::text AS fn, p.prosecdef AS definer,
              has_function_privilege('zd_app', p.oid, 'EXECUTE') AS app, has_function_privilege('zd_public', p.oid, 'EXECUTE') AS public_role
       FROM pg_proc p WHERE p.proname IN ('zd_retention_sweep', 'zd_parcel_spatial_indexes', 'zd_audit_lock_history', 'zd_staging_copy')
       ORDER BY 1`)
    expect(rows).toEqual([
      { fn: 'zd_audit_lock_history()', definer: true, app: true, public_role: false },
      { fn: 'zd_parcel_spatial_indexes(boolean)', definer: true, app: true, public_role: false },
      { fn: 'zd_retention_sweep(integer)', definer: true, app: true, public_role: false },
      { fn: 'zd_staging_copy(regclass,text)', definer: true, app: true, public_role: false },
    ])
    // The copy lends its right for staging tables only.
    expect((await failure("SELECT zd_staging_copy('parcels', 'code')")).code).toBe('42501')
  })

  it('P3: zd_app_grants gives a table created later what its kind allows (append-only when it has a TRUNCATE guard)', async () => {
    await asOwnerRolledBack(async (tx) => {
      await tx.query('CREATE TABLE zd_probe_plain (x integer)')
      await tx.query('CREATE TABLE zd_probe_log (x integer)')
      await tx.query('CREATE TRIGGER zd_probe_log_no_truncate BEFORE TRUNCATE ON zd_probe_log FOR EACH STATEMENT EXECUTE FUNCTION zd_refuse_change()')
      await tx.query('SELECT zd_app_grants()')
      const rows = await tx.query<{ table: string; i: boolean; u: boolean; d: boolean; t: boolean }>(
        `SELECT t AS table, has_table_privilege('zd_app', t, 'INSERT') AS i, has_table_privilege('zd_app', t, 'UPDATE') AS u,
                has_table_privilege('zd_app', t, 'DELETE') AS d, has_table_privilege('zd_app', t, 'TRUNCATE') AS t
         FROM unnest(ARRAY['zd_probe_log', 'zd_probe_plain']) t`)
      expect(rows).toEqual([
        { table: 'zd_probe_log', i: true, u: false, d: false, t: false },
        { table: 'zd_probe_plain', i: true, u: true, d: true, t: false },
      ])
    })
  })
})

// On a server the app logs in as zd_app itself (DATABASE_APP_URL): no statement it sends can become the owner again.
// The server suite always runs so (tests/run-all.sh), hence a missing DATABASE_APP_URL fails here instead of skipping.
describe.skipIf(testDbKind !== 'server')('the application\'s own login (A11, P3)', () => {
  it('A11: the server suite runs with DATABASE_APP_URL, the application\'s login as zd_app', () => {
    expect(process.env.DATABASE_APP_URL, 'DATABASE_APP_URL (tests/run-all.sh derives it from DATABASE_URL)').toBeTruthy()
  })

  it('A11: SET ROLE NONE and RESET ROLE leave the app\'s connection zd_app: the operation log and history stay append-only, SET ROLE to the owner is refused', async () => {
    const [owner] = await db.query<{ name: string }>("SELECT tableowner::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = 'parcels'")
    // A connection of the app's own, closed afterwards, so that its session-wide SET ROLE reaches no pooled connection.
    const session = await db.dedicatedSession!()
    const who = async () => (await session.query<{ session: string; current: string }>('SELECT session_user::text AS session, current_user::text AS current'))[0]
    try {
      expect(await who()).toEqual({ session: 'zd_app', current: 'zd_app' })
      await session.query('SET ROLE NONE')
      expect(await who()).toEqual({ session: 'zd_app', current: 'zd_app' })
      await session.query('RESET ROLE')
      expect(await who()).toEqual({ session: 'zd_app', current: 'zd_app' })
      // Each attempt in a savepoint of a transaction that is rolled back: nothing can change, whatever happens.
      await session.query('BEGIN')
      for (const table of ['operation_log', 'parcel_history']) {
        const column = await plainColumn(table)
        for (const sql of [`UPDATE ${table} SET ${column} = ${column}`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
          await session.query('SAVEPOINT attempt')
          const e = await failure(sql, session)
          await session.query('ROLLBACK TO SAVEPOINT attempt')
          expect({ sql, code: e.code, message: e.message }).toEqual({ sql, code: '42501', message: `permission denied for table ${table}` })
        }
      }
      await session.query('ROLLBACK')
      const e = await failure(`SET ROLE ${owner!.name}`, session)
      expect({ code: e.code, message: e.message }).toEqual({ code: '42501', message: `permission denied to set role "${owner!.name}"` })
      expect(await who()).toEqual({ session: 'zd_app', current: 'zd_app' })
    } finally {
      await session.query('ROLLBACK').catch(() => {})
      await session.release()
    }
  })

  it('A11: the read replica is logged into as zd_app too, whoever DATABASE_REPLICA_URL names (here the owner, on the primary\'s address)', async () => {
    const router = await openReplicaRouter(db, process.env.DATABASE_URL!, { maxLagSeconds: 30 }, process.env.DATABASE_APP_URL)
    try {
      expect(await router.replica.query('SELECT session_user::text AS session, current_user::text AS current')).toEqual([{ session: 'zd_app', current: 'zd_app' }])
    } finally {
      await router.close()
    }
  })

  it('A11: a DATABASE_APP_URL that logs in as another role (here the owner) is refused when the app switches to it', async () => {
    const ownerUrl = process.env.DATABASE_URL!
    const wrong = openServerDatabase(ownerUrl, { appUrl: ownerUrl })
    try {
      await expect(wrong.useAppRole!()).rejects.toThrow(/^DATABASE_APP_URL logs in as "[^"]+", not as the application's role zd_app/)
    } finally {
      await wrong.close()
    }
  })
})

describe('the public role reads no personal data (A12)', () => {
  it('A12: zd_public has no privilege on any column of households, household_members or parcels', async () => {
    const [row] = await db.query<{ id_number: boolean; any_column: string[] }>(
      `SELECT has_column_privilege('zd_public', 'households', 'id_number_enc', 'SELECT') AS id_number,
              coalesce(array_agg(c.relname || '.' || a.attname) FILTER (WHERE has_column_privilege('zd_public', c.oid, a.attnum, 'SELECT,INSERT,UPDATE,REFERENCES')), '{}') AS any_column
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relname IN ('households', 'household_members', 'household_parcels', 'parcels', 'hearing_requests', 'users')`)
    expect(row).toEqual({ id_number: false, any_column: [] })
    // As the portal's reads run (server/db/public-reads.ts): the query itself is refused.
    const refused = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE zd_public')
      return failure('SELECT id_number_masked FROM households', tx)
    })
    expect(refused).toEqual({ code: '42501', message: 'permission denied for table households' })
  })

  it('A12: of the schema\'s own tables and views, zd_public may read only the public_* views', async () => {
    const readable = await db.query<{ name: string }>(
      `SELECT c.relname::text AS name FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         AND has_any_column_privilege('zd_public', c.oid, 'SELECT')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       ORDER BY 1`)
    expect(readable.length).toBeGreaterThan(0)
    expect(readable.map((r) => r.name).filter((n) => !n.startsWith('public_'))).toEqual([])
  })
})
