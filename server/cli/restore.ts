import path from 'node:path'
import { restoreBackup } from '../db/restore.ts'

// Restores a backup folder of npm run backup into a fresh target and verifies it against its manifest:
//   ZD_RESTORE_DATABASE_URL=postgres://…/empty_db npm run restore -- /srv/backups/zhengdi-server-…   (server)
//   ZD_RESTORE_DATA_DIR=./var/db-restored npm run restore -- /srv/backups/zhengdi-embedded-…       (embedded)
// The target must be empty (a server database with PostGIS created, or a new folder): a restore never overwrites.
// Exit 0 when every table's row count and hash match and zd_invariant_violations() finds nothing; else 1.
const dir = process.argv[2]
if (!dir) {
  console.error('Usage: npm run restore -- <backup folder>  (target: ZD_RESTORE_DATABASE_URL or ZD_RESTORE_DATA_DIR)')
  process.exit(2)
}
try {
  const report = await restoreBackup(path.resolve(dir), {
    databaseUrl: process.env.ZD_RESTORE_DATABASE_URL || undefined,
    dataDir: process.env.ZD_RESTORE_DATA_DIR ? path.resolve(process.env.ZD_RESTORE_DATA_DIR) : undefined,
  })
  console.log(`Restored the ${report.kind} backup of ${report.takenAt} in ${report.seconds.toFixed(1)} s (recovery time).`)
  for (const [t, n] of Object.entries(report.keyRows)) console.log(`  ${t}: ${n} rows`)
  for (const d of report.differences) console.error(`  differs: ${d}`)
  for (const v of report.violations) console.error(`  invariant broken: ${v.kind}: ${v.detail}`)
  if (report.differences.length || report.violations.length) {
    console.error('The restored data does not match the backup: do not use it.')
    process.exitCode = 1
  } else {
    console.log('Every table matches the manifest and the invariant check finds nothing.')
  }
} catch (err) {
  console.error(`Restore failed: ${(err as Error).message}`)
  process.exitCode = 1
}
