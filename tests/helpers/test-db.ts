import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import type { Database, Queryable } from '../../server/db/database.ts'
import { openEmbeddedDatabase } from '../../server/db/embedded.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { migrate } from '../../server/db/migrate.ts'
import { seedHolidays } from '../../server/db/holidays-seed.ts'
import { forgetTiles } from '../../server/tiles/tile-response.ts'
import { bumpPublicVersion } from '../../server/db/public-version.ts'
import { forgetNoticeRenders } from '../../server/handlers/notice-map.ts'

/** Which database the db and api suites run on: `server` (DATABASE_URL) or `embedded` (a fresh PGlite). */
export const testDbKind: 'embedded' | 'server' = process.env.ZD_TEST_DB === 'server' ? 'server' : 'embedded'

let shared: Promise<Database> | undefined
/**
 * The owner's own connection, beside a server test database that logs in as zd_app (DATABASE_APP_URL), whose
 * SET ROLE NONE stays zd_app: the cleaner and asOwner run here. Absent otherwise (they reset the role instead).
 */
const ownerOf = new WeakMap<Database, Database>()

/**
 * The one database of this test run, migrated. Embedded: a new PGlite folder in the temp dir (about 20 s
 * to create, once). Server: DATABASE_URL, which must name a database whose name contains "test", since
 * resetData() empties it.
 */
export function testDb(): Promise<Database> {
  shared ??= (async () => {
    let db: Database
    if (testDbKind === 'server') {
      const url = process.env.DATABASE_URL
      if (!url) throw new Error('ZD_TEST_DB=server needs DATABASE_URL')
      if (!/test/i.test(new URL(url).pathname)) throw new Error(`refusing to run tests on ${new URL(url).pathname}: its name must contain "test"`)
      // The application's own login (DATABASE_APP_URL, tests/run-all.sh derives it), used after the migrations.
      const appUrl = process.env.DATABASE_APP_URL || undefined
      db = openServerDatabase(url, { appUrl })
      if (appUrl) ownerOf.set(db, openServerDatabase(url))
    } else {
      db = await openEmbeddedDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-test-db-')))
    }
    await migrate(db)
    await seedHolidays(db)
    // The app under test runs as the application's role, as the server does after its start-up.
    await db.useAppRole?.()
    return db
  })()
  return shared
}

/**
 * Runs fn in a transaction as the tables' owner (the session's own user: SET LOCAL ROLE NONE; the owner's own
 * connection when the app logs in as zd_app) instead of the application's role zd_app: for a test that damages data past the triggers, or shows what a trigger refuses even
 * to the owner. The app's own path never does this.
 */
export function asOwner<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return (ownerOf.get(db) ?? db).transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE NONE')
    return fn(tx)
  })
}

/** Invariant kinds (zd_invariant_violations) the running test leaves broken on purpose; resetData forgets them. */
const tolerated = new Set<string>()
/** The test whose data the next resetData checks. */
let lastTest: string | undefined

/**
 * Lets the running test leave data that breaks the named invariants on purpose: legacy data that the audit must
 * find (overlaps, a ledger that went below zero), a bulk import's overlaps before their review. Everything else the
 * test leaves is still checked.
 */
export function tolerateViolations(...kinds: string[]) {
  for (const k of kinds) tolerated.add(k)
}

/**
 * Fails when the data the previous test left breaks an invariant (zd_invariant_violations, sql/functions), naming
 * the test and every violation; called by resetData before it empties the tables, so every test of the db and api
 * suites is followed by the check.
 */
export async function checkInvariants(db: Database) {
  const rows = await db.query<{ kind: string; detail: string }>('SELECT kind, detail FROM zd_invariant_violations()')
  const broken = rows.filter((r) => !tolerated.has(r.kind))
  tolerated.clear()
  if (broken.length) {
    throw new Error(`the data left by "${lastTest ?? 'the test before'}" breaks invariants:\n` +
      broken.map((r) => `  ${r.kind}: ${r.detail}`).join('\n'))
  }
}

/**
 * Empties every table that tests write, keeping the reference data (land classes, jurisdiction), after checking
 * the invariants of what the previous test left. The append-only tables refuse TRUNCATE (migrations/020): the
 * cleaner, which runs as the tables' owner, lifts their guards for its one transaction (zd_append_only_guards).
 */
export async function resetData(db: Database) {
  // The tables are emptied whatever the check finds, so that only the test after the culprit fails. The first reset
  // of a run finds what an earlier run left (a server database is reused), which is no test's doing: not checked.
  const broken = lastTest === undefined ? null : await checkInvariants(db).then(() => null, (err: unknown) => err)
  lastTest = expect.getState().currentTestName ?? 'a test'
  // One script, so one implicit transaction: the guards are off for it alone, and it runs as the tables' owner (the
  // session's own user, SET LOCAL ROLE NONE) instead of the application's role, which may do neither.
  await (ownerOf.get(db) ?? db).exec(`SET LOCAL ROLE NONE;
    SELECT zd_append_only_guards(false);
    TRUNCATE holidays, hearing_attempts, hearing_requests, notice_evidence, notice_events, notices, audit_signoffs, audit_decisions, reported_figures, basic_farmland, approval_batch_parcels, approval_batches, acquisition_scopes, area_claims, record_history, compensation_items, rates, rate_sets, attachment_photos, attachments, buildings, graves, resettlements, agreements, fund_entries, disbursement_request_events, disbursement_requests, project_budgets, task_letters, household_history, household_members, household_parcels, households, imports, bulk_import_problems, bulk_imports, parcel_history, parcel_overview, parcel_overview_pending, project_parcel_totals, parcels, projects, sessions, password_history, users, operation_log, idempotency_keys RESTART IDENTITY CASCADE;
    SELECT zd_append_only_guards(true)`)
  // The holiday calendar is reference data the tests may edit: back to data/calendar/cn-holidays.json.
  await seedHolidays(db)
  // The ids restart, so the process's tile versions, cached tiles, public version and notice PDFs (kept by notice id
  // and public version, which both start again) would name other data: forget them.
  forgetTiles(db)
  bumpPublicVersion()
  forgetNoticeRenders()
  if (broken) throw broken
}
