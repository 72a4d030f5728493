import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../server/db/backup.ts'
import { openServerDatabase } from '../../server/db/server-pool.ts'
import { readBackup, restoreBackup } from '../../server/db/restore.ts'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-backup-test-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

/**
 * The server drill restores into an empty database with PostGIS beside the test database (tests/setup-postgres.sh
 * makes zhengdi_restore_test): ZD_RESTORE_TEST_DATABASE_URL, or DATABASE_URL with that database name.
 */
function restoreTargetUrl(): string {
  if (process.env.ZD_RESTORE_TEST_DATABASE_URL) return process.env.ZD_RESTORE_TEST_DATABASE_URL
  const u = new URL(process.env.DATABASE_URL!)
  u.pathname = '/zhengdi_restore_test'
  return u.toString()
}

/** Empties the restore target: everything the test role created there (PostGIS, a superuser's, stays). */
async function emptyRestoreTarget() {
  const db = openServerDatabase(restoreTargetUrl())
  try {
    await db.exec('DROP OWNED BY CURRENT_USER')
  } finally {
    await db.close()
  }
}

/** Some of everything the manifest's key tables hold: two parcels, one edited twice, and their operation log. */
async function someData() {
  const planner = await w.api.as('planner')
  const created = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'B-1' }) })
  expect(created.status).toBe(201)
  const shifted = S.map(([x, y]) => [x + 0.002, y] as [number, number])
  expect((await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(shifted), w.projectId, { code: 'B-2' }) })).status).toBe(201)
}

// The embedded database's drill runs in tests/faults/embedded-crash.test.ts, in a process of its own: in this suite's
// one process, after fifty files on the shared PGlite, starting a second PGlite took over two minutes in CI.
describe.skipIf(testDbKind !== 'server')('R16: restore drill', () => {
  it('backs up, restores into a fresh database, and finds every table equal and the invariants sound (RTO recorded)', async () => {
    await someData()
    const target = testDbKind === 'server' ? { databaseUrl: restoreTargetUrl() } : { dataDir: path.join(scratch, 'restored') }
    if (testDbKind === 'server') await emptyRestoreTarget()
    try {
      const backupStarted = performance.now()
      // As npm run backup does: its own connection as the database's owner, not the app's role (which reads no
      // schema_migrations).
      const owner = openServerDatabase(process.env.DATABASE_URL!, { statementTimeoutMs: 0 })
      const { dir, manifest } = await takeBackup(owner, { databaseUrl: process.env.DATABASE_URL, outDir: scratch }).finally(() => owner.close())
      const backupSeconds = (performance.now() - backupStarted) / 1000
      expect(manifest.kind).toBe(w.db.kind)
      expect(manifest.tables['public.parcels']!.rows).toBe(2)
      expect(manifest.tables['public.parcel_history']!.rows).toBe(2)
      expect(manifest.tables['public.operation_log']!.rows).toBeGreaterThan(0)

      const report = await restoreBackup(dir, target)
      console.log(`[restore drill] ${w.db.kind}: backup ${backupSeconds.toFixed(1)} s, restore and verify (RTO) ${report.seconds.toFixed(1)} s, ${Object.keys(manifest.tables).length} tables`)
      expect(report.differences).toEqual([])
      expect(report.violations).toEqual([])
      expect(report.keyRows['public.parcels']).toBe(2)
      // The recovery-time objective of the server database; the embedded restore's time is recorded (a second PGlite
      // with PostGIS takes about ten seconds to start on a quiet machine, minutes on a loaded one).
      if (testDbKind === 'server') expect(report.seconds).toBeLessThan(40)

      // A restore never writes over data: the same target again is refused.
      await expect(restoreBackup(dir, target)).rejects.toThrow(testDbKind === 'server' ? /already holds \d+ tables/ : /not empty/)
      // Nor restores a dump that is not the one its manifest describes.
      fs.appendFileSync(path.join(dir, manifest.file.name), 'x')
      await expect(readBackup(dir)).rejects.toThrow(/damaged/)
    } finally {
      if (testDbKind === 'server') await emptyRestoreTarget()
    }
  }, 120_000) // embedded: a second PGlite with PostGIS starts from the tarball (about 10 s on a quiet machine)
})
