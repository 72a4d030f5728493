import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Database } from '../../server/db/database.ts'
import { openEmbeddedDatabase } from '../../server/db/embedded.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { migrate } from '../../server/db/migrate.ts'
import { seedHolidays } from '../../server/db/holidays-seed.ts'
import { forgetTiles } from '../../server/tiles/tile-response.ts'

/** Which database the db and api suites run on: `server` (DATABASE_URL) or `embedded` (a fresh PGlite). */
export const testDbKind: 'embedded' | 'server' = process.env.ZD_TEST_DB === 'server' ? 'server' : 'embedded'

let shared: Promise<Database> | undefined

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
      db = openServerDatabase(url)
    } else {
      db = await openEmbeddedDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-test-db-')))
    }
    await migrate(db)
    await seedHolidays(db)
    return db
  })()
  return shared
}

/** Empties every table that tests write, keeping the reference data (land classes, jurisdiction). */
export async function resetData(db: Database) {
  await db.exec('TRUNCATE holidays, hearing_attempts, hearing_requests, notice_evidence, notice_events, notices, audit_signoffs, audit_decisions, reported_figures, basic_farmland, approval_batch_parcels, approval_batches, acquisition_scopes, area_claims, record_history, compensation_items, rates, rate_sets, attachment_photos, attachments, buildings, graves, resettlements, agreements, fund_entries, disbursement_request_events, disbursement_requests, project_budgets, task_letters, household_history, household_members, household_parcels, households, imports, bulk_import_problems, bulk_imports, parcel_history, parcel_overview, parcel_overview_pending, parcels, projects, sessions, users, operation_log RESTART IDENTITY CASCADE')
  // The holiday calendar is reference data the tests may edit: back to data/calendar/cn-holidays.json.
  await seedHolidays(db)
  // The ids restart, so the process's tile versions and cached tiles would name other data: forget them.
  forgetTiles(db)
}
