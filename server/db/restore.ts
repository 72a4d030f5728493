import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { figureDifferences, keyTables, tableFigures, type BackupManifest } from './backup-manifest.ts'
import { manifestName, pgToolConnection, runPgTool, sha256OfFile } from './backup.ts'
import type { Database } from './database.ts'
import { openEmbeddedDatabase } from './embedded.ts'
import { openServerDatabase } from './server-pool.ts'

export interface RestoreReport {
  kind: 'embedded' | 'server'
  /** The recovery point: when the backup's snapshot was taken. */
  takenAt: string
  /** Wall time of the restore and its checks (the recovery time, RTO), in seconds. */
  seconds: number
  /** Row counts of parcels, their history and the operation log as restored. */
  keyRows: Record<string, number>
  /** Tables whose row count or content hash differs from the manifest; empty when the restore is faithful. */
  differences: string[]
  /** Rows of zd_invariant_violations() on the restored data; empty when it is sound. */
  violations: { kind: string; detail: string }[]
}

/** The manifest of a backup folder, after checking that the dump beside it is the one it describes. */
export async function readBackup(dir: string): Promise<{ manifest: BackupManifest; file: string }> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, manifestName), 'utf8')) as BackupManifest
  if (manifest.format !== 'zhengdi-backup/1') throw new Error(`${dir}: not a Zhengdi backup (format ${manifest.format})`)
  const file = path.join(dir, path.basename(manifest.file.name))
  const sha256 = await sha256OfFile(file)
  if (sha256 !== manifest.file.sha256) throw new Error(`${file} is damaged: SHA-256 ${sha256}, the manifest says ${manifest.file.sha256}`)
  return { manifest, file }
}

async function openEmptyServerTarget(databaseUrl: string): Promise<Database> {
  // No statement timeout: hashing every row of a large database takes what it takes.
  const db = openServerDatabase(databaseUrl, { statementTimeoutMs: 0 })
  const [row] = await db.query<{ tables: number; postgis: boolean }>(`
    SELECT (SELECT count(*)::int FROM pg_class c
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')) AS tables,
           EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS postgis`)
  if (row!.tables > 0 || !row!.postgis) {
    await db.close()
    throw new Error(row!.tables > 0
      ? `the target database already holds ${row!.tables} tables: restore into an empty database`
      : 'the target database lacks PostGIS: CREATE EXTENSION postgis first (as a superuser)')
  }
  return db
}

/**
 * pg_restore of a custom-format dump into an empty database that has PostGIS, in one transaction (all or nothing).
 * The dump's extension entries are left out: creating or commenting on PostGIS needs a superuser, and the target's
 * own PostGIS serves instead, with its own spatial_ref_sys (the app adds no SRIDs of its own: CGCS2000's 4490 and
 * 4513–4554 ship with PostGIS). Owners are not restored: the restoring role owns what it creates.
 */
async function restoreServerDump(file: string, databaseUrl: string) {
  const { url, env } = pgToolConnection(databaseUrl)
  const toc = await runPgTool('pg_restore', ['--list', file], env)
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-restore-')), 'toc.list')
  const ours = (line: string) => !/ (EXTENSION|COMMENT - EXTENSION) /.test(line) && !/ TABLE DATA public spatial_ref_sys /.test(line)
  fs.writeFileSync(list, toc.split('\n').filter(ours).join('\n'))
  try {
    await runPgTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--use-list=${list}`, `--dbname=${url}`, file], env)
  } finally {
    fs.rmSync(path.dirname(list), { recursive: true, force: true })
  }
}

/**
 * Restores a backup folder into a fresh target and verifies it: every table's row count and content hash against
 * the manifest, then the invariant check. Server: `databaseUrl` names an empty database with PostGIS. Embedded:
 * `dataDir` is a folder that does not exist yet or is empty. Nothing is restored over existing data.
 */
export async function restoreBackup(dir: string, target: { databaseUrl?: string; dataDir?: string }): Promise<RestoreReport> {
  const started = performance.now()
  const { manifest, file } = await readBackup(dir)
  let db: Database
  if (manifest.kind === 'server') {
    if (!target.databaseUrl) throw new Error('a server backup restores into a database: set the target URL')
    db = await openEmptyServerTarget(target.databaseUrl)
    try {
      await restoreServerDump(file, target.databaseUrl)
    } catch (err) {
      await db.close()
      throw err
    }
  } else {
    if (!target.dataDir) throw new Error('an embedded backup restores into a folder: set the target folder')
    if (fs.existsSync(target.dataDir) && fs.readdirSync(target.dataDir).length > 0) {
      throw new Error(`${target.dataDir} is not empty: restore into a new folder`)
    }
    db = await openEmbeddedDatabase(target.dataDir, { loadDataDir: new Blob([new Uint8Array(fs.readFileSync(file))]) })
  }
  try {
    const restored = await tableFigures(db)
    const violations = await db.query<{ kind: string; detail: string }>('SELECT kind, detail FROM zd_invariant_violations()')
    return {
      kind: manifest.kind,
      takenAt: manifest.takenAt,
      seconds: (performance.now() - started) / 1000,
      keyRows: Object.fromEntries(keyTables.map((t) => [t, restored[t]?.rows ?? 0])),
      differences: figureDifferences(manifest.tables, restored),
      violations,
    }
  } finally {
    await db.close()
  }
}
