import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { snapshotFacts, tableFigures, type BackupManifest } from './backup-manifest.ts'
import type { Database, Queryable } from './database.ts'

export const manifestName = 'manifest.json'
export const serverDumpName = 'database.dump'
export const embeddedDumpName = 'database.tar.gz'

/** Runs a PostgreSQL client program (pg_dump, pg_restore) and resolves with its standard output; rejects with its errors. */
export function runPgTool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = [], err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString())
        : reject(new Error(`${program} exited with ${code}: ${Buffer.concat(err).toString().trim().slice(0, 2000)}`)))
  })
}

/**
 * libpq's connection for a client program: the URL without its password, which goes in PGPASSWORD instead, so that
 * it never shows in the process list.
 */
export function pgToolConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl)
  const password = decodeURIComponent(u.password)
  u.password = ''
  return { url: u.toString(), env: password ? { PGPASSWORD: password } : {} }
}

export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    fs.createReadStream(file).on('data', (b) => hash.update(b)).on('error', reject).on('end', () => resolve(hash.digest('hex')))
  })
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
}

/**
 * Backs the database up into a new folder under `outDir` (zhengdi-<kind>-<UTC time>): the dump and manifest.json with
 * every table's row count and content hash in the same snapshot.
 * Server: pg_dump's custom format, taken from a snapshot exported by a repeatable-read transaction in which the
 * manifest is read too, so both show exactly the same moment while the server keeps serving.
 * Embedded: PGlite's dumpDataDir (a gzipped tarball of the folder); the caller has the folder to itself, so the
 * server must be stopped (PGlite is one process's database).
 */
export async function takeBackup(db: Database, opts: { databaseUrl?: string; outDir: string }): Promise<{ dir: string; manifest: BackupManifest }> {
  fs.mkdirSync(opts.outDir, { recursive: true })
  const dir = path.join(opts.outDir, `zhengdi-${db.kind}-${stamp(new Date())}`)
  fs.mkdirSync(dir)
  const fileName = db.kind === 'server' ? serverDumpName : embeddedDumpName
  const file = path.join(dir, fileName)
  const read = async (q: Queryable) => ({ ...(await snapshotFacts(q)), tables: await tableFigures(q) })
  let figures: Awaited<ReturnType<typeof read>>
  if (db.kind === 'server') {
    if (!opts.databaseUrl) throw new Error('a server backup needs DATABASE_URL')
    const { url, env } = pgToolConnection(opts.databaseUrl)
    figures = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
      const [{ snapshot } = { snapshot: '' }] = await tx.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')
      // The snapshot lives as long as this transaction: pg_dump must attach before it ends, so both run together.
      const dump = runPgTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${url}`], env)
      const [result] = await Promise.all([read(tx), dump])
      return result
    })
  } else {
    figures = await read(db)
    const tarball = await db.dumpDataDir!()
    fs.writeFileSync(file, new Uint8Array(await tarball.arrayBuffer()))
  }
  const manifest: BackupManifest = {
    format: 'zhengdi-backup/1', kind: db.kind, takenAt: figures.takenAt, migration: figures.migration,
    tables: figures.tables, file: { name: fileName, sha256: await sha256OfFile(file) },
  }
  fs.writeFileSync(path.join(dir, manifestName), JSON.stringify(manifest, null, 2) + '\n')
  return { dir, manifest }
}
