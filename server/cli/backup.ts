import path from 'node:path'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { keyTables } from '../db/backup-manifest.ts'
import { takeBackup } from '../db/backup.ts'

// Backs up the app database into a new folder under the given one (default ./var/backups):
//   DATABASE_URL=postgres://… npm run backup -- /srv/backups      (server: pg_dump, while the server keeps running)
//   ZD_DATA_DIR=./var/db npm run backup -- /srv/backups          (embedded: stop the server first)
// Prints the folder and the figures of its manifest; exit 1 on failure.
const outDir = path.resolve(process.argv[2] ?? './var/backups')
const config = loadConfig()
const started = performance.now()
const db = await openDatabase({ ...config, statementTimeoutMs: 0 })
try {
  const { dir, manifest } = await takeBackup(db, { databaseUrl: config.databaseUrl, outDir })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`Backed up the ${db.kind} database as of ${manifest.takenAt} into ${dir} in ${seconds} s.`)
  for (const t of keyTables) console.log(`  ${t}: ${manifest.tables[t]?.rows ?? 0} rows, md5 ${manifest.tables[t]?.md5 ?? '-'}`)
  console.log(`  ${Object.keys(manifest.tables).length} tables in the manifest; ${manifest.file.name} SHA-256 ${manifest.file.sha256}`)
} catch (err) {
  console.error(`Backup failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await db.close()
}
